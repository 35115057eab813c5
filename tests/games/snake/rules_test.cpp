// snake rules alone (games/snake/rules.hpp): directions and steering, the spawn layout, every
// collision kind of one simultaneous tick, growth, food placement and flood fill.
#include "snake/rules.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace gameserver::games::snake {
namespace {

std::deque<point> cells(std::initializer_list<point> list) {
    return std::deque<point>(list);
}

snake make_snake(direction dir, std::initializer_list<point> body, bool alive = true) {
    snake s;
    s.dir = dir;
    s.body = cells(body);
    s.alive = alive;
    return s;
}

arena small_arena() {
    arena a;
    a.width = 16;
    a.height = 16;
    return a;
}

TEST(SnakeRules, DirectionsRoundTripAndReverse) {
    for (const direction d : all_directions) {
        EXPECT_EQ(parse_direction(to_string(d)), d);
        EXPECT_EQ(opposite(opposite(d)), d);
        EXPECT_NE(opposite(d), d);
        EXPECT_EQ(moved(moved(point{5, 5}, d), opposite(d)), (point{5, 5}));
    }
    EXPECT_EQ(moved(point{5, 5}, direction::up), (point{5, 4}));  // screen coordinates
    EXPECT_EQ(moved(point{5, 5}, direction::right), (point{6, 5}));
    for (const char* bad : {"UP", "Up", "north", "", " up", "u"}) {
        EXPECT_FALSE(parse_direction(bad).has_value()) << bad;
    }
}

TEST(SnakeRules, SteerTakesTheLatestInputThatIsNotAReversal) {
    using d = direction;
    struct row {
        d current;
        std::vector<d> queued;
        d expected;
    };
    const std::vector<row> rows = {
        {d::right, {}, d::right},                 // nothing queued: straight on
        {d::right, {d::up}, d::up},               // a turn
        {d::right, {d::up, d::down}, d::down},    // the latest wins
        {d::right, {d::left}, d::right},          // a reversal is ignored
        {d::right, {d::up, d::left}, d::up},      // ... and does not hide an earlier turn
        {d::right, {d::up, d::right}, d::right},  // back to straight on
        {d::up, {d::left, d::down, d::down}, d::left},
        {d::down, {d::up, d::up}, d::down},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(steer(r.current, r.queued), r.expected)
            << to_string(r.current) << " with " << r.queued.size() << " queued";
    }
}

TEST(SnakeRules, SpawnsAreInsideSpreadOutDisjointAndFaceInwards) {
    for (int width = min_size; width <= max_size; ++width) {
        for (const int height : {min_size, 23, 32, max_size}) {
            std::set<point> used;
            for (int slot = 0; slot < max_players; ++slot) {
                const auto s = spawn_for(width, height, slot);
                ASSERT_EQ(s.body.size(), spawn_length);
                for (std::size_t i = 0; i < s.body.size(); ++i) {
                    const point p = s.body[i];
                    EXPECT_TRUE(p.x >= 0 && p.y >= 0 && p.x < width && p.y < height)
                        << width << "x" << height << " slot " << slot;
                    EXPECT_TRUE(used.insert(p).second)
                        << "overlap at " << width << "x" << height << " slot " << slot;
                    if (i > 0) {
                        EXPECT_EQ(moved(p, s.dir), s.body[i - 1]);  // head first
                    }
                }
                // Facing inwards: the head is at least as close to the centre as the tail,
                // and there is room ahead (no wall within 3 cells).
                point ahead = s.body.front();
                for (int step = 0; step < 3; ++step) ahead = moved(ahead, s.dir);
                EXPECT_TRUE(ahead.x >= 0 && ahead.y >= 0 && ahead.x < width && ahead.y < height)
                    << width << "x" << height << " slot " << slot;
                const auto distance = [&](point p) {
                    return std::abs(2 * p.x - (width - 1)) + std::abs(2 * p.y - (height - 1));
                };
                EXPECT_LT(distance(s.body.front()), distance(s.body.back()));
            }
        }
    }
    // The defaults: two players face each other across the middle.
    EXPECT_EQ(spawn_for(32, 32, 0).body, cells({{4, 16}, {3, 16}, {2, 16}}));
    EXPECT_EQ(spawn_for(32, 32, 0).dir, direction::right);
    EXPECT_EQ(spawn_for(32, 32, 1).body, cells({{27, 15}, {28, 15}, {29, 15}}));
    EXPECT_EQ(spawn_for(32, 32, 1).dir, direction::left);
}

TEST(SnakeRules, MovingAdvancesEveryHeadAndDropsTheTail) {
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["b"] = make_snake(direction::up, {{10, 10}, {10, 11}, {10, 12}});
    const auto result = advance(a);
    EXPECT_TRUE(result.died.empty());
    EXPECT_TRUE(result.ate.empty());
    EXPECT_EQ(a.snakes["a"].body, cells({{6, 5}, {5, 5}, {4, 5}}));
    EXPECT_EQ(a.snakes["b"].body, cells({{10, 9}, {10, 10}, {10, 11}}));
}

TEST(SnakeRules, EatingGrowsByOneAndScores) {
    arena a = small_arena();
    a.food = {{6, 5}, {0, 0}};
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    const auto result = advance(a);
    EXPECT_EQ(result.ate, std::vector<std::string>{"a"});
    EXPECT_EQ(a.snakes["a"].body, cells({{6, 5}, {5, 5}, {4, 5}, {3, 5}}));
    EXPECT_EQ(a.snakes["a"].score, 1);
    EXPECT_EQ(a.food, (std::vector<point>{{0, 0}}));  // eaten food is not respawned here
    (void)advance(a);
    EXPECT_EQ(a.snakes["a"].body.size(), 4u);  // the tail moves again after the meal
}

TEST(SnakeRules, WallKills) {
    for (const direction d : all_directions) {
        arena a = small_arena();
        // A one-cell-from-the-wall head in each direction.
        point head{7, 7};
        if (d == direction::up) head = {7, 0};
        if (d == direction::down) head = {7, 15};
        if (d == direction::left) head = {0, 7};
        if (d == direction::right) head = {15, 7};
        snake s;
        s.dir = d;
        s.body = {head, moved(head, opposite(d))};
        a.snakes["a"] = s;
        const auto result = advance(a);
        EXPECT_EQ(result.died, std::vector<std::string>{"a"}) << to_string(d);
        EXPECT_FALSE(a.snakes["a"].alive);
        EXPECT_EQ(a.snakes["a"].body, s.body) << "a dead snake stays where it was";
    }
}

TEST(SnakeRules, SelfCollisionKills) {
    arena a = small_arena();
    // A hook: the head at (5,5) going down runs into its own body at (5,6).
    a.snakes["a"] = make_snake(direction::down, {{5, 5}, {6, 5}, {6, 6}, {5, 6}, {4, 6}});
    EXPECT_EQ(advance(a).died, std::vector<std::string>{"a"});
}

TEST(SnakeRules, ChasingTheOwnTailIsAllowedUnlessEating) {
    // A 2x2 loop: the head enters the cell the tail leaves in the same tick.
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::down, {{5, 5}, {6, 5}, {6, 6}, {5, 6}});
    EXPECT_TRUE(advance(a).died.empty());
    EXPECT_EQ(a.snakes["a"].body, cells({{5, 6}, {5, 5}, {6, 5}, {6, 6}}));
}

TEST(SnakeRules, OtherBodyKills) {
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["b"] = make_snake(direction::down, {{7, 5}, {6, 5}, {6, 4}});  // b's neck is (6,5)
    const auto result = advance(a);
    EXPECT_EQ(result.died, std::vector<std::string>{"a"});
    EXPECT_FALSE(a.snakes["a"].alive);
    EXPECT_TRUE(a.snakes["b"].alive);
    EXPECT_EQ(a.snakes["b"].body, cells({{7, 6}, {7, 5}, {6, 5}}));
}

TEST(SnakeRules, RunningIntoTheOldHeadOfAMovingSnakeKills) {
    // b moves away, but its old head becomes its neck.
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["b"] = make_snake(direction::up, {{6, 5}, {6, 6}, {6, 7}});
    EXPECT_EQ(advance(a).died, std::vector<std::string>{"a"});
    EXPECT_TRUE(a.snakes["b"].alive);
}

TEST(SnakeRules, FollowingAnotherTailIsAllowedUnlessThatSnakeEats) {
    // a's head enters b's tail cell (6,5) as b's tail moves on.
    auto build = [](bool b_eats) {
        arena a = small_arena();
        a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
        a.snakes["b"] = make_snake(direction::up, {{7, 3}, {7, 4}, {7, 5}, {6, 5}});
        if (b_eats) a.food = {{7, 2}};
        return a;
    };
    arena moves_away = build(false);
    EXPECT_TRUE(advance(moves_away).died.empty());
    EXPECT_EQ(moves_away.snakes["a"].body.front(), (point{6, 5}));

    arena stays = build(true);
    const auto result = advance(stays);
    EXPECT_EQ(result.died, std::vector<std::string>{"a"});
    EXPECT_EQ(result.ate, std::vector<std::string>{"b"});
}

TEST(SnakeRules, HeadOnIntoTheSameCellKillsBoth) {
    arena a = small_arena();
    a.food = {{6, 5}};  // even over food: nobody eats it
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["b"] = make_snake(direction::left, {{7, 5}, {8, 5}, {9, 5}});
    a.snakes["c"] = make_snake(direction::down, {{1, 1}, {1, 0}});
    const auto result = advance(a);
    EXPECT_EQ(result.died, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(result.ate.empty());
    EXPECT_EQ(a.food, (std::vector<point>{{6, 5}}));
    EXPECT_TRUE(a.snakes["c"].alive);
}

TEST(SnakeRules, HeadOnFromThreeSidesKillsAll) {
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}});
    a.snakes["b"] = make_snake(direction::left, {{7, 5}, {8, 5}});
    a.snakes["c"] = make_snake(direction::up, {{6, 6}, {6, 7}});
    EXPECT_EQ(advance(a).died, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(a.alive_count(), 0u);
}

TEST(SnakeRules, SwappingCellsKillsBoth) {
    // Heads side by side moving into each other.
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["b"] = make_snake(direction::left, {{6, 5}, {7, 5}, {8, 5}});
    EXPECT_EQ(advance(a).died, (std::vector<std::string>{"a", "b"}));

    // Length-one snakes have no neck: the swap rule alone catches them.
    arena tiny = small_arena();
    tiny.snakes["a"] = make_snake(direction::right, {{5, 5}});
    tiny.snakes["b"] = make_snake(direction::left, {{6, 5}});
    EXPECT_EQ(advance(tiny).died, (std::vector<std::string>{"a", "b"}));
}

TEST(SnakeRules, DeadBodiesDoNotBlock) {
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["dead"] = make_snake(direction::up, {{6, 4}, {6, 5}, {6, 6}}, /*alive=*/false);
    EXPECT_TRUE(advance(a).died.empty());
    EXPECT_EQ(a.snakes["a"].body.front(), (point{6, 5}));
    EXPECT_EQ(a.snakes["dead"].body, cells({{6, 4}, {6, 5}, {6, 6}}));  // never moves
}

TEST(SnakeRules, BlockedCellsLeaveMovingTailsFree) {
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["b"] = make_snake(direction::right, {{5, 8}, {4, 8}, {3, 8}});
    const auto blocked = blocked_cells(a, {false, true});
    EXPECT_EQ(blocked[a.index({5, 5})], 1);
    EXPECT_EQ(blocked[a.index({4, 5})], 1);
    EXPECT_EQ(blocked[a.index({3, 5})], 0);  // a's tail moves away
    EXPECT_EQ(blocked[a.index({3, 8})], 1);  // b eats: its tail stays
}

TEST(SnakeRules, FoodLandsOnFreeCellsDeterministically) {
    arena a = small_arena();
    a.snakes["a"] = make_snake(direction::right, {{5, 5}, {4, 5}, {3, 5}});
    a.snakes["dead"] = make_snake(direction::right, {{9, 9}, {8, 9}}, false);
    arena b = a;
    sdk::rng r1(42);
    sdk::rng r2(42);
    spawn_food(a, 5, r1);
    spawn_food(b, 5, r2);
    EXPECT_EQ(a.food, b.food);
    ASSERT_EQ(a.food.size(), 5u);
    std::set<point> seen;
    for (const point f : a.food) {
        EXPECT_TRUE(a.in_bounds(f));
        EXPECT_TRUE(seen.insert(f).second);
        for (const auto& [id, s] : a.snakes) {
            for (const point p : s.body) EXPECT_NE(f, p) << "food on " << id;
        }
    }
    spawn_food(a, 3, r1);  // already enough
    EXPECT_EQ(a.food.size(), 5u);
    EXPECT_EQ(food_target(2), 2u);
    EXPECT_EQ(food_target(3), 2u);
    EXPECT_EQ(food_target(8), 5u);
}

TEST(SnakeRules, FoodStopsWhenTheGridIsFull) {
    arena a;
    a.width = 2;
    a.height = 2;
    a.snakes["a"] = make_snake(direction::down, {{0, 0}, {1, 0}, {1, 1}});
    sdk::rng random(1);
    spawn_food(a, 3, random);
    EXPECT_EQ(a.food, (std::vector<point>{{0, 1}}));
}

TEST(SnakeRules, FloodAreaCountsTheReachableRegion) {
    arena a = small_arena();
    // A wall across x = 3 (a dead-end pocket of 3x16 on the left).
    a.snakes["wall"] = make_snake(direction::down, {});
    for (int y = 0; y < 16; ++y) a.snakes["wall"].body.push_back({3, y});
    const auto blocked = blocked_cells(a, {true});  // eating: the tail (3,15) stays too
    EXPECT_EQ(flood_area(a, blocked, {0, 0}), 3u * 16u);
    EXPECT_EQ(flood_area(a, blocked, {10, 0}), 12u * 16u);
    EXPECT_EQ(flood_area(a, blocked, {10, 0}, 20), 20u);
    EXPECT_EQ(flood_area(a, blocked, {3, 4}), 0u);
    EXPECT_EQ(flood_area(a, blocked, {-1, 4}), 0u);
}

TEST(SnakeRules, PointsRoundTripThroughJson) {
    EXPECT_EQ(to_json(point{3, 4}).dump(), "[3,4]");
    EXPECT_EQ(to_json(cells({{1, 2}, {1, 3}})).dump(), "[[1,2],[1,3]]");
    EXPECT_EQ(point_from_json(sdk::json::parse("[3,4]")), (point{3, 4}));
    for (const char* bad : {"[3]", "[3,4,5]", "[3.5,4]", "[\"3\",4]", "{}", "null", "[1e10,1]"}) {
        EXPECT_FALSE(point_from_json(sdk::json::parse(bad)).has_value()) << bad;
    }
}

}  // namespace
}  // namespace gameserver::games::snake
