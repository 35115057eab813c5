#include "tictactoe/game.hpp"

#include <array>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>

namespace gameserver::games::tictactoe {
namespace {

using sdk::error_code;

constexpr std::size_t seats = 2;

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// Go's encoding/json decoding of `data` into `struct{Row, Col int}`, which clients rely on:
// keys match case-insensitively ("Row" works; "row" and "col" have no non-ASCII case folds),
// the last matching key wins, unknown keys are ignored, a missing key or a null value leaves 0,
// and only a JSON integer that fits an int64 is accepted (1.0, 1.5, 1e2, "1", true are errors).
// An absent `data` is an error ("unexpected end of JSON input" in Go) while `null` decodes to
// all defaults, (0,0); any other non-object is an error.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_move(const sdk::json& data) {
    if (data.is_null()) return std::pair<std::int64_t, std::int64_t>{0, 0};
    if (!data.is_object()) return std::nullopt;
    std::int64_t row = 0;
    std::int64_t col = 0;
    for (const auto& [key, value] : data.items()) {
        std::int64_t* target = nullptr;
        if (equals_ignore_case(key, "row")) {
            target = &row;
        } else if (equals_ignore_case(key, "col")) {
            target = &col;
        } else {
            continue;
        }
        if (value.is_null()) continue;
        if (value.is_number_unsigned()) {
            const auto raw = value.get<std::uint64_t>();
            if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return std::nullopt;
            }
            *target = static_cast<std::int64_t>(raw);
        } else if (value.is_number_integer()) {
            *target = value.get<std::int64_t>();
        } else {
            return std::nullopt;
        }
    }
    return std::pair{row, col};
}

// A uniformly chosen seated player (players must not be empty), in id order for replay.
template <typename Seat>
const sdk::player_id& random_player(const std::map<sdk::player_id, Seat>& players,
                                    sdk::rng& random) {
    return std::next(players.begin(), static_cast<std::ptrdiff_t>(random.index(players.size())))
        ->first;
}

std::string seat_name(mark symbol) {
    return "Player " + std::string(to_string(symbol));
}

sdk::status bad_snapshot(std::string_view what) {
    return sdk::fail(error_code::bad_request, "invalid tictactoe snapshot: " + std::string(what));
}

// Lookup that never inserts and never throws: nullptr when absent or `object` is no object.
const sdk::json* field(const sdk::json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

}  // namespace

sdk::status game::on_create(sdk::context& /*ctx*/, const sdk::json& /*options*/) {
    return sdk::ok();  // no options (SEED-SPEC §6.1)
}

sdk::status game::on_join(sdk::context& ctx, const sdk::player_id& player,
                          const std::string& /*name*/, bool /*is_bot*/) {
    if (players_.contains(player)) {
        return sdk::fail(error_code::already_in_room, "client is already in a room");
    }
    if (players_.size() >= seats) return sdk::fail(error_code::room_full, "Game is full");

    // The free symbol, not one by count: after X leaves, the newcomer gets X again.
    mark symbol = mark::x;
    for (const auto& [id, taken] : players_) {
        if (taken.symbol == mark::x) symbol = mark::o;
    }
    // The joiner's playerName is ignored, as in the Go server.
    players_[player] = seat{symbol, seat_name(symbol)};
    if (players_.size() == seats) current_turn_ = random_player(players_, ctx.random());

    broadcast_state(ctx);
    ctx.send(
        player, "joined",
        sdk::json{{"clientId", player}, {"roomId", ctx.room_id()}, {"symbol", to_string(symbol)}});
    return sdk::ok();
}

void game::on_leave(sdk::context& ctx, const sdk::player_id& player) {
    players_.erase(player);
    // The winner stays empty: the remaining client shows "You lost!", as with the Go server.
    // An abandoned game is not recorded as a result.
    if (!game_over_ && players_.size() < seats) game_over_ = true;
    broadcast_state(ctx);
}

void game::on_disconnect(sdk::context& /*ctx*/, const sdk::player_id& /*player*/) {
    // The seat waits for a reconnect; the opponent sees nothing until a leave.
}

sdk::status game::on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                               const sdk::player_id& new_id) {
    const auto it = players_.find(old_id);
    if (it == players_.end()) {
        return sdk::fail(error_code::player_not_found, "no player found with provided ID");
    }
    const mark symbol = it->second.symbol;
    if (new_id != old_id) {
        if (players_.contains(new_id)) {
            return sdk::fail(error_code::already_in_room, "client is already in a room");
        }
        auto node = players_.extract(it);
        node.key() = new_id;
        players_.insert(std::move(node));
        if (current_turn_ == old_id) current_turn_ = new_id;
        if (winner_ == old_id) winner_ = new_id;
    }
    broadcast_state(ctx);
    ctx.send(
        new_id, "reconnected",
        sdk::json{{"clientId", new_id}, {"roomId", ctx.room_id()}, {"symbol", to_string(symbol)}});
    return sdk::ok();
}

sdk::status game::on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                            const sdk::json& data) {
    if (type == "make_move") return make_move(ctx, player, data);
    if (type == "restart_game") return restart(ctx);
    // Including `game_action`: the game answers itself and the router adds nothing.
    ctx.send_error(player, sdk::game_error{error_code::unknown_type,
                                           "Unknown message type: " + std::string(type)});
    return sdk::ok();
}

void game::on_timer(sdk::context& /*ctx*/, std::string_view /*tag*/) {}

sdk::status game::can_add_bot(sdk::context& /*ctx*/) {
    // A bot that would only spectate is refused up front.
    if (players_.size() >= seats) return sdk::fail(error_code::room_full, "Game is full");
    return sdk::ok();
}

sdk::status game::make_move(sdk::context& ctx, const sdk::player_id& player,
                            const sdk::json& data) {
    const auto coordinates = parse_move(data);
    if (!coordinates) return sdk::fail(error_code::invalid_payload, "Invalid move format");
    if (game_over_) return sdk::fail(error_code::game_over, "Game is over");
    const auto seat_it = players_.find(player);
    if (player != current_turn_ || seat_it == players_.end()) {
        return sdk::fail(error_code::not_your_turn, "Not your turn");
    }
    const auto [row, col] = *coordinates;
    if (row < 0 || row >= board_size || col < 0 || col >= board_size) {
        return sdk::fail(error_code::invalid_move, "Invalid move coordinates");
    }
    const move m{static_cast<int>(row), static_cast<int>(col)};
    if (!board_.is_empty(m.row, m.col)) {
        return sdk::fail(error_code::invalid_move, "Cell already occupied");
    }

    const mark symbol = seat_it->second.symbol;
    moves_.push_back({m, symbol});
    switch (apply(board_, m, symbol)) {
        case outcome::win:
            winner_ = player;
            game_over_ = true;
            break;
        case outcome::draw:
            draw_game_ = true;
            game_over_ = true;
            break;
        case outcome::in_progress:
            // To the other seated player; with nobody else seated the turn stays.
            for (const auto& [id, other] : players_) {
                if (id != player) {
                    current_turn_ = id;
                    break;
                }
            }
            break;
    }
    broadcast_state(ctx);
    if (game_over_) record_result(ctx);
    return sdk::ok();
}

sdk::status game::restart(sdk::context& ctx) {
    if (!game_over_) {
        return sdk::fail(error_code::game_in_progress, "Cannot restart a game in progress");
    }
    // The Go server crashes here (a random pick from no players); we refuse instead.
    if (players_.empty()) {
        return sdk::fail(error_code::not_a_player, "Cannot restart a game without players");
    }
    board_.clear();
    moves_.clear();
    winner_.clear();
    game_over_ = false;
    draw_game_ = false;
    current_turn_ = random_player(players_, ctx.random());
    broadcast_state(ctx);
    return sdk::ok();
}

sdk::json game::state() const {
    // Built by moves rather than from initializer lists, which copy every nested value: this
    // runs for every move, and the copies were a tenth of the server's CPU per move.
    sdk::json players = sdk::json::object();
    for (const auto& [id, s] : players_) {
        sdk::json& player = players[id];
        player["symbol"] = to_string(s.symbol);
        player["name"] = s.name;
    }
    sdk::json result = sdk::json::object();
    result["board"] = board_.to_json();
    result["players"] = std::move(players);
    result["currentTurn"] = current_turn_;
    result["winner"] = winner_;
    result["gameOver"] = game_over_;
    result["drawGame"] = draw_game_;
    return result;
}

// state() written straight as JSON text, the same bytes the room's encoder makes of state():
// building that tree, and freeing it, was an eighth of the server's CPU per move.
sdk::encoded_json game::encoded_state() const {
    sdk::json_writer out;
    out.begin_object().key("board").begin_array();
    for (int row = 0; row < board_size; ++row) {
        out.begin_array();
        for (int col = 0; col < board_size; ++col) out.value(to_string(board_.at(row, col)));
        out.end_array();
    }
    out.end_array().key("players").begin_object();
    for (const auto& [id, s] : players_) {
        out.key(id).begin_object();
        out.key("symbol").value(to_string(s.symbol)).key("name").value(s.name);
        out.end_object();
    }
    out.end_object();
    out.key("currentTurn").value(current_turn_).key("winner").value(winner_);
    out.key("gameOver").value(game_over_).key("drawGame").value(draw_game_);
    out.end_object();
    return std::move(out).take();
}

void game::broadcast_state(sdk::context& ctx) const {
    ctx.broadcast_encoded("game_state", encoded_state());
}

void game::record_result(sdk::context& ctx) const {
    // Built by moves, as state() is, not from initializer lists that copy each nested value.
    sdk::json record = sdk::json::object();
    sdk::json& players = record["players"] = sdk::json::array();
    for (const auto& [id, s] : players_) {
        sdk::json& player = players.emplace_back(sdk::json::object());
        player["id"] = id;
        player["name"] = s.name;
        player["symbol"] = to_string(s.symbol);
    }
    record["winner"] = winner_;
    record["draw"] = draw_game_;
    sdk::json& moves = record["moves"] = sdk::json::array();
    for (const auto& p : moves_) {
        sdk::json& move = moves.emplace_back(sdk::json::array());
        move.push_back(p.where.row);
        move.push_back(p.where.col);
        move.push_back(to_string(p.symbol));
    }
    ctx.record(result_record_kind, std::move(record));
}

sdk::json game::view_for(const sdk::player_id& /*player*/) const {
    return state();  // no hidden information
}

bool game::is_started() const {
    return players_.size() == seats && !game_over_;
}

sdk::json game::snapshot() const {
    sdk::json result = state();
    sdk::json moves = sdk::json::array();
    for (const auto& p : moves_) {
        moves.push_back(sdk::json::array({p.where.row, p.where.col, to_string(p.symbol)}));
    }
    result["moves"] = std::move(moves);
    return result;
}

sdk::status game::restore(const sdk::json& snapshot) {
    if (!snapshot.is_object()) return bad_snapshot("not an object");

    const sdk::json* board_json = field(snapshot, "board");
    const auto restored_board = board_json ? board::from_json(*board_json) : std::nullopt;
    if (!restored_board) return bad_snapshot("board");

    const sdk::json* players_json = field(snapshot, "players");
    if (!players_json || !players_json->is_object() || players_json->size() > seats) {
        return bad_snapshot("players");
    }
    std::map<sdk::player_id, seat> restored_players;
    std::array<bool, 3> symbol_taken{};
    for (const auto& [id, entry] : players_json->items()) {
        const sdk::json* symbol = field(entry, "symbol");
        const sdk::json* name = field(entry, "name");
        if (!symbol || !symbol->is_string() || !name || !name->is_string()) {
            return bad_snapshot("player entry");
        }
        const auto parsed = parse_mark(symbol->get_ref<const std::string&>());
        if (!parsed || *parsed == mark::empty || symbol_taken[static_cast<std::size_t>(*parsed)]) {
            return bad_snapshot("player symbol");
        }
        symbol_taken[static_cast<std::size_t>(*parsed)] = true;
        restored_players[id] = seat{*parsed, name->get<std::string>()};
    }

    const sdk::json* current_turn = field(snapshot, "currentTurn");
    const sdk::json* winner = field(snapshot, "winner");
    const sdk::json* game_over = field(snapshot, "gameOver");
    const sdk::json* draw_game = field(snapshot, "drawGame");
    if (!current_turn || !current_turn->is_string() || !winner || !winner->is_string() ||
        !game_over || !game_over->is_boolean() || !draw_game || !draw_game->is_boolean()) {
        return bad_snapshot("turn or outcome");
    }
    if (draw_game->get<bool>() && !game_over->get<bool>()) return bad_snapshot("draw not over");

    // The moves must replay onto an empty board to exactly the stored board.
    const sdk::json* moves_json = field(snapshot, "moves");
    if (!moves_json || !moves_json->is_array() || moves_json->size() > cell_count) {
        return bad_snapshot("moves");
    }
    std::vector<played> restored_moves;
    board replayed;
    for (const auto& entry : *moves_json) {
        if (!entry.is_array() || entry.size() != 3 || !entry[0].is_number_integer() ||
            !entry[1].is_number_integer() || !entry[2].is_string()) {
            return bad_snapshot("move entry");
        }
        const auto row = entry[0].get<std::int64_t>();
        const auto col = entry[1].get<std::int64_t>();
        const auto symbol = parse_mark(entry[2].get_ref<const std::string&>());
        if (row < 0 || row >= board_size || col < 0 || col >= board_size || !symbol ||
            *symbol == mark::empty) {
            return bad_snapshot("move entry");
        }
        const move m{static_cast<int>(row), static_cast<int>(col)};
        if (!replayed.is_empty(m.row, m.col)) return bad_snapshot("moves overlap");
        replayed.place(m, *symbol);
        restored_moves.push_back({m, *symbol});
    }
    if (replayed != *restored_board) return bad_snapshot("moves do not match the board");

    board_ = *restored_board;
    players_ = std::move(restored_players);
    current_turn_ = current_turn->get<std::string>();
    winner_ = winner->get<std::string>();
    game_over_ = game_over->get<bool>();
    draw_game_ = draw_game->get<bool>();
    moves_ = std::move(restored_moves);
    return sdk::ok();
}

}  // namespace gameserver::games::tictactoe
