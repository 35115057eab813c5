#include "dicegame/bot.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace gameserver::games::dicegame {
namespace {

constexpr std::int64_t score_step = 50;  // every score is a multiple of 50

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<std::vector<int>> small_ints(const sdk::json* value, int lo, int hi) {
    if (!value || !value->is_array() || value->size() > static_cast<std::size_t>(dice_count)) {
        return std::nullopt;
    }
    std::vector<int> result;
    for (const auto& entry : *value) {
        if (!entry.is_number_integer()) return std::nullopt;
        const auto number = entry.get<std::int64_t>();
        if (number < lo || number > hi) return std::nullopt;
        result.push_back(static_cast<int>(number));
    }
    return result;
}

std::optional<std::int64_t> non_negative(const sdk::json* value) {
    if (!value || !value->is_number_integer()) return std::nullopt;
    const auto number = value->get<std::int64_t>();
    if (number < 0) return std::nullopt;
    return number;
}

bool contains(const std::vector<int>& values, int value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

sdk::bot_action roll_action(sdk::millis think) {
    return {"roll", nullptr, think};
}
sdk::bot_action select_action(int index, sdk::millis think) {
    return {"select", sdk::json{{"diceIndex", index}}, think};
}
sdk::bot_action set_aside_action(bool end_turn, sdk::millis think) {
    return {"set_aside", sdk::json{{"endTurn", end_turn}}, think};
}

sdk::millis random_think(sdk::rng& random) {
    return sdk::millis{random.between(random_min_think.count(), random_max_think.count())};
}

// Every multiset of `dice` faces 1..6 with its probability, as face counts.
struct outcome {
    double probability = 0;
    // The best points for each number of dice taken (1..6); -1 when no valid choice uses that many.
    std::array<std::int64_t, dice_count + 1> best{};
};

void outcomes_of(int dice, int face, face_counts& counts, double probability_weight,
                 std::vector<outcome>& out) {
    // probability_weight accumulates 1 / prod(c_i!) ; the caller multiplies by n! / 6^n.
    if (face == 6) {
        counts[6] = dice;
        double weight = probability_weight;
        for (int i = 2; i <= dice; ++i) weight /= i;
        outcome o;
        o.probability = weight;
        o.best.fill(-1);
        for (const auto& option : scoring_options(counts)) {
            auto& best = o.best[static_cast<std::size_t>(option.dice)];
            best = std::max(best, option.points);
        }
        out.push_back(o);
        counts[6] = 0;
        return;
    }
    double weight = probability_weight;
    for (int n = 0; n <= dice; ++n) {
        if (n >= 2) weight /= n;
        counts[static_cast<std::size_t>(face)] = n;
        outcomes_of(dice - n, face + 1, counts, weight, out);
    }
    counts[static_cast<std::size_t>(face)] = 0;
}

std::vector<outcome> all_outcomes(int dice) {
    std::vector<outcome> out;
    face_counts counts{};
    outcomes_of(dice, 1, counts, 1.0, out);
    double scale = 1.0;
    for (int i = 2; i <= dice; ++i) scale *= i;
    for (int i = 0; i < dice; ++i) scale /= 6.0;
    for (auto& o : out) o.probability *= scale;
    return out;
}

// The indexes to toggle so that the selection takes exactly `take`: extra selected dice first
// (to deselect), then missing ones; selected dice are kept where they fit.
std::vector<int> toggles_towards(const turn_view& turn, const face_counts& take) {
    face_counts needed = take;
    std::vector<int> extra;
    for (const int index : turn.selected) {
        auto& need = needed[static_cast<std::size_t>(turn.dice[static_cast<std::size_t>(index)])];
        if (need > 0) {
            --need;
        } else {
            extra.push_back(index);
        }
    }
    if (!extra.empty()) return extra;
    std::vector<int> missing;
    for (std::size_t i = 0; i < turn.dice.size(); ++i) {
        const int index = static_cast<int>(i);
        auto& need = needed[static_cast<std::size_t>(turn.dice[i])];
        if (need > 0 && !contains(turn.selected, index)) {
            --need;
            missing.push_back(index);
        }
    }
    return missing;
}

}  // namespace

bool turn_view::needs_roll() const {
    return std::all_of(dice.begin(), dice.end(), [](int d) { return d == 0; });
}

std::optional<turn_view> read_turn(const sdk::json& view, const sdk::player_id& self) {
    const sdk::json* started = field(view, "started");
    const sdk::json* turn = field(view, "currentTurn");
    if (!started || !started->is_boolean() || !started->get<bool>()) return std::nullopt;
    if (!turn || !turn->is_string() || turn->get_ref<const std::string&>() != self) {
        return std::nullopt;
    }
    const sdk::json* players = field(view, "players");
    const sdk::json* me = players ? field(*players, self.c_str()) : nullptr;
    const auto score = me ? non_negative(field(*me, "score")) : std::nullopt;
    const auto round = me ? non_negative(field(*me, "roundScore")) : std::nullopt;
    auto dice = small_ints(field(view, "dice"), 0, 6);
    auto selected = small_ints(field(view, "selectedDice"), 0, dice_count - 1);
    auto set_aside = small_ints(field(view, "setAside"), 0, 6);
    if (!score || !round || !dice || !selected || !set_aside) return std::nullopt;
    for (const int index : *selected) {
        if (static_cast<std::size_t>(index) >= dice->size()) return std::nullopt;
    }
    turn_view result{std::move(*dice), std::move(*selected), std::move(*set_aside), *score, *round};
    // Our bust is waiting for its timer: nothing to do until the turn passes.
    if (!result.needs_roll() && result.selected.empty() && is_bust(result.dice)) {
        return std::nullopt;
    }
    return result;
}

// ---- classic ----

std::optional<sdk::bot_action> classic_policy::decide(const sdk::json& view,
                                                      const sdk::player_id& self,
                                                      sdk::rng& /*random*/) const {
    const auto turn = read_turn(view, self);
    if (!turn) return std::nullopt;
    if (turn->needs_roll()) return roll_action(classic_think);

    auto first_unselected = [&](int face) -> std::optional<int> {
        for (std::size_t i = 0; i < turn->dice.size(); ++i) {
            const int index = static_cast<int>(i);
            if (turn->dice[i] == face && !contains(turn->selected, index)) return index;
        }
        return std::nullopt;
    };
    std::optional<int> pick = first_unselected(1);
    if (!pick) pick = first_unselected(5);
    if (!pick) {
        // The Go bot's "triple list", rebuilt from the dice on every decision.
        const face_counts counts = count_faces(turn->dice);
        for (int face = 1; face <= 6 && !pick; ++face) {
            if (counts[static_cast<std::size_t>(face)] >= 3) pick = first_unselected(face);
        }
    }
    if (pick && turn->set_aside.size() < 4) return select_action(*pick, classic_think);
    if (!turn->selected.empty()) {
        const std::size_t aside = turn->set_aside.size();
        const bool end_turn = aside >= 3 || aside + turn->selected.size() >= 3;
        return set_aside_action(end_turn, classic_think);
    }
    return std::nullopt;  // the Go bot logs that it is stuck
}

// ---- ev ----

ev_policy::ev_policy() {
    const std::size_t rows = static_cast<std::size_t>(target_score / score_step);
    value_.assign(rows, {});
    std::array<std::vector<outcome>, dice_count + 1> outcomes;
    for (int n = 1; n <= dice_count; ++n) outcomes[static_cast<std::size_t>(n)] = all_outcomes(n);
    // A throw's value needs only rounds above its own, so fill from the top down.
    for (std::size_t row = rows; row-- > 0;) {
        const auto round = static_cast<std::int64_t>(row) * score_step;
        for (int n = 1; n <= dice_count; ++n) {
            double expected = 0;
            for (const auto& o : outcomes[static_cast<std::size_t>(n)]) {
                double best = 0;  // a bust loses the round
                for (int used = 1; used <= n; ++used) {
                    const std::int64_t points = o.best[static_cast<std::size_t>(used)];
                    if (points < 0) continue;
                    const std::int64_t next = round + points;
                    const int left = n == used ? dice_count : n - used;
                    best = std::max({best, static_cast<double>(next), roll_value(next, left)});
                }
                expected += o.probability * best;
            }
            value_[row][static_cast<std::size_t>(n)] = expected;
        }
    }
}

double ev_policy::roll_value(std::int64_t round, int dice) const {
    if (round >= target_score || dice < 1 || dice > dice_count) return static_cast<double>(round);
    const auto row = static_cast<std::size_t>(std::max<std::int64_t>(round, 0) / score_step);
    return value_[row][static_cast<std::size_t>(dice)];
}

std::optional<ev_policy::choice> ev_policy::choose(const turn_view& turn) const {
    const int n = static_cast<int>(turn.dice.size());
    std::optional<choice> best;
    double best_value = -1;
    for (const auto& option : scoring_options(count_faces(turn.dice))) {
        const std::int64_t round = turn.round_score + option.points;
        const bool wins = turn.score + round >= target_score;
        const int left = option.dice == n ? dice_count : n - option.dice;
        const double bank_value =
            wins ? std::numeric_limits<double>::infinity() : static_cast<double>(round);
        const double roll = roll_value(round, left);
        const double value = std::max(bank_value, roll);
        // Ties go to the larger score (then the first option in the fixed order).
        if (!best || value > best_value ||
            (value == best_value && option.points > best->take.points)) {
            best = choice{option, bank_value >= roll};
            best_value = value;
        }
    }
    return best;
}

std::optional<sdk::bot_action> ev_policy::decide(const sdk::json& view, const sdk::player_id& self,
                                                 sdk::rng& /*random*/) const {
    const auto turn = read_turn(view, self);
    if (!turn) return std::nullopt;
    if (turn->needs_roll()) return roll_action(classic_think);
    const auto chosen = choose(*turn);
    if (!chosen) return std::nullopt;
    const auto toggles = toggles_towards(*turn, chosen->take.take);
    if (!toggles.empty()) return select_action(toggles.front(), classic_think);
    return set_aside_action(chosen->bank, classic_think);
}

// ---- random ----

std::optional<sdk::bot_action> random_policy::decide(const sdk::json& view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto turn = read_turn(view, self);
    if (!turn) return std::nullopt;
    if (turn->needs_roll()) return roll_action(random_think(random));

    const unsigned n = static_cast<unsigned>(turn->dice.size());
    auto faces_of = [&](unsigned mask) {
        std::vector<int> faces;
        for (unsigned i = 0; i < n; ++i) {
            if (mask & (1u << i)) faces.push_back(turn->dice[i]);
        }
        return faces;
    };
    unsigned current = 0;
    for (const int index : turn->selected) current |= 1u << static_cast<unsigned>(index);
    const bool current_valid = current != 0 && score(faces_of(current)).valid;

    // The validly scoring sets that extend the selection.
    std::vector<unsigned> larger;
    for (unsigned mask = 1; mask < (1u << n); ++mask) {
        if ((mask & current) == current && mask != current && score(faces_of(mask)).valid) {
            larger.push_back(mask);
        }
    }
    if (current_valid && (larger.empty() || random.chance(stop_chance_))) {
        return set_aside_action(random.chance(bank_chance_), random_think(random));
    }
    const auto pick_bit = [&](unsigned bits) {
        std::vector<int> indexes;
        for (unsigned i = 0; i < n; ++i) {
            if (bits & (1u << i)) indexes.push_back(static_cast<int>(i));
        }
        return indexes[random.index(indexes.size())];
    };
    if (!larger.empty()) {
        const unsigned target = larger[random.index(larger.size())];
        return select_action(pick_bit(target & ~current), random_think(random));
    }
    if (current != 0) return select_action(pick_bit(current), random_think(random));
    return std::nullopt;
}

}  // namespace gameserver::games::dicegame
