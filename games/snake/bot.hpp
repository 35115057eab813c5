// snake bot policies: "chaser" (the default: shortest path to the nearest food that avoids
// bodies and walls, else the move with the most free space) and "random" (a random move that
// does not die at once). Both read only the `game_state` view and predict the next tick with
// rules.hpp, so they stay stateless: everything they need is in the view.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/game.hpp"
#include "snake/rules.hpp"

namespace gameserver::games::snake {

// The think delay every policy draws (the room clamps it to its real-time range, 0..1.2 s).
inline constexpr sdk::millis min_think{0};
inline constexpr sdk::millis max_think{50};

// What a seat sees, rebuilt from a `game_state` view: nullopt unless the view is well formed
// and `self` is seated in it.
struct bot_view {
    arena world;  // live and dead snakes keyed by id, food, size
    bool started = false;
    bool over = false;
    bool ready = false;
    bool alive = false;
    direction dir = direction::right;   // the direction of the last move
    direction next = direction::right;  // what the next tick will use (after queued turns)
    // Every live snake's `next`, the way it goes at the next tick unless it turns.
    std::map<std::string, direction> heading;
};
std::optional<bot_view> read_view(const sdk::json& view, const sdk::player_id& self);

// One of the three moves open to `self` at the next tick (a reversal is never one).
struct move_option {
    direction dir = direction::right;
    point head;
    bool safe = false;     // no wall and no body there at the next tick (others' tails counted
                           // as staying when those snakes might eat)
    bool risky = false;    // another live head could enter the same cell
    bool in_path = false;  // ... and will, unless it turns: the cell ahead of its `next`
};
// The three non-reversing moves in direction order (up, right, down, left minus the reversal).
std::vector<move_option> options_for(const bot_view& view, const sdk::player_id& self);
// The cells a head may not enter at the next tick, as `self` predicts them.
std::vector<std::uint8_t> predicted_blocked(const bot_view& view, const sdk::player_id& self);

// The chaser's choice for `self` (nullopt when every move dies: it then keeps going).
std::optional<direction> chase(const bot_view& view, const sdk::player_id& self);

class chaser_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "chaser"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
};

class random_policy final : public sdk::bot_policy {
  public:
    // `keep` is the chance of going on in the current direction when that is safe.
    explicit random_policy(double keep = 0.7) : keep_(keep) {}
    std::string name() const override { return "random"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;

  private:
    double keep_;
};

}  // namespace gameserver::games::snake
