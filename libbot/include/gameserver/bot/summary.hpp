// What a fleet run produced: games, results per policy, moves, errors by code, reconnects.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::bot {

struct policy_results {
    std::int64_t wins = 0;
    std::int64_t draws = 0;
    std::int64_t losses = 0;
    bool operator==(const policy_results&) const = default;
};

// A transition the desync oracle refused, with both views.
struct desync_sample {
    std::string reason;
    sdk::json before;
    sdk::json after;
};

struct run_summary {
    static constexpr std::size_t max_desync_samples = 3;

    std::string game;
    int bots = 0;
    std::int64_t games = 0;               // finished games (each counted once, not per seat)
    std::int64_t moves = 0;               // actions sent by the policies
    std::int64_t reconnects = 0;          // seats regained after a drop
    std::int64_t reconnect_failures = 0;  // reconnects the server refused (seat lost)
    std::int64_t games_ended_away = 0;    // reconnects refused because the game had ended
    std::int64_t gave_up = 0;             // bots that hit the attempt limit
    std::int64_t connected = 0;           // bots that connected at least once
    std::int64_t unexpected_errors = 0;   // failures outside stale_view_codes(), bad frames
    std::int64_t bad_frames = 0;
    std::int64_t policy_exceptions = 0;
    std::int64_t desyncs = 0;                   // views the game's oracle refused (a failed run)
    std::int64_t abandoned_games = 0;           // auto-room games a lost seat left unfinished
    std::int64_t unanswered_actions = 0;        // no new view nor refusal within answer_timeout
    std::vector<desync_sample> desync_samples;  // the first few, for the report
    std::map<std::string, policy_results> results;  // by policy name
    std::map<std::string, std::int64_t> errors;     // failure envelopes by `code`
    std::chrono::milliseconds elapsed{0};
    bool timed_out = false;  // --duration ended the run

    sdk::json to_json() const;
    std::string to_text() const;  // a few human lines
};

}  // namespace gameserver::bot
