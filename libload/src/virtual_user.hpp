// Private to libload: what the engine sees of a connection that is not a game bot (a raw user or
// a slow reader), and what the users of one mix entry share.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "gameserver/bot/ws_url.hpp"
#include "gameserver/load/histogram.hpp"
#include "gameserver/load/report.hpp"
#include "gameserver/load/scenario.hpp"

namespace gameserver::load {

// What the users of one mix entry share: their counters (under `mutex`).
struct user_group {
    behaviour_spec spec;
    bot::ws_endpoint endpoint;
    std::mutex mutex;
    behaviour_report counts;
    std::int64_t open = 0;        // connections open now (the timeline's gauge)
    std::int64_t handshakes = 0;  // every connect that succeeded (the metrics check)
    std::string room_prefix;      // of the rooms its users create (the rooms check)
    histogram cut_us;             // slow readers: from the last read to the server's close seen
};

struct user_clock {
    std::chrono::steady_clock::time_point deadline;
    std::atomic<bool> stopping{false};
    std::atomic<bool> server_down{false};  // a kill_server fault: connecting fails meanwhile
    // kill_server faults so far: a close that a kill caused is not the server cutting a client.
    std::atomic<std::int64_t> kills{0};
};

class virtual_user {
  public:
    virtual ~virtual_user() = default;
    virtual void start() = 0;
    // Thread-safe: cut the socket without a close frame (a fault); the user reconnects.
    virtual void post_drop() = 0;
    // Thread-safe: close now (the run is over).
    virtual void post_stop() = 0;
};

}  // namespace gameserver::load
