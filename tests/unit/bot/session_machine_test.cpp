// The reconnect state machine alone: no sockets, envelopes in, envelopes and delays out.
#include "gameserver/bot/session_machine.hpp"

#include <gtest/gtest.h>

namespace gameserver::bot {
namespace {

using sdk::json;
using std::chrono::milliseconds;

json ok(const char* type, json data) {
    return {{"type", type}, {"success", true}, {"data", std::move(data)}};
}
json failure(const char* type, const char* error, const char* code) {
    return {{"type", type}, {"success", false}, {"error", error}, {"code", code}};
}

backoff_policy quick(int attempts = 3) {
    return {.base = milliseconds(10),
            .factor = 2.0,
            .cap = milliseconds(100),
            .max_attempts = attempts};
}

// Drives a machine to `seated` as client c1 in room r1 with token t1.
void seat(session_machine& m) {
    m.join({"tictactoe", "bot-0", "r1", json()});
    auto first = m.on_welcome();
    ASSERT_TRUE(first.send);
    EXPECT_EQ((*first.send)["type"], "join_room");
    auto step = m.on_envelope(
        ok("join_room_result", {{"clientId", "c1"}, {"roomId", "r1"}, {"reconnectToken", "t1"}}));
    ASSERT_EQ(step.event, session_event::seated);
}

TEST(SessionMachine, JoinBeforeWelcomeIsSentOnWelcome) {
    session_machine m(quick());
    EXPECT_EQ(m.phase(), session_phase::connecting);
    auto early = m.join({"dicegame", "bot-1", "room-a", json{{"bustDelayMs", 100}}});
    EXPECT_FALSE(early.send) << "not connected yet";
    auto step = m.on_welcome();
    ASSERT_TRUE(step.send);
    const json& join = *step.send;
    EXPECT_EQ(join["type"], "join_room");
    EXPECT_EQ(join["data"]["gameType"], "dicegame");
    EXPECT_EQ(join["data"]["playerName"], "bot-1");
    EXPECT_EQ(join["data"]["roomId"], "room-a");
    EXPECT_EQ(join["data"]["options"]["bustDelayMs"], 100);
    EXPECT_EQ(m.phase(), session_phase::joining);
}

TEST(SessionMachine, JoinWithoutRoomLetsTheServerCreateOne) {
    session_machine m(quick());
    m.on_welcome();
    EXPECT_EQ(m.phase(), session_phase::idle);
    auto step = m.join({"tictactoe", "bot", "", json()});
    ASSERT_TRUE(step.send);
    EXPECT_FALSE((*step.send)["data"].contains("roomId"));
    EXPECT_FALSE((*step.send)["data"].contains("options"));
}

TEST(SessionMachine, JoinResultSeats) {
    session_machine m(quick());
    seat(m);
    EXPECT_EQ(m.phase(), session_phase::seated);
    ASSERT_TRUE(m.seat());
    EXPECT_EQ(m.seat()->client_id, "c1");
    EXPECT_EQ(m.seat()->room_id, "r1");
    EXPECT_EQ(m.seat()->reconnect_token, "t1");
}

TEST(SessionMachine, FailedJoinReportsAndStaysIdle) {
    session_machine m(quick());
    m.join({"nope", "bot", "", json()});
    m.on_welcome();
    auto step = m.on_envelope(failure("join_room_result", "unknown game type", "UNKNOWN_GAME"));
    EXPECT_EQ(step.event, session_event::join_failed);
    EXPECT_EQ(m.phase(), session_phase::idle);
    EXPECT_FALSE(m.has_seat());
}

TEST(SessionMachine, DropThenReconnectWithIdAndTokenThenFreshIdentity) {
    session_machine m(quick());
    seat(m);
    sdk::rng random(1);
    auto delay = m.on_disconnected(random);
    ASSERT_TRUE(delay);
    EXPECT_LE(*delay, milliseconds(10));
    EXPECT_EQ(m.phase(), session_phase::connecting);

    auto step = m.on_welcome();
    ASSERT_TRUE(step.send);
    EXPECT_EQ((*step.send)["type"], "reconnect");
    EXPECT_EQ((*step.send)["data"]["clientId"], "c1");
    EXPECT_EQ((*step.send)["data"]["reconnectToken"], "t1");
    EXPECT_EQ((*step.send)["data"]["roomId"], "r1");
    EXPECT_EQ(m.phase(), session_phase::reconnecting);

    auto result = m.on_envelope(ok("reconnect_result", {{"roomId", "r1"},
                                                        {"clientId", "c2"},
                                                        {"gameType", "tictactoe"},
                                                        {"reconnectToken", "t2"}}));
    EXPECT_EQ(result.event, session_event::reseated);
    EXPECT_EQ(m.phase(), session_phase::seated);
    EXPECT_EQ(m.seat()->client_id, "c2");
    EXPECT_EQ(m.seat()->reconnect_token, "t2");
    EXPECT_EQ(m.reconnects(), 1);

    // A second drop uses the newest identity.
    ASSERT_TRUE(m.on_disconnected(random));
    auto again = m.on_welcome();
    EXPECT_EQ((*again.send)["data"]["clientId"], "c2");
    EXPECT_EQ((*again.send)["data"]["reconnectToken"], "t2");
}

TEST(SessionMachine, GivesUpAfterTheAttemptLimitAndBackoffGrows) {
    session_machine m(quick(3));
    seat(m);
    sdk::rng random(5);
    // Failed connection attempts (no welcome in between) use up the attempts.
    for (int i = 0; i < 3; ++i) {
        auto delay = m.on_disconnected(random);
        ASSERT_TRUE(delay) << i;
        EXPECT_LE(*delay, milliseconds(10 << i));
    }
    EXPECT_FALSE(m.on_disconnected(random));
    EXPECT_EQ(m.phase(), session_phase::gave_up);
    EXPECT_FALSE(m.on_welcome().send) << "a machine that gave up sends nothing";
}

TEST(SessionMachine, SuccessfulReconnectResetsTheAttempts) {
    session_machine m(quick(2));
    seat(m);
    sdk::rng random(5);
    for (int round = 0; round < 5; ++round) {
        ASSERT_TRUE(m.on_disconnected(random)) << round;
        ASSERT_TRUE(m.on_disconnected(random)) << round;  // one failed attempt
        m.on_welcome();
        auto r = m.on_envelope(ok("reconnect_result", {{"clientId", "c" + std::to_string(round)},
                                                       {"reconnectToken", "t"}}));
        ASSERT_EQ(r.event, session_event::reseated);
        EXPECT_EQ(m.seat()->room_id, "r1") << "kept when the result omits it";
    }
    EXPECT_EQ(m.reconnects(), 5);
}

TEST(SessionMachine, RefusedReconnectLosesTheSeat) {
    session_machine m(quick());
    seat(m);
    sdk::rng random(1);
    m.on_disconnected(random);
    m.on_welcome();
    auto step = m.on_envelope(failure("reconnect_result", "Room not found", "ROOM_NOT_FOUND"));
    EXPECT_EQ(step.event, session_event::reconnect_failed);
    EXPECT_FALSE(m.has_seat());
    EXPECT_EQ(m.phase(), session_phase::idle);
    EXPECT_EQ(m.reconnect_failures(), 1);
}

// dicegame refuses a reconnect into a game that ended meanwhile: not a lost seat, the game is
// simply over (the runner plays the next one).
TEST(SessionMachine, ReconnectIntoAnEndedGameIsNotALostSeat) {
    session_machine m(quick());
    seat(m);
    sdk::rng random(1);
    m.on_disconnected(random);
    m.on_welcome();
    auto step = m.on_envelope(failure("reconnect_result", "game already ended", "GAME_OVER"));
    EXPECT_EQ(step.event, session_event::game_ended_away);
    EXPECT_FALSE(m.has_seat());
    EXPECT_EQ(m.phase(), session_phase::idle);
    EXPECT_EQ(m.reconnect_failures(), 0);
}

// Right after a drop the server may not have stored our session yet: SESSION_EXPIRED is retried
// on the same connection (with backoff) until the attempt limit, then the seat is given up.
TEST(SessionMachine, SessionExpiredRightAfterADropIsRetried) {
    session_machine m(quick(3), 11);
    seat(m);
    sdk::rng random(1);
    ASSERT_TRUE(m.on_disconnected(random));  // attempt 1
    m.on_welcome();
    const json expired =
        failure("reconnect_result", "session expired or not found", "SESSION_EXPIRED");
    auto step = m.on_envelope(expired);  // attempt 2
    EXPECT_EQ(step.event, session_event::reconnect_retry);
    EXPECT_EQ(m.phase(), session_phase::reconnect_wait);
    EXPECT_LE(m.retry_delay(), milliseconds(20));
    EXPECT_TRUE(m.has_seat());
    auto again = m.retry_reconnect();
    ASSERT_TRUE(again.send);
    EXPECT_EQ((*again.send)["type"], "reconnect");
    EXPECT_EQ((*again.send)["data"]["clientId"], "c1");
    EXPECT_EQ(m.on_envelope(expired).event, session_event::reconnect_retry);  // attempt 3
    m.retry_reconnect();
    EXPECT_EQ(m.on_envelope(expired).event, session_event::reconnect_failed) << "limit reached";
    EXPECT_FALSE(m.has_seat());
}

TEST(SessionMachine, RetryReconnectOnlyWhenWaiting) {
    session_machine m(quick());
    seat(m);
    EXPECT_FALSE(m.retry_reconnect().send);
}

TEST(SessionMachine, LeaveClearsTheSeat) {
    session_machine m(quick());
    seat(m);
    auto step = m.leave();
    ASSERT_TRUE(step.send);
    EXPECT_EQ((*step.send)["type"], "leave_room");
    EXPECT_EQ(m.phase(), session_phase::leaving);
    auto left = m.on_envelope(ok("leave_room_result", json()));
    EXPECT_EQ(left.event, session_event::left);
    EXPECT_FALSE(m.has_seat());
    EXPECT_EQ(m.phase(), session_phase::idle);
}

TEST(SessionMachine, DropDuringLeaveDoesNotReclaimTheSeat) {
    session_machine m(quick());
    seat(m);
    m.leave();
    sdk::rng random(1);
    ASSERT_TRUE(m.on_disconnected(random));
    auto step = m.on_welcome();
    EXPECT_FALSE(step.send) << "no reconnect into a room we were leaving";
    EXPECT_EQ(step.event, session_event::left);
}

// The rate limit drops a message unread: a join, reconnect or leave it dropped would never be
// answered, so it is sent again after a pause (once, however many refusals arrive meanwhile).
TEST(SessionMachine, ARateLimitedJoinIsSentAgainAfterThePause) {
    session_machine m(quick());
    m.join({"tictactoe", "bot-0", "r1", json()});
    m.on_welcome();
    const json limited = failure("error", "rate limit exceeded", "RATE_LIMITED");
    auto step = m.on_envelope(limited);
    EXPECT_EQ(step.event, session_event::request_retry);
    EXPECT_FALSE(step.send) << "not at once: the bucket is empty";
    EXPECT_EQ(m.retry_delay(), rate_limited_pause);
    EXPECT_EQ(m.on_envelope(limited).event, session_event::none) << "one resend is enough";
    EXPECT_EQ(m.phase(), session_phase::joining);
    auto again = m.resend();
    ASSERT_TRUE(again.send);
    EXPECT_EQ((*again.send)["type"], "join_room");
    EXPECT_EQ((*again.send)["data"]["roomId"], "r1");
    EXPECT_FALSE(m.resend().send) << "nothing armed any more";
}

TEST(SessionMachine, ARateLimitedLeaveIsSentAgainUnlessItWasAnswered) {
    session_machine m(quick());
    seat(m);
    m.leave();
    const json limited = failure("error", "rate limit exceeded", "RATE_LIMITED");
    EXPECT_EQ(m.on_envelope(limited).event, session_event::request_retry);
    auto again = m.resend();
    ASSERT_TRUE(again.send);
    EXPECT_EQ((*again.send)["type"], "leave_room");

    // The refusal was for an action sent just before the leave, whose answer then came.
    EXPECT_EQ(m.on_envelope(limited).event, session_event::request_retry);
    EXPECT_EQ(m.on_envelope(ok("leave_room_result", json())).event, session_event::left);
    EXPECT_FALSE(m.resend().send);
}

TEST(SessionMachine, ARateLimitedActionWhileSeatedIsNotTheMachines) {
    session_machine m(quick());
    seat(m);
    EXPECT_EQ(m.on_envelope(failure("error", "rate limit exceeded", "RATE_LIMITED")).event,
              session_event::none);
    EXPECT_FALSE(m.resend().send);
}

TEST(SessionMachine, UnrelatedEnvelopesChangeNothing) {
    session_machine m(quick());
    seat(m);
    for (const json& e : {ok("game_state", {{"board", json::array()}}),
                          failure("error", "Not your turn", "NOT_YOUR_TURN"),
                          ok("join_room_result", {{"clientId", "other"}}), json(42)}) {
        EXPECT_EQ(m.on_envelope(e).event, session_event::none);
        EXPECT_EQ(m.phase(), session_phase::seated);
        EXPECT_EQ(m.seat()->client_id, "c1");
    }
}

TEST(SessionMachine, ClosedMachineNeverReconnects) {
    session_machine m(quick());
    seat(m);
    m.close();
    sdk::rng random(1);
    EXPECT_FALSE(m.on_disconnected(random));
    EXPECT_EQ(m.phase(), session_phase::closed);
}

}  // namespace
}  // namespace gameserver::bot
