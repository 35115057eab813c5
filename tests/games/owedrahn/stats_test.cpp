// Owe Drahn statistics (SEED-SPEC §6.3 "Persistence", §8.12): extraction of one uid's share of a
// game, the merge into a stored PlayerStats document, and the record's document shape.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "owedrahn/stats.hpp"

namespace gameserver::games::owedrahn {
namespace {

using sdk::json;

roll_record make_roll(const std::string& uid, int life, int dice, int total) {
    return roll_record{formatted_player{life, uid, "name-" + uid, 0}, dice, total};
}

// Go's TestMergeStatsInitializesMissingRolledDice.
TEST(owedrahn_stats, MergeStatsInitializesMissingRolledDice) {
    stat_aggregation game;
    game.rolled_dice = {1, 2, 0, 0, 1, 3};
    game.won = true;
    game.perfect_roll = 1;
    game.luckiest_roll = 2;
    game.worst_roll = 3;
    game.rolled21 = 4;
    game.max_life_loss = 5;
    const player_stats merged = merge_stats(player_stats{}, game);
    EXPECT_EQ(merged.rolled_dice, (std::vector<std::int64_t>{1, 2, 0, 0, 1, 3}));
    EXPECT_EQ(merged.wins, 1);
    EXPECT_EQ(merged.total_games, 1);
    EXPECT_EQ(merged.perfect_roll, 1);
    EXPECT_EQ(merged.luckiest_roll, 2);
    EXPECT_EQ(merged.worst_roll, 3);
    EXPECT_EQ(merged.rolled21, 4);
    EXPECT_EQ(merged.max_life_loss, 5);
    // The same through the document change, from no document at all.
    EXPECT_EQ(merge_stats_document(nullptr, game), merged.to_json());
}

TEST(owedrahn_stats, MergeAddsCountersAndPadsOrTruncatesDice) {
    stat_aggregation game;
    game.rolled_dice = {1, 1, 1, 1, 1, 1};
    const json padded = merge_stats_document(
        json::parse(R"({"rolledDice":[5,5],"wins":3,"totalGames":7,"perfectRoll":2})"), game);
    EXPECT_EQ(padded, json::parse(R"({"rolledDice":[6,6,1,1,1,1],"wins":3,"totalGames":8,)"
                                  R"("perfectRoll":2,"luckiestRoll":0,"worstRoll":0,)"
                                  R"("rolled21":0,"maxLifeLoss":0})"));
    const json truncated =
        merge_stats_document(json::parse(R"({"rolledDice":[1,2,3,4,5,6,7,8]})"), game);
    EXPECT_EQ(truncated["rolledDice"], json::parse("[2,3,4,5,6,7]"));
}

TEST(owedrahn_stats, MergeToleratesMalformedDocuments) {
    stat_aggregation game;
    game.won = true;
    for (const json& stored : {json("garbage"), json(5), json::array(),
                               json::parse(R"({"rolledDice":"x","wins":"3","totalGames":1.5})")}) {
        const json merged = merge_stats_document(stored, game);
        EXPECT_EQ(merged["rolledDice"], json::parse("[0,0,0,0,0,0]")) << stored.dump();
        EXPECT_EQ(merged["wins"], 1) << stored.dump();
        EXPECT_EQ(merged["totalGames"], 1) << stored.dump();
    }
    EXPECT_EQ(merge_stats_document(json{{"wins", 2.0}}, game)["wins"], 3)
        << "an integral float counts";
}

TEST(owedrahn_stats, StatsFieldOrderIsGos) {
    std::vector<std::string> keys;
    const json stats = player_stats{}.to_json();
    for (const auto& [key, value] : stats.items()) keys.push_back(key);
    EXPECT_EQ(keys,
              (std::vector<std::string>{"rolledDice", "wins", "totalGames", "perfectRoll",
                                        "luckiestRoll", "worstRoll", "rolled21", "maxLifeLoss"}));
}

TEST(owedrahn_stats, NoRollsMeansAllZeroAndNoWin) {
    game_record game;
    game.players = {formatted_player{6, "u1", "a", 0}, formatted_player{0, "u2", "b", 0}};
    game.rolls = {make_roll("u2", 6, 6, 16)};
    EXPECT_EQ(extract_player_stats("u1", game), stat_aggregation{})
        << "alive, but without a roll it is not counted as a win";
}

TEST(owedrahn_stats, ExtractCountsFacesPerfectAndLuckiestRolls) {
    game_record game;
    game.players = {formatted_player{4, "u1", "a", 0}};
    game.rolls = {make_roll("u1", 6, 1, 1),  make_roll("u1", 6, 3, 1),  make_roll("u2", 6, 5, 6),
                  make_roll("u1", 6, 6, 15), make_roll("u1", 5, 3, 15), make_roll("u1", 4, 2, 4)};
    const auto a = extract_player_stats("u1", game);
    EXPECT_EQ(a.rolled_dice, (std::array<std::int64_t, 6>{1, 1, 2, 0, 0, 1}));
    EXPECT_EQ(a.perfect_roll, 1);
    EXPECT_EQ(a.luckiest_roll, 1);
    EXPECT_TRUE(a.won);
    EXPECT_EQ(a.worst_roll, 0);
    EXPECT_EQ(a.rolled21, 0);
    EXPECT_EQ(a.max_life_loss, 0);
}

TEST(owedrahn_stats, EndingRollsCountOnlyOnTheLastRoll) {
    game_record game;
    game.players = {formatted_player{0, "u1", "a", 0}, formatted_player{3, "u2", "b", 0}};
    // An earlier 6-at-16 or 21 is impossible in play; they show that only the last roll counts.
    game.rolls = {make_roll("u1", 6, 6, 16), make_roll("u1", 6, 6, 21), make_roll("u2", 6, 1, 1),
                  make_roll("u1", 6, 6, 16)};
    const auto a = extract_player_stats("u1", game);
    EXPECT_EQ(a.worst_roll, 1);
    EXPECT_EQ(a.rolled21, 0);
    EXPECT_EQ(a.max_life_loss, 1);
    EXPECT_FALSE(a.won);

    game.rolls.back() = make_roll("u1", 2, 6, 21);
    const auto b = extract_player_stats("u1", game);
    EXPECT_EQ(b.worst_roll, 0);
    EXPECT_EQ(b.rolled21, 1);
    EXPECT_EQ(b.max_life_loss, 0) << "lost with fewer than 6 lives";
}

TEST(owedrahn_stats, RecordHasGosDocumentShape) {
    game_record game;
    game.players = {formatted_player{6, "u1", "Alice", 0}, formatted_player{0, "", "Bob", 0}};
    game.rolls = {make_roll("", 6, 6, 16)};
    game.started_at = 1200;
    game.finished_at = 9400;
    EXPECT_EQ(game.to_json().dump(),
              R"({"players":[{"life":6,"uid":"u1","username":"Alice","rank":0},)"
              R"({"life":0,"uid":"","username":"Bob","rank":0}],)"
              R"("rolls":[{"Player":{"life":6,"uid":"","username":"name-","rank":0},)"
              R"("Dice":6,"Total":16}],"startedAt":1200,"finishedAt":9400})");
}

TEST(owedrahn_rules, DieValueAndBustChance) {
    EXPECT_EQ(die_value(3), 0);
    EXPECT_EQ(die_value(6), 6);
    EXPECT_EQ(bust_chance(0), 0.0);
    EXPECT_EQ(bust_chance(9), 0.0);
    EXPECT_DOUBLE_EQ(bust_chance(10), 1.0 / 6);
    EXPECT_DOUBLE_EQ(bust_chance(11), 2.0 / 6);
    EXPECT_DOUBLE_EQ(bust_chance(12), 3.0 / 6);
    EXPECT_DOUBLE_EQ(bust_chance(13), 3.0 / 6) << "a 3 never busts";
    EXPECT_DOUBLE_EQ(bust_chance(14), 4.0 / 6);
    EXPECT_DOUBLE_EQ(bust_chance(15), 5.0 / 6);
}

TEST(owedrahn_rules, NextAliveWrapsAndSkipsTheDead) {
    std::vector<player> players(4);
    for (std::size_t i = 0; i < players.size(); ++i) players[i].id = std::to_string(i);
    players[2].life = 0;
    EXPECT_EQ(next_alive_after(players, 1), 3u);
    EXPECT_EQ(next_alive_after(players, 3), 0u);
    for (auto& p : players) p.life = 0;
    players[1].life = 2;
    EXPECT_EQ(next_alive_after(players, 1), 1u) << "only itself";
    players[1].life = 0;
    EXPECT_EQ(next_alive_after(players, 1), std::nullopt);
    EXPECT_EQ(next_alive_after({}, 0), std::nullopt);
}

}  // namespace
}  // namespace gameserver::games::owedrahn
