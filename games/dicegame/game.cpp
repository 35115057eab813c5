#include "dicegame/game.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "dicegame/rules.hpp"

namespace gameserver::games::dicegame {
namespace {

using sdk::error_code;

constexpr std::size_t seats = 2;
constexpr std::string_view bust_tag_prefix = "bust:";
// Scores in a snapshot beyond this are refused (far above any real game, far below overflow).
constexpr std::int64_t max_stored_score = std::int64_t{1} << 40;

sdk::status not_your_turn() {
    return sdk::fail(error_code::not_your_turn, "not your turn");
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// Go's json.Unmarshal of `data` into `struct{DiceIndex int}`, skipped when `data` is absent (the
// handler only decodes a non-empty payload): absent or null give 0; keys match case-insensitively
// and the last one wins; a null value leaves 0; only an integer that fits an int64 is accepted.
std::optional<std::int64_t> parse_select(const sdk::json& data) {
    if (sdk::is_absent(data) || data.is_null()) return 0;
    if (!data.is_object()) return std::nullopt;
    std::int64_t index = 0;
    for (const auto& [key, value] : data.items()) {
        if (!equals_ignore_case(key, "diceIndex") || value.is_null()) continue;
        if (value.is_number_unsigned()) {
            const auto raw = value.get<std::uint64_t>();
            if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return std::nullopt;
            }
            index = static_cast<std::int64_t>(raw);
        } else if (value.is_number_integer()) {
            index = value.get<std::int64_t>();
        } else {
            return std::nullopt;
        }
    }
    return index;
}

// The same for `struct{EndTurn bool}`: absent or null give false; only a JSON bool is accepted.
std::optional<bool> parse_set_aside(const sdk::json& data) {
    if (sdk::is_absent(data) || data.is_null()) return false;
    if (!data.is_object()) return std::nullopt;
    bool end_turn = false;
    for (const auto& [key, value] : data.items()) {
        if (!equals_ignore_case(key, "endTurn") || value.is_null()) continue;
        if (!value.is_boolean()) return std::nullopt;
        end_turn = value.get<bool>();
    }
    return end_turn;
}

std::vector<int> faces_at(const std::vector<int>& dice, const std::vector<int>& indexes) {
    std::vector<int> faces;
    faces.reserve(indexes.size());
    for (const int index : indexes) faces.push_back(dice[static_cast<std::size_t>(index)]);
    return faces;
}

// ---- restore() validation ----

sdk::status bad_snapshot(const std::string& what) {
    return sdk::fail(error_code::bad_request, "invalid dicegame snapshot: " + what);
}

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<std::int64_t> integer_in(const sdk::json* value, std::int64_t lo, std::int64_t hi) {
    if (!value || !value->is_number_integer()) return std::nullopt;
    std::int64_t number = 0;
    if (value->is_number_unsigned()) {
        const auto raw = value->get<std::uint64_t>();
        if (raw > static_cast<std::uint64_t>(hi)) return std::nullopt;
        number = static_cast<std::int64_t>(raw);
    } else {
        number = value->get<std::int64_t>();
    }
    if (number < lo || number > hi) return std::nullopt;
    return number;
}

std::optional<std::vector<int>> int_array(const sdk::json* value, std::size_t max_size, int lo,
                                          int hi) {
    if (!value || !value->is_array() || value->size() > max_size) return std::nullopt;
    std::vector<int> result;
    for (const auto& entry : *value) {
        const auto number = integer_in(&entry, lo, hi);
        if (!number) return std::nullopt;
        result.push_back(static_cast<int>(*number));
    }
    return result;
}

const std::string* string_field(const sdk::json& object, const char* key) {
    const sdk::json* value = field(object, key);
    return value && value->is_string() ? &value->get_ref<const std::string&>() : nullptr;
}

}  // namespace

// Go ignored every option; ours has one, `bustDelayMs` (the pause before a bust ends the turn),
// for tests, load runs and quick tables. Anything else is ignored as before.
sdk::status game::on_create(sdk::context& /*ctx*/, const sdk::json& options) {
    const sdk::json* delay = options.is_object() ? field(options, "bustDelayMs") : nullptr;
    if (delay && !delay->is_null()) {
        const auto ms = integer_in(delay, 0, max_bust_delay.count());
        if (!ms) {
            return sdk::fail(error_code::invalid_payload,
                             "game options are invalid: bustDelayMs must be an integer from 0 to " +
                                 std::to_string(max_bust_delay.count()));
        }
        bust_delay_ = sdk::millis{*ms};
    }
    return sdk::ok();
}

sdk::status game::on_join(sdk::context& ctx, const sdk::player_id& player, const std::string& name,
                          bool is_bot) {
    if (players_.size() >= seats) return sdk::fail(error_code::room_full, "Game is full");
    players_[player] = seat{name, 0, 0, 0, is_bot};
    if (players_.size() == seats) {
        started_ = true;
        // A uniformly random first player, drawn in id order so a seed replays.
        current_turn_ = std::next(players_.begin(),
                                  static_cast<std::ptrdiff_t>(ctx.random().index(players_.size())))
                            ->first;
    }
    broadcast_state(ctx);
    return sdk::ok();
}

void game::on_leave(sdk::context& /*ctx*/, const sdk::player_id& player) {
    // The seat stays and nobody is told (Go): only the leaver's turn ends, banking its round.
    if (current_turn_.empty() || current_turn_ != player) return;
    if (busted_ == player) {
        // Fix: a busted round is lost, not banked by leaving within the bust delay. The bust's
        // timer then finds the turn over and does nothing.
        auto& s = players_[player];
        s.turn_score = 0;
        s.round_score = 0;
    }
    end_turn();
}

void game::on_disconnect(sdk::context& /*ctx*/, const sdk::player_id& /*player*/) {
    // The seat waits for a reconnect (the Go server never told games about disconnects).
}

sdk::status game::on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                               const sdk::player_id& new_id) {
    const auto it = players_.find(old_id);
    if (it == players_.end()) {
        return sdk::fail(error_code::player_not_found, "no player found with provided ID");
    }
    if (is_over()) return sdk::fail(error_code::game_over, "game already ended");
    if (new_id != old_id) {
        if (players_.contains(new_id)) {
            return sdk::fail(error_code::already_in_room, "client is already in a room");
        }
        auto node = players_.extract(it);
        node.key() = new_id;
        players_.insert(std::move(node));
        if (current_turn_ == old_id) current_turn_ = new_id;
        if (busted_ == old_id) busted_ = new_id;
    }
    // Only the reconnecting client gets the state (Go).
    ctx.send(new_id, "game_state", state());
    return sdk::ok();
}

sdk::status game::on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                            const sdk::json& data) {
    // Fix: ONE `not your turn` (Go sent its own error and returned it, so clients got two). Also
    // refused: the buster during the bust delay (Go let them roll again and end the turn twice).
    if (current_turn_.empty() || player != current_turn_ || busted_ == player) {
        return not_your_turn();
    }
    if (type == "roll") {
        roll(ctx, player);
        return sdk::ok();
    }
    if (type == "select") return select(ctx, data);
    if (type == "set_aside") return set_aside(ctx, data);
    // Everything else, `end_turn` and `game_action` included: an error from the game, and the
    // state anyway (Go).
    ctx.send_error(player, sdk::game_error{error_code::unknown_type,
                                           "Unknown message type: " + std::string(type)});
    broadcast_state(ctx);
    return sdk::ok();
}

void game::roll(sdk::context& ctx, const sdk::player_id& player) {
    selected_.clear();
    if (dice_.empty()) dice_.assign(dice_count, 0);
    for (int& die : dice_) die = static_cast<int>(ctx.random().between(1, 6));
    // Go's scoring sorts the dice in place; clients see them sorted.
    std::sort(dice_.begin(), dice_.end());
    if (is_bust(dice_)) {
        busted_ = player;
        ++bust_seq_;
        // A bot roller hears of its bust at once (Go), everyone else after the delay.
        if (players_[player].bot) ctx.send(player, "busted", busted_payload(player));
        ctx.schedule(bust_delay_, std::string(bust_tag_prefix) + std::to_string(bust_seq_));
    }
    broadcast_state(ctx);
}

sdk::status game::select(sdk::context& ctx, const sdk::json& data) {
    const auto index = parse_select(data);
    if (!index) return sdk::fail(error_code::invalid_payload, "select payload invalid");

    std::vector<std::int64_t> toggled(selected_.begin(), selected_.end());
    if (const auto it = std::find(toggled.begin(), toggled.end(), *index); it != toggled.end()) {
        toggled.erase(it);
    } else {
        toggled.push_back(*index);
    }
    const auto size = static_cast<std::int64_t>(dice_.size());
    for (const std::int64_t i : toggled) {
        if (i < 0 || i >= size) return sdk::fail(error_code::invalid_move, "select invalid");
    }

    selected_.assign(toggled.begin(), toggled.end());
    // A partial score for an invalid combination too; 0 for an empty selection.
    const auto faces = faces_at(dice_, selected_);
    players_[current_turn_].turn_score = faces.empty() ? 0 : score(faces).points;
    broadcast_state(ctx);
    return sdk::ok();
}

sdk::status game::set_aside(sdk::context& ctx, const sdk::json& data) {
    const auto end_turn_requested = parse_set_aside(data);
    // The trailing space is the Go server's.
    if (!end_turn_requested) {
        return sdk::fail(error_code::invalid_payload, "set aside payload invalid ");
    }
    if (selected_.empty()) return sdk::fail(error_code::invalid_move, "set aside invalid");
    auto faces = faces_at(dice_, selected_);
    // Go's scoring sorts the selected faces in place, so they are set aside in ascending order.
    std::sort(faces.begin(), faces.end());
    const auto result = score(faces);
    if (!result.valid) return sdk::fail(error_code::invalid_move, "set aside invalid");

    if (!*end_turn_requested) {
        set_aside_.insert(set_aside_.end(), faces.begin(), faces.end());
        if (set_aside_.size() == static_cast<std::size_t>(dice_count)) {
            // Hot dice: all six scored, so all six are rolled again.
            set_aside_.clear();
            dice_.assign(dice_count, 0);
        } else {
            dice_.assign(dice_.size() - selected_.size(), 0);
        }
    }
    auto& current = players_[current_turn_];
    current.turn_score = 0;
    current.round_score += result.points;
    selected_.clear();
    if (*end_turn_requested) end_turn();
    broadcast_state(ctx);
    return sdk::ok();
}

void game::end_turn() {
    // Fix: Go crashed here when there was no current player; we do nothing.
    const auto it = players_.find(current_turn_);
    if (current_turn_.empty() || it == players_.end()) return;
    seat& current = it->second;
    current.score += current.round_score;
    current.turn_score = 0;
    current.round_score = 0;
    busted_.clear();  // any pending bust belonged to this turn
    if (current.score >= target_score) {
        // The game is over for good: dice, set-aside dice and selection stay as they were.
        winner_ = current.name;
        current_turn_.clear();
        return;
    }
    set_aside_.clear();
    dice_.assign(dice_count, 0);
    selected_.clear();
    for (const auto& [id, other] : players_) {
        if (id != current_turn_) {
            current_turn_ = id;
            break;
        }
    }
}

void game::on_timer(sdk::context& ctx, std::string_view tag) {
    if (!tag.starts_with(bust_tag_prefix)) return;
    const std::string_view number = tag.substr(bust_tag_prefix.size());
    std::uint64_t seq = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), seq);
    if (error != std::errc() || end != number.data() + number.size()) return;
    // Fix: the timer ends the BUSTER's turn, and only while that turn lasts (Go ended whoever's
    // turn it was when it fired, so a stale timer skipped the opponent or crashed).
    if (seq != bust_seq_ || busted_.empty() || busted_ != current_turn_) return;
    const sdk::player_id buster = busted_;
    busted_.clear();
    ctx.broadcast("busted", busted_payload(buster));
    auto& s = players_[buster];
    s.turn_score = 0;
    s.round_score = 0;
    end_turn();
    broadcast_state(ctx);
}

sdk::status game::can_add_bot(sdk::context& /*ctx*/) {
    if (started_) return sdk::fail(error_code::game_started, "game already started");
    return sdk::ok();
}

sdk::json game::busted_payload(const sdk::player_id& player) const {
    const auto it = players_.find(player);
    return sdk::json{{"clientId", player}, {"name", it == players_.end() ? "" : it->second.name}};
}

sdk::json game::state() const {
    // Built for every broadcast and every bot decision, so built cheaply: an ordered_json object
    // is a vector of pairs with const keys, which deep-copies its values when it grows, hence
    // the reserve() calls (and no initializer lists, which copy too).
    sdk::json players = sdk::json::object();
    players.get_ref<sdk::json::object_t&>().reserve(players_.size());
    for (const auto& [id, s] : players_) {
        sdk::json& entry = players[id];
        entry = sdk::json::object();
        entry.get_ref<sdk::json::object_t&>().reserve(5);
        entry["id"] = id;
        entry["name"] = s.name;
        entry["score"] = s.score;
        entry["turnScore"] = s.turn_score;
        entry["roundScore"] = s.round_score;
    }
    sdk::json result = sdk::json::object();
    result.get_ref<sdk::json::object_t&>().reserve(8);
    result["players"] = std::move(players);
    result["started"] = started_;
    result["currentTurn"] = current_turn_;
    result["winner"] = winner_;
    result["dice"] = dice_;
    result["selectedDice"] = selected_;
    result["setAside"] = set_aside_;
    result["targetScore"] = target_score;
    return result;
}

void game::broadcast_state(sdk::context& ctx) const {
    ctx.broadcast("game_state", state());
}

sdk::json game::view_for(const sdk::player_id& /*player*/) const {
    return state();
}

sdk::json game::snapshot() const {
    sdk::json result = state();
    sdk::json bots = sdk::json::array();
    for (const auto& [id, s] : players_) {
        if (s.bot) bots.push_back(id);
    }
    result["bots"] = std::move(bots);
    result["bustPending"] = busted_;
    result["bustSeq"] = bust_seq_;
    result["bustDelayMs"] = bust_delay_.count();
    return result;
}

sdk::status game::restore(const sdk::json& snapshot) {
    if (!snapshot.is_object()) return bad_snapshot("not an object");

    const sdk::json* players_json = field(snapshot, "players");
    if (!players_json || !players_json->is_object() || players_json->size() > seats) {
        return bad_snapshot("players");
    }
    std::map<sdk::player_id, seat> players;
    for (const auto& [id, entry] : players_json->items()) {
        const std::string* entry_id = string_field(entry, "id");
        const std::string* name = string_field(entry, "name");
        const auto score = integer_in(field(entry, "score"), 0, max_stored_score);
        const auto turn_score = integer_in(field(entry, "turnScore"), 0, max_stored_score);
        const auto round_score = integer_in(field(entry, "roundScore"), 0, max_stored_score);
        if (id.empty() || !entry_id || *entry_id != id || !name || !score || !turn_score ||
            !round_score) {
            return bad_snapshot("player entry");
        }
        players[id] = seat{*name, *score, *turn_score, *round_score, false};
    }

    const sdk::json* started = field(snapshot, "started");
    const std::string* current_turn = string_field(snapshot, "currentTurn");
    const std::string* winner = string_field(snapshot, "winner");
    const auto target = integer_in(field(snapshot, "targetScore"), target_score, target_score);
    if (!started || !started->is_boolean() || !current_turn || !winner || !target) {
        return bad_snapshot("turn, winner or target");
    }
    const bool is_started = started->get<bool>();
    if (is_started != (players.size() == seats)) return bad_snapshot("started needs two seats");
    if (!current_turn->empty() && (!is_started || !players.contains(*current_turn))) {
        return bad_snapshot("current turn");
    }
    const bool over = is_started && current_turn->empty();
    if (over) {
        const bool winner_seated = std::any_of(players.begin(), players.end(), [&](const auto& p) {
            return p.second.name == *winner && p.second.score >= target_score;
        });
        if (!winner_seated) return bad_snapshot("winner");
    } else if (!winner->empty()) {
        return bad_snapshot("winner without the end");
    }

    const auto dice = int_array(field(snapshot, "dice"), dice_count, 0, 6);
    const auto selected = int_array(field(snapshot, "selectedDice"), dice_count, 0, dice_count - 1);
    const auto set_aside = int_array(field(snapshot, "setAside"), dice_count - 1, 0, 6);
    if (!dice || !selected || !set_aside) return bad_snapshot("dice");
    const bool rolled = std::all_of(dice->begin(), dice->end(), [](int d) { return d != 0; });
    const bool unrolled = std::all_of(dice->begin(), dice->end(), [](int d) { return d == 0; });
    if (!rolled && !unrolled) return bad_snapshot("dice mix rolled and unrolled");
    if (dice->empty() ? !set_aside->empty()
                      : dice->size() + set_aside->size() != static_cast<std::size_t>(dice_count)) {
        return bad_snapshot("dice and set-aside dice");
    }
    if (std::set<int>(selected->begin(), selected->end()).size() != selected->size() ||
        std::any_of(selected->begin(), selected->end(),
                    [&](int i) { return static_cast<std::size_t>(i) >= dice->size(); })) {
        return bad_snapshot("selected dice");
    }
    if (!is_started) {
        const bool fresh = std::all_of(players.begin(), players.end(), [](const auto& p) {
            return p.second.score == 0 && p.second.turn_score == 0 && p.second.round_score == 0;
        });
        if (!fresh || !dice->empty()) return bad_snapshot("play before the start");
    }

    const sdk::json* bots = field(snapshot, "bots");
    if (!bots || !bots->is_array()) return bad_snapshot("bots");
    for (const auto& bot : *bots) {
        if (!bot.is_string()) return bad_snapshot("bots");
        const auto it = players.find(bot.get<std::string>());
        if (it == players.end() || it->second.bot) return bad_snapshot("bots");
        it->second.bot = true;
    }

    const std::string* busted = string_field(snapshot, "bustPending");
    const auto seq =
        integer_in(field(snapshot, "bustSeq"), 0, std::numeric_limits<std::int64_t>::max());
    const auto delay = integer_in(field(snapshot, "bustDelayMs"), 0, max_bust_delay.count());
    if (!busted || !seq || !delay) return bad_snapshot("bust");
    if (!busted->empty() &&
        (*busted != *current_turn || !selected->empty() || dice->empty() || !is_bust(*dice))) {
        return bad_snapshot("bust pending without a bust");
    }

    players_ = std::move(players);
    started_ = is_started;
    current_turn_ = *current_turn;
    winner_ = *winner;
    dice_ = *dice;
    selected_ = *selected;
    set_aside_ = *set_aside;
    busted_ = *busted;
    bust_delay_ = sdk::millis{*delay};
    bust_seq_ = static_cast<std::uint64_t>(*seq);
    return sdk::ok();
}

}  // namespace gameserver::games::dicegame
