#include "owedrahn/oracle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "owedrahn/json_read.hpp"
#include "owedrahn/rules.hpp"

namespace gameserver::games::owedrahn {
namespace {

using detail::field;
using detail::get_bool;
using detail::get_int;
using detail::get_number;
using detail::get_string;

// What a view says, read strictly: the fields game::state() always writes, with their types.
struct view {
    std::vector<player> players;  // seat order
    bool started = false;
    bool over = false;
    std::string current_turn;
    int current_value = 0;
    double main_bet = 0.0;
    std::vector<side_bet> bets;

    bool running() const { return started && !over; }
    const player* find(const std::string& id) const {
        for (const auto& p : players) {
            if (p.id == id) return &p;
        }
        return nullptr;
    }
    std::size_t alive_count() const {
        return static_cast<std::size_t>(std::count_if(players.begin(), players.end(),
                                                      [](const player& p) { return p.alive(); }));
    }
};

std::string number(double value) {
    return sdk::json(value).dump();
}

// nullopt when read; else what is missing or malformed.
std::optional<std::string> read_view(const sdk::json& json, view& out) {
    if (!json.is_object()) return "the view is not an object";
    const sdk::json* players = field(json, "players");
    const sdk::json* bets = field(json, "sideBets");
    const auto started = get_bool(json, "started");
    const auto over = get_bool(json, "over");
    const auto turn = get_string(json, "currentTurn");
    const auto value = get_int(json, "currentValue", std::numeric_limits<int>::min(),
                               std::numeric_limits<int>::max());
    const auto main_bet = get_number(json, "mainBet");
    if (!players || !players->is_array() || !bets || !bets->is_array() || !started || !over ||
        !turn || !value || !main_bet) {
        return "players, sideBets, started, over, currentTurn, currentValue or mainBet is missing "
               "or mistyped";
    }
    for (const auto& entry : *players) {
        player p;
        const auto id = get_string(entry, "id");
        const auto uid = get_string(entry, "uid");
        const auto username = get_string(entry, "username");
        const auto rank = get_int(entry, "rank", std::numeric_limits<int>::min(),
                                  std::numeric_limits<int>::max());
        const sdk::json* stats = field(entry, "stats");
        const auto life = get_int(entry, "life", std::numeric_limits<int>::min(),
                                  std::numeric_limits<int>::max());
        const auto ready = get_bool(entry, "ready");
        const auto choosing = get_bool(entry, "choosing");
        const auto connected = get_bool(entry, "connected");
        const auto balance = get_number(entry, "balance");
        if (!id || !uid || !username || !rank || !stats || !life || !ready || !choosing ||
            !connected || !balance) {
            return "a player lacks id, uid, username, rank, stats, life, ready, choosing, "
                   "connected or balance (or has a mistyped one)";
        }
        p.id = *id;
        p.uid = *uid;
        p.username = *username;
        p.rank = static_cast<int>(*rank);
        p.stats = *stats;
        p.life = static_cast<int>(*life);
        p.ready = *ready;
        p.choosing = *choosing;
        p.connected = *connected;
        p.balance = *balance;
        out.players.push_back(std::move(p));
    }
    for (const auto& entry : *bets) {
        auto bet = side_bet::from_json(entry);
        if (!bet) return "a side bet is malformed: " + entry.dump();
        out.bets.push_back(std::move(*bet));
    }
    out.started = *started;
    out.over = *over;
    out.current_turn = *turn;
    out.current_value = static_cast<int>(*value);
    out.main_bet = *main_bet;
    return std::nullopt;
}

std::optional<std::string> player_error(const view& v, const player& p) {
    const std::string who = "player " + p.id;
    if (p.life < 0 || p.life > start_life) return who + " has " + std::to_string(p.life) + " lives";
    if (p.rank != 0) return who + " has rank " + std::to_string(p.rank) + "; no rank is computed";
    if (!p.stats.is_null() && !p.stats.is_object()) return who + "'s stats are no object";
    // A stats load sets uid and stats together.
    if (p.stats.is_object() && p.uid.empty()) return who + " has stats but no uid";
    if (!v.started && (p.life != start_life || p.choosing)) {
        return who + " has " + std::to_string(p.life) + " lives or is choosing before the start";
    }
    // The start clears every ready flag, and `ready` is refused once started.
    if (v.started && p.ready) return who + " is ready in a started game";
    if (p.choosing) {
        // Only loseLife sets it, for the player on turn, and zeroes the counter; a roll clears it.
        if (p.id != v.current_turn || v.current_value != 0 || p.life < 1 || p.life >= start_life) {
            return who + " is choosing with " + std::to_string(p.life) + " lives, counter " +
                   std::to_string(v.current_value) + ", turn '" + v.current_turn + "'";
        }
    }
    return std::nullopt;
}

// What every reachable state satisfies on its own.
std::optional<std::string> state_error(const view& v) {
    std::set<std::string> ids;
    for (const auto& p : v.players) {
        if (p.id.empty() || !ids.insert(p.id).second)
            return "player id '" + p.id + "' twice or empty";
        if (auto error = player_error(v, p)) return error;
    }
    if (v.current_value < 0 || v.current_value > bust_limit) {
        return "the counter is " + std::to_string(v.current_value);
    }
    if (!(v.main_bet > 0)) return "the main bet is " + number(v.main_bet);
    std::set<std::string> bet_ids;
    for (const auto& bet : v.bets) {
        if (!bet_ids.insert(bet.id).second) return "side bet " + bet.id + " twice";
        if (!(bet.amount > 0)) return "side bet " + bet.id + " is for " + number(bet.amount);
    }
    if (v.over && !v.started) return "over but not started";
    if (!v.started) {
        if (!v.current_turn.empty() || v.current_value != 0) {
            return "turn '" + v.current_turn + "' or counter " + std::to_string(v.current_value) +
                   " before the start";
        }
        return std::nullopt;
    }
    const player* current = v.find(v.current_turn);
    if (!current) return "the turn is '" + v.current_turn + "', who is not seated";
    const std::size_t alive = v.alive_count();
    if (v.over && alive > 1) return "over with " + std::to_string(alive) + " players alive";
    if (v.running()) {
        // Only a roll eliminates (the roller), and the game ends when at most one is left.
        if (alive < std::min<std::size_t>(v.players.size(), 2)) {
            return "running with " + std::to_string(alive) + " players alive";
        }
        if (!current->alive()) return "the turn is " + current->id + "'s, who is out";
    }
    return std::nullopt;
}

// Bets survive everything but a cancel; their parties' names and amount never change, the id
// order is the order they were proposed in, and once answered a bet is never pending again.
std::optional<std::string> bets_error(const view& from, const view& to) {
    std::size_t last_common = 0;
    bool seen_new = false;
    for (std::size_t i = 0; i < to.bets.size(); ++i) {
        const auto& b = to.bets[i];
        const auto it = std::find_if(from.bets.begin(), from.bets.end(),
                                     [&](const side_bet& a) { return a.id == b.id; });
        if (it == from.bets.end()) {
            seen_new = true;
            continue;
        }
        const auto index = static_cast<std::size_t>(it - from.bets.begin()) + 1;
        if (seen_new) return "side bet " + b.id + " comes after a newer bet";
        if (index <= last_common) return "side bet " + b.id + " moved before an older bet";
        last_common = index;
        if (it->amount != b.amount || it->challenger_name != b.challenger_name ||
            it->opponent_name != b.opponent_name) {
            return "side bet " + b.id + " changed its amount or parties' names";
        }
        if (it->status != bet_status::pending && b.status == bet_status::pending) {
            return "side bet " + b.id + " became pending again";
        }
    }
    return std::nullopt;
}

bool same_balance(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

// Whether no reset can lie between two started views. A new round needs every seat's `ready`;
// a seat's bot only sends it on a pre-start view it received, so between two views of a seat
// that holds the same id in both (no reconnect), both started, the round is the same one.
bool same_round(const view& from, const view& to, const std::string& self) {
    return from.started && to.started && from.find(self) && to.find(self);
}

std::optional<std::string> round_error(const view& from, const view& to) {
    if (from.over && !to.over) return "the game was over and runs again without a reset";
    if (from.players.size() != to.players.size()) {
        return "the round's " + std::to_string(from.players.size()) + " seats became " +
               std::to_string(to.players.size());
    }
    if (from.main_bet != to.main_bet) {
        return "the main bet changed from " + number(from.main_bet) + " to " + number(to.main_bet) +
               " during the game";
    }
    for (const auto& b : to.bets) {
        const bool known = std::any_of(from.bets.begin(), from.bets.end(),
                                       [&](const side_bet& a) { return a.id == b.id; });
        if (!known) return "side bet " + b.id + " was proposed during the game";
    }
    bool lives_kept = true;
    for (std::size_t i = 0; i < from.players.size(); ++i) {
        const player& a = from.players[i];
        const player& b = to.players[i];
        const std::string who = a.id == b.id ? "player " + b.id : "seat " + std::to_string(i);
        if (a.username != b.username) {
            return who + " was renamed from '" + a.username + "' to '" + b.username + "'";
        }
        if (b.life > a.life) {
            return "life of " + who + " went up from " + std::to_string(a.life) + " to " +
                   std::to_string(b.life) + " without a new game";
        }
        lives_kept = lives_kept && a.life == b.life;
    }
    if (!lives_kept) return std::nullopt;
    // Only a lost life or an elimination resets the counter, moves money or ends the game.
    if (to.current_value < from.current_value) {
        return "the counter went down from " + std::to_string(from.current_value) + " to " +
               std::to_string(to.current_value) + " with no life lost";
    }
    if (from.over != to.over) return "the game ended with no life lost";
    for (std::size_t i = 0; i < from.players.size(); ++i) {
        if (!same_balance(from.players[i].balance, to.players[i].balance)) {
            return "balance of seat " + std::to_string(i) + " changed from " +
                   number(from.players[i].balance) + " to " + number(to.players[i].balance) +
                   " with no life lost";
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& self) {
    view from;
    view to;
    if (auto error = read_view(before, from)) return "before: " + *error;
    if (auto error = read_view(after, to)) return "after: " + *error;
    if (auto error = state_error(from)) return "before: " + *error;
    if (auto error = state_error(to)) return error;
    if (auto error = bets_error(from, to)) return error;
    if (same_round(from, to, self)) return round_error(from, to);
    return std::nullopt;
}

}  // namespace gameserver::games::owedrahn
