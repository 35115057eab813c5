// libbot against a real gameserverd on port 0: fleets of network bots play every game to the end
// with no desync, minimax never loses to random, a cut socket reconnects, a seatless group does
// not stall the run, a lost seat moves its group on.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "all_games.hpp"
#include "gameserver/bot/fleet.hpp"
#include "gameserver/core/game_registry.hpp"
#include "support/test_server.hpp"

namespace gameserver::bot {
namespace {

using namespace std::chrono_literals;
using testing::test_server;

// Bots at think 0 send far more than people: lift the per-connection rate limit.
void bot_friendly(core::config& c) {
    c.limits.messages_per_second = 100'000;
    c.limits.message_burst = 100'000;
    c.rooms.close_grace = 500ms;
}

const sdk::game_plugin& plugin_of(const std::string& game) {
    static const core::game_registry registry = [] {
        core::game_registry r;
        games::register_all_games(r);
        return r;
    }();
    const sdk::game_plugin* plugin = registry.find(game);
    if (!plugin) throw std::runtime_error("no game " + game);
    return *plugin;
}

run_config config_for(const test_server& server, const std::string& game, int bots, int games) {
    run_config c;
    c.url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws";
    c.game = game;
    c.bots = bots;
    c.games = games;
    c.think = think_range{0ms, 2ms};
    c.seed = 7;
    c.threads = 2;
    c.duration = 60s;  // a safety net only; the runs below end by their game count
    return c;
}

std::int64_t seats(const run_summary& s) {
    std::int64_t n = 0;
    for (const auto& [policy, r] : s.results) n += r.wins + r.draws + r.losses;
    return n;
}

std::string describe(const run_summary& s) {
    return s.to_json().dump();
}

void expect_clean_run(const run_summary& s, std::int64_t games, int group) {
    EXPECT_EQ(s.games, games) << describe(s);
    EXPECT_EQ(seats(s), games * group)
        << "every seat of every game has an outcome: " << describe(s);
    EXPECT_EQ(s.unexpected_errors, 0) << describe(s);
    EXPECT_EQ(s.gave_up, 0) << describe(s);
    EXPECT_EQ(s.reconnect_failures, 0) << describe(s);
    EXPECT_EQ(s.desyncs, 0) << describe(s);
    EXPECT_EQ(s.abandoned_games, 0) << describe(s);
    EXPECT_FALSE(s.timed_out) << describe(s);
    EXPECT_GT(s.moves, 0);
}

TEST(BotFleet, TictactoeGamesFinish) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 6, 12);
    c.policies = {"minimax", "random"};
    fleet f(c, plugin_of("tictactoe"));
    expect_clean_run(f.run(), 12, 2);
}

TEST(BotFleet, DicegameGamesFinish) {
    test_server server(bot_friendly);
    auto c = config_for(server, "dicegame", 4, 4);
    c.options = {{"bustDelayMs", 100}};
    c.policies = {"classic", "ev", "random"};
    fleet f(c, plugin_of("dicegame"));
    expect_clean_run(f.run(), 4, 2);
}

TEST(BotFleet, OwedrahnGamesFinish) {
    test_server server(bot_friendly);
    auto c = config_for(server, "owedrahn", 4, 6);
    c.policies = {"cautious", "random"};
    fleet f(c, plugin_of("owedrahn"));
    expect_clean_run(f.run(), 6, 2);
}

TEST(BotFleet, SnakeGamesFinish) {
    test_server server(bot_friendly);
    auto c = config_for(server, "snake", 4, 2);
    c.options = {{"timeLimitSeconds", 10}};
    c.policies = {"chaser", "random"};
    fleet f(c, plugin_of("snake"));
    expect_clean_run(f.run(), 2, 2);
}

TEST(BotFleet, TellitGamesFinish) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tellit", 4, 2);
    c.policies = {"writer", "random"};
    fleet f(c, plugin_of("tellit"));
    expect_clean_run(f.run(), 2, 2);
}

TEST(BotFleet, MinimaxNeverLosesToRandomOver200Games) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 16, 200);
    c.think = think_range{0ms, 0ms};
    c.policies = {"minimax", "random"};
    fleet f(c, plugin_of("tictactoe"));
    const run_summary s = f.run();
    expect_clean_run(s, 200, 2);
    ASSERT_TRUE(s.results.contains("minimax")) << describe(s);
    const policy_results& minimax = s.results.at("minimax");
    EXPECT_EQ(minimax.losses, 0) << describe(s);
    EXPECT_EQ(minimax.wins + minimax.draws, 200);
    EXPECT_EQ(s.results.at("random").wins, 0);
}

TEST(BotFleet, CutSocketReconnectsAndFinishes) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 2, 3);
    c.think = think_range{20ms, 40ms};  // slow enough that a game is running when we cut
    c.reconnect = {.base = 10ms, .factor = 2.0, .cap = 100ms, .max_attempts = 10};
    fleet f(c, plugin_of("tictactoe"));
    auto result = std::async(std::launch::async, [&] { return f.run(); });
    // Cut bot 0's socket until one cut landed mid-game (the hook ignores bots between games).
    while (f.progress().reconnects == 0 && result.wait_for(0ms) != std::future_status::ready) {
        f.drop_connection(0);
        std::this_thread::sleep_for(30ms);
    }
    const run_summary s = result.get();
    EXPECT_GE(s.reconnects, 1) << describe(s);
    expect_clean_run(s, 3, 2);
}

TEST(BotFleet, NamedRoomBotsPlayTogether) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 2, 1);
    c.room = "people-and-bots";
    fleet f(c, plugin_of("tictactoe"));
    const run_summary s = f.run();
    EXPECT_GE(s.games, 1) << describe(s);
    EXPECT_EQ(s.unexpected_errors, 0) << describe(s);
}

// A group whose room gives it no seat gives up that game and its ticket: the other group plays
// every game, and the run ends instead of waiting on the stuck group.
TEST(BotFleet, AGroupWithoutSeatsDoesNotStallTheRun) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 4, 3);
    c.room_prefix = "seatless";
    // Group 0's first room is full before it arrives: two in-room bots hold both seats.
    const auto created = testing::http_call(server.port(), "POST", "/api/v1/rooms",
                                            R"({"gameType":"tictactoe","roomId":"seatless-0-0",)"
                                            R"("bots":2})");
    ASSERT_EQ(created.status, 201) << created.body;
    fleet f(c, plugin_of("tictactoe"));
    const run_summary s = f.run();
    EXPECT_EQ(s.games, 3) << describe(s);
    EXPECT_EQ(s.abandoned_games, 1) << describe(s);
    EXPECT_EQ(seats(s), 3 * 2) << "only the playing group counts outcomes: " << describe(s);
    EXPECT_GE(s.errors.count("ROOM_FULL"), 1u) << describe(s);
    EXPECT_FALSE(s.timed_out) << describe(s);
}

// A member whose seat is gone for good (the server no longer has its session, as after a
// restart) takes its group on to the next room: the run still plays every game it asked for.
TEST(BotFleet, ALostSeatMovesTheGroupToTheNextRoom) {
    test_server server([](core::config& c) {
        bot_friendly(c);
        c.sessions.ttl = 1s;  // expires before the cut bot comes back
    });
    auto c = config_for(server, "tictactoe", 2, 3);
    c.think = think_range{20ms, 40ms};  // slow enough that a game is running when we cut
    c.reconnect = {.base = 1200ms, .factor = 1.0, .cap = 1200ms, .max_attempts = 2};
    fleet f(c, plugin_of("tictactoe"));
    auto result = std::async(std::launch::async, [&] { return f.run(); });
    // Cut bot 0's socket until a cut landed mid-game: its reconnect finds the session expired.
    while (f.progress().errors == 0 && result.wait_for(0ms) != std::future_status::ready) {
        f.drop_connection(0);
        std::this_thread::sleep_for(20ms);
    }
    const run_summary s = result.get();
    EXPECT_EQ(s.games, 3) << describe(s);
    EXPECT_EQ(s.abandoned_games, 1) << describe(s);
    EXPECT_EQ(s.reconnect_failures, 1) << describe(s);
    EXPECT_GE(s.errors.count("SESSION_EXPIRED"), 1u) << describe(s);
    EXPECT_EQ(seats(s), 3 * 2) << "the abandoned game has no outcomes: " << describe(s);
    EXPECT_EQ(s.gave_up, 0) << describe(s);
    EXPECT_EQ(s.desyncs, 0) << describe(s);
    EXPECT_FALSE(s.timed_out) << describe(s);
}

TEST(BotFleet, DurationEndsARunWithoutAGameLimit) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 2, 0);
    c.think = think_range{5ms, 10ms};
    c.duration = 300ms;
    fleet f(c, plugin_of("tictactoe"));
    const run_summary s = f.run();
    EXPECT_TRUE(s.timed_out);
    EXPECT_EQ(s.unexpected_errors, 0) << describe(s);
    EXPECT_EQ(s.connected, 2);
}

TEST(BotFleet, StopEndsTheRun) {
    test_server server(bot_friendly);
    auto c = config_for(server, "tictactoe", 4, 0);
    c.duration = 0ms;
    fleet f(c, plugin_of("tictactoe"));
    auto result = std::async(std::launch::async, [&] { return f.run(); });
    while (f.progress().games < 2) std::this_thread::sleep_for(5ms);
    f.stop();
    const run_summary s = result.get();
    EXPECT_GE(s.games, 2);
    EXPECT_EQ(s.unexpected_errors, 0) << describe(s);
}

TEST(BotFleet, UnreachableServerGivesUp) {
    std::uint16_t port = 0;
    {
        test_server server(bot_friendly);
        port = server.port();
    }  // closed: nothing listens there now
    run_config c;
    c.url = "ws://127.0.0.1:" + std::to_string(port) + "/ws";
    c.bots = 2;
    c.games = 1;
    c.reconnect = {.base = 1ms, .factor = 2.0, .cap = 5ms, .max_attempts = 2};
    fleet f(c, plugin_of("tictactoe"));
    const run_summary s = f.run();
    EXPECT_EQ(s.connected, 0);
    EXPECT_EQ(s.gave_up, 2);
    EXPECT_EQ(s.games, 0);
}

TEST(BotFleet, CheckRefusesWhatCannotRun) {
    run_config c;
    c.game = "tellit";
    EXPECT_FALSE(fleet::check(c, plugin_of("tellit"))) << "tellit bots read the reduced view";
    c.game = "tictactoe";
    c.policies = {"nonsense"};
    auto unknown = fleet::check(c, plugin_of("tictactoe"));
    ASSERT_TRUE(unknown);
    EXPECT_NE(unknown->find("minimax"), std::string::npos) << *unknown;
    c.policies.clear();
    c.bots = 1;
    EXPECT_TRUE(fleet::check(c, plugin_of("tictactoe")));
    c.bots = 2;
    c.url = "http://x";
    EXPECT_TRUE(fleet::check(c, plugin_of("tictactoe")));
    c.url = "ws://127.0.0.1:1/ws";
    EXPECT_FALSE(fleet::check(c, plugin_of("tictactoe")));
    c.bots = 0;
    EXPECT_THROW(fleet(c, plugin_of("tictactoe")), std::invalid_argument);
}

TEST(BotFleet, GroupSizes) {
    EXPECT_EQ(group_size(plugin_of("tictactoe").info()), 2);
    EXPECT_EQ(group_size(plugin_of("dicegame").info()), 2);
    EXPECT_EQ(group_size(plugin_of("owedrahn").info()), 2) << "min 1, but at least 2 where allowed";
    EXPECT_EQ(group_size(plugin_of("snake").info()), 2);
}

}  // namespace
}  // namespace gameserver::bot
