// gameload's invariant checks, each with an input that holds and one that breaks it; a
// violation's detail must name what a reader needs (the room, the client, the counts).
#include "invariants.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace gameserver::load {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// A scrape with the counters check_metrics reads.
std::vector<metric_sample> scrape(int connections, int game_actions, int game_messages, int unknown,
                                  int others, int rate_limited, int reconnects_ok) {
    std::ostringstream text;
    text << "# TYPE gameserver_connections_total counter\n"
         << "gameserver_connections_total " << connections << "\n"
         << "gameserver_messages_in_total{type=\"game_action\"} " << game_actions << "\n"
         << "gameserver_messages_in_total{type=\"game_message\"} " << game_messages << "\n"
         << "gameserver_messages_in_total{type=\"unknown\"} " << unknown << "\n"
         << "gameserver_messages_in_total{type=\"join_room\"} " << others << "\n"
         << "gameserver_rate_limited_total " << rate_limited << "\n"
         << "gameserver_reconnects_total{result=\"ok\"} " << reconnects_ok << "\n"
         << "gameserver_reconnects_total{result=\"failed\"} 4\n";
    return parse_prometheus_text(text.str()).samples;
}

// A run of 10 connections, 100 bot actions, 20 other frames, 2 reconnects, 3 links cut.
client_counts counted() {
    client_counts c;
    c.handshakes_completed = 10;
    c.handshakes_started = 12;
    c.bot_actions = 100;
    c.bot_rate_limited = 1;
    c.bot_send_failures = 1;
    c.reconnects_ok = 2;
    c.frames_sent = 120;
    c.frames_refused_unread = 2;
    c.fire_and_forget_frames = 5;
    c.links_cut = 3;
    return c;
}

const auto before = scrape(5, 7, 3, 0, 9, 0, 1);  // a server that already served someone

std::string all_details(const check_result& r) {
    std::string out;
    for (const auto& v : r.violations) out += v.check + ": " + v.detail + "\n";
    return out;
}

TEST(MetricsInvariant, HoldsWhenTheServerCountedWhatGameloadSent) {
    // +10 connections, 96 actions (4 missing: 1 rate limited, 1 unsent, 2 in flight on cuts),
    // +2 reconnects, 96 + 18 + 1 = 115 frames read of 118 readable.
    const auto after = scrape(15, 7 + 40, 3 + 56, 0, 9 + 18, 1, 3);
    const check_result r = check_metrics(before, after, counted());
    EXPECT_TRUE(r.passed()) << all_details(r);
    EXPECT_FALSE(r.notes.empty());
}

TEST(MetricsInvariant, ReportsActionsTheServerNeverCounted) {
    // 90 of 100: more missing than rate limits, failed sends and cut links explain (4).
    const auto after = scrape(15, 7 + 40, 3 + 50, 0, 9 + 24, 1, 3);
    const check_result r = check_metrics(before, after, counted());
    ASSERT_EQ(r.violations.size(), 1u) << all_details(r);
    EXPECT_EQ(r.violations[0].check, "metrics");
    EXPECT_THAT(r.violations[0].detail, HasSubstr("bot actions"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("counted 90 of 100"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("3 links cut"));
}

TEST(MetricsInvariant, ActionsOutsideARoomCountAsUnknown) {
    const auto after = scrape(15, 7 + 40, 3 + 50, 6, 9 + 18, 1, 3);
    EXPECT_TRUE(check_metrics(before, after, counted()).passed());
}

TEST(MetricsInvariant, ReportsMoreCountedThanSent) {
    auto after = scrape(15 + 3, 7 + 60, 3 + 50, 0, 9 + 4, 1, 3);  // 110 actions, 13 connections
    const check_result r = check_metrics(before, after, counted());
    const std::string details = all_details(r);
    EXPECT_THAT(details, HasSubstr("counted 110, more than the 100 the bots sent"));
    EXPECT_THAT(details, HasSubstr("connections (gameserver_connections_total): the server "
                                   "counted 13, gameload expects [10, 12]"));
}

TEST(MetricsInvariant, ReportsReconnectsAndFramesOutsideTheirBounds) {
    // 7 reconnects (2 regained + at most 3 answers lost), 96 + 2 frames read (at least 108).
    const auto after = scrape(15, 7 + 40, 3 + 56, 0, 9 + 1, 1, 1 + 7);
    const check_result r = check_metrics(before, after, counted());
    const std::string details = all_details(r);
    EXPECT_EQ(r.violations.size(), 2u) << details;
    EXPECT_THAT(details, HasSubstr("reconnects (gameserver_reconnects_total{result=\"ok\"}): the "
                                   "server counted 7, gameload expects [2, 5]"));
    EXPECT_THAT(details, HasSubstr("frames (messages_in_total + rate_limited_total): the server "
                                   "counted 98, gameload expects [110, 118]"));
}

TEST(MetricsInvariant, SkippedWhenTheServerWasKilledOrRestarted) {
    const auto nonsense = scrape(0, 0, 0, 0, 0, 0, 0);
    client_counts killed = counted();
    killed.server_kills = 1;
    const check_result after_kill = check_metrics(before, nonsense, killed);
    EXPECT_TRUE(after_kill.passed());
    ASSERT_EQ(after_kill.notes.size(), 1u);
    EXPECT_THAT(after_kill.notes[0], HasSubstr("kill_server"));
    // Without a kill gameload knows of, counters that went back mean a restart all the same.
    const check_result went_back = check_metrics(before, nonsense, counted());
    EXPECT_TRUE(went_back.passed());
    ASSERT_EQ(went_back.notes.size(), 1u);
    EXPECT_THAT(went_back.notes[0], HasSubstr("went back"));
    EXPECT_TRUE(check_metrics({}, nonsense, counted()).passed());
    // Each is marked skipped (the report says so), unlike a comparison that was made.
    EXPECT_TRUE(after_kill.skipped);
    EXPECT_TRUE(went_back.skipped);
    EXPECT_TRUE(check_metrics({}, nonsense, counted()).skipped);
    EXPECT_FALSE(check_metrics(before, before, counted()).skipped);
}

TEST(MetricsInvariant, FramesNotComparedWhenGameloadCouldNotCountThem) {
    client_counts c = counted();
    c.frames_sent.reset();
    const auto after = scrape(15, 7 + 40, 3 + 56, 0, 9 + 1, 1, 3);  // frames far too few
    const check_result r = check_metrics(before, after, c);
    EXPECT_TRUE(r.passed()) << all_details(r);
}

room_info room(std::string id, std::vector<room_member> members, bool started = true) {
    return room_info{std::move(id), "tictactoe", started, 45'000ms, std::move(members)};
}

TEST(RoomsInvariant, HoldsWhenOnlyBotsStillPlay) {
    const std::vector<room_info> rooms{room("load-1-0-7", {{"b1", "bot", true}})};
    const check_result r = check_rooms_after_grace(rooms, 30s, 36s);
    EXPECT_TRUE(r.passed()) << all_details(r);
    EXPECT_TRUE(check_rooms_after_grace({}, 30s, 36s).passed());
}

TEST(RoomsInvariant, ReportsAnEmptyRoomAfterTheGrace) {
    const std::vector<room_info> rooms{room("load-1-0-7", {}, false), room("someone-elses", {})};
    const check_result r = check_rooms_after_grace(rooms, 30s, 36s, "load-1-");
    ASSERT_EQ(r.violations.size(), 1u) << all_details(r);
    EXPECT_EQ(r.violations[0].check, "rooms");
    EXPECT_THAT(r.violations[0].detail, HasSubstr("room load-1-0-7 (tictactoe, not started"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("has no members 36000 ms after"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("30000 ms grace"));
}

TEST(RoomsInvariant, ReportsMembersWhoseClientsAreGone) {
    const std::vector<room_info> rooms{
        room("r1", {{"c-alice", "bot-3", false}, {"b1", "server bot", true}})};
    const check_result r = check_rooms_after_grace(rooms, 1s, 10s);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_THAT(r.violations[0].detail, HasSubstr("room r1"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("c-alice (bot-3)"));
    EXPECT_THAT(r.violations[0].detail, Not(HasSubstr("server bot")));
}

TEST(RoomsInvariant, SkippedWhenListedBeforeTheGraceAndItsMargin) {
    EXPECT_EQ(room_close_margin(30s), 5s);
    const std::vector<room_info> rooms{room("r1", {})};
    const check_result early = check_rooms_after_grace(rooms, 30s, 34s);
    EXPECT_TRUE(early.passed());
    ASSERT_EQ(early.notes.size(), 1u);
    EXPECT_THAT(early.notes[0], HasSubstr("not checked"));
    EXPECT_TRUE(early.skipped);
    EXPECT_FALSE(check_rooms_after_grace(rooms, 30s, 35s).passed());
    EXPECT_FALSE(check_rooms_after_grace(rooms, 30s, 35s).skipped);
}

TEST(MemoryInvariant, HoldsWhenMostOfTheGrowthCameBack) {
    // Grew 400 MiB, kept 60 MiB (15%): glibc's arenas, not a leak.
    const check_result r = check_memory(20'000, 20'000 + 60 * 1024, 20'000 + 400 * 1024, 10'000);
    EXPECT_TRUE(r.passed()) << all_details(r);
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_THAT(r.notes[0], HasSubstr("kept 61440 KiB of 409600 KiB"));
    // A small run may keep up to 8 MiB whatever it grew.
    EXPECT_TRUE(check_memory(20'000, 28'000, 21'000, 40).passed());
}

TEST(MemoryInvariant, ReportsMemoryThatDidNotComeBack) {
    // Grew 400 MiB, kept 200 MiB: half of it.
    const check_result r = check_memory(20'000, 20'000 + 200 * 1024, 20'000 + 400 * 1024, 10'000);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_EQ(r.violations[0].check, "memory");
    EXPECT_THAT(r.violations[0].detail, HasSubstr("baseline 20000 KiB"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("kept 204800 KiB of 409600 KiB"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("allowed 102400 KiB"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("20971 bytes per connection"));
    EXPECT_FALSE(check_memory(20'000, 29'000, 21'000, 40).passed());  // above the 8 MiB floor
}

bot::run_summary reconnectors(std::int64_t failures, std::int64_t gave_up) {
    bot::run_summary s;
    s.game = "tictactoe";
    s.bots = 20;
    s.reconnects = 30;
    s.reconnect_failures = failures;
    s.gave_up = gave_up;
    if (failures > 0) s.errors["SESSION_EXPIRED"] = failures;
    return s;
}

TEST(SeatInvariant, HoldsWhenEveryReconnectGotItsSeat) {
    const check_result r = check_seat_restores(reconnectors(0, 0), "reconnector", 0);
    EXPECT_TRUE(r.passed());
}

TEST(SeatInvariant, ReportsSeatsNotRestored) {
    const check_result r = check_seat_restores(reconnectors(2, 1), "reconnector", 0);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_EQ(r.violations[0].check, "seats");
    EXPECT_THAT(r.violations[0].detail, HasSubstr("reconnector (tictactoe, 20 bots): 3 seat(s)"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("2 refused by the server, 1 gave up"));
    EXPECT_THAT(r.violations[0].detail, HasSubstr("SESSION_EXPIRED x2"));
}

TEST(SeatInvariant, SeatsAKillTookAreNotedNotViolations) {
    const check_result r = check_seat_restores(reconnectors(2, 0), "player", 1);
    EXPECT_TRUE(r.passed());
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_THAT(r.notes[0], HasSubstr("interrupted by 1 server kill"));
}

}  // namespace
}  // namespace gameserver::load
