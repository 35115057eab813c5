// What a fleet of network bots does (gamebot's flags), and the small parsers behind the flags.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/bot/backoff.hpp"
#include "gameserver/bot/ws_connection.hpp"
#include "gameserver/sdk/json.hpp"

namespace gameserver::bot {

struct think_range {
    std::chrono::milliseconds low{0};
    std::chrono::milliseconds high{0};
};

struct run_config {
    std::string url = "ws://127.0.0.1:6969/ws";
    std::string game = "tictactoe";
    int bots = 2;
    std::string room = "auto";              // "auto": fresh rooms per group; else one room
    int games = 0;                          // games to finish; 0: until `duration`
    std::chrono::milliseconds duration{0};  // 0: until `games`
    std::vector<std::string> policies;      // bot i plays policies[i % n]; empty: default
    std::optional<think_range> think;       // overrides the policy's think delay
    std::uint64_t seed = 42;
    int threads = 2;
    sdk::json options;  // room options for the rooms the bots create
    backoff_policy reconnect;
    connection_settings connection;
    std::string room_prefix;  // auto rooms: <prefix>-<n>; empty: gamebot-<seed>-<run>
    std::chrono::microseconds start_spacing{0};  // bot i connects i x this after run() (ramp-up)
    // An action with neither a new view nor a refusal after this long is counted unanswered.
    std::chrono::milliseconds answer_timeout{5'000};
};

// Refusals a policy can cause by acting on a state that changed meanwhile (another move won the
// race): counted, but not a failure of the run.
const std::set<std::string, std::less<>>& stale_view_codes();

// "200ms", "1s", "60s", "2m", or a bare number of milliseconds.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
// "200ms..1s" or a single duration ("0ms" = no think time).
std::optional<think_range> parse_think(std::string_view text);

}  // namespace gameserver::bot
