#include "room_directory.hpp"

#include "gameserver/core/json_codec.hpp"
#include "room_host.hpp"

namespace gameserver::net {
namespace {

constexpr std::string_view list_open = R"({"type":"room_list_update","success":true,"data":[)";
constexpr std::string_view list_close = "]}";

// A room's entry up to its player count; the id never changes, so the directory keeps it.
std::string listing_head(std::string_view id) {
    std::string head(R"({"roomId":)");
    core::append_json_string(head, id);
    head.append(R"(,"playerCount":)");
    return head;
}

void append_listing(std::string& out, bool first, std::string_view head, int member_count,
                    bool started) {
    if (!first) out.push_back(',');
    out.append(head);
    out.append(std::to_string(member_count));
    out.append(started ? R"(,"started":true})" : R"(,"started":false})");
}

}  // namespace

std::shared_ptr<room_host> room_directory::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    return it == rooms_.end() ? nullptr : it->second.host;
}

std::shared_ptr<room_host> room_directory::insert_if_absent(const std::string& id,
                                                            std::shared_ptr<room_host> host,
                                                            bool& inserted) {
    entry fresh_entry{std::move(host), {}, listing_head(id)};
    fresh_entry.game_type = fresh_entry.host->room().game_type();
    std::lock_guard lock(mutex_);
    auto [it, fresh] = rooms_.try_emplace(id, std::move(fresh_entry));
    inserted = fresh;
    return it->second.host;
}

bool room_directory::remove(const std::string& id, const room_host* host) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    if (it == rooms_.end() || it->second.host.get() != host) return false;
    rooms_.erase(it);
    return true;
}

std::vector<room_summary> room_directory::list(std::string_view game_type) const {
    std::vector<room_summary> out;
    std::lock_guard lock(mutex_);
    out.reserve(rooms_.size());
    for (const auto& [id, e] : rooms_) {
        if (!game_type.empty() && e.game_type != game_type) continue;
        const core::room& r = e.host->room();  // only thread-safe accessors are read here
        out.push_back({id, e.game_type, r.member_count(), r.started()});
    }
    return out;
}

std::string room_directory::room_list_update(std::string_view game_type) const {
    std::string out;
    std::lock_guard lock(mutex_);
    out.reserve(list_open.size() + rooms_.size() * 80 + list_close.size());
    out.append(list_open);
    bool first = true;
    for (const auto& [id, e] : rooms_) {
        if (!game_type.empty() && e.game_type != game_type) continue;
        const core::room& r = e.host->room();  // only thread-safe accessors are read here
        append_listing(out, first, e.listing_head, r.member_count(), r.started());
        first = false;
    }
    out.append(list_close);
    return out;
}

std::vector<std::shared_ptr<room_host>> room_directory::all() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<room_host>> out;
    out.reserve(rooms_.size());
    for (const auto& [id, e] : rooms_) out.push_back(e.host);
    return out;
}

std::size_t room_directory::size() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

void room_directory::clear() {
    std::unordered_map<std::string, entry> gone;
    {
        std::lock_guard lock(mutex_);
        gone.swap(rooms_);
    }
}

}  // namespace gameserver::net
