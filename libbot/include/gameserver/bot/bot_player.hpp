// One seat's bot, whatever carries its messages: it folds the envelopes the server sends into
// the seat's view (the plugin's reduce_view), checks each new view against the previous one (the
// plugin's desync oracle), asks the policy for the next action, waits its think delay, decides
// again on the view as it is then and sends that. The same class plays over a WebSocket in
// gamebot (bot_session) and inside gameserverd, where a room delivers to it in memory
// (core/room_bot_link.cpp): one bot implementation, the same messages.
//
// No sockets, timers or threads here: the host sends, keeps the think timer and calls back, all
// on one strand.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "gameserver/sdk/game.hpp"

namespace gameserver::bot {

// What a bot_player needs from whatever carries its messages.
class bot_host {
  public:
    virtual ~bot_host() = default;
    // An action envelope {"type", "data"?} for the server.
    virtual void send(const sdk::json& envelope) = 0;
    // Call bot_player::on_think() after `delay` (one timer at a time; a new one replaces it).
    virtual void start_think(std::chrono::milliseconds delay) = 0;
    virtual void cancel_think() = 0;
    // The oracle refused a transition: `before` cannot lead to `after` by the game's rules.
    virtual void desync(const sdk::json& before, const sdk::json& after,
                        const std::string& reason) = 0;
    // The policy threw (a bug in it, or a view it cannot read); the bot skips that decision.
    virtual void policy_failed(const std::string& what) = 0;
};

// The think delay the bot waits, from the delay the policy asked for and the bot's engine.
using think_rule =
    std::function<std::chrono::milliseconds(std::chrono::milliseconds asked, sdk::rng& random)>;

class bot_player {
  public:
    // `plugin`, `random` and `host` must outlive the player. `turn_based`: a refused action is
    // retried on the same view (a real-time game sends a new state every tick instead).
    bot_player(const sdk::game_plugin& plugin, std::shared_ptr<const sdk::bot_policy> policy,
               sdk::rng& random, bot_host& host, think_rule think, bool turn_based);

    // The id the server knows this seat by (after a join, and again after a reconnect).
    void seat(sdk::player_id self);
    // Whether the bot may act now (seated, its game running, its group complete). Turning it on
    // decides at once when a view is waiting; turning it off cancels a pending think.
    void set_active(bool active);
    // A new game: the old view is forgotten (and not compared with the next one).
    void forget_view();

    // An envelope the server sent to this seat. True when the view changed.
    bool on_envelope(const sdk::json& envelope);
    // The host's think timer fired.
    void on_think();

    const sdk::json& view() const { return view_; }
    bool has_view() const { return has_view_; }
    const sdk::player_id& self() const { return self_; }
    std::int64_t moves() const { return moves_; }
    std::int64_t desyncs() const { return desyncs_; }

  private:
    void maybe_decide();
    std::optional<sdk::bot_action> decide();
    void check_transition(const sdk::json& before);

    const sdk::game_plugin& plugin_;
    std::shared_ptr<const sdk::bot_policy> policy_;
    sdk::rng& random_;
    bot_host& host_;
    think_rule think_;
    bool turn_based_;

    sdk::player_id self_;
    sdk::json view_;
    sdk::json checked_;  // the view as of the last change: what the oracle compares against
    bool has_view_ = false;
    bool active_ = false;
    bool dirty_ = false;     // a view or a refusal arrived since the last decision
    bool thinking_ = false;  // the host's think timer is pending
    bool paused_ = false;    // the rate limit refused the last action: think at least its pause
    std::int64_t moves_ = 0;
    std::int64_t desyncs_ = 0;
};

}  // namespace gameserver::bot
