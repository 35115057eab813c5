// What every connection and room of one server shares. Created by `server`, outlives them all.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "drain.hpp"
#include "gameserver/core/config.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/core/session_store.hpp"
#include "gameserver/core/storage.hpp"
#include "lobby.hpp"
#include "metrics.hpp"
#include "room_directory.hpp"

namespace gameserver::net {

class ws_session;
class io_pool;

class server_state {
  public:
    server_state(io_pool& io, core::config cfg, const core::game_registry& games,
                 core::session_store& sessions, core::storage& store);

    io_pool& io;  // the event loops (not running yet while the server is being built)
    const core::config cfg;
    const core::game_registry& games;
    core::session_store& sessions;
    core::storage& storage;
    net::metrics stats;
    room_directory rooms;
    net::lobby lobby;
    std::atomic<bool> accepting{true};  // false once draining or stopping (readyz)
    std::atomic<bool> stopping{false};  // graceful shutdown began: WebSocket upgrades refused
    drain_state drain;                  // active: no new rooms (see drain.hpp)
    const std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();

    // Live WebSocket sessions, for shutdown (touched on open and close only).
    void add_session(const std::shared_ptr<ws_session>& session);
    void remove_session(const ws_session* session);
    std::vector<std::shared_ptr<ws_session>> sessions_snapshot() const;
    std::size_t session_count() const;

    // Connections per client IP (all TCP connections); false when over the limit.
    bool acquire_ip(const std::string& ip);
    void release_ip(const std::string& ip);

    // One reconnect at a time per old client id, so a session is consumed at most once even
    // when several connections present it together; false when another one holds it.
    bool claim_reconnect(const std::string& old_id);
    void release_reconnect(const std::string& old_id);

  private:
    mutable std::mutex mutex_;
    std::unordered_map<const ws_session*, std::weak_ptr<ws_session>> live_;
    std::unordered_map<std::string, std::size_t> per_ip_;
    std::unordered_set<std::string> reconnecting_;
};

// Releases a per-IP slot when the connection that holds it is gone.
class ip_slot {
  public:
    ip_slot() = default;
    ip_slot(server_state& state, std::string ip) : state_(&state), ip_(std::move(ip)) {}
    ip_slot(ip_slot&& other) noexcept
        : state_(std::exchange(other.state_, nullptr)), ip_(std::move(other.ip_)) {}
    ip_slot& operator=(ip_slot&&) = delete;
    ~ip_slot() {
        if (state_) state_->release_ip(ip_);
    }
    const std::string& ip() const { return ip_; }

  private:
    server_state* state_ = nullptr;
    std::string ip_;
};

}  // namespace gameserver::net
