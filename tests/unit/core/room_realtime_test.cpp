// What the room gives real-time and persistent games: the fixed-rate tick loop (no drift, late
// ticks caught up one by one, one broadcast per catch-up, stopped when the game is over and
// restarted fresh), document loads and updates answered on the room's strand, and kicks.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gameserver/core/room.hpp"
#include "support/room_testkit.hpp"

namespace gameserver::core {
namespace {

using namespace std::chrono_literals;
using sdk::json;
using testkit::test_room;

struct tick_call {
    std::uint64_t tick;
    std::uint64_t late;
    std::int64_t at_ms;  // room time when the call ran
    friend bool operator==(const tick_call&, const tick_call&) = default;
};

// Runs while started and not over; each message type drives one feature under test.
class ticker_game final : public sdk::game {
  public:
    explicit ticker_game(std::vector<tick_call>& calls) : calls_(calls) {}

    sdk::status on_create(sdk::context&, const json&) override { return sdk::ok(); }
    sdk::status on_join(sdk::context&, const sdk::player_id&, const std::string&, bool) override {
        return sdk::ok();
    }
    void on_leave(sdk::context&, const sdk::player_id&) override {}
    void on_disconnect(sdk::context&, const sdk::player_id&) override {}
    sdk::status on_reconnect(sdk::context&, const sdk::player_id&, const sdk::player_id&) override {
        return sdk::ok();
    }
    sdk::status on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                          const json& data) override {
        if (type == "start") started_ = true, over_ = false;
        if (type == "stop") over_ = true;
        if (type == "load") ctx.load_document("stats", data.get<std::string>(), "tag-" + player);
        if (type == "win") {
            ctx.update_document("stats", data.get<std::string>(), [](const json& current) {
                return json{{"wins", current.is_null() ? 1 : current["wins"].get<int>() + 1}};
            });
        }
        if (type == "kick") {
            ctx.broadcast("kicking", json{{"who", data}});
            ctx.kick(data.get<std::string>(), "kicked by vote");
            ctx.broadcast("kicked", json{{"who", data}});
        }
        return sdk::ok();
    }
    void on_timer(sdk::context&, std::string_view) override {}
    void on_tick(sdk::context& ctx, std::uint64_t tick, std::uint64_t late) override {
        calls_.push_back({tick, late, ctx.now().count()});
        if (late == 0) ctx.broadcast("state", json{{"tick", tick}});
    }
    void on_loaded(sdk::context& ctx, std::string_view tag,
                   const sdk::loaded_document& result) override {
        ctx.broadcast("loaded", json{{"tag", tag}, {"ok", result.ok}, {"doc", result.document}});
    }
    sdk::status can_add_bot(sdk::context&) override { return sdk::ok(); }
    json snapshot() const override { return json::object(); }
    sdk::status restore(const json&) override { return sdk::ok(); }
    json view_for(const sdk::player_id&) const override { return json::object(); }
    bool is_started() const override { return started_; }
    bool is_over() const override { return over_; }

  private:
    std::vector<tick_call>& calls_;
    bool started_ = false;
    bool over_ = false;
};

// A bot that never acts: it only keeps a seat.
class idle_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "idle"; }
    std::optional<sdk::bot_action> decide(const json&, const sdk::player_id&,
                                          sdk::rng&) const override {
        return std::nullopt;
    }
};

class ticker_plugin final : public sdk::game_plugin {
  public:
    explicit ticker_plugin(int hz) {
        info_.id = "ticker";
        info_.min_players = 1;
        info_.max_players = 4;
        info_.tick_rate_hz = hz;
        info_.supports_bots = true;
    }
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override {
        return std::make_unique<ticker_game>(calls);
    }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view) const override { return idle_; }
    std::vector<std::string> bot_policies() const override { return {"idle"}; }
    std::string bot_name(sdk::rng&) const override { return "bot"; }

    mutable std::vector<tick_call> calls;

  private:
    sdk::game_info info_;
    std::shared_ptr<const sdk::bot_policy> idle_ = std::make_shared<idle_policy>();
};

int count_of(const testkit::recording_link& link, std::string_view type) {
    int n = 0;
    for (const auto& t : link.types()) n += t == type;
    return n;
}

TEST(RoomTicks, NoTicksUntilTheGameStarts) {
    ticker_plugin plugin(10);
    test_room room(plugin);
    room.join("a");
    room.env().advance(1s);
    EXPECT_TRUE(plugin.calls.empty());
}

TEST(RoomTicks, TicksRunAtTheFixedRateFromTheStart) {
    ticker_plugin plugin(10);
    test_room room(plugin);
    room.join("a");
    room.env().advance(35ms);  // the loop starts at the action, not at room creation
    room->action("a", "start", nullptr, "error");
    room.env().advance(350ms);
    const std::vector<tick_call> expected = {
        {1, 0, 135}, {2, 0, 235}, {3, 0, 335}};  // due at 100, 200, 300 ms after the start
    EXPECT_EQ(plugin.calls, expected);
    EXPECT_EQ(count_of(room.link("a"), "state"), 3);
}

// 3 Hz does not divide a second into whole milliseconds: each timer is rounded up, but tick n
// stays due at n x 333.33 ms from the start, so rounding never accumulates into drift.
TEST(RoomTicks, ScheduleDoesNotDriftWithRoundedTimers) {
    ticker_plugin plugin(3);
    test_room room(plugin);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    room.env().advance(100s);
    ASSERT_EQ(plugin.calls.size(), 300u);
    for (std::size_t i = 0; i < plugin.calls.size(); ++i) {
        const auto n = static_cast<std::int64_t>(i + 1);
        const std::int64_t due_ms = (n * 1000 + 2) / 3;  // ceil(n x 333.33)
        EXPECT_EQ(plugin.calls[i].at_ms, due_ms) << "tick " << n;
        EXPECT_EQ(plugin.calls[i].late, 0u);
    }
}

// A room whose strand was busy fires its tick timer late: every tick that fell due runs, in
// order, with the number still to come, and only the last broadcasts.
TEST(RoomTicks, LateTicksCatchUpOneByOneWithOneBroadcast) {
    ticker_plugin plugin(10);
    test_room room(plugin);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    room.env().advance(100ms);  // tick 1 on time
    ASSERT_EQ(plugin.calls.size(), 1u);
    room.link("a").clear();

    // The next timer (due at 200 ms) fires only at 430 ms: ticks 2, 3 and 4 are due.
    room.env().stall_timers(330ms);
    room.env().advance(330ms);
    const std::vector<tick_call> expected = {{1, 0, 100}, {2, 2, 430}, {3, 1, 430}, {4, 0, 430}};
    EXPECT_EQ(plugin.calls, expected);
    EXPECT_EQ(count_of(room.link("a"), "state"), 1);

    // And the schedule is intact: tick 5 at 500 ms, not 530.
    room.env().advance(70ms);
    ASSERT_EQ(plugin.calls.size(), 5u);
    EXPECT_EQ(plugin.calls.back(), (tick_call{5, 0, 500}));
}

TEST(RoomTicks, StopWhenOverAndRestartWithAFreshSchedule) {
    ticker_plugin plugin(10);
    test_room room(plugin);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    room.env().advance(250ms);
    ASSERT_EQ(plugin.calls.size(), 2u);
    room->action("a", "stop", nullptr, "error");
    EXPECT_EQ(room.env().pending_timers(), 0u);  // the loop's timer is cancelled at once
    room.env().advance(1s);
    ASSERT_EQ(plugin.calls.size(), 2u);

    room->action("a", "start", nullptr, "error");  // at 1250 ms
    room.env().advance(100ms);
    ASSERT_EQ(plugin.calls.size(), 3u);
    EXPECT_EQ(plugin.calls.back(), (tick_call{1, 0, 1350}));  // counts from 1 again, no burst
}

TEST(RoomTicks, TurnBasedGamesNeverTick) {
    ticker_plugin plugin(0);
    test_room room(plugin);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    room.env().advance(5s);
    EXPECT_TRUE(plugin.calls.empty());
}

TEST(RoomTicks, ClosingTheRoomStopsTheLoop) {
    ticker_plugin plugin(10);
    test_room room(plugin);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    room.env().advance(100ms);
    room->close();
    room.env().advance(1s);
    EXPECT_EQ(plugin.calls.size(), 1u);
}

TEST(RoomDocuments, LoadsAnswerOnTheStrandAndUpdatesMerge) {
    ticker_plugin plugin(0);
    test_room room(plugin);
    room.join("a");
    room->action("a", "win", "uid-7", "error");
    room->action("a", "win", "uid-7", "error");
    room->action("a", "load", "uid-7", "error");
    room->action("a", "load", "uid-unknown", "error");
    EXPECT_EQ(count_of(room.link("a"), "loaded"), 0);  // not within the action
    room.env().deliver_loads();
    const auto all = room.link("a").all();
    std::vector<json> loaded;
    for (const auto& e : all) {
        if (e["type"] == "loaded") loaded.push_back(e["data"]);
    }
    ASSERT_EQ(loaded.size(), 2u);
    EXPECT_EQ(loaded[0].dump(), R"({"tag":"tag-a","ok":true,"doc":{"wins":2}})");
    EXPECT_EQ(loaded[1].dump(), R"({"tag":"tag-a","ok":true,"doc":null})");
}

TEST(RoomDocuments, AnAnswerAfterTheRoomClosedIsIgnored) {
    ticker_plugin plugin(0);
    test_room room(plugin);
    room.join("a");
    room->action("a", "load", "uid-7", "error");
    room->close();
    room.link("a").clear();
    room.env().deliver_loads();
    EXPECT_TRUE(room.link("a").batches.empty());
}

// Bots alone play on while their game runs, but a game that never ends does not keep the room
// past rooms.bots_only_limit.
TEST(RoomUnattended, BotsAlonePlayOnUntilTheLimit) {
    ticker_plugin plugin(0);
    room_settings settings;
    settings.close_grace = 1s;
    settings.bots_only_limit = 5s;
    test_room room(plugin, settings);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    ASSERT_TRUE(room->add_bot("a").ok);
    room.leave("a");  // at 0 s: only the bot is left, mid-game
    room.env().advance(4500ms);
    EXPECT_EQ(room.env().closed_calls, 0) << "the game is still running";
    room.env().advance(1s);
    EXPECT_EQ(room.env().closed_calls, 1);
    EXPECT_EQ(room.env().closed_at, 5s);
}

TEST(RoomUnattended, AGameThatEndsClosesTheRoomAGraceLater) {
    ticker_plugin plugin(0);
    room_settings settings;
    settings.close_grace = 1s;
    test_room room(plugin, settings);
    room.join("a");
    room->action("a", "start", nullptr, "error");
    ASSERT_TRUE(room->add_bot("a").ok);
    room.leave("a");
    room.env().advance(2500ms);
    EXPECT_EQ(room.env().closed_calls, 0);
    // The bot ends the game (any member may: the game takes actions from anyone).
    room->action(room.bot_id(), "stop", nullptr, "error");
    room.env().advance(999ms);
    EXPECT_EQ(room.env().closed_calls, 0) << "a full grace to see the result";
    room.env().advance(1ms);
    EXPECT_EQ(room.env().closed_calls, 1);
}

TEST(RoomKick, TheMemberLeavesAfterTheHookWithNoSeatToReconnect) {
    ticker_plugin plugin(0);
    test_room room(plugin);
    room.join("a");
    room.join("b");
    room.clear_links();
    const auto reply = room->action("a", "kick", "b", "error");
    EXPECT_TRUE(reply.ok);
    // b still got what the game broadcast during the hook, then its link was told.
    EXPECT_EQ(room.link("b").types(), (std::vector<std::string>{"kicking", "kicked"}));
    EXPECT_EQ(room.link("b").kicks, (std::vector<std::string>{"room-1:kicked by vote"}));
    EXPECT_EQ(testkit::types_of(testkit::parse(reply.envelopes)),
              (std::vector<std::string>{"kicking", "kicked", "client_left"}));
    EXPECT_EQ(room.member_ids(), (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace gameserver::core
