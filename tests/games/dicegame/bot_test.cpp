// dicegame bot policies (SEED-SPEC §5, GAMES.md): the Go bot's rules as "classic", the
// expected-value policy, random play, and whole games of bots driven as the room drives them.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "dicegame/bot.hpp"
#include "dicegame/game.hpp"
#include "dicegame/plugin.hpp"
#include "games/conformance.hpp"
#include "games/harness.hpp"

namespace gameserver::games::dicegame {
namespace {

using sdk::json;

// A game_state view with `self` = "me" to move (unless `turn` says otherwise).
json view_with(const std::vector<int>& dice, const std::vector<int>& selected = {},
               const std::vector<int>& set_aside = {}, std::int64_t score = 0,
               std::int64_t round = 0, const std::string& turn = "me", bool started = true) {
    json players = json::object();
    players["me"] = json{
        {"id", "me"}, {"name", "Me"}, {"score", score}, {"turnScore", 0}, {"roundScore", round}};
    players["you"] =
        json{{"id", "you"}, {"name", "You"}, {"score", 0}, {"turnScore", 0}, {"roundScore", 0}};
    return json{{"players", players},    {"started", started},
                {"currentTurn", turn},   {"winner", ""},
                {"dice", dice},          {"selectedDice", selected},
                {"setAside", set_aside}, {"targetScore", target_score}};
}

std::string describe(const std::optional<sdk::bot_action>& action) {
    if (!action) return "none";
    return action->type + " " + action->data.dump();
}

std::string decide(const sdk::bot_policy& policy, const json& view) {
    sdk::rng random(1);
    return describe(policy.decide(view, "me", random));
}

// ---- reading the view ----

TEST(dicegame_bot, ReadTurnOnlyOnOwnTurnOfARunningGameWithoutAPendingBust) {
    EXPECT_TRUE(read_turn(view_with({0, 0, 0, 0, 0, 0}), "me"));
    EXPECT_TRUE(read_turn(view_with({}), "me"));
    EXPECT_FALSE(read_turn(view_with({0, 0, 0, 0, 0, 0}), "you"));
    EXPECT_FALSE(read_turn(view_with({}, {}, {}, 0, 0, "", true), "me")) << "over";
    EXPECT_FALSE(read_turn(view_with({}, {}, {}, 0, 0, "me", false), "me")) << "not started";
    EXPECT_FALSE(read_turn(view_with({2, 3, 4, 6}, {}, {1, 5}), "me")) << "bust pending";
    EXPECT_FALSE(read_turn(view_with({1, 2}, {5}, {1, 1, 1, 5}), "me")) << "bad index";
    EXPECT_FALSE(read_turn(json::array(), "me"));
    EXPECT_FALSE(read_turn(json{{"started", true}, {"currentTurn", "me"}}, "me"));
}

// ---- classic: the Go bot ----

TEST(dicegame_bot, ClassicRollsUnrolledDiceAfterTwoSeconds) {
    const classic_policy classic;
    sdk::rng random(1);
    const auto action = classic.decide(view_with({0, 0, 0, 0, 0, 0}), "me", random);
    ASSERT_TRUE(action);
    EXPECT_EQ(action->type, "roll");
    EXPECT_TRUE(action->data.is_null());
    EXPECT_EQ(action->think, sdk::millis{2000});
    EXPECT_EQ(decide(classic, view_with({})), "roll null");
    EXPECT_EQ(decide(classic, view_with({0, 0}, {}, {1, 1, 1, 5})), "roll null");
}

TEST(dicegame_bot, ClassicTakesOnesThenFivesThenTriplesThenSetsAside) {
    const classic_policy classic;
    const std::vector<int> dice = {1, 2, 2, 5, 5, 6};
    EXPECT_EQ(decide(classic, view_with(dice)), R"(select {"diceIndex":0})");
    EXPECT_EQ(decide(classic, view_with(dice, {0})), R"(select {"diceIndex":3})");
    EXPECT_EQ(decide(classic, view_with(dice, {0, 3})), R"(select {"diceIndex":4})");
    EXPECT_EQ(decide(classic, view_with(dice, {0, 3, 4})), R"(set_aside {"endTurn":true})");

    const std::vector<int> triples = {2, 2, 2, 3, 3, 3};
    EXPECT_EQ(decide(classic, view_with(triples)), R"(select {"diceIndex":0})");
    EXPECT_EQ(decide(classic, view_with(triples, {0, 1, 2})), R"(select {"diceIndex":3})");
    EXPECT_EQ(decide(classic, view_with(triples, {0, 1, 2, 3, 4, 5})),
              R"(set_aside {"endTurn":true})");
}

TEST(dicegame_bot, ClassicEndsItsTurnOnceThreeDiceAreBankedOrSelected) {
    const classic_policy classic;
    // One die selected, none set aside: keep going.
    EXPECT_EQ(decide(classic, view_with({1, 2, 3, 4, 6, 6}, {0})),
              R"(set_aside {"endTurn":false})");
    // Two set aside, one selected: bank.
    EXPECT_EQ(decide(classic, view_with({1, 2, 3, 6}, {0}, {5, 5})),
              R"(set_aside {"endTurn":true})");
    // One set aside, one selected: keep going.
    EXPECT_EQ(decide(classic, view_with({2, 3, 4, 5, 6}, {3}, {1})),
              R"(set_aside {"endTurn":false})");
}

TEST(dicegame_bot, ClassicWaitsDuringItsBustAndWhenStuck) {
    const classic_policy classic;
    EXPECT_EQ(decide(classic, view_with({2, 3, 3, 4, 6, 6})), "none") << "bust pending";
    // The Go bot selects nothing once 4 dice are set aside, and is then stuck.
    EXPECT_EQ(decide(classic, view_with({1, 2}, {}, {1, 1, 5, 5})), "none");
    EXPECT_EQ(decide(classic, view_with({1, 2, 3, 4, 6, 6}, {}, {}, 0, 0, "you")), "none");
}

// ---- ev ----

TEST(dicegame_bot, EvTableIsSane) {
    const ev_policy ev;
    // Rolling six dice from nothing is worth a few hundred points, more than any fewer dice;
    // from two dice on, more dice are worth more (one die can score hot dice and go on with six,
    // so it is worth more than two).
    for (int n = 1; n < dice_count; ++n) {
        EXPECT_GT(ev.roll_value(0, n), 0.0) << n;
        EXPECT_LT(ev.roll_value(0, n), ev.roll_value(0, dice_count)) << n;
        if (n >= 2) {
            EXPECT_LT(ev.roll_value(0, n), ev.roll_value(0, n + 1)) << n;
        }
    }
    std::cout << "[ figure   ] ev: rolling 1..6 dice from nothing is worth";
    for (int n = 1; n <= dice_count; ++n) std::cout << " " << ev.roll_value(0, n);
    std::cout << " points\n";
    EXPECT_GT(ev.roll_value(0, 6), 300.0);
    EXPECT_LT(ev.roll_value(0, 6), 1000.0);
    // With much at stake one die is not worth rolling (it busts 2 times in 3)...
    EXPECT_LT(ev.roll_value(1000, 1), 1000.0);
    // ...but six fresh dice are (they bust about 2% of the time).
    EXPECT_GT(ev.roll_value(1000, 6), 1000.0);
    EXPECT_EQ(ev.roll_value(3000, 1), 3000.0);
}

TEST(dicegame_bot, EvSelectsItsChoiceThenSetsItAside) {
    const ev_policy ev;
    // Three 1s and a 5 in six dice: it takes 1000 at least.
    const std::vector<int> dice = {1, 1, 1, 2, 5, 6};
    const auto turn = read_turn(view_with(dice), "me");
    ASSERT_TRUE(turn);
    const auto choice = ev.choose(*turn);
    ASSERT_TRUE(choice);
    EXPECT_GE(choice->take.points, 1000);
    std::vector<int> selected;
    for (int step = 0; step < 8; ++step) {
        sdk::rng random(1);
        const auto action = ev.decide(view_with(dice, selected), "me", random);
        ASSERT_TRUE(action);
        if (action->type == "set_aside") {
            EXPECT_EQ(action->data["endTurn"], choice->bank);
            break;
        }
        ASSERT_EQ(action->type, "select");
        selected.push_back(action->data["diceIndex"].get<int>());
    }
    std::vector<int> faces;
    for (const int i : selected) faces.push_back(dice[static_cast<std::size_t>(i)]);
    EXPECT_EQ(score(faces), (score_result{choice->take.points, true}));
}

TEST(dicegame_bot, EvBanksAWinAndARiskyRound) {
    const ev_policy ev;
    // 2950 + a 1 wins: bank it.
    EXPECT_EQ(decide(ev, view_with({1, 2, 3, 4, 6, 6}, {0}, {}, 2950)),
              R"(set_aside {"endTurn":true})");
    // 1500 at stake and one die left after the 5: bank.
    EXPECT_EQ(decide(ev, view_with({2, 5}, {1}, {1, 1, 1, 1}, 0, 1500)),
              R"(set_aside {"endTurn":true})");
    // Nothing at stake: keep rolling.
    EXPECT_EQ(decide(ev, view_with({1, 2, 3, 3, 4, 6}, {0})), R"(set_aside {"endTurn":false})");
    // A 2-6 run beats a single 5 and, with one die left, is banked.
    EXPECT_EQ(decide(ev, view_with({2, 3, 4, 5, 6, 6}, {3})), R"(select {"diceIndex":0})");
}

TEST(dicegame_bot, EvUndoesASelectionOutsideItsChoice) {
    const ev_policy ev;
    EXPECT_EQ(decide(ev, view_with({1, 2, 3, 4, 6, 6}, {1})), R"(select {"diceIndex":1})");
    EXPECT_EQ(decide(ev, view_with({2, 3, 3, 4, 6, 6})), "none") << "bust pending";
}

// ---- random ----

TEST(dicegame_bot, RandomOnlyMakesScoringMoves) {
    const random_policy random_play;
    sdk::rng random(5);
    for (int i = 0; i < 500; ++i) {
        std::vector<int> dice(6);
        for (int& die : dice) die = static_cast<int>(random.between(1, 6));
        std::sort(dice.begin(), dice.end());
        if (is_bust(dice)) continue;
        std::vector<int> selected;
        for (int step = 0; step < 20; ++step) {
            const auto action = random_play.decide(view_with(dice, selected), "me", random);
            ASSERT_TRUE(action);
            EXPECT_GE(action->think, random_min_think);
            EXPECT_LE(action->think, random_max_think);
            if (action->type == "set_aside") {
                std::vector<int> faces;
                for (const int s : selected) faces.push_back(dice[static_cast<std::size_t>(s)]);
                EXPECT_TRUE(score(faces).valid);
                break;
            }
            ASSERT_EQ(action->type, "select");
            const int index = action->data["diceIndex"].get<int>();
            const auto it = std::find(selected.begin(), selected.end(), index);
            ASSERT_EQ(it, selected.end()) << "it only adds dice from a clean selection";
            selected.push_back(index);
        }
    }
}

// ---- whole games, driven as the room drives bots ----

struct match {
    std::string winner;  // "A" (seat a) or "B" (seat b), "" when unfinished
    int actions = 0;
    int refused = 0;
};

sdk::millis room_clamp(sdk::millis think) {
    return std::clamp(think, sdk::millis{300}, sdk::millis{1200});
}

// Each bot decides on its view; the room waits the (clamped) think time, asks again and plays
// that; when nobody acts the clock runs to the next timer (a bust).
match play(const sdk::bot_policy& seat_a, const sdk::bot_policy& seat_b, std::uint64_t seed,
           int max_actions = 3000) {
    testkit::harness h(seed, "bots");
    game g;
    h.attach(g);
    (void)h.join("a", "A", true);
    (void)h.join("b", "B", true);
    match result;
    while (!g.is_over() && result.actions < max_actions) {
        bool acted = false;
        for (const std::string id : {"a", "b"}) {
            const sdk::bot_policy& policy = id == "a" ? seat_a : seat_b;
            const auto planned = policy.decide(g.view_for(id), id, h.bot_random());
            if (!planned) continue;
            h.advance(room_clamp(planned->think));
            const auto action = policy.decide(g.view_for(id), id, h.bot_random());
            if (!action) continue;
            if (h.act(id, action->type, action->data)) ++result.refused;
            ++result.actions;
            acted = true;
        }
        if (!acted && !h.advance_to_next()) break;
    }
    result.winner = g.view_for("a")["winner"].get<std::string>();
    return result;
}

TEST(dicegame_bot, TwoClassicBotsPlayAGameToTheEnd) {
    const classic_policy classic;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const auto m = play(classic, classic, seed);
        EXPECT_FALSE(m.winner.empty()) << "seed " << seed;
        EXPECT_EQ(m.refused, 0) << "seed " << seed;
    }
}

TEST(dicegame_bot, EveryPolicyPlaysOnlyLegalMovesAndFinishes) {
    const auto plugin = make_plugin();
    for (const auto& name : plugin->bot_policies()) {
        const auto policy = plugin->bot(name);
        int longest = 0;
        for (std::uint64_t seed = 1; seed <= 30; ++seed) {
            const auto m = play(*policy, *policy, seed);
            EXPECT_FALSE(m.winner.empty()) << name << " seed " << seed;
            EXPECT_EQ(m.refused, 0) << name << " seed " << seed;
            longest = std::max(longest, m.actions);
        }
        std::cout << "[ figure   ] " << name << " vs " << name << ": longest game over 30 seeds "
                  << longest << " actions\n";
    }
}

// The conformance driver allows 300 rounds; random play must finish well within it.
TEST(dicegame_bot, RandomGamesFinishWellWithinTheConformanceCap) {
    const auto plugin = make_plugin();
    int longest = 0;
    int total = 0;
    constexpr int seeds = 200;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        conformance::session s(*plugin, seed);
        s.start();
        int rounds = 0;
        while (!s.game().is_over() && rounds < 300 && s.step()) ++rounds;
        EXPECT_TRUE(s.game().is_over()) << "seed " << seed;
        longest = std::max(longest, rounds);
        total += rounds;
    }
    std::cout << "[ figure   ] random: " << total / seeds << " rounds on average, at most "
              << longest << " over " << seeds << " seeds\n";
    EXPECT_LT(longest, 220);
}

// The expected-value policy beats the Go bot's rules more often than not (seats alternate).
TEST(dicegame_bot, EvBeatsClassicMoreOftenThanNot) {
    const classic_policy classic;
    const ev_policy ev;
    constexpr int games = 400;
    int ev_wins = 0;
    for (int i = 0; i < games; ++i) {
        const bool ev_first = i % 2 == 0;
        const auto m = ev_first ? play(ev, classic, static_cast<std::uint64_t>(i) + 1)
                                : play(classic, ev, static_cast<std::uint64_t>(i) + 1);
        ASSERT_FALSE(m.winner.empty());
        if ((m.winner == "A") == ev_first) ++ev_wins;
    }
    std::cout << "[ figure   ] ev beat classic in " << ev_wins << " of " << games << " games\n";
    EXPECT_GT(ev_wins, games / 2);
}

}  // namespace
}  // namespace gameserver::games::dicegame
