#include "testgame.hpp"

namespace gameserver::games::testgame {
namespace {

class test_game final : public sdk::game {
  public:
    sdk::status on_create(sdk::context&, const sdk::json&) override { return sdk::ok(); }
    sdk::status on_join(sdk::context&, const sdk::player_id&, const std::string&, bool) override {
        return sdk::ok();
    }
    void on_leave(sdk::context&, const sdk::player_id&) override {}
    void on_disconnect(sdk::context&, const sdk::player_id&) override {}
    sdk::status on_reconnect(sdk::context&, const sdk::player_id&, const sdk::player_id&) override {
        return sdk::ok();
    }
    sdk::status on_action(sdk::context&, const sdk::player_id&, std::string_view,
                          const sdk::json&) override {
        return sdk::ok();
    }
    void on_timer(sdk::context&, std::string_view) override {}
    sdk::status can_add_bot(sdk::context&) override { return sdk::ok(); }
    sdk::json snapshot() const override { return view_for({}); }
    sdk::status restore(const sdk::json&) override { return sdk::ok(); }
    sdk::json view_for(const sdk::player_id&) const override {
        return sdk::json{{"players", sdk::json::object()}};
    }
    bool is_started() const override { return false; }
    bool is_over() const override { return false; }
};

// The inert bot: it never acts.
class idle_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "idle"; }
    std::optional<sdk::bot_action> decide(const sdk::json&, const sdk::player_id&,
                                          sdk::rng&) const override {
        return std::nullopt;
    }
};

class plugin final : public sdk::game_plugin {
  public:
    plugin() {
        info_.id = "testGame";
        info_.display_name = "Test game";
        info_.min_players = 1;
        info_.max_players = 0;
        info_.supports_bots = true;
    }
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<test_game>(); }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view name) const override {
        return name.empty() || name == "idle" ? policy_ : nullptr;
    }
    std::vector<std::string> bot_policies() const override { return {"idle"}; }
    std::string bot_name(sdk::rng&) const override { return "Bot 1"; }

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> policy_ = std::make_shared<idle_policy>();
};

}  // namespace

std::unique_ptr<sdk::game_plugin> make_plugin() {
    return std::make_unique<plugin>();
}

}  // namespace gameserver::games::testgame
