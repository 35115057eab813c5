#include "dicegame/plugin.hpp"

#include "dicegame/bot.hpp"
#include "dicegame/game.hpp"
#include "dicegame/oracle.hpp"

namespace gameserver::games::dicegame {
namespace {

class plugin final : public sdk::game_plugin {
  public:
    plugin() {
        info_.id = "dicegame";
        info_.display_name = "Dice game";
        info_.min_players = 2;
        info_.max_players = 2;
        info_.tick_rate_hz = 0;
        info_.supports_bots = true;
        info_.late_joiners_spectate = true;
        info_.option_schema =
            sdk::json{{"bustDelayMs",
                       {{"type", "integer"},
                        {"default", bust_delay.count()},
                        {"minimum", 0},
                        {"maximum", max_bust_delay.count()},
                        {"description", "pause after a bust before the turn passes (Go: 4000)"}}}};
    }

    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<game>(); }

    std::shared_ptr<const sdk::bot_policy> bot(std::string_view policy) const override {
        if (policy.empty() || policy == "classic") return classic_;
        if (policy == "ev") return ev_;
        if (policy == "random") return random_;
        return nullptr;
    }
    std::vector<std::string> bot_policies() const override { return {"classic", "ev", "random"}; }
    std::string bot_name(sdk::rng& random) const override {
        return std::string(bot_names[random.index(bot_names.size())]);
    }

    // Over once `winner` (a name) is set; the winner is the seat that reached `targetScore`
    // (names are not unique, scores tell the seats apart).
    std::optional<sdk::seat_outcome> outcome(const sdk::json& view,
                                             const sdk::player_id& self) const override {
        if (!view.is_object()) return std::nullopt;
        const auto winner = view.find("winner");
        if (winner == view.end() || !winner->is_string() || winner->get<std::string>().empty()) {
            return std::nullopt;
        }
        const auto players = view.find("players");
        const auto target = view.find("targetScore");
        if (players == view.end() || !players->is_object() || target == view.end() ||
            !target->is_number_integer()) {
            return std::nullopt;
        }
        const auto me = players->find(self);
        if (me == players->end() || !me->is_object()) return std::nullopt;
        const auto score = me->find("score");
        if (score == me->end() || !score->is_number_integer()) return std::nullopt;
        return score->get<std::int64_t>() >= target->get<std::int64_t>() ? sdk::seat_outcome::win
                                                                         : sdk::seat_outcome::loss;
    }

    std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                                const sdk::player_id& self) const override {
        return dicegame::transition_error(before, after, self);
    }

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> classic_ = std::make_shared<classic_policy>();
    std::shared_ptr<const sdk::bot_policy> ev_ = std::make_shared<ev_policy>();
    std::shared_ptr<const sdk::bot_policy> random_ = std::make_shared<random_policy>();
};

}  // namespace

std::unique_ptr<sdk::game_plugin> make_plugin() {
    return std::make_unique<plugin>();
}

}  // namespace gameserver::games::dicegame
