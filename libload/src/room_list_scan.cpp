#include "room_list_scan.hpp"

#include <charconv>

namespace gameserver::load {
namespace {

constexpr std::string_view k_head = R"([{"type":"room_list_update","success":true,"data":[)";

// A cursor over the frame; every read either consumes what it expects or reports failure.
class cursor {
  public:
    explicit cursor(std::string_view text) : text_(text) {}

    bool literal(std::string_view expected) {
        if (text_.substr(pos_, expected.size()) != expected) return false;
        pos_ += expected.size();
        return true;
    }

    bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

    // A JSON string with no escapes but \" \\ \/ (room ids are plain text).
    bool string(std::string& out) {
        if (!literal("\"")) return false;
        out.clear();
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return false;
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ == text_.size()) return false;
            const char escaped = text_[pos_++];
            if (escaped != '"' && escaped != '\\' && escaped != '/') return false;
            out.push_back(escaped);
        }
        return false;
    }

    bool integer(std::int64_t& out) {
        const char* first = text_.data() + pos_;
        const char* last = text_.data() + text_.size();
        const auto [end, ec] = std::from_chars(first, last, out);
        if (ec != std::errc() || end == first) return false;
        pos_ += static_cast<std::size_t>(end - first);
        return true;
    }

    bool boolean(bool& out) {
        if (literal("true")) return out = true, true;
        if (literal("false")) return out = false, true;
        return false;
    }

    std::string_view remaining() const { return text_.substr(pos_); }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

bool room(cursor& in, listed_room& out) {
    return in.literal(R"({"roomId":)") && in.string(out.id) && in.literal(R"(,"playerCount":)") &&
           in.integer(out.members) && in.literal(R"(,"started":)") && in.boolean(out.started) &&
           in.literal("}");
}

}  // namespace

std::optional<scanned_room_list> scan_room_list_frame(std::string_view text) {
    cursor in(text);
    if (!in.literal(k_head)) return std::nullopt;
    scanned_room_list out;
    if (!in.peek(']')) {
        do {
            if (!room(in, out.rooms.emplace_back())) return std::nullopt;
        } while (in.literal(","));
    }
    if (!in.literal("]}")) return std::nullopt;
    if (in.literal("]")) {
        if (!in.remaining().empty()) return std::nullopt;
        return out;
    }
    if (!in.literal(",") || !in.peek('{')) return std::nullopt;
    const std::string_view rest = in.remaining();  // parsed (and checked) by the caller
    out.rest.reserve(rest.size() + 1);
    out.rest.push_back('[');
    out.rest.append(rest.begin(), rest.end());
    return out;
}

std::vector<listed_room> listed_rooms(const sdk::json& data) {
    std::vector<listed_room> rooms;
    if (!data.is_array()) return rooms;
    for (const auto& r : data) {
        if (!r.is_object()) continue;
        listed_room room;
        room.id = r.value("roomId", "");
        room.members = r.value("playerCount", std::int64_t{0});
        room.started = r.value("started", false);
        rooms.push_back(std::move(room));
    }
    return rooms;
}

std::string least_watched_started_room(const std::vector<listed_room>& rooms) {
    const listed_room* best = nullptr;
    for (const auto& r : rooms) {
        if (r.started && (!best || r.members < best->members)) best = &r;
    }
    return best ? best->id : std::string();
}

}  // namespace gameserver::load
