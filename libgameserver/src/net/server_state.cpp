#include "server_state.hpp"

#include "ws_session.hpp"

namespace gameserver::net {

server_state::server_state(io_pool& pool, core::config config, const core::game_registry& registry,
                           core::session_store& store, core::storage& persistent)
    : io(pool),
      cfg(std::move(config)),
      games(registry),
      sessions(store),
      storage(persistent),
      lobby(rooms, stats) {}

void server_state::add_session(const std::shared_ptr<ws_session>& session) {
    std::lock_guard lock(mutex_);
    live_.emplace(session.get(), session);
}

void server_state::remove_session(const ws_session* session) {
    std::lock_guard lock(mutex_);
    live_.erase(session);
}

std::vector<std::shared_ptr<ws_session>> server_state::sessions_snapshot() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<ws_session>> out;
    out.reserve(live_.size());
    for (const auto& [ptr, weak] : live_) {
        if (auto strong = weak.lock()) out.push_back(std::move(strong));
    }
    return out;
}

std::size_t server_state::session_count() const {
    std::lock_guard lock(mutex_);
    return live_.size();
}

bool server_state::acquire_ip(const std::string& ip) {
    std::lock_guard lock(mutex_);
    std::size_t& count = per_ip_[ip];
    if (count >= cfg.limits.max_connections_per_ip) {
        if (count == 0) per_ip_.erase(ip);
        return false;
    }
    ++count;
    return true;
}

void server_state::release_ip(const std::string& ip) {
    std::lock_guard lock(mutex_);
    auto it = per_ip_.find(ip);
    if (it == per_ip_.end()) return;
    if (--it->second == 0) per_ip_.erase(it);
}

bool server_state::claim_reconnect(const std::string& old_id) {
    std::lock_guard lock(mutex_);
    return reconnecting_.insert(old_id).second;
}

void server_state::release_reconnect(const std::string& old_id) {
    std::lock_guard lock(mutex_);
    reconnecting_.erase(old_id);
}

}  // namespace gameserver::net
