#include "room_directory.hpp"

#include "gameserver/core/json_codec.hpp"
#include "room_host.hpp"

namespace gameserver::net {

std::shared_ptr<room_host> room_directory::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    return it == rooms_.end() ? nullptr : it->second;
}

std::shared_ptr<room_host> room_directory::insert_if_absent(const std::string& id,
                                                            std::shared_ptr<room_host> host,
                                                            bool& inserted) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = rooms_.try_emplace(id, std::move(host));
    inserted = fresh;
    return it->second;
}

bool room_directory::remove(const std::string& id, const room_host* host) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    if (it == rooms_.end() || it->second.get() != host) return false;
    rooms_.erase(it);
    return true;
}

std::vector<room_summary> room_directory::list(std::string_view game_type) const {
    std::vector<room_summary> out;
    std::lock_guard lock(mutex_);
    out.reserve(rooms_.size());
    for (const auto& [id, host] : rooms_) {
        const core::room& r = host->room();  // only thread-safe accessors are read here
        if (!game_type.empty() && r.game_type() != game_type) continue;
        out.push_back({id, r.game_type(), r.member_count(), r.started()});
    }
    return out;
}

std::vector<std::shared_ptr<room_host>> room_directory::all() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<room_host>> out;
    out.reserve(rooms_.size());
    for (const auto& [id, host] : rooms_) out.push_back(host);
    return out;
}

std::size_t room_directory::size() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

void room_directory::clear() {
    std::unordered_map<std::string, std::shared_ptr<room_host>> gone;
    {
        std::lock_guard lock(mutex_);
        gone.swap(rooms_);
    }
}

std::string encode_room_list_update(const std::vector<room_summary>& rooms) {
    std::string out;
    out.reserve(64 + rooms.size() * 80);
    out.append(R"({"type":"room_list_update","success":true,"data":[)");
    for (std::size_t i = 0; i < rooms.size(); ++i) {
        const room_summary& r = rooms[i];
        out.append(i ? R"(,{"roomId":)" : R"({"roomId":)");
        core::append_json_string(out, r.id);
        out.append(R"(,"playerCount":)");
        out.append(std::to_string(r.member_count));
        out.append(r.started ? R"(,"started":true})" : R"(,"started":false})");
    }
    out.append("]}");
    return out;
}

}  // namespace gameserver::net
