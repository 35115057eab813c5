// bot_player without any transport: a recording host and a tiny counting game whose oracle says
// the counter never goes down.
#include "gameserver/bot/bot_player.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "gameserver/bot/rate_limit.hpp"

namespace gameserver::bot {
namespace {

using namespace std::chrono_literals;

// Acts "inc" until the shared counter reaches 3; throws on a view without "n".
class counting_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "counter"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id&,
                                          sdk::rng&) const override {
        ++calls;
        if (!view.contains("n")) throw std::runtime_error("no n");
        if (view["n"].get<int>() >= 3) return std::nullopt;
        return sdk::bot_action{"inc", sdk::json{{"by", 1}}, 100ms};
    }
    mutable int calls = 0;
};

class counting_plugin final : public sdk::game_plugin {
  public:
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return nullptr; }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view) const override { return nullptr; }
    std::vector<std::string> bot_policies() const override { return {}; }
    std::string bot_name(sdk::rng&) const override { return "Bot"; }
    std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                                const sdk::player_id&) const override {
        if (after.value("n", 0) < before.value("n", 0)) return "n went down";
        return std::nullopt;
    }

  private:
    sdk::game_info info_;
};

struct recording_host final : bot_host {
    void send(const sdk::json& envelope) override { sent.push_back(envelope); }
    void start_think(std::chrono::milliseconds delay) override { thinks.push_back(delay); }
    void cancel_think() override { ++cancels; }
    void desync(const sdk::json& before, const sdk::json& after,
                const std::string& reason) override {
        desyncs.push_back(reason + ": " + before.dump() + " -> " + after.dump());
    }
    void policy_failed(const std::string& what) override { failures.push_back(what); }

    std::vector<sdk::json> sent;
    std::vector<std::chrono::milliseconds> thinks;
    int cancels = 0;
    std::vector<std::string> desyncs;
    std::vector<std::string> failures;
};

sdk::json state(int n) {
    return {{"type", "game_state"}, {"success", true}, {"data", {{"n", n}}}};
}

sdk::json refusal() {
    return {{"type", "error"}, {"success", false}, {"error", "no"}, {"code", "NOT_YOUR_TURN"}};
}

struct fixture {
    explicit fixture(bool turn_based = true, think_rule rule = {})
        : policy(std::make_shared<counting_policy>()),
          player(plugin, policy, random, host, std::move(rule), turn_based) {
        player.seat("me");
    }
    counting_plugin plugin;
    std::shared_ptr<counting_policy> policy;
    sdk::rng random{1};
    recording_host host;
    bot_player player;
};

TEST(BotPlayer, DecidesOnlyWhileActiveThenSendsAfterThinking) {
    fixture f;
    EXPECT_TRUE(f.player.on_envelope(state(0)));
    EXPECT_TRUE(f.host.thinks.empty()) << "not active yet";
    f.player.set_active(true);
    ASSERT_EQ(f.host.thinks.size(), 1u);
    EXPECT_EQ(f.host.thinks[0], 100ms) << "the policy's own delay without a think rule";
    EXPECT_TRUE(f.host.sent.empty()) << "nothing is sent before the think delay";
    f.player.on_think();
    ASSERT_EQ(f.host.sent.size(), 1u);
    EXPECT_EQ(f.host.sent[0], (sdk::json{{"type", "inc"}, {"data", {{"by", 1}}}}));
    EXPECT_EQ(f.player.moves(), 1);
    EXPECT_EQ(f.host.thinks.size(), 1u) << "no new decision until something arrives";
}

TEST(BotPlayer, DecidesAgainOnTheViewAsItIsAfterThinking) {
    fixture f;
    f.player.set_active(true);
    f.player.on_envelope(state(2));
    ASSERT_EQ(f.host.thinks.size(), 1u);
    f.player.on_envelope(state(3));  // while thinking: the game moved on to its end
    f.player.on_think();
    EXPECT_TRUE(f.host.sent.empty()) << "n=3 needs no move";
}

TEST(BotPlayer, TheThinkRuleDecidesTheDelay) {
    fixture f(true, [](std::chrono::milliseconds asked, sdk::rng&) { return asked * 3; });
    f.player.set_active(true);
    f.player.on_envelope(state(0));
    ASSERT_EQ(f.host.thinks.size(), 1u);
    EXPECT_EQ(f.host.thinks[0], 300ms);
}

TEST(BotPlayer, ARefusalIsRetriedOnlyInTurnBasedGames) {
    fixture turn_based(true);
    turn_based.player.set_active(true);
    turn_based.player.on_envelope(state(0));
    turn_based.player.on_think();
    EXPECT_FALSE(turn_based.player.on_envelope(refusal())) << "a refusal changes no view";
    EXPECT_EQ(turn_based.host.thinks.size(), 2u) << "decides again after a refusal";

    fixture real_time(false);
    real_time.player.set_active(true);
    real_time.player.on_envelope(state(0));
    real_time.player.on_think();
    real_time.player.on_envelope(refusal());
    EXPECT_EQ(real_time.host.thinks.size(), 1u) << "waits for the next tick's state";
}

TEST(BotPlayer, ARateLimitedMoveIsDecidedAgainAfterThePause) {
    fixture f(true, [](std::chrono::milliseconds, sdk::rng&) { return 0ms; });
    f.player.set_active(true);
    f.player.on_envelope(state(0));
    f.player.on_think();
    f.player.on_envelope(
        {{"type", "error"}, {"success", false}, {"error", "slow down"}, {"code", "RATE_LIMITED"}});
    ASSERT_EQ(f.host.thinks.size(), 2u);
    EXPECT_EQ(f.host.thinks[1], rate_limited_pause) << "not at once into the empty bucket";
    f.player.on_think();
    EXPECT_EQ(f.host.sent.size(), 2u);
    f.player.on_envelope(refusal());
    ASSERT_EQ(f.host.thinks.size(), 3u);
    EXPECT_EQ(f.host.thinks[2], 0ms) << "other refusals keep the think rule's delay";
}

TEST(BotPlayer, GoingInactiveCancelsThePendingThink) {
    fixture f;
    f.player.set_active(true);
    f.player.on_envelope(state(1));
    f.player.set_active(false);
    EXPECT_EQ(f.host.cancels, 1);
    f.player.on_think();  // a timer that fired before the cancel reached it
    EXPECT_TRUE(f.host.sent.empty());
    f.player.set_active(true);
    EXPECT_EQ(f.host.thinks.size(), 2u) << "decides afresh when it may act again";
}

TEST(BotPlayer, TheOracleReportsImpossibleTransitionsWithBothViews) {
    fixture f;
    f.player.on_envelope(state(2));
    f.player.on_envelope(state(3));
    EXPECT_TRUE(f.host.desyncs.empty());
    f.player.on_envelope(state(1));
    ASSERT_EQ(f.host.desyncs.size(), 1u);
    EXPECT_EQ(f.host.desyncs[0], R"(n went down: {"n":3} -> {"n":1})");
    EXPECT_EQ(f.player.desyncs(), 1);
    f.player.forget_view();
    f.player.on_envelope(state(0));
    EXPECT_EQ(f.player.desyncs(), 1) << "a new game is not compared with the last one";
}

TEST(BotPlayer, OtherEnvelopesLeaveTheViewAlone) {
    fixture f;
    f.player.on_envelope(state(1));
    EXPECT_FALSE(f.player.on_envelope({{"type", "client_joined"}, {"data", {{"clientId", "x"}}}}));
    EXPECT_FALSE(f.player.on_envelope({{"type", "game_state"}}));  // no data: nothing to take
    EXPECT_EQ(f.player.view(), (sdk::json{{"n", 1}}));
}

TEST(BotPlayer, APolicyThatThrowsIsReportedAndSkipped) {
    fixture f;
    f.player.set_active(true);
    f.player.on_envelope({{"type", "game_state"}, {"data", {{"other", 1}}}});
    ASSERT_EQ(f.host.failures.size(), 1u);
    EXPECT_NE(f.host.failures[0].find("no n"), std::string::npos) << f.host.failures[0];
    EXPECT_TRUE(f.host.thinks.empty());
    f.player.on_envelope(state(0));
    EXPECT_EQ(f.host.thinks.size(), 1u) << "the next view is decided on as usual";
}

}  // namespace
}  // namespace gameserver::bot
