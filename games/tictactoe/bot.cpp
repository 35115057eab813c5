#include "tictactoe/bot.hpp"

#include <limits>

namespace gameserver::games::tictactoe {
namespace {

// Alpha-beta negamax. The side that just moved may have completed a line: that is a loss for
// `to_move`, weighted by the empty cells left so that sooner wins (and later losses) score more.
int negamax(const board& position, mark to_move, int alpha, int beta) {
    const int empty = cell_count - position.filled();
    if (position.winner() != mark::empty) return -(empty + 1);
    if (empty == 0) return 0;
    int best = std::numeric_limits<int>::min();
    for (const move& m : position.empty_cells()) {
        board next = position;
        next.place(m, to_move);
        const int value = -negamax(next, opponent(to_move), -beta, -alpha);
        if (value > best) best = value;
        if (best > alpha) alpha = best;
        if (alpha >= beta) break;
    }
    return best;
}

constexpr int infinity = cell_count + 2;

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
    return negamax(position, to_move, -infinity, infinity);
}

std::vector<move> best_moves(const board& position, mark to_move) {
    std::vector<move> best;
    int best_value = std::numeric_limits<int>::min();
    for (const move& m : legal_moves(position)) {
        board next = position;
        next.place(m, to_move);
        // A full window per root move gives each its exact value, so ties are real ties.
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
