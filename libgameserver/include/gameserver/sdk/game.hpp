// The game plugin contract: a pure rules engine per room. Every hook runs on the room's strand,
// one at a time, so games need no locks; they reach the world only through `context`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/context.hpp"
#include "gameserver/sdk/json.hpp"
#include "gameserver/sdk/status.hpp"

namespace gameserver::sdk {

struct game_info {
    std::string id;            // the wire `gameType`, e.g. "tictactoe"
    std::string display_name;  // e.g. "Tic-tac-toe"
    int min_players = 1;
    int max_players = 0;   // 0: no limit
    int tick_rate_hz = 0;  // 0: turn-based, no on_tick
    bool supports_bots = false;
    bool late_joiners_spectate = true;
    json option_schema = json::object();  // documentation of `options` for join_room/POST rooms
};

class game {
  public:
    virtual ~game() = default;

    // Called once, before anyone joins, with the raw `options` of the creating request.
    virtual status on_create(context& ctx, const json& options) = 0;
    // A member arrives. An error keeps the member in the room as a spectator and is sent to it
    // as an `error` envelope ("Game is full").
    virtual status on_join(context& ctx, const player_id& player, const std::string& name,
                           bool is_bot) = 0;
    // Explicit `leave_room` (the member is still in the room while this runs).
    virtual void on_leave(context& ctx, const player_id& player) = 0;
    // The member's connection dropped; its seat is kept for a reconnect.
    virtual void on_disconnect(context& ctx, const player_id& player) = 0;
    // A new connection takes over `old_id`'s seat. An error undoes the reconnect.
    virtual status on_reconnect(context& ctx, const player_id& old_id, const player_id& new_id) = 0;
    // Any message type the router does not handle itself (and `game_action`). An error is
    // answered to the sender; it must leave the game unchanged. `data` is the raw payload:
    // null when the client sent `"data":null`, is_absent(data) when it sent no `data` key.
    virtual status on_action(context& ctx, const player_id& player, std::string_view type,
                             const json& data) = 0;
    virtual void on_timer(context& ctx, std::string_view tag) = 0;
    // Real-time games (tick_rate_hz > 0): the room ticks at the fixed rate while is_started() and
    // not is_over(); `tick` counts from 1 each time the loop starts. When the room fell behind,
    // every missed tick still gets its own call (no simulation step is skipped) and `late_ticks`
    // says how many more calls follow at once: a game broadcasts its state only when it is 0, so
    // a catch-up sends one state, not a bunch.
    virtual void on_tick(context& /*ctx*/, std::uint64_t /*tick*/, std::uint64_t /*late_ticks*/) {}
    // The answer to context::load_document(..., tag).
    virtual void on_loaded(context& /*ctx*/, std::string_view /*tag*/,
                           const loaded_document& /*result*/) {}

    // May a bot join now? (dicegame refuses once started.)
    virtual status can_add_bot(context& ctx) = 0;

    // Full state as plain JSON; restore() of it gives a game with identical views and an
    // identical snapshot(). A refused restore leaves the game unchanged.
    virtual json snapshot() const = 0;
    virtual status restore(const json& snapshot) = 0;
    // What `player` may see (the same JSON the server sends it as `game_state`).
    virtual json view_for(const player_id& player) const = 0;
    virtual bool is_started() const = 0;
    virtual bool is_over() const = 0;
};

// A bot's decision: a message to send after thinking for `think`.
struct bot_action {
    std::string type;
    json data;
    millis think{0};
};

// Chooses a seat's next action from the same view a client gets. Stateless between calls
// (everything it needs is in the view), so one policy object serves every bot of a game.
// The engine passed to decide() is the bots' own, never the room's: a recorded game's inputs
// replay identically whether its bots are re-run or their actions are replayed.
class bot_policy {
  public:
    virtual ~bot_policy() = default;
    virtual std::string name() const = 0;  // e.g. "minimax", "random"
    virtual std::optional<bot_action> decide(const json& view, const player_id& self,
                                             rng& random) const = 0;
};

// How a finished game ended for one seat (bots and gamebot count these per policy).
enum class seat_outcome { win, draw, loss };

// What a game registers: metadata, a factory for per-room instances, and its bot policies.
class game_plugin {
  public:
    virtual ~game_plugin() = default;
    virtual const game_info& info() const = 0;
    virtual std::unique_ptr<game> create() const = 0;
    // Policy by name; an empty name is the game's default. nullptr when unknown.
    virtual std::shared_ptr<const bot_policy> bot(std::string_view policy = {}) const = 0;
    virtual std::vector<std::string> bot_policies() const = 0;
    // A display name for a new bot, drawn from the room's engine.
    virtual std::string bot_name(rng& random) const = 0;
    // The result for `self` once `view` (its `game_state`) shows the game over; nullopt while
    // the game runs, before it starts, or when the game cannot tell from the view.
    virtual std::optional<seat_outcome> outcome(const json& /*view*/,
                                                const player_id& /*self*/) const {
        return std::nullopt;
    }

    // The client side of the state: folds one envelope the server sent to `self` into `view`, the
    // view its bots decide on. Returns whether `view` changed. The default takes each
    // `game_state`'s data; a game that sends its state in pieces (tellit) rebuilds it here.
    virtual bool reduce_view(json& view, const json& envelope, const player_id& self) const {
        (void)self;
        const auto type = envelope.find("type");
        const auto data = envelope.find("data");
        if (type == envelope.end() || *type != "game_state" || data == envelope.end()) {
            return false;
        }
        view = *data;
        return true;
    }

    // The desync oracle: why `after` cannot follow `before` (two views of one seat, as reduced in
    // the order received), or nullopt when legal actions, timers, joins, leaves and reconnects
    // lead from one to the other. Views in between may be missing (a newer state replaces an
    // unsent one), and a reconnect gives the seat a new player id: `self` is the id `after`
    // was received under. The check must never refuse a legal history.
    virtual std::optional<std::string> transition_error(const json& /*before*/,
                                                        const json& /*after*/,
                                                        const player_id& /*self*/) const {
        return std::nullopt;
    }
};

}  // namespace gameserver::sdk
