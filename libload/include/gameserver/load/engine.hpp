// The gameload engine: runs a scenario's mix against a server from one process. Players (and
// reconnectors) are libbot fleets, so the load is real game traffic decided by the games' own
// policies and checked by their desync oracles; the other behaviours are raw WebSocket users on
// one io_context. Everything is bounded by the scenario's connections and duration and stops by
// itself.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "gameserver/load/report.hpp"
#include "gameserver/load/scenario.hpp"

namespace gameserver::sdk {
class game_plugin;
}

namespace gameserver::load {

struct progress_sample {
    std::chrono::milliseconds elapsed{0};
    std::int64_t connected = 0;
    std::int64_t sent = 0;
    std::int64_t errors = 0;
    std::uint64_t p99_us = 0;  // over every action so far
};

class engine_impl;

class engine {
  public:
    // `find_game` maps a game type to its plugin (the registry). Throws scenario_error when the
    // scenario names an unknown game or policy, or asks for what this engine cannot do yet.
    engine(scenario s, std::function<const sdk::game_plugin*(const std::string&)> find_game);
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    // Called about twice a second while run() runs (from an engine thread).
    void on_progress(std::function<void(const progress_sample&)> callback);
    // Runs to the end of the scenario (or stop()); the report's thresholds are checked.
    report run();
    // Thread-safe: ends the run early (SIGINT).
    void stop();

  private:
    std::unique_ptr<engine_impl> impl_;
};

// Raises RLIMIT_NOFILE to its hard limit; returns the new soft limit.
std::uint64_t raise_open_file_limit();

}  // namespace gameserver::load
