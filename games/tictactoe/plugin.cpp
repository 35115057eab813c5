#include "tictactoe/plugin.hpp"

#include "gameserver/sdk/outcome.hpp"
#include "tictactoe/bot.hpp"
#include "tictactoe/game.hpp"
#include "tictactoe/oracle.hpp"

namespace gameserver::games::tictactoe {
namespace {

class plugin final : public sdk::game_plugin {
  public:
    plugin() {
        info_.id = "tictactoe";
        info_.display_name = "Tic-tac-toe";
        info_.min_players = 2;
        info_.max_players = 2;
        info_.tick_rate_hz = 0;
        info_.supports_bots = true;
        info_.late_joiners_spectate = true;
        info_.option_schema = sdk::json::object();  // options are ignored
    }

    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<game>(); }

    std::shared_ptr<const sdk::bot_policy> bot(std::string_view policy) const override {
        if (policy.empty() || policy == "minimax") return minimax_;
        if (policy == "random") return random_;
        return nullptr;
    }
    std::vector<std::string> bot_policies() const override { return {"minimax", "random"}; }
    // The game names every seat "Player X" / "Player O" and ignores the requested name.
    std::string bot_name(sdk::rng& /*random*/) const override { return "Bot"; }

    // Over once `gameOver`; a game ended by a leave (no winner, no draw) counts as a draw.
    std::optional<sdk::seat_outcome> outcome(const sdk::json& view,
                                             const sdk::player_id& self) const override {
        return sdk::outcome_by_winner_id(view, self, "gameOver");
    }

    std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                                const sdk::player_id& self) const override {
        return tictactoe::transition_error(before, after, self);
    }

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> minimax_ = std::make_shared<minimax_policy>(1.0);
    std::shared_ptr<const sdk::bot_policy> random_ = std::make_shared<random_policy>();
};

}  // namespace

std::unique_ptr<sdk::game_plugin> make_plugin() {
    return std::make_unique<plugin>();
}

}  // namespace gameserver::games::tictactoe
