// The bot runner: N bots on one io_context run by a few threads, one strand and no thread per
// bot. Each bot plays its game's bot_policy over the network: when a new view arrives and no
// think timer is pending it decides, waits its think delay, decides AGAIN on the then-current
// view and sends that (the same rhythm as the server's in-room bots, core/room.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "gameserver/bot/run_config.hpp"
#include "gameserver/bot/summary.hpp"
#include "gameserver/sdk/game.hpp"

namespace gameserver::bot {

struct fleet_progress {
    std::int64_t games = 0;
    std::int64_t moves = 0;
    std::int64_t connected = 0;
    std::int64_t errors = 0;
    std::int64_t reconnects = 0;
    std::int64_t active_bots = 0;
};

class fleet_impl;

class fleet {
  public:
    // `plugin` must outlive the fleet. Throws std::invalid_argument when check() would refuse.
    fleet(run_config config, const sdk::game_plugin& plugin);
    ~fleet();
    fleet(const fleet&) = delete;
    fleet& operator=(const fleet&) = delete;

    // Why `config` cannot run `plugin` (unknown policy, too few bots, a game without a
    // game_state view, a bad URL), or nullopt.
    static std::optional<std::string> check(const run_config& config,
                                            const sdk::game_plugin& plugin);

    // Runs to the end (games done, duration over, stop(), or every bot gone) on
    // `config.threads` threads including the caller's.
    run_summary run();
    // Thread-safe: every bot closes cleanly and run() returns.
    void stop();
    fleet_progress progress() const;
    // Called about twice a second from a fleet thread while run() runs.
    void on_progress(std::function<void(const fleet_progress&)> callback);
    // Called from bot strands (concurrently) with the time from an action sent to the first new
    // view or refusal after it, by the action's type. Set before run().
    using latency_callback =
        std::function<void(const std::string& type, std::chrono::microseconds)>;
    void on_latency(latency_callback callback);
    // Stop on SIGINT/SIGTERM (gamebot); off by default (tests).
    void handle_signals(bool on);

    // Test hook: cuts bot `index`'s socket (no close frame) if it is seated in a running game;
    // the bot then reconnects. Thread-safe.
    void drop_connection(int index);

  private:
    std::unique_ptr<fleet_impl> impl_;
};

// The size of the groups `--room auto` forms: the game's minimum, at least 2 where allowed.
int group_size(const sdk::game_info& info);

}  // namespace gameserver::bot
