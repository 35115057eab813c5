#include "tellit/plugin.hpp"

#include "tellit/bot.hpp"
#include "tellit/client_view.hpp"
#include "tellit/game.hpp"
#include "tellit/oracle.hpp"
#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

sdk::json option(const char* type, sdk::json fallback, const char* description) {
    return sdk::json{
        {"type", type}, {"default", std::move(fallback)}, {"description", description}};
}

class plugin final : public sdk::game_plugin {
  public:
    plugin() {
        const room_options defaults;
        info_.id = "tellit";
        info_.display_name = "Tell it";
        info_.min_players = static_cast<int>(defaults.min_users);
        info_.max_players = 0;  // the room option maxUsers (default 30) limits joins
        info_.tick_rate_hz = 0;
        info_.supports_bots = true;
        info_.late_joiners_spectate = false;  // late joiners become users (as in Go)
        info_.option_schema = sdk::json{
            {"spectatorsAllowed", option("boolean", defaults.spectators_allowed, "no effect")},
            {"isPublic", option("boolean", defaults.is_public, "no effect")},
            {"minUsers", option("integer", defaults.min_users, "users needed to start")},
            {"maxUsers", option("integer", defaults.max_users,
                                "joins beyond it stay spectators; <= 0: no limit")},
            {"afkDelay", option("integer", defaults.afk_delay, "milliseconds; no effect")},
            {"botRounds", option("integer", defaults.bot_rounds,
                                 "texts a writer bot submits before it votes to finish")}};
    }

    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<game>(); }

    std::shared_ptr<const sdk::bot_policy> bot(std::string_view policy) const override {
        if (policy.empty() || policy == "writer") return writer_;
        if (policy == "random") return random_;
        return nullptr;
    }
    std::vector<std::string> bot_policies() const override { return {"writer", "random"}; }
    std::string bot_name(sdk::rng& random) const override {
        const auto& names = bot_names();
        return names[random.index(names.size())];
    }
    // A story game has no winner: every seat of an ended game shares the result.
    std::optional<sdk::seat_outcome> outcome(const sdk::json& view,
                                             const sdk::player_id& /*self*/) const override {
        if (!view.is_object()) return std::nullopt;
        const auto status = view.find("status");
        if (status == view.end() || *status != "ended") return std::nullopt;
        return sdk::seat_outcome::draw;
    }
    // No game_state: the view is rebuilt from the pieces (client_view.hpp).
    bool reduce_view(sdk::json& view, const sdk::json& envelope,
                     const sdk::player_id& self) const override {
        return tellit::reduce_view(view, envelope, self);
    }
    std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                                const sdk::player_id& self) const override {
        return tellit::transition_error(before, after, self);
    }

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> writer_ = std::make_shared<writer_policy>();
    std::shared_ptr<const sdk::bot_policy> random_ = std::make_shared<random_policy>();
};

}  // namespace

std::unique_ptr<sdk::game_plugin> make_plugin() {
    return std::make_unique<plugin>();
}

}  // namespace gameserver::games::tellit
