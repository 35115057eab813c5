#include "snake/plugin.hpp"

#include <array>
#include <string_view>

#include "gameserver/sdk/outcome.hpp"
#include "snake/bot.hpp"
#include "snake/game.hpp"
#include "snake/oracle.hpp"

namespace gameserver::games::snake {
namespace {

constexpr std::array<std::string_view, 8> bot_names = {"Viper", "Python", "Cobra",  "Mamba",
                                                       "Adder", "Krait",  "Taipan", "Boa"};

class plugin final : public sdk::game_plugin {
  public:
    plugin() {
        info_.id = "snake";
        info_.display_name = "Snake";
        info_.min_players = min_players;
        info_.max_players = max_players;
        info_.tick_rate_hz = tick_rate_hz;
        info_.supports_bots = true;
        info_.late_joiners_spectate = true;
        info_.option_schema = sdk::json{{"width",
                                         {{"type", "integer"},
                                          {"minimum", min_size},
                                          {"maximum", max_size},
                                          {"default", default_width}}},
                                        {"height",
                                         {{"type", "integer"},
                                          {"minimum", min_size},
                                          {"maximum", max_size},
                                          {"default", default_height}}},
                                        {"timeLimitSeconds",
                                         {{"type", "integer"},
                                          {"minimum", min_time_limit_seconds},
                                          {"maximum", max_time_limit_seconds},
                                          {"default", default_time_limit_seconds}}}};
    }

    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<game>(); }

    std::shared_ptr<const sdk::bot_policy> bot(std::string_view policy) const override {
        if (policy.empty() || policy == "chaser") return chaser_;
        if (policy == "random") return random_;
        return nullptr;
    }
    std::vector<std::string> bot_policies() const override { return {"chaser", "random"}; }
    std::string bot_name(sdk::rng& random) const override {
        return "Bot " + std::string(bot_names[random.index(bot_names.size())]);
    }

    // Over once `over`: `winner` is the winning id, or empty for a tie / nobody alive (a draw).
    std::optional<sdk::seat_outcome> outcome(const sdk::json& view,
                                             const sdk::player_id& self) const override {
        return sdk::outcome_by_winner_id(view, self, "over");
    }

    std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                                const sdk::player_id& self) const override {
        return games::snake::transition_error(before, after, self);
    }

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> chaser_ = std::make_shared<chaser_policy>();
    std::shared_ptr<const sdk::bot_policy> random_ = std::make_shared<random_policy>();
};

}  // namespace

std::unique_ptr<sdk::game_plugin> make_plugin() {
    return std::make_unique<plugin>();
}

}  // namespace gameserver::games::snake
