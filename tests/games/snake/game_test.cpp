// snake on the harness (GAMES.md "snake"): seating, ready and start, the tick loop and its
// catch-up rule, input ordering, collisions and the end of a round, every error, reconnects,
// leaves, restarts, records, options and snapshots.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "games/snake/snake_fixture.hpp"

namespace gameserver::games::snake {
namespace {

using testing::entry;
using testing::line;
using testing::running;
using testing::table;

constexpr const char* far_food = "[[0,31],[1,31]]";

std::vector<point> far_food_cells() {
    return {{0, 31}, {1, 31}};
}

point head_of(const table& t, const std::string& id) {
    return t.g.world().snakes.at(id).body.front();
}

direction dir_of(const table& t, const std::string& id) {
    return t.g.world().snakes.at(id).dir;
}

// ---- seating, ready, start ----

TEST(SnakeGame, JoinSeatsPlayersOnTheirSpawnsAndBroadcastsTheState) {
    table t;
    t.join({"p1"});
    ASSERT_EQ(t.sent("game_state", "p1").size(), 1u);
    t.join({"p2"});
    EXPECT_EQ(t.sent("game_state", "p1").size(), 2u);
    EXPECT_EQ(t.sent("game_state", "p2").size(), 1u);
    EXPECT_EQ(
        t.sent("game_state", "p2").back().dump(),
        R"({"tick":0,"started":false,"over":false,"winner":"","width":32,"height":32,"food":[],)"
        R"("snakes":{"p1":{"name":"Name p1","alive":true,"dir":"right","body":[[4,16],[3,16],[2,16]],)"
        R"("score":0,"ready":false,"connected":true,"next":"right"},)"
        R"("p2":{"name":"Name p2","alive":true,"dir":"left","body":[[27,15],[28,15],[29,15]],)"
        R"("score":0,"ready":false,"connected":true,"next":"left"}},"timeLeftTicks":1200})");
    EXPECT_EQ(t.view(), t.g.view_for("p1")) << "everyone sees the same state";
    EXPECT_FALSE(t.g.is_started());
}

TEST(SnakeGame, AnEmptyNameGetsASeatName) {
    table t;
    ASSERT_FALSE(t.h.join("p1", ""));
    EXPECT_EQ(t.snake_view("p1")["name"], "Player 1");
}

TEST(SnakeGame, StartsWhenEverySeatedPlayerIsReadyAndThereAreTwo) {
    table t(3);
    t.join({"p1"});
    t.ready({"p1"});
    EXPECT_FALSE(t.g.is_started()) << "one ready player is not enough";
    EXPECT_EQ(t.snake_view("p1")["ready"], true);
    t.join({"p2", "p3"});
    t.ready({"p2"});
    EXPECT_FALSE(t.g.is_started()) << "p3 is not ready";
    t.h.take();
    t.ready({"p3"});
    ASSERT_TRUE(t.g.is_started());
    EXPECT_FALSE(t.g.is_over());
    const auto states = t.sent("game_state", "p1");
    ASSERT_EQ(states.size(), 1u) << "one state for the last ready, which starts the round";
    EXPECT_EQ(states[0]["started"], true);
    EXPECT_EQ(states[0]["tick"], 0);
    EXPECT_EQ(states[0]["food"].size(), food_target(3));
}

TEST(SnakeGame, ReadyCanBeWithdrawnAndRepeatingItSendsNothing) {
    table t;
    t.join({"p1", "p2"});
    t.ready({"p1"});
    t.h.take();
    ASSERT_FALSE(t.h.act("p1", "ready", sdk::json{{"ready", true}}));
    EXPECT_TRUE(t.h.outbox().empty()) << "no change, no state";
    ASSERT_FALSE(t.h.act("p1", "ready", sdk::json{{"ready", false}}));
    EXPECT_EQ(t.sent("game_state", "p2").size(), 1u);
    t.ready({"p2"});
    EXPECT_FALSE(t.g.is_started());
    EXPECT_EQ(t.snake_view("p1")["ready"], false);
    EXPECT_EQ(t.snake_view("p2")["ready"], true);
}

TEST(SnakeGame, NothingMovesBeforeTheStart) {
    table t;
    t.join({"p1", "p2"});
    const auto before = t.g.snapshot();
    t.h.take();
    t.tick(20);  // the harness ticks from attach(); the game ignores ticks while waiting
    EXPECT_EQ(t.g.snapshot(), before);
    EXPECT_TRUE(t.h.outbox().empty());
    // The round counts its own ticks from the start, whatever the loop's counter says.
    t.ready({"p1", "p2"});
    t.tick();
    EXPECT_EQ(t.h.ticks(), 21u);
    EXPECT_EQ(t.g.tick(), 1u);
    EXPECT_EQ(t.view()["tick"], 1);
}

TEST(SnakeGame, TicksAreDeterministicFromASeed) {
    auto run = [](std::uint64_t seed) {
        table t(seed);
        t.start({"a", "b"});
        t.tick(5);
        return std::pair{t.g.snapshot(), t.h.history()};
    };
    const auto first = run(7);
    const auto again = run(7);
    EXPECT_EQ(first.first, again.first);
    EXPECT_EQ(first.second, again.second);
    EXPECT_NE(first.first["food"], run(8).first["food"]) << "the food comes from the seed";

    table t(7);
    t.start({"a", "b"});
    // Pinned: the room engine's draws must not change (recorded games replay from the seed).
    EXPECT_EQ(t.view()["food"].dump(), "[[15,22],[27,8]]");
    t.h.take();
    t.tick(5);
    EXPECT_EQ(t.g.tick(), 5u);
    EXPECT_EQ(head_of(t, "a"), (point{9, 16}));
    EXPECT_EQ(head_of(t, "b"), (point{22, 15}));
    EXPECT_EQ(t.g.world().snakes.at("a").body.size(), spawn_length);
    const auto states = t.sent("game_state", "a");
    ASSERT_EQ(states.size(), 5u) << "one state per tick";
    for (std::size_t i = 0; i < states.size(); ++i) {
        EXPECT_EQ(states[i]["tick"], i + 1);
        EXPECT_EQ(states[i]["timeLeftTicks"], default_time_limit_ticks - (i + 1));
    }
}

// ---- input ordering ----

TEST(SnakeGame, InputOrderingLatestNonReversalWins) {
    struct row {
        std::vector<const char*> turns;
        direction expected;
    };
    const std::vector<row> rows = {
        {{}, direction::right},
        {{"up"}, direction::up},
        {{"up", "down"}, direction::down},        // the latest wins
        {{"left"}, direction::right},             // a reversal is ignored
        {{"up", "left"}, direction::up},          // even after a turn: reversal of the current
        {{"up", "right"}, direction::right},      // back to straight on
        {{"down", "up", "left"}, direction::up},  //
    };
    for (const auto& r : rows) {
        table t;
        t.start({"a", "b"});
        for (const char* turn : r.turns) {
            ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", turn}}));
            t.h.advance(sdk::millis{10});  // between two ticks
        }
        EXPECT_EQ(t.snake_view("a")["next"], to_string(r.expected))
            << "the view shows the pending direction";
        EXPECT_EQ(t.snake_view("a")["dir"], "right") << "nothing moves before the tick";
        t.h.advance(testing::tick_period - sdk::millis{10} * static_cast<int>(r.turns.size()));
        ASSERT_EQ(t.g.tick(), 1u);
        EXPECT_EQ(dir_of(t, "a"), r.expected) << r.turns.size() << " turns";
        EXPECT_EQ(head_of(t, "a"), moved(point{4, 16}, r.expected));
        EXPECT_EQ(t.snake_view("a")["next"], to_string(r.expected)) << "inputs are consumed";
    }
}

TEST(SnakeGame, QueuedInputsApplyAtTheirTickOnly) {
    table t;
    t.start({"a", "b"});
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "up"}}));
    t.tick();
    EXPECT_EQ(dir_of(t, "a"), direction::up);
    // Left is no reversal of up: it applies at the next tick; the old "up" is gone.
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "left"}}));
    t.tick();
    EXPECT_EQ(dir_of(t, "a"), direction::left);
    EXPECT_EQ(head_of(t, "a"), (point{3, 15}));
    // Now right is a reversal: ignored, the snake goes on left.
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "right"}}));
    t.tick();
    EXPECT_EQ(head_of(t, "a"), (point{2, 15}));
    // Many inputs in one tick: only the latest non-reversal counts, the queue is bounded.
    for (int i = 0; i < 20; ++i) {
        ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", i % 2 == 0 ? "down" : "up"}}));
    }
    EXPECT_LE(t.g.snapshot()["players"]["a"]["queued"].size(), max_queued_turns);
    t.tick();
    EXPECT_EQ(dir_of(t, "a"), direction::up);
}

// ---- the tick loop ----

TEST(SnakeGame, LateTicksStepEachButBroadcastOnce) {
    table t;
    t.start({"a", "b"});
    t.h.take();
    t.g.on_tick(t.h, 1, 2);
    t.g.on_tick(t.h, 2, 1);
    EXPECT_TRUE(t.h.outbox().empty()) << "no state while more calls follow";
    t.g.on_tick(t.h, 3, 0);
    EXPECT_EQ(t.g.tick(), 3u);
    EXPECT_EQ(head_of(t, "a"), (point{7, 16}));
    EXPECT_EQ(head_of(t, "b"), (point{24, 15}));
    const auto states = t.sent("game_state", "a");
    ASSERT_EQ(states.size(), 1u);
    EXPECT_EQ(states[0]["tick"], 3);
    EXPECT_EQ(t.h.outbox().size(), 2u) << "one state for each of the two players";
}

TEST(SnakeGame, ALateTickThatEndsTheRoundStillSendsTheEnd) {
    table t;
    // b runs into the right wall on the first late tick.
    t.load(running(10,
                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"b", entry(1, "right", line({31, 10}, direction::right, 3))}},
                   far_food_cells()));
    t.g.on_tick(t.h, 1, 2);
    ASSERT_TRUE(t.g.is_over());
    const auto after_end = t.h.outbox().size();
    ASSERT_EQ(after_end, 2u);
    EXPECT_EQ(t.h.outbox()[0].type, "game_over");
    EXPECT_EQ(t.h.outbox()[1].type, "game_state");
    t.g.on_tick(t.h, 2, 1);
    t.g.on_tick(t.h, 3, 0);
    EXPECT_EQ(t.h.outbox().size(), after_end) << "ticks after the end do nothing";
    EXPECT_EQ(t.g.tick(), 11u);
}

TEST(SnakeGame, EatingGrowsScoresAndRespawnsFood) {
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"b", entry(1, "left", line({20, 20}, direction::left, 3))}},
                   {{11, 5}, {0, 31}}));
    t.tick();
    const auto& a = t.g.world().snakes.at("a");
    EXPECT_EQ(a.score, 1);
    EXPECT_EQ(a.body.size(), 4u);
    EXPECT_EQ(t.g.world().food.size(), food_target(2));
    EXPECT_FALSE(t.g.world().has_food({11, 5}));
    for (const point f : t.g.world().food) {
        for (const auto& [id, s] : t.g.world().snakes) {
            for (const point p : s.body) EXPECT_NE(f, p);
        }
    }
    EXPECT_EQ(t.snake_view("a")["score"], 1);
}

// ---- collisions and the end of a round, through the game ----

struct end_case {
    const char* name;
    sdk::json players;
    const char* winner;
    const char* winner_name;
};

TEST(SnakeGame, CollisionsEndTheRound) {
    const std::vector<end_case> cases = {
        {"wall",
         {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
          {"b", entry(1, "up", {{20, 0}, {20, 1}, {20, 2}})}},
         "a",
         "Snake 1"},
        {"self",
         {{"a", entry(0, "down", {{5, 5}, {6, 5}, {6, 6}, {5, 6}, {4, 6}})},
          {"b", entry(1, "right", line({20, 20}, direction::right, 3))}},
         "b",
         "Snake 2"},
        {"other body",
         {{"a", entry(0, "right", line({5, 5}, direction::right, 3))},
          {"b", entry(1, "down", {{7, 5}, {6, 5}, {6, 4}})}},
         "b",
         "Snake 2"},
        {"head-on, same cell",
         {{"a", entry(0, "right", line({5, 5}, direction::right, 3))},
          {"b", entry(1, "left", line({7, 5}, direction::left, 3))}},
         "",
         ""},
        {"head swap",
         {{"a", entry(0, "right", line({5, 5}, direction::right, 3))},
          {"b", entry(1, "left", line({6, 5}, direction::left, 3))}},
         "",
         ""},
        {"the survivor wins even when shorter",
         {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
          {"b", entry(1, "right", line({31, 20}, direction::right, 9))}},
         "a",
         "Snake 1"},
    };
    for (const auto& c : cases) {
        table t;
        t.load(running(42, c.players, far_food_cells()));
        t.tick();
        ASSERT_TRUE(t.g.is_over()) << c.name;
        EXPECT_EQ(t.g.tick(), 43u);
        const auto& out = t.h.outbox();
        ASSERT_EQ(out.size(), 2u) << c.name;
        EXPECT_EQ(out[0].type, "game_over");
        EXPECT_EQ(out[0].data,
                  sdk::json({{"winner", c.winner}, {"winnerName", c.winner_name}}).dump())
            << c.name;
        EXPECT_EQ(out[1].type, "game_state");
        const auto state = sdk::json::parse(out[1].data);
        EXPECT_EQ(state["over"], true);
        EXPECT_EQ(state["winner"], c.winner);
        ASSERT_EQ(t.h.records().size(), 1u);
        EXPECT_EQ(t.h.records()[0].kind, "snake_result");
        EXPECT_EQ(sdk::json::parse(t.h.records()[0].data)["winner"], c.winner);
        // The dead keep their last body, marked dead.
        for (const auto& [id, s] : state["snakes"].items()) {
            if (id != c.winner) {
                EXPECT_EQ(s["alive"], false) << c.name << " " << id;
            }
        }
        t.tick(3);
        EXPECT_EQ(t.g.tick(), 43u) << "no ticks after the end";
    }
}

TEST(SnakeGame, AThreeWayRoundGoesOnAfterTheFirstDeath) {
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"b", entry(1, "right", line({10, 10}, direction::right, 3))},
                    {"c", entry(2, "up", {{20, 0}, {20, 1}, {20, 2}})}},
                   far_food_cells()));
    t.tick();
    EXPECT_FALSE(t.g.is_over());
    EXPECT_EQ(t.snake_view("c")["alive"], false);
    EXPECT_EQ(t.snake_view("c")["body"].dump(), "[[20,0],[20,1],[20,2]]");
    EXPECT_EQ(t.sent("game_state", "*").size(), 1u);
}

TEST(SnakeGame, TheTimeLimitEndsTheRoundAndTheLongestWins) {
    auto players = [](int b_length) {
        return sdk::json{{"a", entry(0, "right", line({10, 5}, direction::right, 5), true, 2)},
                         {"b", entry(1, "right", line({10, 10}, direction::right, b_length))},
                         {"c", entry(2, "right", line({10, 15}, direction::right, 3))}};
    };
    table t;
    t.load(running(default_time_limit_ticks - 2, players(4), far_food_cells()));
    t.tick();
    EXPECT_FALSE(t.g.is_over());
    EXPECT_EQ(t.view()["timeLeftTicks"], 1);
    t.tick();
    ASSERT_TRUE(t.g.is_over());
    EXPECT_EQ(t.g.tick(), default_time_limit_ticks);
    EXPECT_EQ(t.view()["winner"], "a");
    EXPECT_EQ(t.view()["timeLeftTicks"], 0);
    ASSERT_EQ(t.h.records().size(), 1u);
    EXPECT_EQ(
        t.h.records()[0].data,
        R"({"players":[{"id":"a","name":"Snake 1","bot":false,"alive":true,"score":2,"length":5},)"
        R"({"id":"b","name":"Snake 2","bot":false,"alive":true,"score":0,"length":4},)"
        R"({"id":"c","name":"Snake 3","bot":false,"alive":true,"score":0,"length":3}],)"
        R"("ticks":1200,"winner":"a","winnerName":"Snake 1","width":32,"height":32})");

    table tie;
    tie.load(running(default_time_limit_ticks - 1, players(5), far_food_cells()));
    tie.tick();
    ASSERT_TRUE(tie.g.is_over());
    EXPECT_EQ(tie.view()["winner"], "") << "a tie for the longest: no winner";
    EXPECT_EQ(tie.sent("game_over", "*").at(0).dump(), R"({"winner":"","winnerName":""})");
}

TEST(SnakeGame, PlayersWhoNeverSteerBothHitTheWallsOnTheSameTick) {
    table t(5);
    t.start({"a", "b"});
    t.tick(40);
    ASSERT_TRUE(t.g.is_over());
    EXPECT_EQ(t.g.tick(), 28u) << "from x=4 and x=27 across 32 columns";
    EXPECT_EQ(t.view()["winner"], "");
    EXPECT_EQ(t.h.records().size(), 1u);
}

// ---- errors ----

struct error_case {
    const char* player;
    const char* type;
    sdk::json data;
    const char* code;
    const char* message;
};

void expect_errors(table& t, const std::vector<error_case>& cases, const char* phase) {
    for (const auto& c : cases) {
        const auto before = t.g.snapshot();
        t.h.take();
        const auto status = t.h.act(c.player, c.type, c.data);
        ASSERT_TRUE(status) << phase << ": " << c.type << " " << c.data.dump();
        EXPECT_EQ(sdk::to_string(status->code), c.code) << phase << ": " << c.type;
        EXPECT_EQ(status->message, c.message) << phase << ": " << c.type;
        EXPECT_EQ(t.g.snapshot(), before) << "an error changes nothing";
        EXPECT_TRUE(t.h.outbox().empty()) << "the room sends the error, the game nothing";
    }
}

const char* const bad_dir = R"(Invalid direction: expected {"dir": "up"|"down"|"left"|"right"})";
const char* const bad_ready = R"(Invalid ready payload: expected {"ready": true|false})";

TEST(SnakeGame, ErrorsWhileWaiting) {
    table t;
    t.join({"p1", "p2"});
    expect_errors(
        t,
        {
            {"stranger", "ready", {{"ready", true}}, "NOT_A_PLAYER", "client is not a player"},
            {"stranger", "turn", {{"dir", "up"}}, "NOT_A_PLAYER", "client is not a player"},
            {"stranger", "restart", nullptr, "NOT_A_PLAYER", "client is not a player"},
            {"p1", "turn", {{"dir", "up"}}, "INVALID_MOVE", "Game has not started"},
            {"p1", "restart", nullptr, "GAME_IN_PROGRESS", "Game is not over"},
            {"p1", "ready", sdk::absent_data(), "INVALID_PAYLOAD", bad_ready},
            {"p1", "ready", nullptr, "INVALID_PAYLOAD", bad_ready},
            {"p1", "ready", sdk::json::object(), "INVALID_PAYLOAD", bad_ready},
            {"p1", "ready", {{"ready", "true"}}, "INVALID_PAYLOAD", bad_ready},
            {"p1", "ready", {{"ready", 1}}, "INVALID_PAYLOAD", bad_ready},
            {"p1", "ready", sdk::json::array({true}), "INVALID_PAYLOAD", bad_ready},
            {"p1", "jump", nullptr, "UNKNOWN_TYPE", "Unknown message type: jump"},
            {"p1",
             "game_action",
             {{"type", "turn"}},
             "UNKNOWN_TYPE",
             "Unknown message type: game_action"},
        },
        "waiting");
}

TEST(SnakeGame, ErrorsWhileRunning) {
    table t;
    t.start({"p1", "p2"});
    ASSERT_TRUE(t.h.join("late", "Late"));  // a spectator
    t.load(running(3,
                   {{"p1", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"p2", entry(1, "right", line({10, 10}, direction::right, 3))},
                    {"p3", entry(2, "right", line({10, 15}, direction::right, 3), false)}},
                   far_food_cells()));
    expect_errors(
        t,
        {
            {"late", "turn", {{"dir", "up"}}, "NOT_A_PLAYER", "client is not a player"},
            {"late", "ready", {{"ready", true}}, "NOT_A_PLAYER", "client is not a player"},
            {"p1", "ready", {{"ready", true}}, "GAME_STARTED", "Game has started"},
            {"p1", "restart", nullptr, "GAME_IN_PROGRESS", "Game is not over"},
            {"p3", "turn", {{"dir", "up"}}, "INVALID_MOVE", "Your snake is dead"},
            {"p1", "turn", sdk::absent_data(), "INVALID_PAYLOAD", bad_dir},
            {"p1", "turn", nullptr, "INVALID_PAYLOAD", bad_dir},
            {"p1", "turn", "up", "INVALID_PAYLOAD", bad_dir},
            {"p1", "turn", {{"dir", "UP"}}, "INVALID_PAYLOAD", bad_dir},
            {"p1", "turn", {{"dir", "north"}}, "INVALID_PAYLOAD", bad_dir},
            {"p1", "turn", {{"dir", 1}}, "INVALID_PAYLOAD", bad_dir},
            {"p1", "turn", {{"direction", "up"}}, "INVALID_PAYLOAD", bad_dir},
        },
        "running");
}

TEST(SnakeGame, ErrorsAfterTheEnd) {
    table t;
    t.load(running(3,
                   {{"p1", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"p2", entry(1, "right", line({31, 10}, direction::right, 3))}},
                   far_food_cells()));
    t.tick();
    ASSERT_TRUE(t.g.is_over());
    expect_errors(t,
                  {
                      {"p1", "turn", {{"dir", "up"}}, "GAME_OVER", "Game is over"},
                      {"p2", "ready", {{"ready", true}}, "GAME_OVER", "Game is over"},
                      {"x", "restart", nullptr, "NOT_A_PLAYER", "client is not a player"},
                  },
                  "over");
}

TEST(SnakeGame, JoinAndBotRefusals) {
    table t;
    std::vector<sdk::player_id> eight;
    for (int i = 1; i <= max_players; ++i) eight.push_back("p" + std::to_string(i));
    t.join(eight);
    auto full = t.h.join("p9", "Nine");
    ASSERT_TRUE(full);
    EXPECT_EQ(testkit::describe(full), "ROOM_FULL: Game is full");
    EXPECT_EQ(testkit::describe(t.g.can_add_bot(t.h)), "ROOM_FULL: Game is full");
    EXPECT_EQ(testkit::describe(t.h.join("p1")), "ALREADY_IN_ROOM: client is already in a room");
    EXPECT_EQ(t.view()["snakes"].size(), 8u);
    std::set<point> heads;
    for (const auto& [id, s] : t.g.world().snakes) heads.insert(s.body.front());
    EXPECT_EQ(heads.size(), 8u);

    table started;
    started.start({"a", "b"});
    EXPECT_EQ(testkit::describe(started.g.can_add_bot(started.h)),
              "GAME_STARTED: Game has started");
    EXPECT_EQ(testkit::describe(started.h.join("c")), "GAME_STARTED: Game has started");
    EXPECT_FALSE(started.view()["snakes"].contains("c"));
    EXPECT_EQ(started.sent("game_state", "c").size(), 0u);
    started.tick();
    EXPECT_EQ(started.sent("game_state", "c").size(), 1u) << "spectators get the states";

    table over;
    over.load(running(3,
                      {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                       {"b", entry(1, "right", line({31, 10}, direction::right, 3))}},
                      far_food_cells()));
    over.tick();
    EXPECT_EQ(testkit::describe(over.g.can_add_bot(over.h)), "GAME_OVER: Game is over");
    EXPECT_EQ(testkit::describe(over.h.join("c")), "GAME_OVER: Game is over");
}

TEST(SnakeGame, BotsMayJoinWhileWaiting) {
    table t;
    EXPECT_FALSE(t.g.can_add_bot(t.h));
    ASSERT_FALSE(t.h.join("bot", "Bot Viper", /*is_bot=*/true));
    EXPECT_EQ(t.g.snapshot()["players"]["bot"]["bot"], true);
}

// ---- options ----

TEST(SnakeGame, OptionsSetTheGrid) {
    table t(1, sdk::json{{"width", 20}, {"height", 40}, {"other", "ignored"}});
    t.start({"a", "b", "c", "d", "e", "f", "g", "h"});
    EXPECT_EQ(t.view()["width"], 20);
    EXPECT_EQ(t.view()["height"], 40);
    for (const auto& [id, s] : t.g.world().snakes) {
        for (const point p : s.body) EXPECT_TRUE(t.g.world().in_bounds(p)) << id;
    }
    table nulls(1, sdk::json{{"width", nullptr}});
    EXPECT_EQ(nulls.view()["width"], default_width);

    for (const sdk::json& bad :
         {sdk::json{{"width", 15}}, sdk::json{{"width", 65}}, sdk::json{{"height", "32"}},
          sdk::json{{"height", 32.5}}, sdk::json{{"width", -1}}, sdk::json{{"width", true}}}) {
        game g;
        testkit::harness h;
        h.attach(g, tick_rate_hz);
        const auto status = h.create(bad);
        ASSERT_TRUE(status) << bad.dump();
        EXPECT_EQ(status->code, sdk::error_code::invalid_payload);
        const std::string key = bad.contains("width") ? "width" : "height";
        EXPECT_EQ(status->message,
                  "game options are invalid: " + key + " must be an integer from 16 to 64");
    }
    game g;
    testkit::harness h;
    h.attach(g, tick_rate_hz);
    EXPECT_EQ(testkit::describe(h.create("big")), "INVALID_PAYLOAD: game options are invalid");
}

TEST(SnakeGame, OptionsSetTheTimeLimit) {
    EXPECT_EQ(table().g.time_limit_ticks(), 1200u) << "2 minutes by default";
    EXPECT_EQ(table(1, sdk::json{{"timeLimitSeconds", nullptr}}).g.time_limit_ticks(), 1200u);
    EXPECT_EQ(table(1, sdk::json{{"timeLimitSeconds", 600}}).g.time_limit_ticks(), 6000u);

    // A 10 s room: 100 ticks. Each snake then circles its own 3x3 loop, far from the food, so
    // both live to the end; the longer one wins when the time is up.
    table t(1, sdk::json{{"timeLimitSeconds", 10}});
    EXPECT_EQ(t.g.time_limit_ticks(), 100u);
    EXPECT_EQ(t.view()["timeLeftTicks"], 100);
    t.start({"a", "b"});
    sdk::json snapshot = t.g.snapshot();
    EXPECT_EQ(snapshot["timeLimitSeconds"], 10);
    snapshot["food"] = to_json(far_food_cells());
    snapshot["players"]["a"]["dir"] = "right";
    snapshot["players"]["a"]["body"] = to_json(std::deque<point>{{6, 5}, {5, 5}, {5, 6}, {5, 7}});
    snapshot["players"]["b"]["dir"] = "right";
    snapshot["players"]["b"]["body"] = to_json(std::deque<point>{{21, 20}, {20, 20}, {20, 21}});
    t.load(snapshot);
    // Clockwise around the box whose top-left corner is `corner`.
    const auto circle = [&](const std::string& id, point corner) {
        const point p = head_of(t, id);
        const point far{corner.x + 2, corner.y + 2};
        const char* dir = p.y == corner.y && p.x < far.x   ? "right"
                          : p.x == far.x && p.y < far.y    ? "down"
                          : p.y == far.y && p.x > corner.x ? "left"
                                                           : "up";
        ASSERT_FALSE(t.h.act(id, "turn", sdk::json{{"dir", dir}}));
    };
    for (int i = 1; i < 100; ++i) {
        circle("a", {5, 5});
        circle("b", {20, 20});
        t.tick();
    }
    EXPECT_FALSE(t.g.is_over());
    EXPECT_EQ(t.view()["timeLeftTicks"], 1);
    circle("a", {5, 5});
    circle("b", {20, 20});
    t.tick();
    ASSERT_TRUE(t.g.is_over());
    EXPECT_EQ(t.g.tick(), 100u);
    EXPECT_EQ(t.view()["timeLeftTicks"], 0);
    EXPECT_EQ(t.snake_view("a")["alive"], true);
    EXPECT_EQ(t.snake_view("b")["alive"], true);
    EXPECT_EQ(t.view()["winner"], "a") << "the longer live snake";
    ASSERT_EQ(t.h.records().size(), 1u);
    EXPECT_EQ(sdk::json::parse(t.h.records()[0].data)["ticks"], 100);

    for (const sdk::json& bad :
         {sdk::json{{"timeLimitSeconds", 9}}, sdk::json{{"timeLimitSeconds", 601}},
          sdk::json{{"timeLimitSeconds", "60"}}, sdk::json{{"timeLimitSeconds", 60.5}},
          sdk::json{{"timeLimitSeconds", -60}}, sdk::json{{"timeLimitSeconds", false}}}) {
        game g;
        testkit::harness h;
        h.attach(g, tick_rate_hz);
        const auto status = h.create(bad);
        ASSERT_TRUE(status) << bad.dump();
        EXPECT_EQ(status->code, sdk::error_code::invalid_payload);
        EXPECT_EQ(status->message,
                  "game options are invalid: timeLimitSeconds must be an integer from 10 to 600");
    }
}

// ---- leave, disconnect, reconnect, restart ----

TEST(SnakeGame, LeavingBeforeTheStartFreesTheSeat) {
    table t;
    t.join({"p1", "p2", "p3"});
    EXPECT_EQ(head_of(t, "p3"), spawn_for(32, 32, 2).body.front());
    t.h.leave("p2");
    EXPECT_FALSE(t.view()["snakes"].contains("p2"));
    EXPECT_EQ(head_of(t, "p3"), spawn_for(32, 32, 1).body.front()) << "p3 moves up a slot";
    t.join({"p4"});  // takes the freed seat number 1, so the second spawn
    EXPECT_EQ(head_of(t, "p4"), spawn_for(32, 32, 1).body.front());
    EXPECT_EQ(head_of(t, "p3"), spawn_for(32, 32, 2).body.front());
    EXPECT_EQ(t.g.snapshot()["players"]["p4"]["seat"], 1);
}

TEST(SnakeGame, LeavingBeforeTheStartMayStartTheRound) {
    table t;
    t.join({"p1", "p2", "p3"});
    t.ready({"p1", "p2"});
    t.h.leave("p3");
    EXPECT_TRUE(t.g.is_started()) << "everyone left is ready";
}

TEST(SnakeGame, LeavingDuringTheRoundKillsTheSnake) {
    table t;
    t.start({"p1", "p2", "p3"});
    t.tick();
    t.h.leave("p3");
    EXPECT_FALSE(t.g.is_over());
    EXPECT_EQ(t.snake_view("p3")["alive"], false);
    EXPECT_EQ(t.snake_view("p3")["connected"], false);
    EXPECT_EQ(t.sent("game_state", "p1").back()["snakes"]["p3"]["alive"], false);
    t.h.leave("p2");
    ASSERT_TRUE(t.g.is_over());
    EXPECT_EQ(t.view()["winner"], "p1");
    EXPECT_EQ(t.sent("game_over", "p1").back()["winnerName"], "Name p1");
    // The restart drops the seats of those who left.
    ASSERT_FALSE(t.h.act("p1", "restart"));
    EXPECT_EQ(t.view()["snakes"].size(), 1u);
}

TEST(SnakeGame, ADisconnectedSnakeRunsStraightOn) {
    table t;
    t.start({"a", "b"});
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "up"}}));
    t.h.disconnect("a");
    t.tick(3);
    EXPECT_EQ(dir_of(t, "a"), direction::up) << "what was queued still applies";
    EXPECT_EQ(head_of(t, "a"), (point{4, 13}));
    EXPECT_EQ(t.snake_view("a")["connected"], false);
    EXPECT_TRUE(t.g.world().snakes.at("a").alive);
}

TEST(SnakeGame, ADisconnectBeforeTheStartWithdrawsReadiness) {
    table t;
    t.join({"a", "b", "c"});
    t.ready({"a", "b"});
    t.h.disconnect("a");
    EXPECT_EQ(t.snake_view("a")["ready"], false);
    t.h.leave("c");
    EXPECT_FALSE(t.g.is_started()) << "a dropped player holds the start";
    ASSERT_FALSE(t.h.reconnect("a", "a2"));
    t.ready({"a2"});
    EXPECT_TRUE(t.g.is_started());
}

TEST(SnakeGame, ReconnectRekeysTheSnakeAndItsQueuedTurn) {
    table t;
    t.start({"a", "b"});
    t.tick(2);
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "down"}}));
    t.h.disconnect("a");
    const auto body = t.g.world().snakes.at("a").body;
    t.h.take();
    ASSERT_FALSE(t.h.reconnect("a", "a2"));
    EXPECT_FALSE(t.view()["snakes"].contains("a"));
    EXPECT_EQ(t.g.world().snakes.at("a2").body, body);
    EXPECT_EQ(t.snake_view("a2")["connected"], true);
    EXPECT_EQ(t.snake_view("a2")["next"], "down");
    EXPECT_EQ(t.sent("game_state", "a2").size(), 1u) << "the newcomer gets the state at once";
    t.tick();
    EXPECT_EQ(dir_of(t, "a2"), direction::down);
    EXPECT_EQ(testkit::describe(t.h.act("a", "turn", sdk::json{{"dir", "up"}})),
              "NOT_A_PLAYER: client is not a player");
    ASSERT_FALSE(t.h.act("a2", "turn", sdk::json{{"dir", "right"}}));
}

TEST(SnakeGame, ReconnectRekeysTheWinner) {
    table t;
    t.load(running(3,
                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"b", entry(1, "right", line({31, 10}, direction::right, 3))}},
                   far_food_cells()));
    t.tick();
    ASSERT_EQ(t.view()["winner"], "a");
    ASSERT_FALSE(t.h.reconnect("a", "a2"));
    EXPECT_EQ(t.view()["winner"], "a2");
}

TEST(SnakeGame, ReconnectErrors) {
    table t;
    t.join({"a", "b"});
    const auto before = t.g.snapshot();
    EXPECT_EQ(testkit::describe(t.h.reconnect("ghost", "g2")),
              "PLAYER_NOT_FOUND: no player found with provided ID");
    EXPECT_EQ(testkit::describe(t.h.reconnect("a", "b")),
              "ALREADY_IN_ROOM: client is already in a room");
    EXPECT_EQ(t.g.snapshot(), before);
    ASSERT_FALSE(t.h.reconnect("a", "a")) << "the same id takes its own seat back";
    EXPECT_EQ(t.g.snapshot(), before);

    table left;
    left.start({"a", "b", "c"});
    left.h.leave("c");
    EXPECT_EQ(testkit::describe(left.h.reconnect("c", "c2")),
              "PLAYER_NOT_FOUND: no player found with provided ID");
}

TEST(SnakeGame, RestartGoesBackToWaitingWithTheSameSeats) {
    table t(9);
    t.start({"a", "b"});
    t.tick(40);  // nobody steers: both hit walls
    ASSERT_TRUE(t.g.is_over());
    t.h.take();
    ASSERT_FALSE(t.h.act("b", "restart"));
    EXPECT_FALSE(t.g.is_over());
    EXPECT_FALSE(t.g.is_started());
    const auto state = t.sent("game_state", "a");
    ASSERT_EQ(state.size(), 1u);
    EXPECT_EQ(state[0], t.view());
    EXPECT_EQ(state[0]["tick"], 0);
    EXPECT_EQ(state[0]["winner"], "");
    EXPECT_EQ(state[0]["food"].size(), 0u);
    for (const auto& [id, s] : state[0]["snakes"].items()) {
        EXPECT_EQ(s["ready"], false) << id;
        EXPECT_EQ(s["alive"], true) << id;
        EXPECT_EQ(s["score"], 0) << id;
    }
    EXPECT_EQ(head_of(t, "a"), spawn_for(32, 32, 0).body.front());
    EXPECT_EQ(head_of(t, "b"), spawn_for(32, 32, 1).body.front());
    t.ready({"a", "b"});
    EXPECT_TRUE(t.g.is_started());
    t.tick();
    EXPECT_EQ(t.g.tick(), 1u);
}

// ---- snapshots ----

TEST(SnakeGame, SnapshotMidRoundContinuesIdentically) {
    table t(11);
    t.start({"a", "b", "c"});
    t.tick(3);
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "down"}}));
    ASSERT_FALSE(t.h.act("b", "turn", sdk::json{{"dir", "up"}}));

    table copy(11);
    copy.load(sdk::json::parse(t.g.snapshot().dump()));
    EXPECT_EQ(copy.g.snapshot(), t.g.snapshot());
    EXPECT_EQ(copy.view(), t.view());
    // (The copies' engines differ, so only positions are compared, not respawned food.)
    t.g.on_tick(t.h, 1, 0);
    copy.g.on_tick(copy.h, 1, 0);
    EXPECT_EQ(copy.g.world().snakes.at("a").body, t.g.world().snakes.at("a").body);
    EXPECT_EQ(dir_of(copy, "a"), direction::down);
    EXPECT_EQ(dir_of(copy, "b"), direction::up);
}

TEST(SnakeGame, RestoreRefusesInconsistentSnapshots) {
    const sdk::json good = running(5,
                                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                                    {"b", entry(1, "right", line({10, 10}, direction::right, 3))}},
                                   far_food_cells());
    {
        game g;
        ASSERT_FALSE(g.restore(good));
    }
    auto with = [&](const std::function<void(sdk::json&)>& change) {
        sdk::json s = good;
        change(s);
        return s;
    };
    const std::vector<std::pair<const char*, sdk::json>> bad = {
        {"grid too small", with([](sdk::json& s) { s["width"] = 8; })},
        {"tick over the limit", with([](sdk::json& s) { s["tick"] = 1201; })},
        {"tick over a shorter limit", with([](sdk::json& s) {
             s["timeLimitSeconds"] = 10;
             s["tick"] = 101;
         })},
        {"a round running at the limit", with([](sdk::json& s) {
             s["timeLimitSeconds"] = 10;
             s["tick"] = 100;
         })},
        {"no time limit", with([](sdk::json& s) { s.erase("timeLimitSeconds"); })},
        {"time limit too short", with([](sdk::json& s) { s["timeLimitSeconds"] = 9; })},
        {"time limit too long", with([](sdk::json& s) { s["timeLimitSeconds"] = 601; })},
        {"time limit not an integer", with([](sdk::json& s) { s["timeLimitSeconds"] = 20.5; })},
        {"over before the start", with([](sdk::json& s) {
             s["started"] = false;
             s["over"] = true;
         })},
        {"food off the grid", with([](sdk::json& s) {
             s["food"] = {{32, 0}};
         })},
        {"duplicate food", with([](sdk::json& s) {
             s["food"] = {{1, 1}, {1, 1}};
         })},
        {"unknown winner", with([](sdk::json& s) {
             s["over"] = true;
             s["winner"] = "zed";
         })},
        {"winner while running", with([](sdk::json& s) { s["winner"] = "a"; })},
        {"bodies overlap", with([](sdk::json& s) {
             s["players"]["b"]["body"] = {{11, 5}, {10, 5}};
         })},
        {"body not connected", with([](sdk::json& s) {
             s["players"]["a"]["body"] = {{10, 5}, {8, 5}};
         })},
        {"empty body", with([](sdk::json& s) { s["players"]["a"]["body"] = sdk::json::array(); })},
        {"body off the grid", with([](sdk::json& s) {
             s["players"]["a"]["body"] = {{0, 5}, {-1, 5}};
         })},
        {"seat taken twice", with([](sdk::json& s) { s["players"]["b"]["seat"] = 0; })},
        {"seat out of range", with([](sdk::json& s) { s["players"]["b"]["seat"] = 8; })},
        {"a reversal queued", with([](sdk::json& s) { s["players"]["a"]["queued"] = {"left"}; })},
        {"bad queued turn", with([](sdk::json& s) { s["players"]["a"]["queued"] = {"north"}; })},
        {"a left snake alive", with([](sdk::json& s) { s["players"]["a"]["left"] = true; })},
        {"one alive while running", with([](sdk::json& s) { s["players"]["a"]["alive"] = false; })},
        {"dead before the start", with([](sdk::json& s) {
             s["started"] = false;
             s["tick"] = 0;
             s["food"] = sdk::json::array();
             s["players"]["a"]["alive"] = false;
         })},
        {"negative score", with([](sdk::json& s) { s["players"]["a"]["score"] = -1; })},
        {"nine players", with([](sdk::json& s) {
             for (int i = 2; i < 9; ++i) {
                 s["players"]["x" + std::to_string(i)] =
                     entry(i % 8, "right", line({20, 2 * i}, direction::right, 2));
             }
         })},
    };
    for (const auto& [what, snapshot] : bad) {
        game g;
        testkit::harness h;
        h.attach(g, tick_rate_hz);
        ASSERT_FALSE(h.create(nullptr));
        ASSERT_FALSE(h.join("p"));
        const auto before = g.snapshot();
        const auto status = g.restore(snapshot);
        ASSERT_TRUE(status) << what;
        EXPECT_EQ(status->code, sdk::error_code::bad_request) << what;
        EXPECT_EQ(g.snapshot(), before) << what;
    }
}

TEST(SnakeGame, SnapshotsOfEveryPhaseRestore) {
    table t(1, sdk::json{{"timeLimitSeconds", 30}});
    auto round_trip = [&](const char* phase) {
        game copy;
        const auto status = copy.restore(sdk::json::parse(t.g.snapshot().dump()));
        ASSERT_FALSE(status) << phase << ": " << testkit::describe(status);
        EXPECT_EQ(copy.snapshot(), t.g.snapshot()) << phase;
        EXPECT_EQ(copy.view_for("x"), t.g.view_for("x")) << phase;
        EXPECT_EQ(copy.is_started(), t.g.is_started()) << phase;
        EXPECT_EQ(copy.is_over(), t.g.is_over()) << phase;
    };
    round_trip("empty");
    EXPECT_EQ(t.g.snapshot()["timeLimitSeconds"], 30);
    t.join({"a", "b", "c"});
    t.ready({"a"});
    round_trip("waiting");
    t.ready({"b", "c"});
    t.tick(2);
    t.h.leave("c");
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "up"}}));
    round_trip("running");
    t.tick(40);
    ASSERT_TRUE(t.g.is_over());
    ASSERT_EQ(t.view()["winner"], "b");
    t.h.leave("b");  // after the end: the winner's final body stays alive, marked left
    round_trip("over");

    // The limit survives the round trip: a restored copy ends on the same tick.
    table limited(3, sdk::json{{"timeLimitSeconds", 10}});
    limited.load(running(99,
                         {{"a", entry(0, "right", line({10, 5}, direction::right, 4))},
                          {"b", entry(1, "right", line({10, 10}, direction::right, 3))}},
                         far_food_cells(), default_width, default_height, 10));
    table copy;
    copy.load(sdk::json::parse(limited.g.snapshot().dump()));
    EXPECT_EQ(copy.g.time_limit_ticks(), 100u);
    EXPECT_EQ(copy.view()["timeLeftTicks"], 1);
    copy.tick();
    ASSERT_TRUE(copy.g.is_over());
    EXPECT_EQ(copy.view()["winner"], "a");
}

}  // namespace
}  // namespace gameserver::games::snake
