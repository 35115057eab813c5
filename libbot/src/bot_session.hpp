// Private to libbot: one network bot (its connection, protocol state and decide loop).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>

#include "gameserver/bot/session_machine.hpp"
#include "gameserver/bot/ws_connection.hpp"
#include "gameserver/sdk/game.hpp"

namespace gameserver::bot {

class bot_group;
class fleet_impl;

class bot_session : public std::enable_shared_from_this<bot_session> {
  public:
    using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;

    bot_session(fleet_impl& fleet, bot_group& group, int index, std::string policy_name,
                std::shared_ptr<const sdk::bot_policy> policy, std::uint64_t seed);

    void start();
    // Thread-safe (posted to the bot's strand).
    void post_stop();
    void post_enable(int game_no);
    void post_drop();

  private:
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<boost::system::error_code> read_loop();
    void on_frame(const std::string& text);
    void on_envelope(const sdk::json& envelope);
    void on_game_state(const sdk::json& view);
    void on_session_event(session_event event);
    void maybe_decide();
    void on_think(const boost::system::error_code& ec);
    std::optional<sdk::bot_action> decide();
    void finish_game(sdk::seat_outcome outcome);
    void join_next_game();
    void send(const sdk::json& envelope);
    void stop();
    const std::string& client_id() const;

    fleet_impl& fleet_;
    bot_group& group_;
    int index_;
    std::string policy_name_;
    std::shared_ptr<const sdk::bot_policy> policy_;
    strand_type strand_;
    sdk::rng rng_;
    session_machine machine_;
    std::shared_ptr<ws_connection> conn_;
    boost::asio::steady_timer think_timer_;
    boost::asio::steady_timer retry_timer_;

    sdk::json view_;
    bool has_view_ = false;
    bool dirty_ = false;     // a view or a refusal arrived since the last decision
    bool thinking_ = false;  // a think timer is pending
    bool enabled_ = false;   // the group is complete: moves may start
    bool in_game_ = false;   // seated in a game whose end we have not seen
    bool stopping_ = false;
    bool connected_once_ = false;
    int game_no_ = 0;
    std::optional<sdk::seat_outcome> last_outcome_;  // --room NAME: outcome shown now
};

}  // namespace gameserver::bot
