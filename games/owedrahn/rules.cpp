#include "owedrahn/rules.hpp"

#include <cmath>
#include <limits>

#include "owedrahn/json_read.hpp"

namespace gameserver::games::owedrahn {

using detail::field;
using detail::get_int;
using detail::get_number;
using detail::get_string;

int die_value(int face) {
    return face == 3 ? 0 : face;
}

double bust_chance(int counter) {
    int busting = 0;
    for (int face = 1; face <= 6; ++face) {
        if (counter + die_value(face) > bust_limit) ++busting;
    }
    return busting / 6.0;
}

sdk::json player::to_json() const {
    return sdk::json{{"id", id},          {"uid", uid},           {"username", username},
                     {"rank", rank},      {"stats", stats},       {"life", life},
                     {"ready", ready},    {"choosing", choosing}, {"connected", connected},
                     {"balance", balance}};
}

sdk::json formatted_player::to_json() const {
    return sdk::json{{"life", life}, {"uid", uid}, {"username", username}, {"rank", rank}};
}

std::optional<formatted_player> formatted_player::from_json(const sdk::json& value) {
    const auto life = get_int(value, "life", 0, start_life);
    const auto uid = get_string(value, "uid");
    const auto username = get_string(value, "username");
    const auto rank =
        get_int(value, "rank", std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    if (!life || !uid || !username || !rank) return std::nullopt;
    return formatted_player{static_cast<int>(*life), *uid, *username, static_cast<int>(*rank)};
}

formatted_player format(const player& p) {
    return formatted_player{p.life, p.uid, p.username, p.rank};
}

sdk::json roll_record::to_json() const {
    return sdk::json{{"Player", roller.to_json()}, {"Dice", dice}, {"Total", total}};
}

std::optional<roll_record> roll_record::from_json(const sdk::json& value) {
    const sdk::json* roller_json = field(value, "Player");
    const auto roller = roller_json ? formatted_player::from_json(*roller_json) : std::nullopt;
    const auto dice = get_int(value, "Dice", 1, 6);
    const auto total = get_int(value, "Total", 0, bust_limit + 6);
    if (!roller || !dice || !total) return std::nullopt;
    return roll_record{*roller, static_cast<int>(*dice), static_cast<int>(*total)};
}

sdk::json side_bet::to_json() const {
    return sdk::json{{"id", id},
                     {"challengerId", challenger_id},
                     {"challengerName", challenger_name},
                     {"opponentId", opponent_id},
                     {"opponentName", opponent_name},
                     {"amount", amount},
                     {"status", static_cast<int>(status)}};
}

std::optional<side_bet> side_bet::from_json(const sdk::json& value) {
    const auto id = get_string(value, "id");
    const auto challenger_id = get_string(value, "challengerId");
    const auto challenger_name = get_string(value, "challengerName");
    const auto opponent_id = get_string(value, "opponentId");
    const auto opponent_name = get_string(value, "opponentName");
    const auto amount = get_number(value, "amount");
    const auto status = get_int(value, "status", 0, 3);
    if (!id || !challenger_id || !challenger_name || !opponent_id || !opponent_name || !amount ||
        !status) {
        return std::nullopt;
    }
    return side_bet{*id,
                    *challenger_id,
                    *challenger_name,
                    *opponent_id,
                    *opponent_name,
                    *amount,
                    static_cast<bet_status>(*status)};
}

namespace {

player* find(std::vector<player>& players, const std::string& id) {
    for (auto& p : players) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

}  // namespace

void resolve_side_bets(std::vector<player>& players, std::vector<side_bet>& bets) {
    for (auto& bet : bets) {
        if (bet.status != bet_status::accepted) continue;
        player* challenger = find(players, bet.challenger_id);
        player* opponent = find(players, bet.opponent_id);
        if (!challenger || !opponent) continue;
        if (challenger->life == 0) {
            challenger->balance -= bet.amount;
            opponent->balance += bet.amount;
            bet.status = bet_status::resolved;
        } else if (opponent->life == 0) {
            opponent->balance -= bet.amount;
            challenger->balance += bet.amount;
            bet.status = bet_status::resolved;
        }
    }
}

bool zero_sum(const std::vector<player>& players) {
    double total = 0.0;
    double scale = 1.0;
    for (const auto& p : players) {
        total += p.balance;
        scale = std::max(scale, std::abs(p.balance));
    }
    return std::abs(total) <= 1e-9 * scale;
}

std::optional<std::size_t> next_alive_after(const std::vector<player>& players, std::size_t from) {
    const std::size_t n = players.size();
    if (n == 0) return std::nullopt;
    for (std::size_t step = 1; step <= n; ++step) {
        const std::size_t index = (from + step) % n;
        if (players[index].alive()) return index;
    }
    return std::nullopt;
}

}  // namespace gameserver::games::owedrahn
