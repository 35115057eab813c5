// snake bot policies (games/snake/bot.hpp): reading the view, getting ready, the chaser's choices
// (food, walls, bodies, pockets), the random policy's safety, whole games of bots on the virtual
// clock, and chaser against random.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "games/snake/snake_fixture.hpp"

namespace gameserver::games::snake {
namespace {

using testing::entry;
using testing::line;
using testing::play;
using testing::running;
using testing::table;

const auto plugin = make_plugin();

std::shared_ptr<const sdk::bot_policy> chaser() {
    return plugin->bot("chaser");
}
std::shared_ptr<const sdk::bot_policy> random_bot() {
    return plugin->bot("random");
}

std::optional<sdk::bot_action> decide(const sdk::bot_policy& policy, const table& t,
                                      const sdk::player_id& self, std::uint64_t seed = 1) {
    sdk::rng random(seed);
    return policy.decide(t.g.view_for(self), self, random);
}

std::string turn_of(const std::optional<sdk::bot_action>& action) {
    if (!action) return "none";
    EXPECT_EQ(action->type, "turn");
    return action->data.value("dir", "?");
}

// A far-away second snake, so the round is running.
sdk::json other() {
    return entry(1, "left", line({25, 28}, direction::left, 3));
}

TEST(SnakeBots, PluginListsThePolicies) {
    EXPECT_EQ(plugin->bot(""), plugin->bot("chaser")) << "chaser is the default";
    EXPECT_EQ(plugin->bot_policies(), (std::vector<std::string>{"chaser", "random"}));
    EXPECT_EQ(plugin->bot("minimax"), nullptr);
    sdk::rng a(3);
    sdk::rng b(3);
    const auto name = plugin->bot_name(a);
    EXPECT_EQ(name, plugin->bot_name(b));
    EXPECT_EQ(name.rfind("Bot ", 0), 0u);
    const auto& info = plugin->info();
    EXPECT_EQ(info.id, "snake");
    EXPECT_EQ(info.display_name, "Snake");
    EXPECT_EQ(info.min_players, 2);
    EXPECT_EQ(info.max_players, 8);
    EXPECT_EQ(info.tick_rate_hz, 10);
    EXPECT_TRUE(info.supports_bots);
    EXPECT_TRUE(info.late_joiners_spectate);
    EXPECT_EQ(info.option_schema["width"]["default"], 32);
    EXPECT_EQ(info.option_schema["timeLimitSeconds"].dump(),
              R"({"type":"integer","minimum":10,"maximum":600,"default":120})");
}

TEST(SnakeBots, EveryPolicyGetsReadyOnceBeforeTheStart) {
    for (const auto& policy : {chaser(), random_bot()}) {
        table t;
        t.join({"a", "b"});
        const auto action = decide(*policy, t, "a");
        ASSERT_TRUE(action) << policy->name();
        EXPECT_EQ(action->type, "ready");
        EXPECT_EQ(action->data.dump(), R"({"ready":true})");
        EXPECT_GE(action->think, min_think);
        EXPECT_LE(action->think, max_think);
        ASSERT_FALSE(t.h.act("a", action->type, action->data));
        EXPECT_FALSE(decide(*policy, t, "a")) << policy->name() << ": already ready";
        EXPECT_FALSE(decide(*policy, t, "spectator")) << "not seated";
    }
}

TEST(SnakeBots, NothingToDoWhenOverDeadOrTheViewIsGarbage) {
    table t;
    t.load(running(5,
                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"b", entry(1, "right", line({10, 10}, direction::right, 3))},
                    {"dead", entry(2, "up", line({10, 15}, direction::right, 3), false)}},
                   {{11, 4}}));
    for (const auto& policy : {chaser(), random_bot()}) {
        EXPECT_FALSE(decide(*policy, t, "dead")) << policy->name();
        sdk::rng random(1);
        for (const sdk::json& garbage :
             {sdk::json(nullptr), sdk::json::object(), sdk::json("state"), sdk::json::array(),
              sdk::json{{"width", 32}, {"height", 32}, {"started", true}, {"over", false}},
              sdk::json{{"width", 32},
                        {"height", 32},
                        {"started", true},
                        {"over", false},
                        {"food", {{1, 2, 3}}},
                        {"snakes", sdk::json::object()}}}) {
            EXPECT_FALSE(policy->decide(garbage, "a", random)) << garbage.dump();
        }
    }
    t.load(running(5,
                   {{"a", entry(0, "right", line({10, 5}, direction::right, 3))},
                    {"b", entry(1, "right", line({31, 10}, direction::right, 3))}},
                   {{11, 4}}));
    t.tick();
    ASSERT_TRUE(t.g.is_over());
    EXPECT_FALSE(decide(*chaser(), t, "a"));
    EXPECT_FALSE(decide(*random_bot(), t, "a"));
}

TEST(SnakeBots, ChaserTurnsTowardsTheNearestFood) {
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({10, 10}, direction::right, 3))}, {"b", other()}},
                   {{10, 7}, {20, 20}}));
    const auto action = decide(*chaser(), t, "a");
    EXPECT_EQ(turn_of(action), "up");
    EXPECT_GE(action->think, min_think);
    EXPECT_LE(action->think, max_think);
    // Once the turn is queued the view's `next` says so: nothing more to send.
    ASSERT_FALSE(t.h.act("a", "turn", action->data));
    EXPECT_EQ(turn_of(decide(*chaser(), t, "a")), "none");
}

TEST(SnakeBots, ChaserSendsNothingWhenAlreadyOnCourse) {
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({10, 10}, direction::right, 3))}, {"b", other()}},
                   {{15, 10}}));
    EXPECT_EQ(turn_of(decide(*chaser(), t, "a")), "none");
}

TEST(SnakeBots, ChaserAvoidsWallsAndBodies) {
    table wall;
    // Heading into the right wall; the food is below.
    wall.load(
        running(0, {{"a", entry(0, "right", line({31, 10}, direction::right, 3))}, {"b", other()}},
                {{31, 20}}));
    EXPECT_EQ(turn_of(decide(*chaser(), wall, "a")), "down");

    table body;
    // b's body stands across a's way, with the food right behind it.
    std::vector<point> b_body;
    for (int y = 4; y <= 16; ++y) b_body.push_back({12, y});
    body.load(running(0,
                      {{"a", entry(0, "right", line({11, 10}, direction::right, 3))},
                       {"b", entry(1, "up", b_body)}},
                      {{13, 10}}));
    const auto turn = turn_of(decide(*chaser(), body, "a"));
    EXPECT_TRUE(turn == "up" || turn == "down") << turn;
}

TEST(SnakeBots, ChaserKeepsOutOfAPocketSmallerThanItself) {
    // b walls off a 4x3 pocket in the top-left corner, open at (0,3); food lies just inside.
    // a (20 long) sits below the opening: the food is 2 steps away, but the pocket could never
    // hold a: it turns right instead (where no food is reachable).
    std::vector<point> a_body;
    for (int y = 4; y < 24; ++y) a_body.push_back({0, y});
    // The tail (1,4) lies outside: when it moves away the pocket stays closed.
    const std::vector<point> b_body = {{4, 0}, {4, 1}, {4, 2}, {4, 3},
                                       {3, 3}, {2, 3}, {1, 3}, {1, 4}};
    table t;
    t.load(running(0, {{"a", entry(0, "up", a_body)}, {"b", entry(1, "right", b_body)}}, {{0, 1}}));
    EXPECT_EQ(turn_of(decide(*chaser(), t, "a")), "right");

    // A short snake fits: it goes for the food.
    table small;
    small.load(running(
        0, {{"a", entry(0, "up", {{0, 4}, {0, 5}, {0, 6}})}, {"b", entry(1, "right", b_body)}},
        {{0, 1}}));
    EXPECT_EQ(turn_of(decide(*chaser(), small, "a")), "none") << "up, as it is going";
}

TEST(SnakeBots, ChaserAvoidsAHeadOnWhenItCan) {
    // The food is ahead, but b's head is next to it: a swerves rather than risk both dying.
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({10, 10}, direction::right, 3))},
                    {"b", entry(1, "down", {{11, 9}, {11, 8}, {11, 7}})}},
                   {{11, 10}}));
    // Right (the food) and up are both next to b's head; down is not.
    EXPECT_EQ(turn_of(decide(*chaser(), t, "a")), "down");
}

TEST(SnakeBots, RandomNeverChoosesAMoveThatDiesAtOnce) {
    // The top-right corner: only down is safe.
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({31, 0}, direction::right, 3))}, {"b", other()}},
                   {{5, 5}}));
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        EXPECT_EQ(turn_of(decide(*random_bot(), t, "a", seed)), "down") << "seed " << seed;
    }
    ASSERT_FALSE(t.h.act("a", "turn", sdk::json{{"dir", "down"}}));
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        EXPECT_EQ(turn_of(decide(*random_bot(), t, "a", seed)), "none")
            << "a safe turn is already queued";
    }
}

TEST(SnakeBots, RandomSometimesTurnsAndSometimesGoesOn) {
    table t;
    t.load(running(0,
                   {{"a", entry(0, "right", line({10, 10}, direction::right, 3))}, {"b", other()}},
                   {{5, 5}}));
    std::map<std::string, int> seen;
    for (std::uint64_t seed = 1; seed <= 300; ++seed)
        ++seen[turn_of(decide(*random_bot(), t, "a", seed))];
    EXPECT_GT(seen["none"], 150);
    EXPECT_GT(seen["up"], 10);
    EXPECT_GT(seen["down"], 10);
    EXPECT_EQ(seen.count("left"), 0u) << "never a reversal";
}

TEST(SnakeBots, FourChasersPlayAWholeRoundToTheEnd) {
    // 20 s (200 ticks) keep the test quick; four chasers usually last to the time limit.
    table t(2024, sdk::json{{"timeLimitSeconds", 20}});
    std::map<sdk::player_id, std::shared_ptr<const sdk::bot_policy>> bots;
    for (const char* id : {"b1", "b2", "b3", "b4"}) {
        ASSERT_FALSE(t.h.join(id, plugin->bot_name(t.h.bot_random()), /*is_bot=*/true));
        bots[id] = chaser();
    }
    const int actions = play(t, bots);
    ASSERT_TRUE(t.g.is_over()) << "after " << t.g.tick() << " ticks";
    EXPECT_LE(t.g.tick(), 200u);
    EXPECT_GT(actions, 4);
    ASSERT_EQ(t.h.records().size(), 1u);
    const auto record = sdk::json::parse(t.h.records()[0].data);
    EXPECT_EQ(record["players"].size(), 4u);
    EXPECT_EQ(record["ticks"], t.g.tick());
    int eaten = 0;
    for (const auto& p : record["players"]) {
        EXPECT_EQ(p["bot"], true);
        eaten += p["score"].get<int>();
    }
    EXPECT_GT(eaten, 0) << "chasers eat";
    std::cout << "[ snake    ] 4 chasers (seed 2024): " << t.g.tick() << " ticks, " << eaten
              << " food eaten, winner '" << record["winner"].get<std::string>() << "'\n";
}

TEST(SnakeBots, ChaserBeatsRandomMoreOftenThanNot) {
    // 12 games of 20 s (200 ticks) each, where the longer snake wins when the time is up. Measured
    // for seeds 1..12: chaser 12, random 0, no winner 0.
    constexpr int games = 12;
    int chaser_wins = 0;
    int random_wins = 0;
    int no_winner = 0;
    for (int seed = 1; seed <= games; ++seed) {
        table t(static_cast<std::uint64_t>(seed), sdk::json{{"timeLimitSeconds", 20}});
        // Alternate who gets the first spawn slot.
        const std::vector<sdk::player_id> order =
            seed % 2 == 0 ? std::vector<sdk::player_id>{"chaser", "random"}
                          : std::vector<sdk::player_id>{"random", "chaser"};
        for (const auto& id : order) ASSERT_FALSE(t.h.join(id, id, true));
        play(t, {{"chaser", chaser()}, {"random", random_bot()}});
        ASSERT_TRUE(t.g.is_over()) << "seed " << seed;
        const auto winner = t.view()["winner"].get<std::string>();
        if (winner == "chaser") {
            ++chaser_wins;
        } else if (winner == "random") {
            ++random_wins;
        } else {
            ++no_winner;
        }
    }
    std::cout << "[ snake    ] chaser vs random over " << games << " games: chaser " << chaser_wins
              << ", random " << random_wins << ", no winner " << no_winner << "\n";
    EXPECT_GT(2 * chaser_wins, games);
    EXPECT_GT(chaser_wins, random_wins);
}

}  // namespace
}  // namespace gameserver::games::snake
