#include "tictactoe/oracle.hpp"

#include <map>

#include "tictactoe/rules.hpp"

namespace gameserver::games::tictactoe {
namespace {

// What a view says, read strictly: the fields view_for() always writes, with their types.
struct view {
    board position;
    std::map<sdk::player_id, mark> seats;
    sdk::player_id current_turn;
    sdk::player_id winner;
    bool game_over = false;
    bool draw_game = false;
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

// nullopt when read; else what is missing or malformed.
std::optional<std::string> read_view(const sdk::json& json, view& out) {
    if (!json.is_object()) return "the view is not an object";
    const sdk::json* board_json = field(json, "board");
    const auto position = board_json ? board::from_json(*board_json) : std::nullopt;
    if (!position) return "board is not a 3x3 array of \"\", \"X\", \"O\"";
    out.position = *position;

    const sdk::json* players = field(json, "players");
    if (!players || !players->is_object()) return "players is missing or not an object";
    for (const auto& [id, entry] : players->items()) {
        const std::string* symbol = string_field(entry, "symbol");
        const std::string* name = string_field(entry, "name");
        const auto parsed = symbol ? parse_mark(*symbol) : std::nullopt;
        if (!parsed || *parsed == mark::empty || !name) {
            return "player " + id + " has no symbol X or O, or no name";
        }
        // Every seat is named after its symbol; the joiner's name is ignored (game.cpp).
        if (*name != "Player " + std::string(to_string(*parsed))) {
            return "player " + id + " with symbol " + *symbol + " is named '" + *name + "'";
        }
        out.seats[id] = *parsed;
    }

    const std::string* turn = string_field(json, "currentTurn");
    const std::string* winner = string_field(json, "winner");
    const sdk::json* over = field(json, "gameOver");
    const sdk::json* draw = field(json, "drawGame");
    if (!turn || !winner || !over || !over->is_boolean() || !draw || !draw->is_boolean()) {
        return "currentTurn, winner, gameOver or drawGame is missing or mistyped";
    }
    out.current_turn = *turn;
    out.winner = *winner;
    out.game_over = over->get<bool>();
    out.draw_game = draw->get<bool>();
    return std::nullopt;
}

// Whether `symbol` holds a full line, by the rules' own winner() on a board of only its marks.
bool has_line(const board& position, mark symbol) {
    board only;
    for (int row = 0; row < board_size; ++row) {
        for (int col = 0; col < board_size; ++col) {
            if (position.at(row, col) == symbol) only.place({row, col}, symbol);
        }
    }
    return only.winner() == symbol;
}

// What every reachable state satisfies on its own. Note what is NOT checked, because a legal
// history breaks it: mark counts (a lone seat may move again and again after a restart), the
// winner's symbol (the winner may leave and rejoin with the other symbol), the turn after a
// leave (it may name the leaver).
std::optional<std::string> state_error(const view& v) {
    if (v.seats.size() > 2) return std::to_string(v.seats.size()) + " players in two seats";
    if (v.seats.size() == 2 && v.seats.begin()->second == std::next(v.seats.begin())->second) {
        return "both players have the symbol " + std::string(to_string(v.seats.begin()->second));
    }
    const bool x_line = has_line(v.position, mark::x);
    const bool o_line = has_line(v.position, mark::o);
    if (x_line && o_line) return "both X and O have three in a row";
    const bool line = x_line || o_line;
    if (line && v.winner.empty()) return "three in a row without a winner";
    if (!v.winner.empty() && !line) return "winner " + v.winner + " without three in a row";
    if (!v.winner.empty() && !v.game_over)
        return "winner " + v.winner + " but the game is not over";
    if (v.draw_game && !v.game_over) return "a draw but the game is not over";
    if (v.draw_game && (line || !v.position.full())) return "a draw without a full board";
    if (!line && v.position.full() && !v.draw_game) return "a full board that is not a draw";
    if (v.current_turn.empty()) {
        // Nobody has had the turn yet: the second seat's join (or a restart) always gives one.
        if (v.seats.size() == 2) return "two players seated but nobody has the turn";
        if (v.position.filled() > 0) return "marks on the board before anybody had the turn";
    } else if (!v.game_over && !v.seats.contains(v.current_turn)) {
        return "the turn is " + v.current_turn + "'s, who is not seated, in a running game";
    }
    return std::nullopt;
}

}  // namespace

// Transitions give little more than the states: a cell only changes through restart_game, but any
// member may restart a finished round and any leave finishes it, so a changed board, a new turn
// or a new outcome is always reachable that way; only the turn, once given, is never cleared.
std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& /*self*/) {
    view from;
    view to;
    if (auto error = read_view(before, from)) return "before: " + *error;
    if (auto error = read_view(after, to)) return "after: " + *error;
    if (auto error = state_error(from)) return "before: " + *error;
    if (auto error = state_error(to)) return *error;
    if (!from.current_turn.empty() && to.current_turn.empty()) {
        return "the turn (" + from.current_turn + "'s) was cleared; no action clears it";
    }
    return std::nullopt;
}

}  // namespace gameserver::games::tictactoe
