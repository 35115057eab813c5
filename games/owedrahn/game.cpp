#include "owedrahn/game.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "owedrahn/json_read.hpp"
#include "owedrahn/payload.hpp"

namespace gameserver::games::owedrahn {
namespace {

using sdk::error_code;

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

// Error strings (SEED-SPEC §6.3; the ones marked "fix" are ours, GAMES.md).
constexpr const char* game_has_started = "game has started";
constexpr const char* not_a_player = "client is not a player";
constexpr const char* not_your_turn = "not your turn";
constexpr const char* manage_other_bets = "player can not manage bets from other players";
constexpr const char* next_player_invalid = "next player is invalid";
constexpr const char* one_life_left = "can not lose life with only one life left";          // fix
constexpr const char* counter_too_low = "can not lose life before the counter reaches 10";  // fix
constexpr const char* game_is_over = "game is over";                                        // fix

bool is_turn_verb(std::string_view type) {
    return type == "roll" || type == "loseLife" || type == "chooseNextPlayer";
}

sdk::status bad_snapshot(std::string_view what) {
    return sdk::fail(error_code::bad_request, "invalid owedrahn snapshot: " + std::string(what));
}

// A PlayerStats document as the game shows it: null when the user has none yet, otherwise the
// stats object with every field present.
sdk::json displayed_stats(const sdk::json& document) {
    if (document.is_null()) return nullptr;
    return player_stats::from_json(document).to_json();
}

}  // namespace

// ---- lookup ----

player* game::find_player(const sdk::player_id& id) {
    for (auto& p : players_) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

const player* game::find_player(const sdk::player_id& id) const {
    for (const auto& p : players_) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

std::size_t game::index_of(const sdk::player_id& id) const {
    for (std::size_t i = 0; i < players_.size(); ++i) {
        if (players_[i].id == id) return i;
    }
    return npos;
}

// ---- membership hooks ----

sdk::status game::on_create(sdk::context& /*ctx*/, const sdk::json& /*options*/) {
    return sdk::ok();  // no options
}

sdk::status game::on_join(sdk::context& ctx, const sdk::player_id& id, const std::string& name,
                          bool is_bot) {
    if (find_player(id))
        return sdk::fail(error_code::already_in_room, "client is already in a room");
    if (started_) {
        // The joiner stays in the room as a spectator (SEED-SPEC §9.7, kept).
        if (std::find(spectators_.begin(), spectators_.end(), id) == spectators_.end()) {
            spectators_.push_back(id);
        }
        return sdk::fail(error_code::game_started, game_has_started);
    }
    player seat;
    seat.id = id;
    seat.username = name;
    seat.connected = is_bot;  // a bot never sends a handshake; humans connect by theirs
    players_.push_back(std::move(seat));
    broadcast_state(ctx);
    return sdk::ok();
}

void game::on_leave(sdk::context& ctx, const sdk::player_id& id) {
    if (const auto it = std::find(spectators_.begin(), spectators_.end(), id);
        it != spectators_.end()) {
        spectators_.erase(it);
        return;
    }
    const std::size_t index = index_of(id);
    if (index == npos) return;
    const std::string username = players_[index].username;
    if (!started_) {
        players_.erase(players_.begin() + static_cast<std::ptrdiff_t>(index));
    } else {
        // The seat stays in the turn order; the game stalls when its turn comes (as in Go).
        players_[index].connected = false;
    }
    // `username`, although the owe-drahn client reads `playerName` (kept, SEED-SPEC §9.14).
    ctx.broadcast("playerLeft", sdk::json{{"username", username}});
    broadcast_state(ctx);
}

void game::on_disconnect(sdk::context& ctx, const sdk::player_id& id) {
    // Fix (SEED-SPEC §9.8): the Go server was never told and kept `connected` true.
    if (const auto it = std::find(spectators_.begin(), spectators_.end(), id);
        it != spectators_.end()) {
        spectators_.erase(it);  // a spectator has no seat to reconnect to
        return;
    }
    player* p = find_player(id);
    if (!p) return;
    p->connected = false;
    broadcast_state(ctx);
}

sdk::status game::on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                               const sdk::player_id& new_id) {
    player* p = find_player(old_id);
    if (!p) return sdk::fail(error_code::player_not_found, "no player found with provided ID");
    if (new_id != old_id) {
        if (find_player(new_id)) {
            return sdk::fail(error_code::already_in_room, "client is already in a room");
        }
        p->id = new_id;
        if (current_turn_ == old_id) current_turn_ = new_id;
        for (auto& bet : side_bets_) {
            if (bet.challenger_id == old_id) bet.challenger_id = new_id;
            if (bet.opponent_id == old_id) bet.opponent_id = new_id;
        }
        std::erase(spectators_, new_id);
    }
    // `connected` is untouched: the client's next handshake sets it, as in Go.
    broadcast_state(ctx);
    return sdk::ok();
}

// ---- messages ----

sdk::status game::on_action(sdk::context& ctx, const sdk::player_id& sender, std::string_view type,
                            const sdk::json& data) {
    if (type == "handshake") return handshake(ctx, sender, data);
    if (type == "ready") return ready(ctx, sender, data);
    if (type == "set_main_bet") return set_main_bet(ctx, data);
    if (type == "sidebet_propose") return propose_bet(ctx, sender, data);
    if (type == "sidebet_accept") {
        return set_bet_status(ctx, sender, data, bet_status::accepted, "sidebet_accept_result");
    }
    if (type == "sidebet_decline") {
        return set_bet_status(ctx, sender, data, bet_status::declined, "sidebet_decline_result");
    }
    if (type == "sidebet_cancel") return cancel_bet(ctx, sender, data);

    // Everything else is a turn message.
    player* current = current_turn_.empty() ? nullptr : find_player(current_turn_);
    if (sender != current_turn_ || !current) {
        return sdk::fail(error_code::not_your_turn, not_your_turn);
    }
    if (!is_turn_verb(type)) {
        return sdk::fail(error_code::unknown_type, "unknown message type: " + std::string(type));
    }
    // Fix: during the 5 s before the reset the last roller still holds the turn; Go let it roll
    // again (paying the main bet twice and ending the game twice).
    if (over_) return sdk::fail(error_code::game_over, game_is_over);
    if (type == "roll") return roll(ctx, *current);
    if (type == "loseLife") return lose_life(ctx, *current);
    return choose_next_player(ctx, *current, data);
}

sdk::status game::handshake(sdk::context& ctx, const sdk::player_id& sender,
                            const sdk::json& data) {
    player* p = find_player(sender);
    if (!p) return sdk::fail(error_code::not_a_player, not_a_player);
    const auto decoded_payload = decode_handshake(data);
    const auto* payload = std::get_if<handshake_payload>(&decoded_payload);
    if (!payload) return sdk::fail(error_code::invalid_payload, "invalid handshake format");
    if (payload->uid.empty()) {
        p->connected = true;
        broadcast_state(ctx);
        return sdk::ok();
    }
    // The stats arrive in on_loaded(), which then connects the seat and broadcasts.
    p->pending_uid = payload->uid;
    ctx.load_document(stats_collection, payload->uid, std::string(stats_tag_prefix) + payload->uid);
    return sdk::ok();
}

void game::on_loaded(sdk::context& ctx, std::string_view tag, const sdk::loaded_document& result) {
    if (!tag.starts_with(stats_tag_prefix)) return;
    const std::string uid(tag.substr(stats_tag_prefix.size()));
    // A document that is neither null nor an object is as unusable as a failed read.
    const bool usable = result.ok && (result.document.is_null() || result.document.is_object());
    bool changed = false;
    for (auto& p : players_) {
        if (p.pending_uid.empty() || p.pending_uid != uid) continue;
        p.pending_uid.clear();
        if (usable) {
            p.uid = uid;
            p.stats = displayed_stats(result.document);
        }
        p.connected = true;
        changed = true;
    }
    if (changed) broadcast_state(ctx);
}

sdk::status game::ready(sdk::context& ctx, const sdk::player_id& sender, const sdk::json& data) {
    const auto value = decode_ready(data);
    if (!value) return sdk::fail(error_code::invalid_payload, "invalid ready format");
    player* p = find_player(sender);
    // Fix: Go dereferenced a nil player here and crashed (SEED-SPEC §9.9).
    if (!p) return sdk::fail(error_code::not_a_player, not_a_player);
    // Fix: Go let `ready` restart a running game.
    if (started_) return sdk::fail(error_code::game_started, game_has_started);
    p->ready = *value;
    const bool everyone_ready =
        std::all_of(players_.begin(), players_.end(), [](const player& q) { return q.ready; });
    if (everyone_ready) start(ctx);
    broadcast_state(ctx);
    return sdk::ok();
}

void game::start(sdk::context& ctx) {
    started_ = true;
    started_at_ = ctx.now().count();
    current_turn_ = players_[ctx.random().index(players_.size())].id;
    broadcast_without_data(ctx, "gameStarted");
    for (auto& p : players_) p.ready = false;  // for the UI's next round
}

sdk::status game::set_main_bet(sdk::context& ctx, const sdk::json& data) {
    const auto decoded_payload = decode_main_bet(data);
    const auto* payload = std::get_if<main_bet_payload>(&decoded_payload);
    if (!payload) return sdk::fail(error_code::invalid_payload, "invalid main bet format");
    if (started_) {
        return sdk::fail(error_code::game_started, "cannot change main bet after game has started");
    }
    if (!(payload->amount > 0)) {
        return sdk::fail(error_code::invalid_payload, "main bet must be greater than 0");
    }
    main_bet_ = payload->amount;
    broadcast_state(ctx);
    return sdk::ok();
}

sdk::status game::propose_bet(sdk::context& ctx, const sdk::player_id& sender,
                              const sdk::json& data) {
    auto decoded_payload = decode_propose(data);
    if (const auto* error = std::get_if<std::string>(&decoded_payload)) {
        return sdk::fail(error_code::invalid_payload, *error);
    }
    const auto& payload = std::get<propose_payload>(decoded_payload);
    if (started_) {
        return sdk::fail(error_code::game_started, "can not propose bet. game already started");
    }
    if (sender == payload.opponent_id) {
        return sdk::fail(error_code::invalid_move, "player can not propose bet to oneself");
    }
    if (!(payload.amount > 0)) {
        return sdk::fail(error_code::invalid_payload, "amount must be greater than 0");
    }
    const player* challenger = find_player(sender);
    if (!challenger) return sdk::fail(error_code::not_a_player, "challenger not found");
    const player* opponent = find_player(payload.opponent_id);
    if (!opponent) return sdk::fail(error_code::player_not_found, "opponent not found");

    side_bet bet;
    bet.id = make_uuid(ctx.random());
    bet.challenger_id = challenger->id;
    bet.challenger_name = challenger->username;
    bet.opponent_id = opponent->id;
    bet.opponent_name = opponent->username;
    bet.amount = payload.amount;
    bet.status = bet_status::pending;
    side_bets_.push_back(bet);
    ctx.broadcast("sidebet_propose_result", sdk::json{{"betId", bet.id}, {"bets", bets_json()}});
    return sdk::ok();
}

sdk::status game::set_bet_status(sdk::context& ctx, const sdk::player_id& sender,
                                 const sdk::json& data, bet_status status, std::string_view event) {
    auto decoded_payload = decode_bet_id(data);
    if (const auto* error = std::get_if<std::string>(&decoded_payload)) {
        return sdk::fail(error_code::invalid_payload, *error);
    }
    const auto& bet_id = std::get<bet_id_payload>(decoded_payload).bet_id;
    const auto it = std::find_if(side_bets_.begin(), side_bets_.end(),
                                 [&](const side_bet& b) { return b.id == bet_id; });
    if (it == side_bets_.end()) return sdk::fail(error_code::not_found, "side bet not found");
    // Only the bet's opponent answers it (fix, SEED-SPEC §9.17).
    if (it->opponent_id != sender) return sdk::fail(error_code::forbidden, manage_other_bets);
    // No check of the game or of the current status (kept): a declined bet can be accepted later.
    it->status = status;
    ctx.broadcast(event, sdk::json{{"betId", bet_id}, {"bets", bets_json()}});
    return sdk::ok();
}

sdk::status game::cancel_bet(sdk::context& ctx, const sdk::player_id& sender,
                             const sdk::json& data) {
    auto decoded_payload = decode_bet_id(data);
    if (const auto* error = std::get_if<std::string>(&decoded_payload)) {
        return sdk::fail(error_code::invalid_payload, *error);
    }
    const auto& bet_id = std::get<bet_id_payload>(decoded_payload).bet_id;
    const auto it = std::find_if(side_bets_.begin(), side_bets_.end(),
                                 [&](const side_bet& b) { return b.id == bet_id; });
    if (it != side_bets_.end()) {
        // Only the challenger withdraws a bet (fix: Go let anyone cancel any bet).
        if (it->challenger_id != sender) return sdk::fail(error_code::forbidden, manage_other_bets);
        side_bets_.erase(it);
    }
    // An unknown id is a no-op that still answers; the data is the bare array (kept quirk).
    ctx.broadcast("sidebet_cancel_result", bets_json());
    return sdk::ok();
}

sdk::status game::roll(sdk::context& ctx, player& roller) {
    const std::size_t roller_index = index_of(roller.id);
    const int face = static_cast<int>(ctx.random().between(1, 6));
    current_value_ += die_value(face);
    rolls_.push_back({format(roller), face, current_value_});
    const int total = current_value_;
    if (total > bust_limit) {
        current_value_ = 0;
        eliminate(roller);
    }
    roller.choosing = false;
    ctx.broadcast(
        "rolledDice",
        sdk::json{{"dice", face}, {"player", format(roller).to_json()}, {"total", total}});

    const auto alive =
        std::count_if(players_.begin(), players_.end(), [](const player& p) { return p.alive(); });
    if (alive <= 1) {
        // The last one standing collects everyone else's main bet. Nobody alive cannot happen in
        // play (a lone player's first roll ends the game); Go crashed there, we end without a
        // winner.
        std::string winner_name;
        const auto winner = std::find_if(players_.begin(), players_.end(),
                                         [](const player& p) { return p.alive(); });
        if (winner != players_.end()) {
            winner->balance += main_bet_ * static_cast<double>(players_.size() - 1);
            winner_name = winner->username;
        }
        finish(ctx, winner_name);
    } else if (const auto next = next_alive_after(players_, roller_index)) {
        current_turn_ = players_[*next].id;
    }
    broadcast_state(ctx);
    return sdk::ok();
}

void game::eliminate(player& loser) {
    loser.life = 0;
    loser.balance -= main_bet_;
    resolve_side_bets(players_, side_bets_);
}

sdk::status game::lose_life(sdk::context& ctx, player& current) {
    // Fixes: the Go server trusted the UI for both rules (SEED-SPEC §9.17).
    if (current.life <= 1) return sdk::fail(error_code::invalid_move, one_life_left);
    if (current_value_ < min_counter_to_lose_life) {
        return sdk::fail(error_code::invalid_move, counter_too_low);
    }
    current.life -= 1;  // stays >= 1: only a roll can eliminate, and eliminate() pays
    current.choosing = true;
    current_value_ = 0;
    ctx.broadcast("lostLife", sdk::json{{"player", format(current).to_json()}});
    broadcast_state(ctx);
    return sdk::ok();
}

sdk::status game::choose_next_player(sdk::context& ctx, player& current, const sdk::json& data) {
    const auto decoded_payload = decode_next_player(data);
    const auto* payload = std::get_if<next_player_payload>(&decoded_payload);
    if (!payload) return sdk::fail(error_code::invalid_payload, next_player_invalid);
    const player* target = find_player(payload->next_player_id);
    if (!target) return sdk::fail(error_code::player_not_found, next_player_invalid);
    // Not choosing, or a dead target: silently nothing, but the state is still broadcast.
    if (current.choosing && target->alive()) {
        current.choosing = false;
        current_turn_ = target->id;
    }
    broadcast_state(ctx);
    return sdk::ok();
}

// ---- game over and reset ----

void game::finish(sdk::context& ctx, const std::string& winner_name) {
    over_ = true;
    finished_at_ = ctx.now().count();
    ctx.broadcast("gameOver", sdk::json{{"winner", winner_name}});
    persist(ctx);
    ctx.schedule(reset_delay, std::string(reset_timer_tag));
}

void game::persist(sdk::context& ctx) const {
    game_record record;
    for (const auto& p : players_) record.players.push_back(format(p));
    record.rolls = rolls_;
    record.started_at = started_at_;
    record.finished_at = finished_at_;
    ctx.record(game_record_kind, record.to_json());

    // One merge per uid (Go merged once per seat, so one account in two seats counted twice).
    std::set<std::string> done;
    for (const auto& p : record.players) {
        if (p.uid.empty() || !done.insert(p.uid).second) continue;
        const stat_aggregation aggregation = extract_player_stats(p.uid, record);
        ctx.update_document(stats_collection, p.uid, [aggregation](const sdk::json& current) {
            return merge_stats_document(current, aggregation);
        });
    }
}

void game::on_timer(sdk::context& ctx, std::string_view tag) {
    if (tag == reset_timer_tag) reset(ctx);
}

void game::reset(sdk::context& ctx) {
    if (!over_) return;
    started_ = false;
    over_ = false;
    current_value_ = 0;
    current_turn_.clear();
    main_bet_ = default_main_bet;
    for (auto& p : players_) {
        p.life = start_life;
        p.ready = false;
        p.choosing = false;
    }
    rolls_.clear();
    // Balances and side bets survive; `connected` is not reset.
    ctx.broadcast("gameInit", state());
}

sdk::status game::can_add_bot(sdk::context& /*ctx*/) {
    if (started_) return sdk::fail(error_code::game_started, game_has_started);
    return sdk::ok();
}

// ---- views ----

sdk::json game::bets_json() const {
    sdk::json bets = sdk::json::array();
    for (const auto& bet : side_bets_) bets.push_back(bet.to_json());
    return bets;
}

sdk::json game::state() const {
    sdk::json players = sdk::json::array();
    for (const auto& p : players_) players.push_back(p.to_json());
    return sdk::json{{"players", std::move(players)},  {"started", started_},
                     {"currentTurn", current_turn_},   {"over", over_},
                     {"currentValue", current_value_}, {"mainBet", main_bet_},
                     {"sideBets", bets_json()}};
}

void game::broadcast_state(sdk::context& ctx) const {
    ctx.broadcast("game_state", state());
}

void game::broadcast_without_data(sdk::context& ctx, std::string_view type) const {
    for (const auto& p : players_) ctx.send(p.id, type);
    for (const auto& id : spectators_) ctx.send(id, type);
}

sdk::json game::view_for(const sdk::player_id& /*player*/) const {
    return state();
}

// ---- snapshot ----

sdk::json game::snapshot() const {
    sdk::json result = state();
    for (std::size_t i = 0; i < players_.size(); ++i) {
        result["players"][i]["pendingUid"] = players_[i].pending_uid;
    }
    sdk::json rolls = sdk::json::array();
    for (const auto& r : rolls_) rolls.push_back(r.to_json());
    result["rolls"] = std::move(rolls);
    result["startedAt"] = started_at_;
    result["finishedAt"] = finished_at_;
    result["spectators"] = spectators_;
    return result;
}

sdk::status game::restore(const sdk::json& snapshot) {
    using detail::field;
    using detail::get_bool;
    using detail::get_int;
    using detail::get_number;
    using detail::get_string;
    if (!snapshot.is_object()) return bad_snapshot("not an object");

    const sdk::json* players_json = field(snapshot, "players");
    if (!players_json || !players_json->is_array()) return bad_snapshot("players");
    std::vector<player> players;
    std::set<std::string> ids;
    for (const auto& entry : *players_json) {
        player p;
        const auto id = get_string(entry, "id");
        const auto uid = get_string(entry, "uid");
        const auto username = get_string(entry, "username");
        const auto rank = get_int(entry, "rank", std::numeric_limits<int>::min(),
                                  std::numeric_limits<int>::max());
        const sdk::json* stats = field(entry, "stats");
        const auto life = get_int(entry, "life", 0, start_life);
        const auto is_ready = get_bool(entry, "ready");
        const auto choosing = get_bool(entry, "choosing");
        const auto connected = get_bool(entry, "connected");
        const auto balance = get_number(entry, "balance");
        const auto pending_uid = get_string(entry, "pendingUid");
        if (!id || id->empty() || !uid || !username || !rank || !stats ||
            !(stats->is_null() || stats->is_object()) || !life || !is_ready || !choosing ||
            !connected || !balance || !pending_uid) {
            return bad_snapshot("player entry");
        }
        if (!ids.insert(*id).second) return bad_snapshot("duplicate player id");
        p.id = *id;
        p.uid = *uid;
        p.username = *username;
        p.rank = static_cast<int>(*rank);
        p.stats = *stats;
        p.life = static_cast<int>(*life);
        p.ready = *is_ready;
        p.choosing = *choosing;
        p.connected = *connected;
        p.balance = *balance;
        p.pending_uid = *pending_uid;
        players.push_back(std::move(p));
    }

    const auto started = get_bool(snapshot, "started");
    const auto over = get_bool(snapshot, "over");
    const auto current_turn = get_string(snapshot, "currentTurn");
    const auto current_value = get_int(snapshot, "currentValue", 0, bust_limit);
    const auto main_bet = get_number(snapshot, "mainBet");
    const auto started_at =
        get_int(snapshot, "startedAt", 0, std::numeric_limits<std::int64_t>::max());
    const auto finished_at =
        get_int(snapshot, "finishedAt", 0, std::numeric_limits<std::int64_t>::max());
    if (!started || !over || !current_turn || !current_value || !main_bet || !started_at ||
        !finished_at) {
        return bad_snapshot("game fields");
    }
    if (*over && !*started) return bad_snapshot("over before started");
    if (!(*main_bet > 0)) return bad_snapshot("main bet");
    if (!current_turn->empty() && !ids.contains(*current_turn)) return bad_snapshot("current turn");

    const sdk::json* bets_json_value = field(snapshot, "sideBets");
    if (!bets_json_value || !bets_json_value->is_array()) return bad_snapshot("side bets");
    std::vector<side_bet> bets;
    for (const auto& entry : *bets_json_value) {
        auto bet = side_bet::from_json(entry);
        if (!bet) return bad_snapshot("side bet entry");
        bets.push_back(std::move(*bet));
    }

    const sdk::json* rolls_json = field(snapshot, "rolls");
    if (!rolls_json || !rolls_json->is_array()) return bad_snapshot("rolls");
    std::vector<roll_record> rolls;
    for (const auto& entry : *rolls_json) {
        auto r = roll_record::from_json(entry);
        if (!r) return bad_snapshot("roll entry");
        rolls.push_back(std::move(*r));
    }

    const sdk::json* spectators_json = field(snapshot, "spectators");
    if (!spectators_json || !spectators_json->is_array()) return bad_snapshot("spectators");
    std::vector<sdk::player_id> spectators;
    for (const auto& entry : *spectators_json) {
        if (!entry.is_string()) return bad_snapshot("spectator entry");
        spectators.push_back(entry.get<std::string>());
    }

    players_ = std::move(players);
    spectators_ = std::move(spectators);
    started_ = *started;
    over_ = *over;
    current_turn_ = *current_turn;
    current_value_ = static_cast<int>(*current_value);
    main_bet_ = *main_bet;
    rolls_ = std::move(rolls);
    side_bets_ = std::move(bets);
    started_at_ = *started_at;
    finished_at_ = *finished_at;
    return sdk::ok();
}

}  // namespace gameserver::games::owedrahn
