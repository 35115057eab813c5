#include "owedrahn/plugin.hpp"

#include <array>
#include <string_view>

#include "owedrahn/bot.hpp"
#include "owedrahn/game.hpp"
#include "owedrahn/oracle.hpp"

namespace gameserver::games::owedrahn {
namespace {

constexpr std::array<std::string_view, 8> bot_names = {"Bot Resi",  "Bot Sepp",  "Bot Franzi",
                                                       "Bot Hansi", "Bot Vroni", "Bot Ferdl",
                                                       "Bot Gusti", "Bot Loisl"};

class plugin final : public sdk::game_plugin {
  public:
    plugin() {
        info_.id = "owedrahn";
        info_.display_name = "Owe Drahn";
        info_.min_players = 1;
        info_.max_players = 0;  // no limit until the game starts, as in Go
        info_.tick_rate_hz = 0;
        info_.supports_bots = true;
        info_.late_joiners_spectate = true;
        info_.option_schema = sdk::json::object();  // options are ignored
    }

    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<game>(); }

    std::shared_ptr<const sdk::bot_policy> bot(std::string_view policy) const override {
        if (policy.empty() || policy == "cautious") return cautious_;
        if (policy == "random") return random_;
        return nullptr;
    }
    std::vector<std::string> bot_policies() const override { return {"cautious", "random"}; }
    std::string bot_name(sdk::rng& random) const override {
        return std::string(bot_names[random.index(bot_names.size())]);
    }

    // Over once `over`: the seat still alive won; nobody alive is a draw.
    std::optional<sdk::seat_outcome> outcome(const sdk::json& view,
                                             const sdk::player_id& self) const override {
        if (!view.is_object()) return std::nullopt;
        const auto over = view.find("over");
        const auto players = view.find("players");
        if (over == view.end() || !over->is_boolean() || !over->get<bool>() ||
            players == view.end() || !players->is_array()) {
            return std::nullopt;
        }
        bool anyone_alive = false;
        std::optional<bool> me_alive;
        for (const auto& p : *players) {
            if (!p.is_object()) continue;
            const auto life = p.find("life");
            const bool alive = life != p.end() && life->is_number_integer() && life->get<int>() > 0;
            anyone_alive = anyone_alive || alive;
            const auto id = p.find("id");
            if (id != p.end() && id->is_string() && id->get<std::string>() == self)
                me_alive = alive;
        }
        if (!me_alive) return std::nullopt;
        if (!anyone_alive) return sdk::seat_outcome::draw;
        return *me_alive ? sdk::seat_outcome::win : sdk::seat_outcome::loss;
    }

    // The reset after a game comes as `gameInit` with the whole state, as in Go; every other
    // change as `game_state`.
    bool reduce_view(sdk::json& view, const sdk::json& envelope,
                     const sdk::player_id& self) const override {
        const auto type = envelope.find("type");
        if (type != envelope.end() && *type == "gameInit") {
            sdk::json renamed = envelope;
            renamed["type"] = "game_state";
            return sdk::game_plugin::reduce_view(view, renamed, self);
        }
        return sdk::game_plugin::reduce_view(view, envelope, self);
    }

    std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                                const sdk::player_id& self) const override {
        return owedrahn::transition_error(before, after, self);
    }

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> cautious_ = std::make_shared<cautious_policy>();
    std::shared_ptr<const sdk::bot_policy> random_ = std::make_shared<random_policy>();
};

}  // namespace

std::unique_ptr<sdk::game_plugin> make_plugin() {
    return std::make_unique<plugin>();
}

}  // namespace gameserver::games::owedrahn
