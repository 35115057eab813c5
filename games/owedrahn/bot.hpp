// Owe Drahn bot policies, reading only the `game_state` view: "cautious" (the default) rolls
// unless busting is likely, and "random" plays uniformly among legal choices. Bots ready up
// before a game and never use bets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::owedrahn {

// The think delay every policy draws, before the server clamps it by config.
inline constexpr sdk::millis min_think{400};
inline constexpr sdk::millis max_think{900};

// What a bot reads from a `game_state` view.
struct seat_view {
    std::string id;
    int life = 0;
    bool ready = false;
    bool choosing = false;
};
struct table_view {
    std::vector<seat_view> players;
    bool started = false;
    bool over = false;
    std::string current_turn;
    int current_value = 0;

    // The seat of `id`, or nullptr.
    const seat_view* seat(const std::string& id) const;
};
// nullopt unless `view` is a well-formed game_state.
std::optional<table_view> read_view(const sdk::json& view);

// The cautious choice of who plays after a lost life: the alive opponent with the most lives
// (ties: the first after `self` in turn order), or `self` when nobody else is alive.
std::string choose_target(const table_view& table, const std::string& self);

class cautious_policy final : public sdk::bot_policy {
  public:
    // Loses a life (when allowed: life > 1, counter >= 10) once the chance of busting on the
    // next roll reaches `risk`. Clamped to [0, 1]; NaN counts as the default 0.5.
    explicit cautious_policy(double risk = 0.5);

    std::string name() const override { return "cautious"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
    double risk() const { return risk_; }

  private:
    double risk_;
};

class random_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "random"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
};

}  // namespace gameserver::games::owedrahn
