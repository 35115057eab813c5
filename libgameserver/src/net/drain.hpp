// Draining a server before it goes away: no new rooms from the moment it starts (join_room and
// POST /api/v1/rooms answer SERVER_BUSY "server is draining"), /readyz unready, rooms with no
// game running closed at once, running games allowed to finish until a deadline, then every room
// closed. Members stay connected throughout. There is no undo: a drained server is restarted.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>

#include "gameserver/sdk/json.hpp"

namespace gameserver::net {

class server_state;

class drain_state {
  public:
    using clock = std::chrono::steady_clock;

    bool active() const { return active_.load(); }
    // Records the start and its deadline; false (nothing changes) when a drain already runs.
    bool begin(clock::time_point now, std::chrono::seconds timeout);
    std::optional<clock::time_point> deadline() const;
    // {draining, timeoutSeconds, remainingSeconds, roomsLeft, done}.
    sdk::json status(clock::time_point now, std::size_t rooms_left) const;

  private:
    std::atomic<bool> active_{false};
    mutable std::mutex mutex_;
    std::chrono::seconds timeout_{0};
    clock::time_point deadline_{};
};

// The error text of a room refused while draining (code SERVER_BUSY).
inline constexpr std::string_view draining_message = "server is draining";

// Starts draining `state` (readyz, room creation) and the loop that closes its rooms; false when
// a drain already runs. Safe from any thread.
bool start_drain(server_state& state, std::chrono::seconds timeout);

}  // namespace gameserver::net
