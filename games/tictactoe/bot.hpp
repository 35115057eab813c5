// tic-tac-toe bot policies: perfect play by minimax over rules.hpp (with a difficulty that mixes
// in random moves) and a uniform random mover. Both read only the `game_state` view.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/game.hpp"
#include "tictactoe/rules.hpp"

namespace gameserver::games::tictactoe {

// The think delay every policy draws, before the server clamps it by config.
inline constexpr sdk::millis min_think{400};
inline constexpr sdk::millis max_think{900};

// What a seat needs to move, rebuilt from a view: nullopt unless the view is well formed, the
// game is not over, and it is `self`'s turn with a legal move left.
struct turn_view {
    board position;
    mark symbol = mark::empty;
};
std::optional<turn_view> read_turn(const sdk::json& view, const sdk::player_id& self);

// The exact game value for `to_move` under perfect play: > 0 a win (larger is sooner), 0 a draw,
// < 0 a loss.
int minimax_value(const board& position, mark to_move);
// Every move achieving the best value for `to_move` (row-major order); empty when none is legal.
std::vector<move> best_moves(const board& position, mark to_move);

class minimax_policy final : public sdk::bot_policy {
  public:
    // difficulty 1: perfect play; 0: uniformly random moves; in between, each move is random with
    // probability 1 - difficulty. Clamped to [0, 1] (NaN counts as 1).
    explicit minimax_policy(double difficulty = 1.0);

    std::string name() const override { return "minimax"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
    double difficulty() const { return difficulty_; }

  private:
    double difficulty_;
};

class random_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "random"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
};

}  // namespace gameserver::games::tictactoe
