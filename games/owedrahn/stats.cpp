#include "owedrahn/stats.hpp"

#include <cmath>
#include <limits>

#include "owedrahn/json_read.hpp"

namespace gameserver::games::owedrahn {
namespace {

// A stored counter: an integer, or an integral float (documents may have passed through other
// JSON writers); anything else counts as 0.
std::int64_t read_counter(const sdk::json& value) {
    if (value.is_number_integer() || value.is_number_unsigned()) {
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() >
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return 0;
        }
        return value.get<std::int64_t>();
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isfinite(d) && std::trunc(d) == d && std::abs(d) < 9e15) {
            return static_cast<std::int64_t>(d);
        }
    }
    return 0;
}

std::int64_t counter(const sdk::json& object, std::string_view key) {
    const sdk::json* v = detail::field(object, key);
    return v ? read_counter(*v) : 0;
}

}  // namespace

sdk::json game_record::to_json() const {
    sdk::json players_json = sdk::json::array();
    for (const auto& p : players) players_json.push_back(p.to_json());
    sdk::json rolls_json = sdk::json::array();
    for (const auto& r : rolls) rolls_json.push_back(r.to_json());
    return sdk::json{{"players", std::move(players_json)},
                     {"rolls", std::move(rolls_json)},
                     {"startedAt", started_at},
                     {"finishedAt", finished_at}};
}

sdk::json player_stats::to_json() const {
    return sdk::json{{"rolledDice", rolled_dice},     {"wins", wins},
                     {"totalGames", total_games},     {"perfectRoll", perfect_roll},
                     {"luckiestRoll", luckiest_roll}, {"worstRoll", worst_roll},
                     {"rolled21", rolled21},          {"maxLifeLoss", max_life_loss}};
}

player_stats player_stats::from_json(const sdk::json& value) {
    player_stats stats;
    if (!value.is_object()) return stats;
    if (const sdk::json* dice = detail::field(value, "rolledDice"); dice && dice->is_array()) {
        for (const auto& count : *dice) stats.rolled_dice.push_back(read_counter(count));
    }
    stats.wins = counter(value, "wins");
    stats.total_games = counter(value, "totalGames");
    stats.perfect_roll = counter(value, "perfectRoll");
    stats.luckiest_roll = counter(value, "luckiestRoll");
    stats.worst_roll = counter(value, "worstRoll");
    stats.rolled21 = counter(value, "rolled21");
    stats.max_life_loss = counter(value, "maxLifeLoss");
    return stats;
}

stat_aggregation extract_player_stats(std::string_view uid, const game_record& game) {
    stat_aggregation aggregation;
    const roll_record* last = nullptr;
    for (const auto& roll : game.rolls) {
        if (roll.roller.uid != uid) continue;
        last = &roll;
        if (roll.dice >= 1 && roll.dice <= 6) {
            ++aggregation.rolled_dice[static_cast<std::size_t>(roll.dice - 1)];
        }
        if (roll.dice == 6 && roll.total == 15) ++aggregation.perfect_roll;
        if (roll.dice == 3 && roll.total == 15) ++aggregation.luckiest_roll;
    }
    if (!last) return aggregation;  // did not roll: all zero, not even a win

    for (const auto& p : game.players) {
        if (p.uid == uid && p.life > 0) {
            aggregation.won = true;
            break;
        }
    }
    // Only the uid's last roll can be the one that ended its game.
    if (last->dice == 6 && last->total == 16) ++aggregation.worst_roll;
    if (last->total == 21) ++aggregation.rolled21;
    if (last->roller.life == start_life && last->total > bust_limit) ++aggregation.max_life_loss;
    return aggregation;
}

player_stats merge_stats(player_stats stored, const stat_aggregation& game) {
    stored.rolled_dice.resize(6, 0);
    for (std::size_t i = 0; i < 6; ++i) stored.rolled_dice[i] += game.rolled_dice[i];
    stored.perfect_roll += game.perfect_roll;
    stored.luckiest_roll += game.luckiest_roll;
    stored.worst_roll += game.worst_roll;
    stored.rolled21 += game.rolled21;
    stored.max_life_loss += game.max_life_loss;
    if (game.won) ++stored.wins;
    ++stored.total_games;
    return stored;
}

sdk::json merge_stats_document(const sdk::json& stored, const stat_aggregation& game) {
    return merge_stats(player_stats::from_json(stored), game).to_json();
}

}  // namespace gameserver::games::owedrahn
