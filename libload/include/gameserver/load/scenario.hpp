// A gameload scenario: what to run against which server, the mix of behaviours, the faults to
// inject and the thresholds that decide the exit status. Read from YAML (configs/scenarios/,
// format in docs/gameload.md); a bad file is refused with a message naming the key.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gameserver/bot/run_config.hpp"
#include "gameserver/sdk/json.hpp"

namespace gameserver::load {

using std::chrono::milliseconds;

// Where the load goes: a running server's URL, or a gameserverd that gameload starts itself
// (and may kill -9 and restart for a fault).
struct target_spec {
    std::string url;     // ws://HOST:PORT/PATH; with `binary`, filled in once the server listens
    std::string binary;  // path of gameserverd to start; empty: use `url`
    std::vector<std::string> args;  // extra arguments for it (gameload adds --port)
    // The admin token of a `url` server (the room check needs the admin API); with `binary`,
    // gameload gives the server a random one itself. Empty: the room check is skipped.
    std::string admin_token;
};

enum class behaviour_kind {
    player,         // a libbot bot of `game` with `policies`, in auto rooms of the game's size
    spectator,      // joins full rooms of `game` and watches
    lobby_watcher,  // connects with ?game=, asks get_room_list every `interval`
    idler,          // connects, joins nothing, sends nothing (keep-alive pings only)
    reconnector,    // a player that drops its socket `rate` times a minute and reconnects
    spammer,        // sends faster than the rate limit (`rate` messages a second)
    malformed,      // sends bad frames (`rate` a second): bad JSON, wrong types, unknown types,
                    // oversize and deeply nested frames, binary garbage
    slow_reader,    // joins a room of `game`, stops reading (asks get_room_list every
                    // `interval`) until the server cuts it off, and comes back
    churner,        // creates and leaves rooms of `game` every `interval`
};

struct behaviour_spec {
    behaviour_kind kind = behaviour_kind::player;
    double weight = 1;  // share of `connections`, relative to the other entries
    std::string game = "tictactoe";
    std::vector<std::string> policies;      // player, reconnector; empty: the default
    std::optional<bot::think_range> think;  // player, reconnector; empty: the policy's
    sdk::json options;                      // room options for rooms it creates
    double rate = 0;                        // per second (spammer, malformed, reconnector)
    milliseconds interval{1'000};           // lobby_watcher, churner, slow_reader
};

// A fault at `at` after the start.
struct fault_spec {
    enum class kind { drop_connections, kill_server };
    kind what = kind::drop_connections;
    milliseconds at{0};
    double share = 0;  // drop_connections: the share of open connections cut at once (0..1]
    milliseconds restart_after{1'000};  // kill_server: restart this long after the kill
};

struct threshold_spec {
    // p99 from action sent to the resulting state, per message type ("*": any type).
    std::map<std::string, milliseconds> p99;
    std::optional<double> error_rate;  // unexpected errors per message sent (0..1)
    std::optional<std::int64_t> desyncs;
    std::optional<std::int64_t> lost_actions;
};

// The invariant checks after the run (the metrics check always runs; memory only with
// target.server, whose /proc gameload reads).
struct invariant_spec {
    // List the rooms a close grace after the run: none may be empty or keep a member without a
    // connection. nullopt: yes when gameload starts the server, no for a `url` server.
    std::optional<bool> rooms_after_grace;
    milliseconds max_wait{40'000};  // the longest wait for that grace; longer: skipped
    // The server's allocator hands memory back over seconds: the memory check reads the
    // server's memory until it is within its limit or this long has passed.
    milliseconds memory_settle{15'000};
};

struct scenario {
    std::string name;
    target_spec target;
    int connections = 10;
    double ramp_up_per_second = 100;  // connections opened per second
    milliseconds duration{10'000};    // from the first connection to the stop
    std::uint64_t seed = 42;
    int threads = 2;
    std::vector<behaviour_spec> mix;
    std::vector<fault_spec> faults;
    threshold_spec thresholds;
    invariant_spec invariants;
};

struct scenario_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws scenario_error, the message naming the key ("mix[2].rate: expected ...").
scenario parse_scenario(const std::string& yaml_text);
scenario load_scenario(const std::string& path);

const char* to_string(behaviour_kind kind);

}  // namespace gameserver::load
