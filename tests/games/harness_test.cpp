// The games' test harness itself: timers, ticks, loads, kicks and membership, as games rely on.
#include "games/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gameserver::games::testkit {
namespace {

// Logs every timer and tick it sees; "chain" schedules another timer while firing.
class clock_probe final : public sdk::game {
  public:
    std::vector<std::string> fired;

    sdk::status on_create(sdk::context&, const sdk::json&) override { return sdk::ok(); }
    sdk::status on_join(sdk::context& ctx, const sdk::player_id& player, const std::string&,
                        bool) override {
        ctx.broadcast_except(player, "joined", sdk::json{{"id", player}});
        return sdk::ok();
    }
    void on_leave(sdk::context&, const sdk::player_id&) override {}
    void on_disconnect(sdk::context&, const sdk::player_id&) override {}
    sdk::status on_reconnect(sdk::context&, const sdk::player_id&, const sdk::player_id&) override {
        return sdk::ok();
    }
    sdk::status on_action(sdk::context& ctx, const sdk::player_id&, std::string_view type,
                          const sdk::json&) override {
        ctx.broadcast(type, sdk::json::object());
        return sdk::ok();
    }
    void on_timer(sdk::context& ctx, std::string_view tag) override {
        fired.push_back(std::string(tag) + "@" + std::to_string(ctx.now().count()));
        if (tag == "chain") (void)ctx.schedule(sdk::millis{0}, "chained");
    }
    void on_tick(sdk::context& ctx, std::uint64_t tick, std::uint64_t) override {
        fired.push_back("tick" + std::to_string(tick) + "@" + std::to_string(ctx.now().count()));
    }
    sdk::status can_add_bot(sdk::context&) override { return sdk::ok(); }
    sdk::json snapshot() const override { return sdk::json::object(); }
    sdk::status restore(const sdk::json&) override { return sdk::ok(); }
    sdk::json view_for(const sdk::player_id&) const override { return sdk::json::object(); }
    bool is_started() const override { return false; }
    bool is_over() const override { return false; }
};

TEST(harness, TimersFireInTimeOrderThenFifo) {
    clock_probe probe;
    testkit::harness h(1);
    h.attach(probe);
    (void)h.schedule(sdk::millis{300}, "late");
    (void)h.schedule(sdk::millis{100}, "first");
    (void)h.schedule(sdk::millis{100}, "second");
    const auto cancelled = h.schedule(sdk::millis{50}, "cancelled");
    (void)h.schedule(sdk::millis{200}, "chain");
    h.cancel(cancelled);
    EXPECT_EQ(h.pending_timers(), 4u);
    h.advance(sdk::millis{250});
    EXPECT_EQ(probe.fired,
              (std::vector<std::string>{"first@100", "second@100", "chain@200", "chained@200"}));
    EXPECT_EQ(h.now(), sdk::millis{250});
    EXPECT_TRUE(h.advance_to_next());
    EXPECT_EQ(probe.fired.back(), "late@300");
    EXPECT_FALSE(h.advance_to_next());
}

TEST(harness, TicksInterleaveWithTimers) {
    clock_probe probe;
    testkit::harness h(1);
    h.attach(probe, 10);  // every 100 ms
    (void)h.schedule(sdk::millis{150}, "timer");
    h.advance(sdk::millis{300});
    EXPECT_EQ(probe.fired,
              (std::vector<std::string>{"tick1@100", "timer@150", "tick2@200", "tick3@300"}));
    EXPECT_EQ(h.pending_timers(), 0u);
}

TEST(harness, BroadcastsExpandToConnectedMembersInOrder) {
    clock_probe probe;
    testkit::harness h(1);
    h.attach(probe);
    (void)h.act("nobody", "alone");  // no members yet: one "*" entry
    ASSERT_EQ(h.take(), (std::vector<testkit::outbound>{{"*", {}, "alone", "{}", true, {}, {}}}));
    (void)h.join("b");
    (void)h.join("a");
    EXPECT_EQ(
        h.take(),
        (std::vector<testkit::outbound>{{"b", "a", "joined", R"({"id":"a"})", true, {}, {}}}));
    h.disconnect("b");
    (void)h.join("c");
    (void)h.act("a", "ping");
    const auto out = h.take();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].to, "a");  // joined, except c; b is disconnected
    EXPECT_EQ(out[1].to, "a");  // ping
    EXPECT_EQ(out[2].to, "c");
    EXPECT_EQ(h.members(), (std::vector<std::string>{"b", "a", "c"}));
    EXPECT_TRUE(h.reconnect("b", "b2") == std::nullopt);
    EXPECT_EQ(h.members(), (std::vector<std::string>{"a", "c", "b2"}));
}

}  // namespace
}  // namespace gameserver::games::testkit
