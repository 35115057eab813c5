// The room actor as a pure state machine (SEED-SPEC §2.4, §3, §8.3): membership messages, the
// close grace on a virtual clock, reconnect, action replies, bots, timers and game hooks that
// throw. No sockets and no real time: a virtual environment fires timers when a test advances it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gameserver/core/json_codec.hpp"
#include "gameserver/core/room.hpp"
#include "support/room_testkit.hpp"
#include "testgame/testgame.hpp"

namespace gameserver::core {
namespace {

using testkit::parse;
using testkit::recording_link;
using testkit::test_room;
using testkit::types_of;
using testkit::virtual_environment;

using namespace std::chrono_literals;
using sdk::error_code;
using sdk::json;

json envelope(std::string_view type, json data) {
    return json{{"type", type}, {"success", true}, {"data", std::move(data)}};
}
json envelope(std::string_view type) {
    return json{{"type", type}, {"success", true}};
}
json error_envelope(std::string_view type, std::string_view message, std::string_view code) {
    return json{{"type", type}, {"success", false}, {"error", message}, {"code", code}};
}
json client_id(const std::string& id) {
    return json{{"clientId", id}};
}

// One room with its virtual environment and a recording link per member.

// A game whose behaviour each test picks: errors, broadcasts, timers, records, closing the
// room, and hooks that throw.
class probe_game final : public sdk::game {
  public:
    sdk::status on_create(sdk::context&, const json& options) override {
        if (options.contains("throw")) throw std::runtime_error("on_create exploded");
        return sdk::ok();
    }
    sdk::status on_join(sdk::context& ctx, const sdk::player_id& player, const std::string& name,
                        bool) override {
        if (name == "thrower") throw std::runtime_error("on_join exploded");
        if (name == "spectator") return sdk::fail(error_code::room_full, "Game is full");
        ++players_;
        ctx.broadcast("game_state", json{{"players", players_}});
        ctx.send(player, "joined", client_id(player));
        return sdk::ok();
    }
    void on_leave(sdk::context& ctx, const sdk::player_id& player) override {
        if (player == "bomb") throw std::runtime_error("on_leave exploded");
        ctx.broadcast("bye", client_id(player));
    }
    void on_disconnect(sdk::context&, const sdk::player_id& player) override {
        if (player == "bomb") throw std::runtime_error("on_disconnect exploded");
    }
    sdk::status on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                             const sdk::player_id& new_id) override {
        if (old_id == "bomb") throw std::runtime_error("on_reconnect exploded");
        if (old_id == "ghost") {
            ctx.broadcast("searching", client_id(new_id));
            return sdk::fail(error_code::player_not_found, "no player found with provided ID");
        }
        ctx.send(new_id, "reconnected", client_id(new_id));
        return sdk::ok();
    }
    sdk::status on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                          const json& data) override {
        if (type == "echo") {
            ctx.broadcast_except(player, "echo", data);
        } else if (type == "state") {
            ctx.broadcast("game_state", data);
        } else if (type == "reject") {
            return sdk::fail(error_code::invalid_move, "Invalid move coordinates");
        } else if (type == "throw") {
            throw std::runtime_error("on_action exploded");
        } else if (type == "close") {
            ctx.broadcast("closing", json::object());
            ctx.close_room();
        } else if (type == "schedule") {
            timer_ = ctx.schedule(sdk::millis{data.at("ms").get<int>()},
                                  data.at("tag").get<std::string>());
        } else if (type == "cancel") {
            ctx.cancel(timer_);
        } else if (type == "record") {
            ctx.record("probe_result", data);
        } else if (type == "start") {
            started_ = true;
        } else if (type == "break_view") {
            broken_view_ = true;
        }
        return sdk::ok();
    }
    void on_timer(sdk::context& ctx, std::string_view tag) override {
        if (tag == "boom") throw std::runtime_error("on_timer exploded");
        ctx.broadcast("tick", json{{"tag", tag}, {"at", ctx.now().count()}});
    }
    sdk::status can_add_bot(sdk::context&) override { return sdk::ok(); }
    json snapshot() const override { return view_for({}); }
    sdk::status restore(const json&) override { return sdk::ok(); }
    json view_for(const sdk::player_id&) const override {
        if (broken_view_) throw std::runtime_error("view_for exploded");
        return json{{"players", players_}};
    }
    bool is_started() const override { return started_; }
    bool is_over() const override { return false; }

  private:
    int players_ = 0;
    sdk::timer_id timer_ = 0;
    bool started_ = false;
    bool broken_view_ = false;
};

class probe_plugin final : public sdk::game_plugin {
  public:
    probe_plugin() {
        info_.id = "probe";
        info_.display_name = "Probe";
        info_.supports_bots = false;
    }
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return std::make_unique<probe_game>(); }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view) const override { return nullptr; }
    std::vector<std::string> bot_policies() const override { return {}; }
    std::string bot_name(sdk::rng&) const override { return "Probe bot"; }

  private:
    sdk::game_info info_;
};

class room_test : public ::testing::Test {
  protected:
    std::unique_ptr<sdk::game_plugin> test_game_ = games::testgame::make_plugin();
    probe_plugin probe_;
};

// --- SEED-SPEC §8.3: membership messages ---------------------------------------------------

TEST_F(room_test, FirstJoinerGetsNothingButItsReply) {
    test_room t(*test_game_);
    const room_reply reply = t.join("a");
    EXPECT_TRUE(reply.ok);
    ASSERT_EQ(reply.envelopes.size(), 1u);
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);  // the very payload passed in
    EXPECT_TRUE(t.link("a").batches.empty());
    EXPECT_EQ(t->member_count(), 1);
}

TEST_F(room_test, SecondJoinTellsTheFirstExactlyOnce) {
    test_room t(*test_game_);
    (void)t.join("a");
    const room_reply reply = t.join("b");
    ASSERT_EQ(reply.envelopes.size(), 1u);
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_TRUE(t.link("b").batches.empty());
    EXPECT_EQ(t.link("a").all(), (std::vector<json>{envelope("client_joined", client_id("b"))}));
    EXPECT_EQ(t.member_ids(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(room_test, JoinBroadcastReachesEveryOtherMemberExactlyOnce) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    (void)t.join("c");
    EXPECT_EQ(t.link("a").all(), (std::vector<json>{envelope("client_joined", client_id("c"))}));
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("client_joined", client_id("c"))}));
    EXPECT_TRUE(t.link("c").batches.empty());
}

TEST_F(room_test, BroadcastExceptReachesEveryOtherMemberExactlyOnce) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    (void)t.join("c");
    t.clear_links();
    const room_reply reply = t->action("a", "echo", json{{"n", 1}}, "error");
    EXPECT_TRUE(reply.ok);
    EXPECT_TRUE(reply.envelopes.empty());
    EXPECT_TRUE(t.link("a").batches.empty());
    for (const char* other : {"b", "c"}) {
        EXPECT_EQ(t.link(other).all(), (std::vector<json>{envelope("echo", json{{"n", 1}})}))
            << other;
    }
}

TEST_F(room_test, JoinReplyEndsWithTheSuccessReplyAfterTheGameEvents) {
    test_room t(probe_);
    (void)t.join("a");
    t.clear_links();
    const room_reply reply = t.join("b");
    EXPECT_TRUE(reply.ok);
    EXPECT_EQ(types_of(parse(reply.envelopes)),
              (std::vector<std::string>{"game_state", "joined", "join_room_result"}));
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    // The existing member sees client_joined first, then the hook's broadcast, in one batch.
    ASSERT_EQ(t.link("a").batches.size(), 1u);
    EXPECT_EQ(t.link("a").types(), (std::vector<std::string>{"client_joined", "game_state"}));
}

TEST_F(room_test, RefusedJoinStaysAsSpectatorWithAnError) {
    test_room t(probe_);
    (void)t.join("a");
    const room_reply reply = t.join("s", "spectator");
    EXPECT_TRUE(reply.ok);  // the join stands (SEED-SPEC §2.4 step 6)
    const auto got = parse(reply.envelopes);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], error_envelope("error", "Game is full", "ROOM_FULL"));
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_EQ(t->member_count(), 2);
}

TEST_F(room_test, LeaveTellsTheRemainingMemberExactlyOnce) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const room_reply reply = t.leave("b");
    EXPECT_TRUE(reply.ok);
    ASSERT_EQ(reply.envelopes.size(), 1u);
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_EQ(t.link("a").all(), (std::vector<json>{envelope("client_left", client_id("b"))}));
    EXPECT_TRUE(t.link("b").batches.empty());
    EXPECT_EQ(t.member_ids(), (std::vector<std::string>{"a"}));
    EXPECT_EQ(t->member_count(), 1);
}

TEST_F(room_test, LeaverStillGetsTheLeaveHookBroadcast) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const room_reply reply = t.leave("b");
    EXPECT_EQ(types_of(parse(reply.envelopes)),
              (std::vector<std::string>{"bye", "leave_room_result"}));
    ASSERT_EQ(t.link("a").batches.size(), 1u);
    EXPECT_EQ(t.link("a").types(), (std::vector<std::string>{"bye", "client_left"}));
}

TEST_F(room_test, CloseSendsEveryMemberOneRoomClosedAndLetsThemGo) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.join("b");
    ASSERT_TRUE(t->add_bot("a").ok);
    t.clear_links();

    t->close();
    for (const char* id : {"a", "b"}) {
        EXPECT_EQ(t.link(id).all(),
                  (std::vector<json>{envelope("room_closed", json{{"roomId", "room-1"}})}))
            << id;
        EXPECT_EQ(t.link(id).left, (std::vector<std::string>{"room-1"})) << id;
    }
    EXPECT_TRUE(t->is_closed());
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_EQ(t->member_count(), 0);
    EXPECT_TRUE(t->members().empty());
    EXPECT_EQ(t.env().pending_timers(), 0u);

    // Closing again, or letting time pass, changes nothing.
    t->close();
    t.env().advance(1h);
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_EQ(t.link("a").all().size(), 1u);
}

TEST_F(room_test, JoiningAClosedRoomIsRefused) {
    test_room t(*test_game_);
    t->close();
    const room_reply reply = t.join("c");
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(
        parse(reply.envelopes),
        (std::vector<json>{error_envelope("join_room_result", "room is closed", "ROOM_CLOSED")}));
    EXPECT_EQ(t->member_count(), 0);
    EXPECT_TRUE(t.link("c").batches.empty());
}

TEST_F(room_test, ClosedRoomRefusesReconnectActionsAndBots) {
    test_room t(*test_game_);
    (void)t.join("a");
    t->close();

    const room_reply reconnect = t.reconnect("a2", "a");
    EXPECT_FALSE(reconnect.ok);
    EXPECT_EQ(
        parse(reconnect.envelopes),
        (std::vector<json>{error_envelope("reconnect_result", "room is closed", "ROOM_CLOSED")}));

    const room_reply action = t->action("a", "anything", json(nullptr), "error");
    EXPECT_FALSE(action.ok);
    EXPECT_EQ(parse(action.envelopes),
              (std::vector<json>{error_envelope("error", "room is closed", "ROOM_CLOSED")}));

    const room_reply bot = t->add_bot("a");
    EXPECT_FALSE(bot.ok);
    EXPECT_EQ(
        parse(bot.envelopes),
        (std::vector<json>{error_envelope("add_bot_result", "room is closed", "ROOM_CLOSED")}));
    EXPECT_EQ(t->member_count(), 0);
    EXPECT_EQ(t.env().closed_calls, 1);
}

// --- SEED-SPEC §3.4: the close grace on virtual time ---------------------------------------

TEST_F(room_test, LastHumanLeavingClosesAfterExactlyTheGrace) {
    room_settings settings;
    settings.close_grace = 5s;
    test_room t(*test_game_, settings);
    (void)t.join("a");
    t.env().advance(1h);  // nothing pending while a human is in
    EXPECT_EQ(t.env().closed_calls, 0);

    (void)t.leave("a");
    t.env().advance(4999ms);
    EXPECT_EQ(t.env().closed_calls, 0);
    EXPECT_FALSE(t->is_closed());
    t.env().advance(1ms);
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_EQ(t.env().closed_at, 1h + 5s);
    EXPECT_TRUE(t->is_closed());
}

TEST_F(room_test, HumanRejoiningWithinTheGraceCancelsTheClose) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.leave("a");
    t.env().advance(20s);
    (void)t.join("b");
    t.env().advance(1h);
    EXPECT_EQ(t.env().closed_calls, 0);
    EXPECT_EQ(t.env().pending_timers(), 0u);

    // The next departure starts a full grace of its own.
    (void)t.leave("b");
    t.env().advance(29'999ms);
    EXPECT_EQ(t.env().closed_calls, 0);
    t.env().advance(1ms);
    EXPECT_EQ(t.env().closed_calls, 1);
}

TEST_F(room_test, PendingCloseIsNotRestarted) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.leave("a");
    t.env().advance(10s);
    (void)t.leave("a");  // a second departure (no longer a member) keeps the first deadline
    t.env().advance(20s);
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_EQ(t.env().closed_at, 30s);
}

TEST_F(room_test, BotsDoNotCountAsHumans) {
    test_room t(*test_game_);
    (void)t.join("a");
    ASSERT_TRUE(t->add_bot("a").ok);
    (void)t.leave("a");
    EXPECT_EQ(t->member_count(), 1);  // only the bot
    t.env().advance(29'999ms);
    EXPECT_EQ(t.env().closed_calls, 0);
    t.env().advance(1ms);
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_EQ(t->member_count(), 0);
}

TEST_F(room_test, DisconnectAlsoSchedulesTheClose) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    t->disconnect("b");
    EXPECT_EQ(t.link("a").all(), (std::vector<json>{envelope("client_left", client_id("b"))}));
    t->disconnect("nobody");  // unknown ids are ignored
    t->disconnect("a");
    t.env().advance(29'999ms);
    EXPECT_EQ(t.env().closed_calls, 0);
    t.env().advance(1ms);
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_TRUE(t.link("a").left.empty());  // it had already gone; nobody was left to tell
}

TEST_F(room_test, RoomNobodyJoinsClosesAfterTheGrace) {
    test_room t(*test_game_);
    t.env().advance(29'999ms);
    EXPECT_EQ(t.env().closed_calls, 0);
    t.env().advance(1ms);
    EXPECT_EQ(t.env().closed_calls, 1);
    EXPECT_TRUE(t->is_closed());
}

// --- SEED-SPEC §2.4 reconnect / §4 --------------------------------------------------------

TEST_F(room_test, ReconnectTakesOverTheMembershipAndTellsTheOthers) {
    test_room t(*test_game_);
    (void)t.join("a", "Alice");
    (void)t.join("b", "Bob");
    t.clear_links();
    t->disconnect("a");
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("client_left", client_id("a"))}));
    t.clear_links();

    const room_reply reply = t.reconnect("a2", "a");
    EXPECT_TRUE(reply.ok);
    ASSERT_EQ(reply.envelopes.size(), 1u);
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("client_joined", client_id("a2"))}));
    EXPECT_TRUE(t.link("a2").batches.empty());
    const auto members = t->members();
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[1].id, "a2");
    EXPECT_EQ(members[1].name, "Alice");  // the name survives the reconnect
    EXPECT_FALSE(members[1].bot);
}

TEST_F(room_test, ReconnectWithinTheGraceCancelsTheClose) {
    test_room t(*test_game_);
    (void)t.join("a");
    t->disconnect("a");
    t.env().advance(10s);
    ASSERT_TRUE(t.reconnect("a2", "a").ok);
    t.env().advance(1h);
    EXPECT_EQ(t.env().closed_calls, 0);
}

TEST_F(room_test, FailedReconnectIsUndone) {
    test_room t(probe_);
    (void)t.join("a");
    t.clear_links();
    const room_reply reply = t.reconnect("c", "ghost");
    EXPECT_FALSE(reply.ok);
    const auto got = parse(reply.envelopes);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), error_envelope("reconnect_result", "no player found with provided ID",
                                         "PLAYER_NOT_FOUND"));
    ASSERT_EQ(t.link("a").batches.size(), 1u);
    EXPECT_EQ(t.link("a").types(),
              (std::vector<std::string>{"client_joined", "searching", "client_left"}));
    EXPECT_EQ(t.link("a").all().front(), envelope("client_joined", client_id("c")));
    EXPECT_EQ(t.link("a").all().back(), envelope("client_left", client_id("c")));
    EXPECT_EQ(t.member_ids(), (std::vector<std::string>{"a"}));
    EXPECT_TRUE(t.link("c").batches.empty());
}

TEST_F(room_test, FailedReconnectDoesNotExtendTheGrace) {
    test_room t(probe_);
    (void)t.join("a");
    t->disconnect("a");
    t.env().advance(10s);
    EXPECT_FALSE(t.reconnect("c", "ghost").ok);
    t.env().advance(19'999ms);
    EXPECT_EQ(t.env().closed_calls, 0);
    t.env().advance(1ms);
    EXPECT_EQ(t.env().closed_calls, 1);  // still 30 s after the last human left
}

TEST_F(room_test, ThrowingReconnectHookIsAnInternalError) {
    test_room t(probe_);
    (void)t.join("a");
    room_reply reply;
    EXPECT_NO_THROW(reply = t.reconnect("c", "bomb"));
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(
        parse(reply.envelopes),
        (std::vector<json>{error_envelope("reconnect_result", "internal error", "INTERNAL")}));
    EXPECT_EQ(t.member_ids(), (std::vector<std::string>{"a"}));
}

// --- actions ------------------------------------------------------------------------------

TEST_F(room_test, ActionErrorsUseTheGivenReplyTypeAndCode) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    for (const char* reply_type : {"error", "game_action_result"}) {
        const room_reply reply = t->action("a", "reject", json::object(), reply_type);
        EXPECT_FALSE(reply.ok);
        EXPECT_EQ(parse(reply.envelopes),
                  (std::vector<json>{
                      error_envelope(reply_type, "Invalid move coordinates", "INVALID_MOVE")}));
    }
    EXPECT_TRUE(t.link("a").batches.empty());
    EXPECT_TRUE(t.link("b").batches.empty());
}

TEST_F(room_test, ActionFromANonMemberIsRefused) {
    test_room t(probe_);
    (void)t.join("a");
    const room_reply reply = t->action("stranger", "echo", json::object(), "game_action_result");
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(parse(reply.envelopes),
              (std::vector<json>{
                  error_envelope("game_action_result", "client is not in a room", "NOT_IN_ROOM")}));
    EXPECT_TRUE(t.link("a").batches.empty());
}

TEST_F(room_test, GameStateIsTheOnlyReplaceableEnvelope) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const room_reply reply = t->action("a", "state", json{{"n", 2}}, "error");
    ASSERT_EQ(reply.envelopes.size(), 1u);
    EXPECT_TRUE(reply.envelopes[0].full_state);
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("game_state", json{{"n", 2}})}));
    // recording_link::deliver checks the flag of every delivered envelope against its type.
}

// --- game hooks that throw ----------------------------------------------------------------

TEST_F(room_test, ThrowingActionHookGetsAnInternalErrorAndTheRoomGoesOn) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    room_reply reply;
    EXPECT_NO_THROW(reply = t->action("a", "throw", json::object(), "error"));
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(parse(reply.envelopes),
              (std::vector<json>{error_envelope("error", "internal error", "INTERNAL")}));
    EXPECT_TRUE(t.link("b").batches.empty());

    EXPECT_TRUE(t->action("a", "echo", json(1), "error").ok);
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("echo", json(1))}));
}

TEST_F(room_test, ThrowingJoinLeaveTimerAndViewHooksDoNotPropagate) {
    test_room t(probe_);
    (void)t.join("a");

    room_reply joined;
    EXPECT_NO_THROW(joined = t.join("t", "thrower"));
    EXPECT_TRUE(joined.ok);
    ASSERT_EQ(joined.envelopes.size(), 2u);
    // Like a refused join: the member stays unseated and hears why before its reply.
    EXPECT_EQ(parse(joined.envelopes)[0], error_envelope("error", "internal error", "INTERNAL"));
    EXPECT_EQ(joined.envelopes.back().payload, t.success_reply);

    (void)t.join("bomb");
    EXPECT_NO_THROW((void)t.leave("bomb"));
    EXPECT_EQ(t.member_ids(), (std::vector<std::string>{"a", "t"}));
    (void)t.join("bomb");
    EXPECT_NO_THROW(t->disconnect("bomb"));
    EXPECT_EQ(t.member_ids(), (std::vector<std::string>{"a", "t"}));

    ASSERT_TRUE(t->action("a", "schedule", json{{"ms", 100}, {"tag", "boom"}}, "error").ok);
    EXPECT_NO_THROW(t.env().advance(100ms));

    ASSERT_TRUE(t->action("a", "break_view", json::object(), "error").ok);
    json described;
    EXPECT_NO_THROW(described = t->describe());
    EXPECT_TRUE(described.at("state").is_null());
    EXPECT_FALSE(t->is_closed());
}

TEST(room_create_test, ThrowingCreateHookFailsTheRoom) {
    probe_plugin probe;
    virtual_environment env;
    room r("room-1", probe, {}, env, null_telemetry());
    env.attach(r);
    sdk::status result;
    EXPECT_NO_THROW(result = r.create(json{{"throw", true}}));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->code, error_code::internal);
}

// --- game timers, records and closing -------------------------------------------------------

TEST_F(room_test, GameTimersFireOnRoomTime) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    t.env().advance(2s);
    t.clear_links();
    ASSERT_TRUE(t->action("a", "schedule", json{{"ms", 500}, {"tag", "t1"}}, "error").ok);
    t.env().advance(499ms);
    EXPECT_TRUE(t.link("a").batches.empty());
    t.env().advance(1ms);
    const json tick = envelope("tick", json{{"tag", "t1"}, {"at", 2500}});
    EXPECT_EQ(t.link("a").all(), (std::vector<json>{tick}));
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{tick}));
}

TEST_F(room_test, GameCanCancelItsTimer) {
    test_room t(probe_);
    (void)t.join("a");
    t.clear_links();
    ASSERT_TRUE(t->action("a", "schedule", json{{"ms", 500}, {"tag", "t1"}}, "error").ok);
    ASSERT_TRUE(t->action("a", "cancel", json::object(), "error").ok);
    EXPECT_EQ(t.env().pending_timers(), 0u);
    t.env().advance(1s);
    EXPECT_TRUE(t.link("a").batches.empty());
}

TEST_F(room_test, ClosingCancelsEveryTimer) {
    test_room t(probe_);
    (void)t.join("a");
    ASSERT_TRUE(t->action("a", "schedule", json{{"ms", 500}, {"tag", "t1"}}, "error").ok);
    t.clear_links();
    t->close();
    EXPECT_EQ(t.env().pending_timers(), 0u);
    t.env().advance(1s);
    EXPECT_EQ(t.link("a").types(), (std::vector<std::string>{"room_closed"}));
}

TEST_F(room_test, GameClosingTheRoomClosesItOnceForEveryone) {
    test_room t(probe_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const room_reply reply = t->action("a", "close", json::object(), "error");
    EXPECT_TRUE(reply.ok);
    EXPECT_TRUE(t->is_closed());
    EXPECT_EQ(t.env().closed_calls, 1);
    // The requester gets the hook's broadcast and room_closed in its reply, in that order
    // (over the link room_closed would overtake the reply); the others over their link.
    const json closed = envelope("room_closed", json{{"roomId", "room-1"}});
    EXPECT_EQ(parse(reply.envelopes),
              (std::vector<json>{envelope("closing", json::object()), closed}));
    EXPECT_TRUE(t.link("a").batches.empty());
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("closing", json::object()), closed}));
    for (const char* id : {"a", "b"}) {
        EXPECT_EQ(t.link(id).left, (std::vector<std::string>{"room-1"})) << id;
    }
}

TEST_F(room_test, GameRecordsGoToTheEnvironment) {
    test_room t(probe_);
    (void)t.join("a");
    ASSERT_TRUE(t->action("a", "record", json{{"winner", "a"}}, "error").ok);
    ASSERT_EQ(t.env().records.size(), 1u);
    EXPECT_EQ(t.env().records[0].kind, "probe_result");
    EXPECT_EQ(t.env().records[0].data, (json{{"winner", "a"}}));
}

// --- bots ---------------------------------------------------------------------------------

TEST_F(room_test, AddBotSeatsAnIdleBotAndTellsEveryone) {
    test_room t(*test_game_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const room_reply reply = t->add_bot("a");
    EXPECT_TRUE(reply.ok);
    const auto members = t->members();
    ASSERT_EQ(members.size(), 3u);
    const member_info& bot = members.back();
    EXPECT_TRUE(bot.bot);
    EXPECT_EQ(bot.name, "Bot 1");
    EXPECT_EQ(parse(reply.envelopes),
              (std::vector<json>{envelope("client_joined", client_id(bot.id)),
                                 envelope("add_bot_result")}));
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("client_joined", client_id(bot.id))}));
    EXPECT_EQ(t->member_count(), 3);
    EXPECT_EQ(t.env().pending_timers(), 0u);  // the idle bot never acts
}

TEST_F(room_test, BotIdsFollowTheRoomSeed) {
    auto bot_id = [&](std::uint64_t seed) {
        room_settings settings;
        settings.seed = seed;
        test_room t(*test_game_, settings);
        (void)t.join("a");
        EXPECT_TRUE(t->add_bot("a").ok);
        return t->members().back().id;
    };
    EXPECT_EQ(bot_id(7), bot_id(7));
    EXPECT_NE(bot_id(7), bot_id(8));
}

TEST_F(room_test, AddBotRefusals) {
    test_room probe_room(probe_);
    (void)probe_room.join("a");
    EXPECT_EQ(parse(probe_room->add_bot("a").envelopes),
              (std::vector<json>{error_envelope("add_bot_result", "game does not support bots",
                                                "BOTS_UNSUPPORTED")}));

    test_room t(*test_game_);
    (void)t.join("a");
    const room_reply unknown = t->add_bot("a", "grandmaster");
    EXPECT_FALSE(unknown.ok);
    EXPECT_EQ(
        parse(unknown.envelopes),
        (std::vector<json>{error_envelope("add_bot_result", "unknown bot policy", "BAD_REQUEST")}));

    const room_reply stranger = t->add_bot("stranger");
    EXPECT_FALSE(stranger.ok);
    EXPECT_EQ(parse(stranger.envelopes),
              (std::vector<json>{
                  error_envelope("add_bot_result", "client is not in a room", "NOT_IN_ROOM")}));
    EXPECT_EQ(t->member_count(), 1);
    EXPECT_TRUE(t.link("a").batches.empty());
}

// --- what the room reports ------------------------------------------------------------------

TEST_F(room_test, MemberCountAndStartedFollowTheRoom) {
    test_room t(probe_);
    EXPECT_EQ(t->member_count(), 0);
    EXPECT_FALSE(t->started());
    (void)t.join("a");
    (void)t.join("b");
    EXPECT_EQ(t->member_count(), 2);
    EXPECT_FALSE(t->started());
    ASSERT_TRUE(t->action("a", "start", json::object(), "error").ok);
    EXPECT_TRUE(t->started());
    (void)t.leave("b");
    EXPECT_EQ(t->member_count(), 1);
    t->disconnect("a");
    EXPECT_EQ(t->member_count(), 0);
    EXPECT_EQ(t->game_type(), "probe");
    EXPECT_EQ(t->id(), "room-1");
}

TEST_F(room_test, DescribeHasMembersAndState) {
    room_settings settings;
    settings.seed = 42;
    test_room t(*test_game_, settings);
    (void)t.join("a", "Alice");
    ASSERT_TRUE(t->add_bot("a").ok);
    t.env().advance(1500ms);
    const json d = t->describe();
    EXPECT_EQ(d.at("roomId"), "room-1");
    EXPECT_EQ(d.at("gameType"), "testGame");
    EXPECT_EQ(d.at("playerCount"), 2);
    EXPECT_EQ(d.at("started"), false);
    EXPECT_EQ(d.at("over"), false);
    EXPECT_EQ(d.at("closed"), false);
    EXPECT_EQ(d.at("ageMs"), 1500);
    EXPECT_EQ(d.at("seed"), 42);
    const json& members = d.at("members");
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0], (json{{"clientId", "a"}, {"name", "Alice"}, {"bot", false}}));
    EXPECT_EQ(members[1].at("name"), "Bot 1");
    EXPECT_EQ(members[1].at("bot"), true);
    EXPECT_EQ(d.at("state"), (json{{"players", json::object()}}));
}

}  // namespace
}  // namespace gameserver::core
