#include "owedrahn/bot.hpp"

#include <cmath>

#include "owedrahn/json_read.hpp"
#include "owedrahn/rules.hpp"

namespace gameserver::games::owedrahn {
namespace {

sdk::bot_action act(std::string type, sdk::json data, sdk::rng& random) {
    const auto think = random.between(min_think.count(), max_think.count());
    return sdk::bot_action{std::move(type), std::move(data), sdk::millis{think}};
}

bool may_lose_life(const seat_view& me, const table_view& table) {
    return me.life > 1 && table.current_value >= min_counter_to_lose_life;
}

// What every policy does outside its own turn: ready up before a game, otherwise wait. Returns
// the seat when it is this bot's turn in a running game.
struct turn_check {
    std::optional<sdk::bot_action> action;
    const seat_view* me = nullptr;
};
turn_check check_turn(const table_view& table, const std::string& self, sdk::rng& random) {
    const seat_view* me = table.seat(self);
    if (!me) return {};
    if (!table.started) {
        if (!me->ready) return {act("ready", true, random), nullptr};
        return {};
    }
    if (table.over || table.current_turn != self || me->life <= 0) return {};
    return {std::nullopt, me};
}

}  // namespace

const seat_view* table_view::seat(const std::string& id) const {
    for (const auto& s : players) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

std::optional<table_view> read_view(const sdk::json& view) {
    using detail::field;
    table_view table;
    const sdk::json* players = field(view, "players");
    const auto started = detail::get_bool(view, "started");
    const auto over = detail::get_bool(view, "over");
    const auto turn = detail::get_string(view, "currentTurn");
    const auto value = detail::get_int(view, "currentValue", 0, bust_limit);
    if (!players || !players->is_array() || !started || !over || !turn || !value) {
        return std::nullopt;
    }
    for (const auto& entry : *players) {
        const auto id = detail::get_string(entry, "id");
        const auto life = detail::get_int(entry, "life", 0, start_life);
        const auto ready = detail::get_bool(entry, "ready");
        const auto choosing = detail::get_bool(entry, "choosing");
        if (!id || !life || !ready || !choosing) return std::nullopt;
        table.players.push_back({*id, static_cast<int>(*life), *ready, *choosing});
    }
    table.started = *started;
    table.over = *over;
    table.current_turn = *turn;
    table.current_value = static_cast<int>(*value);
    return table;
}

std::string choose_target(const table_view& table, const std::string& self) {
    const std::size_t n = table.players.size();
    std::size_t self_index = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (table.players[i].id == self) self_index = i;
    }
    const seat_view* best = nullptr;
    for (std::size_t step = 1; step < n; ++step) {
        const seat_view& candidate = table.players[(self_index + step) % n];
        if (candidate.life > 0 && (!best || candidate.life > best->life)) best = &candidate;
    }
    return best ? best->id : self;
}

cautious_policy::cautious_policy(double risk)
    : risk_(std::isnan(risk) ? 0.5 : std::fmin(1.0, std::fmax(0.0, risk))) {}

std::optional<sdk::bot_action> cautious_policy::decide(const sdk::json& view,
                                                       const sdk::player_id& self,
                                                       sdk::rng& random) const {
    const auto table = read_view(view);
    if (!table) return std::nullopt;
    auto turn = check_turn(*table, self, random);
    if (!turn.me) return std::move(turn.action);
    const seat_view& me = *turn.me;
    if (me.choosing) {
        return act("chooseNextPlayer", sdk::json{{"nextPlayerId", choose_target(*table, self)}},
                   random);
    }
    if (may_lose_life(me, *table) && bust_chance(table->current_value) >= risk_) {
        return act("loseLife", nullptr, random);
    }
    return act("roll", nullptr, random);
}

std::optional<sdk::bot_action> random_policy::decide(const sdk::json& view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto table = read_view(view);
    if (!table) return std::nullopt;
    auto turn = check_turn(*table, self, random);
    if (!turn.me) return std::move(turn.action);
    const seat_view& me = *turn.me;
    if (me.choosing) {
        // Roll from 0, or hand the turn to any alive player (itself included).
        if (random.chance(0.5)) return act("roll", nullptr, random);
        std::vector<std::string> alive;
        for (const auto& s : table->players) {
            if (s.life > 0) alive.push_back(s.id);
        }
        const std::string target = alive[random.index(alive.size())];
        return act("chooseNextPlayer", sdk::json{{"nextPlayerId", target}}, random);
    }
    if (may_lose_life(me, *table) && random.chance(0.5)) return act("loseLife", nullptr, random);
    return act("roll", nullptr, random);
}

}  // namespace gameserver::games::owedrahn
