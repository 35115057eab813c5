// Private to libbot: the state bots of one fleet share (counters, tickets, groups).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/bot/bot_player.hpp"
#include "gameserver/bot/fleet.hpp"
#include "gameserver/bot/ws_url.hpp"

namespace gameserver::bot {

class bot_session;
class fleet_impl;

// Bots that play together. `--room auto`: one group per fresh room, game after game (room
// names are derived from the game number, so members need no hand-off to agree on the next
// room); a game's moves start only once every member is seated, so no game (owedrahn, snake)
// starts before the group is complete. `--room NAME`: one group of every bot.
class bot_group {
  public:
    bot_group(fleet_impl& fleet, int index, bool auto_rooms)
        : fleet_(fleet), index_(index), auto_rooms_(auto_rooms) {}

    // The room for the member's game number `game_no`, or nullopt when the run is over (no
    // game left to start).
    std::optional<std::string> room_for(int game_no);
    // A member got its seat for `game_no`; once all are seated every member is enabled.
    void seated(int game_no);
    // A member saw `game_no` end: counts the game once per group.
    void finished(int game_no);
    // --room NAME: a member saw the game over / running again (games counted per transition).
    void saw_over(bool over);
    // A member's seat in game `game_no` is gone (its reconnect was refused: the server forgot
    // the session, e.g. it was killed and restarted) but the bot is connected and plays on: in
    // auto rooms the group gives that game up (its ticket goes back) and every member follows
    // the others to the next game's room. A named room plays on without it.
    void member_lost(int game_no);
    // A member cannot play on (a refused join, a room that seats it only as a spectator, a bot
    // that gave up reconnecting): in auto rooms the group gives its game up (counted as
    // abandoned unless the member was between games) and stops.
    void member_gone(int game_no, bool counted);

    std::vector<std::shared_ptr<bot_session>> members;

  private:
    fleet_impl& fleet_;
    int index_;
    bool auto_rooms_;
    std::mutex mutex_;
    int game_no_ = -1;
    std::optional<std::string> room_;
    int seated_ = 0;
    int counted_game_ = -1;
    bool over_ = false;
    int abandoned_game_ = -1;
    bool stopped_ = false;

    // Returns the ticket of `game_no` and, when `counted`, counts it abandoned; once, unless it
    // ended first; true when it did.
    bool give_up(int game_no, bool counted);
};

class fleet_impl {
  public:
    fleet_impl(run_config config, const sdk::game_plugin& plugin);

    const run_config config;
    const sdk::game_plugin& plugin;
    ws_endpoint endpoint;
    bool turn_based = true;
    think_rule think;  // --think, or the policy's own delay

    boost::asio::io_context ioc;
    boost::asio::strand<boost::asio::io_context::executor_type> strand;  // timers below
    boost::asio::steady_timer duration_timer;
    boost::asio::steady_timer progress_timer;
    std::optional<boost::asio::signal_set> signals;
    std::function<void(const fleet_progress&)> progress_callback;
    fleet::latency_callback latency_callback;
    bool handle_signals = false;

    std::vector<std::unique_ptr<bot_group>> groups;
    std::vector<std::shared_ptr<bot_session>> bots;

    std::atomic<bool> stopping{false};
    std::atomic<bool> timed_out{false};
    std::atomic<std::int64_t> tickets{0};  // games started (auto rooms)
    std::atomic<std::int64_t> games{0};
    std::atomic<std::int64_t> moves{0};
    std::atomic<std::int64_t> connected{0};
    std::atomic<std::int64_t> errors{0};
    std::atomic<std::int64_t> reconnects{0};
    std::atomic<std::int64_t> active{0};
    std::string run_tag;  // makes auto room names unique across runs with the same seed

    // Counters only bots write, under `mutex` (rare events; moves and games are atomics).
    std::mutex mutex;
    run_summary summary;

    bool claim_ticket();
    void release_ticket();
    void game_finished();
    // `expected`: counted by code but never unexpected (besides stale_view_codes()).
    void count_error(const std::string& code, bool expected = false);
    void count_outcome(const std::string& policy, sdk::seat_outcome outcome);
    void count_desync(const sdk::json& before, const sdk::json& after, const std::string& reason);
    void bot_finished();
    void stop_all();
    fleet_progress progress() const;
    void schedule_progress();
};

}  // namespace gameserver::bot
