// The room's own bots through their in-memory transport: they act on the envelopes a client
// would get, a refusal reaches them as a client's reply would (and a turn-based bot tries
// again), and a state their game's oracle calls impossible is counted.
#include <gtest/gtest.h>

#include <atomic>

#include "support/room_testkit.hpp"

namespace gameserver::core {
namespace {

using namespace testkit;

// A counter the seats raise with "inc". The game refuses every third "inc" (a bot must cope
// with refusals); `lie_at` makes it broadcast a counter that went down once n reaches it.
class counter_game final : public sdk::game {
  public:
    explicit counter_game(int lie_at) : lie_at_(lie_at) {}

    sdk::status on_create(sdk::context&, const json&) override { return sdk::ok(); }
    sdk::status on_join(sdk::context& ctx, const sdk::player_id&, const std::string&,
                        bool) override {
        ctx.broadcast("game_state", view_for({}));
        return sdk::ok();
    }
    void on_leave(sdk::context&, const sdk::player_id&) override {}
    void on_disconnect(sdk::context&, const sdk::player_id&) override {}
    sdk::status on_reconnect(sdk::context&, const sdk::player_id&, const sdk::player_id&) override {
        return sdk::ok();
    }
    sdk::status on_action(sdk::context& ctx, const sdk::player_id&, std::string_view type,
                          const json& data) override {
        if (type != "inc" || !data.is_object() || data.value("by", 0) != 1) {
            return sdk::fail(sdk::error_code::invalid_payload, "inc by 1 only");
        }
        if (++attempts_ % 3 == 0) return sdk::fail(sdk::error_code::invalid_move, "not now");
        ++n_;
        json shown = view_for({});
        if (lie_at_ > 0 && n_ == lie_at_) shown["n"] = 0;  // a state no "inc" can lead to
        ctx.broadcast("game_state", shown);
        return sdk::ok();
    }
    void on_timer(sdk::context&, std::string_view) override {}
    sdk::status can_add_bot(sdk::context&) override { return sdk::ok(); }
    json snapshot() const override { return view_for({}); }
    sdk::status restore(const json&) override { return sdk::ok(); }
    json view_for(const sdk::player_id&) const override { return json{{"n", n_}}; }
    bool is_started() const override { return true; }
    bool is_over() const override { return n_ >= 10; }

    int attempts() const { return attempts_; }

  private:
    int lie_at_;
    int n_ = 0;
    int attempts_ = 0;
};

// Raises the counter until 10, thinking 50 ms.
class counter_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "counter"; }
    std::optional<sdk::bot_action> decide(const json& view, const sdk::player_id&,
                                          sdk::rng&) const override {
        if (view.value("n", 0) >= 10) return std::nullopt;
        return sdk::bot_action{"inc", json{{"by", 1}}, milliseconds{50}};
    }
};

class counter_plugin final : public sdk::game_plugin {
  public:
    explicit counter_plugin(int lie_at = 0) : lie_at_(lie_at) {
        info_.id = "counter";
        info_.display_name = "Counter";
        info_.supports_bots = true;
    }
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override {
        return std::make_unique<counter_game>(lie_at_);
    }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view) const override { return policy_; }
    std::vector<std::string> bot_policies() const override { return {"counter"}; }
    std::string bot_name(sdk::rng&) const override { return "Bot"; }
    std::optional<std::string> transition_error(const json& before, const json& after,
                                                const sdk::player_id&) const override {
        if (after.value("n", 0) < before.value("n", 0)) return "the counter went down";
        return std::nullopt;
    }

  private:
    int lie_at_;
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> policy_ = std::make_shared<counter_policy>();
};

class counting_telemetry final : public telemetry {
  public:
    void bot_action(bool accepted) override { ++(accepted ? accepted_ : refused_); }
    void bot_desync(std::string_view) override { ++desyncs_; }
    int accepted_ = 0;
    int refused_ = 0;
    int desyncs_ = 0;
};

struct bot_room {
    explicit bot_room(const counter_plugin& plugin) : r("room-1", plugin, settings(), env, stats) {
        env.attach(r);
        EXPECT_FALSE(r.create(json::object()));
    }
    static room_settings settings() {
        room_settings s;
        s.bot_think_min = milliseconds{0};
        return s;
    }
    virtual_environment env;
    counting_telemetry stats;
    room r;
};

TEST(RoomBots, PlayFromTheEnvelopesAndRetryRefusals) {
    counter_plugin plugin;
    bot_room t(plugin);
    auto person = std::make_shared<recording_link>();
    t.r.join("person", person, "Ann",
             std::make_shared<const std::string>(encode_envelope("join_room_result")));
    ASSERT_FALSE(t.r.add_bots(1));
    t.env.advance(milliseconds{5'000});
    EXPECT_EQ(t.stats.accepted_, 10) << "the bot raised the counter to the end";
    EXPECT_EQ(t.stats.refused_, 4) << "every third try was refused, and tried again";
    EXPECT_EQ(t.stats.desyncs_, 0);
    EXPECT_EQ(t.env.elapsed(), milliseconds{5'000});
    // The person saw every state the bot caused, the last one at 10.
    const auto all = person->all();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back().at("data"), (json{{"n", 10}}));
}

TEST(RoomBots, CountAStateTheOracleRefuses) {
    counter_plugin plugin(/*lie_at=*/4);
    bot_room t(plugin);
    ASSERT_FALSE(t.r.add_bots(1));
    t.env.advance(milliseconds{5'000});
    EXPECT_EQ(t.stats.desyncs_, 1) << "4 shown as 0 after 3";
    EXPECT_EQ(t.stats.accepted_, 10) << "the bot plays on after a desync";
}

}  // namespace
}  // namespace gameserver::core
