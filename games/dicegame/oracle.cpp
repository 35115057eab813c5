#include "dicegame/oracle.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "dicegame/rules.hpp"

namespace gameserver::games::dicegame {
namespace {

constexpr std::int64_t score_step = 50;  // every scoring combination is a multiple of 50

struct seat_view {
    sdk::player_id id;
    std::string name;
    std::int64_t score = 0;
    std::int64_t turn_score = 0;
    std::int64_t round_score = 0;
};

// What a view says, read strictly: the fields game::state() always writes, with their types.
struct view {
    std::vector<seat_view> seats;  // in id order, as written
    bool started = false;
    sdk::player_id current_turn;
    std::string winner;  // a name
    std::vector<int> dice;
    std::vector<int> selected;
    std::vector<int> set_aside;
    sdk::json raw;

    // Go's end: a started game whose EndTurn cleared the turn.
    bool over() const { return started && current_turn.empty(); }
    const seat_view* seat(const sdk::player_id& id) const {
        for (const auto& s : seats) {
            if (s.id == id) return &s;
        }
        return nullptr;
    }
};

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const std::string* string_field(const sdk::json& object, const char* key) {
    const sdk::json* value = field(object, key);
    return value && value->is_string() ? &value->get_ref<const std::string&>() : nullptr;
}

std::optional<std::int64_t> integer(const sdk::json* value) {
    if (!value || !value->is_number_integer()) return std::nullopt;
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
    }
    return value->get<std::int64_t>();
}

std::optional<std::vector<int>> small_ints(const sdk::json* value, int lo, int hi) {
    if (!value || !value->is_array()) return std::nullopt;
    std::vector<int> result;
    for (const auto& entry : *value) {
        const auto number = integer(&entry);
        if (!number || *number < lo || *number > hi) return std::nullopt;
        result.push_back(static_cast<int>(*number));
    }
    return result;
}

// nullopt when read; else what is missing or malformed.
std::optional<std::string> read_view(const sdk::json& json, view& out) {
    if (!json.is_object()) return "the view is not an object";
    const sdk::json* players = field(json, "players");
    if (!players || !players->is_object()) return "players is missing or not an object";
    for (const auto& [id, entry] : players->items()) {
        const std::string* entry_id = string_field(entry, "id");
        const std::string* name = string_field(entry, "name");
        const auto score = integer(field(entry, "score"));
        const auto turn_score = integer(field(entry, "turnScore"));
        const auto round_score = integer(field(entry, "roundScore"));
        if (!entry_id || !name || !score || !turn_score || !round_score) {
            return "player " + id + " lacks id, name, score, turnScore or roundScore";
        }
        if (*entry_id != id) return "player " + id + " has the id " + *entry_id;
        out.seats.push_back({id, *name, *score, *turn_score, *round_score});
    }
    const sdk::json* started = field(json, "started");
    const std::string* turn = string_field(json, "currentTurn");
    const std::string* winner = string_field(json, "winner");
    const auto target = integer(field(json, "targetScore"));
    if (!started || !started->is_boolean() || !turn || !winner || !target) {
        return "started, currentTurn, winner or targetScore is missing or mistyped";
    }
    if (*target != target_score) return "targetScore is " + std::to_string(*target);
    auto dice = small_ints(field(json, "dice"), 0, 6);
    auto selected = small_ints(field(json, "selectedDice"), 0, dice_count - 1);
    auto set_aside = small_ints(field(json, "setAside"), 0, 6);
    if (!dice || !selected || !set_aside) {
        return "dice, selectedDice or setAside is not an array of die faces or indexes";
    }
    out.started = started->get<bool>();
    out.current_turn = *turn;
    out.winner = *winner;
    out.dice = std::move(*dice);
    out.selected = std::move(*selected);
    out.set_aside = std::move(*set_aside);
    out.raw = json;
    return std::nullopt;
}

std::string describe(const std::vector<int>& values) {
    return sdk::json(values).dump();
}

std::optional<std::string> seat_error(const view& v, const seat_view& s) {
    const std::string who = "player " + s.id;
    const std::pair<const char*, std::int64_t> values[] = {
        {"score", s.score}, {"turnScore", s.turn_score}, {"roundScore", s.round_score}};
    for (const auto& [what, value] : values) {
        if (value < 0 || value % score_step != 0) {
            return who + " has " + what + " " + std::to_string(value) +
                   ", not a multiple of 50 from 0";
        }
    }
    // end_turn zeroes the seat that passes the turn, and only the current seat scores a turn.
    if (s.id != v.current_turn && (s.turn_score != 0 || s.round_score != 0)) {
        return who + " has turnScore " + std::to_string(s.turn_score) + " and roundScore " +
               std::to_string(s.round_score) + " outside its turn";
    }
    if (v.over() ? s.score >= target_score && s.name != v.winner : s.score >= target_score) {
        return who + " reached " + std::to_string(s.score) + " but " +
               (v.over() ? "the winner is '" + v.winner + "'" : "the game is not over");
    }
    return std::nullopt;
}

// What every reachable state satisfies on its own (the same invariants game::restore() checks,
// plus the ones only the game's own moves keep: sorted rolls, zeroed scores off turn, ...).
std::optional<std::string> state_error(const view& v) {
    if (v.seats.size() > 2) return std::to_string(v.seats.size()) + " players in two seats";
    if (v.started != (v.seats.size() == 2)) {
        return std::string(v.started ? "started" : "not started") + " with " +
               std::to_string(v.seats.size()) + " players";
    }
    if (!v.current_turn.empty() && !v.seat(v.current_turn)) {
        return "the turn is " + v.current_turn + "'s, who is not seated";
    }
    for (const auto& s : v.seats) {
        if (auto error = seat_error(v, s)) return error;
    }
    if (v.over()) {
        const auto winners = std::count_if(v.seats.begin(), v.seats.end(), [](const seat_view& s) {
            return s.score >= target_score;
        });
        if (winners != 1) return "the game is over with " + std::to_string(winners) + " winners";
    } else if (!v.winner.empty()) {
        return "winner '" + v.winner + "' while the game is not over";
    }

    if (!v.started && (!v.dice.empty() || !v.selected.empty() || !v.set_aside.empty())) {
        return "dice in play before the game started";
    }
    if (v.dice.size() > static_cast<std::size_t>(dice_count)) {
        return std::to_string(v.dice.size()) + " dice";
    }
    const bool rolled = std::all_of(v.dice.begin(), v.dice.end(), [](int d) { return d != 0; });
    const bool unrolled = std::all_of(v.dice.begin(), v.dice.end(), [](int d) { return d == 0; });
    if (!rolled && !unrolled) return "dice " + describe(v.dice) + " mix rolled and unrolled";
    // A roll sorts the dice (Go's scoring sorts them in place).
    if (rolled && !std::is_sorted(v.dice.begin(), v.dice.end())) {
        return "rolled dice " + describe(v.dice) + " are not sorted";
    }
    // Before the first roll there are no dice; after it, six between the table and the side.
    if (v.dice.empty()
            ? !v.set_aside.empty()
            : v.dice.size() + v.set_aside.size() != static_cast<std::size_t>(dice_count)) {
        return describe(v.dice) + " on the table and " + describe(v.set_aside) +
               " set aside are not six dice";
    }
    if (std::set<int>(v.selected.begin(), v.selected.end()).size() != v.selected.size() ||
        std::any_of(v.selected.begin(), v.selected.end(),
                    [&](int i) { return static_cast<std::size_t>(i) >= v.dice.size(); })) {
        return "selectedDice " + describe(v.selected) + " are not distinct indexes into " +
               describe(v.dice);
    }
    if (v.over()) {
        return std::nullopt;  // the winner's end_turn zeroed its scores and left the dice as they
                              // were
    }
    const seat_view* current = v.seat(v.current_turn);
    if (!current) return std::nullopt;
    if (!v.selected.empty()) {
        // select scores the selection at once, and nothing changes the dice under a selection.
        std::vector<int> faces;
        for (const int i : v.selected) faces.push_back(v.dice[static_cast<std::size_t>(i)]);
        const auto points = score(faces).points;
        if (current->turn_score != points) {
            return "turnScore of " + current->id + " is " + std::to_string(current->turn_score) +
                   " but the selection " + describe(faces) + " scores " + std::to_string(points);
        }
    }
    // Every set-aside group scored validly; one with a face other than 0 scored at least 50.
    const bool scored =
        std::any_of(v.set_aside.begin(), v.set_aside.end(), [](int d) { return d != 0; });
    if (scored && current->round_score == 0) {
        return "dice " + describe(v.set_aside) + " set aside but roundScore of " + current->id +
               " is 0";
    }
    return std::nullopt;
}

// Why seat `to` cannot be seat `from` later (the same seat, perhaps under a new id).
std::optional<std::string> seat_transition_error(const seat_view& from, const seat_view& to) {
    const std::string who =
        from.id == to.id ? "player " + to.id : "player " + from.id + " (now " + to.id + ")";
    if (from.name != to.name) {
        return who + " was renamed from '" + from.name + "' to '" + to.name + "'";
    }
    if (to.score < from.score) {
        return "score of " + who + " went down from " + std::to_string(from.score) + " to " +
               std::to_string(to.score);
    }
    return std::nullopt;
}

// Tries every way `before`'s seats can be `after`'s (a reconnect renames a seat; seats are never
// removed, a join adds one), preferring the mapping that keeps the most ids; nullopt when one fits.
std::optional<std::string> seats_error(const view& before, const view& after) {
    if (after.seats.size() < before.seats.size()) {
        return "a seat disappeared (" + std::to_string(before.seats.size()) + " players, then " +
               std::to_string(after.seats.size()) + "); seats stay after a leave";
    }
    std::vector<std::size_t> order(after.seats.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::optional<std::string> best_error;
    std::size_t best_kept = 0;
    do {
        std::optional<std::string> error;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < before.seats.size() && !error; ++i) {
            const auto& from = before.seats[i];
            const auto& to = after.seats[order[i]];
            kept += from.id == to.id ? 1 : 0;
            error = seat_transition_error(from, to);
        }
        if (!error) return std::nullopt;
        if (!best_error || kept > best_kept) {
            best_error = error;
            best_kept = kept;
        }
    } while (std::next_permutation(order.begin(), order.end()));
    return best_error;
}

}  // namespace

std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& /*self*/) {
    view from;
    view to;
    if (auto error = read_view(before, from)) return "before: " + *error;
    if (auto error = read_view(after, to)) return "after: " + *error;
    if (auto error = state_error(from)) return "before: " + *error;
    if (auto error = state_error(to)) return *error;
    // Over is final: no action, leave, join or reconnect (refused once over) changes anything.
    if (from.over()) {
        if (from.raw != to.raw)
            return "the game was over (winner '" + from.winner + "') but the state changed";
        return std::nullopt;
    }
    if (from.started && !to.started) return "the game un-started";
    if (auto error = seats_error(from, to)) return error;
    // Once rolled, dice never leave the table (end_turn and set_aside put back unrolled ones).
    if (!from.dice.empty() && to.dice.empty()) return "the dice disappeared after the first roll";
    return std::nullopt;
}

}  // namespace gameserver::games::dicegame
