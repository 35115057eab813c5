// What a gameload run measured, the thresholds it broke, and its text and JSON forms.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/load/histogram.hpp"
#include "gameserver/load/scenario.hpp"
#include "gameserver/sdk/json.hpp"

namespace gameserver::load {

// Counts of one behaviour entry of the mix.
struct behaviour_report {
    std::string behaviour;
    std::string game;
    int connections = 0;         // virtual users of this entry
    std::int64_t connected = 0;  // that connected at least once
    std::int64_t sent = 0;       // messages sent
    std::int64_t games = 0;      // players: finished games
    std::int64_t reconnects = 0;
    std::int64_t expected_refusals = 0;  // spammer/malformed: refusals and closes it asked for
    std::int64_t unexpected_errors = 0;
    std::int64_t interrupted_by_kill = 0;        // bots whose seat a server kill took
    std::int64_t slow_reader_disconnects = 0;    // slow readers the server cut off (expected)
    std::map<std::string, std::int64_t> errors;  // error envelopes by code
};

// The server's cost over the run, when gameload started it (read from /proc).
struct server_usage {
    double cpu_seconds = 0;         // user + system
    double system_cpu_seconds = 0;  // of those, in the kernel (system calls, loopback TCP)
    std::int64_t rss_start_kib = 0;
    std::int64_t rss_end_kib = 0;
    std::int64_t rss_peak_kib = 0;
};

// One second of the run (the engine samples every second).
struct timeline_sample {
    std::chrono::milliseconds at{0};  // since the start
    std::int64_t open = 0;            // connections open (bots: connected and still running)
    double sent_per_second = 0;
    double answered_per_second = 0;  // timed requests answered in this second (any type)
    std::uint64_t p50_us = 0;        // of the requests answered in this second; 0: none
    std::uint64_t p99_us = 0;
    std::int64_t errors = 0;                     // unexpected errors in this second
    std::optional<double> server_cpu_percent;    // when gameload started the server
    std::optional<std::int64_t> server_rss_kib;  // (100% = one core)
};

// One invariant check after the run (docs/gameload.md, "Invariants"): what it found.
struct invariant_outcome {
    std::string check;                    // "metrics", "rooms", "memory", "seats"
    std::string result;                   // "passed", "skipped" or "violated"
    std::vector<std::string> violations;  // what broke: room, clients, counts involved
    std::vector<std::string> notes;       // the figures, or why it was skipped
};

struct report {
    std::string scenario;
    std::chrono::milliseconds elapsed{0};
    int connections = 0;
    std::vector<behaviour_report> behaviours;
    std::map<std::string, histogram> latency_us;  // by message type, action -> answer
    histogram connect_us;                         // TCP + WebSocket handshake
    std::int64_t sent = 0;
    std::int64_t unexpected_errors = 0;
    std::int64_t desyncs = 0;
    std::int64_t lost_actions = 0;  // actions with no answer within the answer timeout
    std::vector<sdk::json> desync_samples;
    double own_cpu_seconds = 0;
    std::optional<server_usage> server;
    // Envelopes the server sent over the run (its /metrics before and after; none after a kill).
    std::optional<std::int64_t> server_messages_out;
    std::int64_t server_kills = 0;         // kill_server faults carried out
    std::int64_t interrupted_by_kill = 0;  // seats those kills took (reported, not failures)
    histogram slow_reader_cut_us;          // from a slow reader's last read to the cut it saw
    std::vector<timeline_sample> timeline;
    std::vector<invariant_outcome> invariants;  // after the run; each violation is a breach
    std::vector<std::string> breaches_extra;    // failures outside the thresholds (a restart)
    std::vector<std::string> breaches;          // thresholds the run broke; empty: passed
    threshold_spec thresholds;                  // what check() checked

    double error_rate() const { return sent > 0 ? double(unexpected_errors) / double(sent) : 0; }
    // Fills `breaches` from the scenario's thresholds (and keeps them in `thresholds`) and the
    // invariants' violations.
    void check(const threshold_spec& limits);
    sdk::json to_json() const;
    std::string to_text() const;  // an aligned table
};

}  // namespace gameserver::load
