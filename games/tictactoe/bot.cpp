#include "tictactoe/bot.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace gameserver::games::tictactoe {
namespace {

// Every position's exact negamax value, computed once. A search from the empty board visits
// hundreds of thousands of nodes; a load run's thousands of bots would spend whole cores on it
// (and under sanitizers starve the server), while the table has only 2 * 3^9 entries.
class value_table {
  public:
    value_table() {
        values_.fill(unknown);
        for (std::size_t key = 0; key < positions; ++key) {
            const board position = decode(key);
            value(position, mark::x);
            value(position, mark::o);
        }
    }

    int at(const board& position, mark to_move) const { return values_[slot(position, to_move)]; }

  private:
    static constexpr std::size_t positions = 19'683;  // 3^9
    static constexpr std::int8_t unknown = std::numeric_limits<std::int8_t>::min();

    static std::size_t key(const board& position) {
        std::size_t k = 0;
        for (int row = 0; row < board_size; ++row) {
            for (int col = 0; col < board_size; ++col) {
                k = k * 3 + static_cast<std::size_t>(position.at(row, col));
            }
        }
        return k;
    }
    static board decode(std::size_t k) {
        board position;
        for (int cell = cell_count - 1; cell >= 0; --cell, k /= 3) {
            const auto m = static_cast<mark>(k % 3);
            if (m != mark::empty) position.place({cell / board_size, cell % board_size}, m);
        }
        return position;
    }
    static std::size_t slot(const board& position, mark to_move) {
        return key(position) * 2 + (to_move == mark::o ? 1 : 0);
    }

    // The side that just moved may have completed a line: that is a loss for `to_move`, weighted
    // by the empty cells left so that sooner wins (and later losses) score more.
    int value(const board& position, mark to_move) {
        if (const std::int8_t known = values_[slot(position, to_move)]; known != unknown) {
            return known;
        }
        const int empty = cell_count - position.filled();
        int best = 0;
        if (position.winner() != mark::empty) {
            best = -(empty + 1);
        } else if (empty > 0) {
            best = std::numeric_limits<int>::min();
            for (const move& m : position.empty_cells()) {
                board next = position;
                next.place(m, to_move);
                best = std::max(best, -value(next, opponent(to_move)));
            }
        }
        values_[slot(position, to_move)] = static_cast<std::int8_t>(best);
        return best;
    }

    std::array<std::int8_t, positions * 2> values_{};
};

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

sdk::bot_action move_action(const move& m, sdk::rng& random) {
    const auto think = random.between(min_think.count(), max_think.count());
    return sdk::bot_action{"make_move", sdk::json{{"row", m.row}, {"col", m.col}},
                           sdk::millis{think}};
}

double clamp_difficulty(double difficulty) {
    if (difficulty < 0.0) return 0.0;
    if (difficulty >= 0.0 && difficulty <= 1.0) return difficulty;
    return 1.0;  // above 1, or NaN
}

}  // namespace

std::optional<turn_view> read_turn(const sdk::json& view, const sdk::player_id& self) {
    const sdk::json* over = field(view, "gameOver");
    const sdk::json* turn = field(view, "currentTurn");
    if (!over || !over->is_boolean() || over->get<bool>()) return std::nullopt;
    if (!turn || !turn->is_string() || turn->get_ref<const std::string&>() != self) {
        return std::nullopt;
    }
    const sdk::json* players = field(view, "players");
    const sdk::json* me = players ? field(*players, self.c_str()) : nullptr;
    const sdk::json* symbol = me ? field(*me, "symbol") : nullptr;
    if (!symbol || !symbol->is_string()) return std::nullopt;
    const auto parsed = parse_mark(symbol->get_ref<const std::string&>());
    if (!parsed || *parsed == mark::empty) return std::nullopt;

    const sdk::json* board_json = field(view, "board");
    auto position = board_json ? board::from_json(*board_json) : std::nullopt;
    if (!position || legal_moves(*position).empty()) return std::nullopt;
    return turn_view{*position, *parsed};
}

int minimax_value(const board& position, mark to_move) {
    static const value_table table;  // thread-safe one-time build (C++11 magic static)
    return table.at(position, to_move);
}

std::vector<move> best_moves(const board& position, mark to_move) {
    std::vector<move> best;
    int best_value = std::numeric_limits<int>::min();
    for (const move& m : legal_moves(position)) {
        board next = position;
        next.place(m, to_move);
        // Exact values per root move (the table holds no alpha-beta bounds), so ties are real.
        const int value = -minimax_value(next, opponent(to_move));
        if (value > best_value) {
            best_value = value;
            best.clear();
        }
        if (value == best_value) best.push_back(m);
    }
    return best;
}

minimax_policy::minimax_policy(double difficulty) : difficulty_(clamp_difficulty(difficulty)) {}

std::optional<sdk::bot_action> minimax_policy::decide(const sdk::json& view,
                                                      const sdk::player_id& self,
                                                      sdk::rng& random) const {
    const auto turn = read_turn(view, self);
    if (!turn) return std::nullopt;
    // No mistake roll at difficulty 1, so perfect play consumes fewer numbers.
    const bool blunder = difficulty_ < 1.0 && random.chance(1.0 - difficulty_);
    const auto candidates =
        blunder ? legal_moves(turn->position) : best_moves(turn->position, turn->symbol);
    const move chosen = candidates[random.index(candidates.size())];
    return move_action(chosen, random);
}

std::optional<sdk::bot_action> random_policy::decide(const sdk::json& view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto turn = read_turn(view, self);
    if (!turn) return std::nullopt;
    const auto candidates = legal_moves(turn->position);
    return move_action(candidates[random.index(candidates.size())], random);
}

}  // namespace gameserver::games::tictactoe
