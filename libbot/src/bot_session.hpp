// Private to libbot: one network bot (its connection, protocol state and decide loop).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/bot/bot_player.hpp"
#include "gameserver/bot/session_machine.hpp"
#include "gameserver/bot/ws_connection.hpp"
#include "gameserver/sdk/game.hpp"

namespace gameserver::bot {

class bot_group;
class fleet_impl;

// The network transport of a bot_player: a WebSocket connection, the join/reconnect protocol,
// the group it plays in and the game results it counts.
class bot_session final : public std::enable_shared_from_this<bot_session>, public bot_host {
  public:
    using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;

    bot_session(fleet_impl& fleet, bot_group& group, int index, std::string policy_name,
                std::shared_ptr<const sdk::bot_policy> policy, std::uint64_t seed);

    void start();
    // Thread-safe (posted to the bot's strand).
    void post_stop();
    void post_enable(int game_no);
    void post_drop();
    // The group gave up game `game_no`: leave its room and join the group's next one.
    void post_regroup(int game_no);

    // bot_host
    void send(const sdk::json& envelope) override;
    void start_think(std::chrono::milliseconds delay) override;
    void cancel_think() override;
    void desync(const sdk::json& before, const sdk::json& after,
                const std::string& reason) override;
    void policy_failed(const std::string& what) override;

  private:
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<boost::system::error_code> read_loop();
    void on_frame(const std::string& text);
    void on_envelope(const sdk::json& envelope);
    void on_view_changed();
    void on_session_event(session_event event);
    void take_seat();
    void update_active();
    void finish_game(sdk::seat_outcome outcome);
    void join_next_game();
    void leave_abandoned_game();
    void send_envelope(const sdk::json& envelope);
    // The first action since the last answer (a new view or a refusal), for latency.
    void answered();
    void count_unanswered();
    void stop();
    const std::string& client_id() const;

    fleet_impl& fleet_;
    bot_group& group_;
    int index_;
    std::string policy_name_;
    strand_type strand_;
    sdk::rng rng_;
    session_machine machine_;
    bot_player player_;
    std::shared_ptr<ws_connection> conn_;
    boost::asio::steady_timer think_timer_;
    boost::asio::steady_timer retry_timer_;
    std::uint64_t think_generation_ = 0;  // a cancelled think that already fired is ignored
    std::optional<std::pair<std::string, std::chrono::steady_clock::time_point>> pending_;

    // Envelopes that arrive with a join or reconnect before its result names our id: the
    // player reads them once seated (a reducer may need to know who it is).
    std::vector<sdk::json> before_seat_;
    bool enabled_ = false;  // the group is complete: moves may start
    bool in_game_ = false;  // seated in a game whose end we have not seen
    bool stopping_ = false;
    bool connected_once_ = false;
    int game_no_ = 0;
    int abandoned_game_ = -1;  // the group gave this game up: a seat in it is left at once
    std::optional<sdk::seat_outcome> last_outcome_;  // --room NAME: outcome shown now
};

}  // namespace gameserver::bot
