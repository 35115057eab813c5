// dicegame bot policies, each a stateless function of the `game_state` view: "classic" (the Go
// server's bot, SEED-SPEC §5), "ev" (expected-value play from the scoring rules) and "random".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dicegame/rules.hpp"
#include "gameserver/sdk/game.hpp"

namespace gameserver::games::dicegame {

// The Go bot's names (SEED-SPEC §5), drawn uniformly; names can repeat in a room.
inline constexpr std::array<std::string_view, 15> bot_names{
    "Andrew",    "Hans",  "Henry",  "Katherine", "Janek", "Bartholomew", "Archibald", "Gul Asch",
    "Friedrich", "Fritz", "Esther", "Konrad",    "Bara",  "Ignatius",    "Pavlena"};

// The Go bot waits 2 s before each move (the room clamps it).
inline constexpr sdk::millis classic_think{2000};
inline constexpr sdk::millis random_min_think{300};
inline constexpr sdk::millis random_max_think{1200};

// What a seat needs to move, rebuilt from a view: nullopt unless the game is running, it is
// `self`'s turn, the view is well formed, and no bust of theirs is waiting for its timer (dice
// rolled with nothing scoring and nothing selected).
struct turn_view {
    std::vector<int> dice;
    std::vector<int> selected;  // indexes into dice
    std::vector<int> set_aside;
    std::int64_t score = 0;
    std::int64_t round_score = 0;

    // No dice rolled yet this throw (all 0, or none): the only move is a roll.
    bool needs_roll() const;
};
std::optional<turn_view> read_turn(const sdk::json& view, const sdk::player_id& self);

// The Go bot's rules, first match wins: roll unrolled dice; select the first unselected 1, else
// 5, else a die of a face showing 3+ times (while fewer than 4 dice are set aside); else set the
// selection aside, ending the turn once set-aside plus selected dice reach 3; else wait.
class classic_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "classic"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
};

// Expected-value play: after each roll it takes the scoring choice and the bank-or-roll decision
// that maximize the expected points banked this turn (a table over round score and dice left,
// computed once from the scoring rules), and always banks when that wins the game.
class ev_policy final : public sdk::bot_policy {
  public:
    ev_policy();
    std::string name() const override { return "ev"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;

    // Expected points banked by rolling `dice` dice (1..6) with `round` points at risk, playing
    // on optimally; a round of target_score or more is banked (it wins the game).
    double roll_value(std::int64_t round, int dice) const;

    // The choice for a rolled throw: what to take and whether to bank it.
    struct choice {
        scoring_option take;
        bool bank = false;
    };
    std::optional<choice> choose(const turn_view& turn) const;

  private:
    // value_[round / 50][dice], for rounds below target_score.
    std::vector<std::array<double, dice_count + 1>> value_;
};

// Random legal play: rolls, selects dice at random within some validly scoring set, sets a valid
// selection aside with probability `stop_chance` (always once it cannot grow), and then banks
// with probability `bank_chance`. The defaults finish a game in about 90 conformance rounds
// (at most ~170 over 200 seeds), well within the driver's 300.
class random_policy final : public sdk::bot_policy {
  public:
    explicit random_policy(double bank_chance = 0.7, double stop_chance = 0.25)
        : bank_chance_(bank_chance), stop_chance_(stop_chance) {}
    std::string name() const override { return "random"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;

  private:
    double bank_chance_;
    double stop_chance_;
};

}  // namespace gameserver::games::dicegame
