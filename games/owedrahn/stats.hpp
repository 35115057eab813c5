// Owe Drahn persistence (SEED-SPEC §6.3 "Persistence"): the finished-game record in the Go
// server's document shape, the per-uid statistics extracted from one game, and their merge into
// a stored PlayerStats document. Pure functions: the merge runs on the storage thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/json.hpp"
#include "owedrahn/rules.hpp"

namespace gameserver::games::owedrahn {

// context::record() kind of a finished game, and the document collection of per-uid stats
// (the Go server's Firestore `games` collection and `users/<uid>.stats`).
inline constexpr std::string_view game_record_kind = "owedrahn_game";
inline constexpr std::string_view stats_collection = "owedrahn_stats";

// A finished game: {players:[FormattedPlayer], rolls:[{Player,Dice,Total}], startedAt,
// finishedAt}, the times in room milliseconds.
struct game_record {
    std::vector<formatted_player> players;
    std::vector<roll_record> rolls;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0;

    sdk::json to_json() const;
};

// PlayerStats: {"rolledDice":[...],"wins","totalGames","perfectRoll","luckiestRoll","worstRoll",
// "rolled21","maxLifeLoss"}.
struct player_stats {
    std::vector<std::int64_t> rolled_dice;
    std::int64_t wins = 0;
    std::int64_t total_games = 0;
    std::int64_t perfect_roll = 0;
    std::int64_t luckiest_roll = 0;
    std::int64_t worst_roll = 0;
    std::int64_t rolled21 = 0;
    std::int64_t max_life_loss = 0;

    sdk::json to_json() const;
    // Tolerant read of a stored document: a missing or mistyped counter counts as 0, a missing
    // rolledDice as empty (null and non-objects give all zeros).
    static player_stats from_json(const sdk::json& value);
    friend bool operator==(const player_stats&, const player_stats&) = default;
};

// One uid's share of one game (wins and totalGames are applied by the merge).
struct stat_aggregation {
    std::array<std::int64_t, 6> rolled_dice{};
    bool won = false;
    std::int64_t perfect_roll = 0;
    std::int64_t luckiest_roll = 0;
    std::int64_t worst_roll = 0;
    std::int64_t rolled21 = 0;
    std::int64_t max_life_loss = 0;

    friend bool operator==(const stat_aggregation&, const stat_aggregation&) = default;
};

// The Go server's ExtractPlayerStats: over `uid`'s rolls in the game; all zero (and not won)
// when it has none.
stat_aggregation extract_player_stats(std::string_view uid, const game_record& game);

// MergeStats: rolledDice padded or truncated to 6 and summed, counters added, wins+1 when won,
// totalGames+1.
player_stats merge_stats(player_stats stored, const stat_aggregation& game);
// The document_change applied to the stored document (null when there is none yet).
sdk::json merge_stats_document(const sdk::json& stored, const stat_aggregation& game);

}  // namespace gameserver::games::owedrahn
