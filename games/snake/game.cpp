#include "snake/game.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <utility>

namespace gameserver::games::snake {
namespace {

using sdk::error_code;

// Lookup that never inserts and never throws: nullptr when absent or `object` is no object.
const sdk::json* field(const sdk::json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

// An integer JSON value within [lo, hi]; nullopt for anything else (floats, strings, ...).
std::optional<std::int64_t> integer_in(const sdk::json* value, std::int64_t lo, std::int64_t hi) {
    if (!value || !value->is_number_integer()) return std::nullopt;
    if (value->is_number_unsigned()) {
        const auto raw = value->get<std::uint64_t>();
        if (raw > static_cast<std::uint64_t>(hi) || hi < 0) return std::nullopt;
        const auto v = static_cast<std::int64_t>(raw);
        return v < lo ? std::nullopt : std::optional<std::int64_t>(v);
    }
    const auto v = value->get<std::int64_t>();
    if (v < lo || v > hi) return std::nullopt;
    return v;
}

std::optional<bool> boolean(const sdk::json* value) {
    if (!value || !value->is_boolean()) return std::nullopt;
    return value->get<bool>();
}

const std::string* string_of(const sdk::json* value) {
    if (!value || !value->is_string()) return nullptr;
    return &value->get_ref<const std::string&>();
}

sdk::status bad_snapshot(std::string_view what) {
    return sdk::fail(error_code::bad_request, "invalid snake snapshot: " + std::string(what));
}

sdk::status not_a_player() {
    return sdk::fail(error_code::not_a_player, "client is not a player");
}

sdk::json queue_json(const std::vector<direction>& queued) {
    sdk::json result = sdk::json::array();
    for (const direction d : queued) result.push_back(to_string(d));
    return result;
}

}  // namespace

sdk::status game::on_create(sdk::context& /*ctx*/, const sdk::json& options) {
    if (sdk::is_absent(options) || options.is_null()) return sdk::ok();
    if (!options.is_object()) {
        return sdk::fail(error_code::invalid_payload, "game options are invalid");
    }
    int width = default_width;
    int height = default_height;
    int time_limit = default_time_limit_seconds;
    struct setting {
        std::string_view key;
        int lo;
        int hi;
        int* target;
    };
    for (const auto& [key, lo, hi, target] : {setting{"width", min_size, max_size, &width},
                                              setting{"height", min_size, max_size, &height},
                                              setting{"timeLimitSeconds", min_time_limit_seconds,
                                                      max_time_limit_seconds, &time_limit}}) {
        const sdk::json* value = field(options, key);
        if (!value || value->is_null()) continue;
        const auto parsed = integer_in(value, lo, hi);
        if (!parsed) {
            return sdk::fail(error_code::invalid_payload,
                             "game options are invalid: " + std::string(key) +
                                 " must be an integer from " + std::to_string(lo) + " to " +
                                 std::to_string(hi));
        }
        *target = static_cast<int>(*parsed);
    }
    arena_.width = width;
    arena_.height = height;
    time_limit_seconds_ = time_limit;
    lay_out();
    return sdk::ok();
}

sdk::status game::on_join(sdk::context& ctx, const sdk::player_id& player, const std::string& name,
                          bool is_bot) {
    if (seats_.contains(player)) {
        return sdk::fail(error_code::already_in_room, "client is already in a room");
    }
    if (over_) return sdk::fail(error_code::game_over, "Game is over");
    if (started_) return sdk::fail(error_code::game_started, "Game has started");
    if (seats_.size() >= static_cast<std::size_t>(max_players)) {
        return sdk::fail(error_code::room_full, "Game is full");
    }
    std::set<int> taken;
    for (const auto& [id, s] : seats_) taken.insert(s.number);
    int number = 0;
    while (taken.contains(number)) ++number;

    seat joined;
    joined.number = number;
    joined.name = name.empty() ? "Player " + std::to_string(number + 1) : name;
    joined.bot = is_bot;
    seats_[player] = std::move(joined);
    lay_out();
    broadcast_state(ctx);
    return sdk::ok();
}

void game::on_leave(sdk::context& ctx, const sdk::player_id& player) {
    const auto it = seats_.find(player);
    if (it == seats_.end()) return;  // a spectator
    if (!started_) {
        // Before the start the seat is freed and the others move up a spawn slot.
        seats_.erase(it);
        arena_.snakes.erase(player);
        lay_out();
        if (!maybe_start(ctx)) broadcast_state(ctx);
        return;
    }
    it->second.left = true;
    it->second.connected = false;
    it->second.ready = false;
    it->second.queued.clear();
    if (!over_) {
        arena_.snakes.at(player).alive = false;
        if (maybe_finish(ctx)) return;
    }
    broadcast_state(ctx);
}

void game::on_disconnect(sdk::context& ctx, const sdk::player_id& player) {
    const auto it = seats_.find(player);
    if (it == seats_.end()) return;
    it->second.connected = false;
    if (started_ && !over_) return;  // the snake runs straight on; the next tick shows it
    // A round never starts with a dropped player: its readiness is withdrawn.
    it->second.ready = false;
    broadcast_state(ctx);
}

sdk::status game::on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                               const sdk::player_id& new_id) {
    const auto it = seats_.find(old_id);
    if (it == seats_.end() || it->second.left) {
        return sdk::fail(error_code::player_not_found, "no player found with provided ID");
    }
    if (new_id != old_id) {
        if (seats_.contains(new_id)) {
            return sdk::fail(error_code::already_in_room, "client is already in a room");
        }
        auto seat_node = seats_.extract(it);
        seat_node.key() = new_id;
        seats_.insert(std::move(seat_node));
        auto snake_node = arena_.snakes.extract(old_id);
        snake_node.key() = new_id;
        arena_.snakes.insert(std::move(snake_node));
        if (winner_ == old_id) winner_ = new_id;
    }
    seats_.at(new_id).connected = true;
    broadcast_state(ctx);
    return sdk::ok();
}

sdk::status game::on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                            const sdk::json& data) {
    if (type == "turn") return turn(ctx, player, data);
    if (type == "ready") return set_ready(ctx, player, data);
    if (type == "restart") return restart(ctx, player);
    return sdk::fail(error_code::unknown_type, "Unknown message type: " + std::string(type));
}

void game::on_timer(sdk::context& /*ctx*/, std::string_view /*tag*/) {}

sdk::status game::can_add_bot(sdk::context& /*ctx*/) {
    if (over_) return sdk::fail(error_code::game_over, "Game is over");
    if (started_) return sdk::fail(error_code::game_started, "Game has started");
    if (seats_.size() >= static_cast<std::size_t>(max_players)) {
        return sdk::fail(error_code::room_full, "Game is full");
    }
    return sdk::ok();
}

sdk::status game::turn(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data) {
    const auto it = seats_.find(player);
    if (it == seats_.end()) return not_a_player();
    if (over_) return sdk::fail(error_code::game_over, "Game is over");
    if (!started_) return sdk::fail(error_code::invalid_move, "Game has not started");
    const snake& own = arena_.snakes.at(player);
    if (!own.alive) return sdk::fail(error_code::invalid_move, "Your snake is dead");
    const std::string* text = string_of(field(data, "dir"));
    const auto dir = text ? parse_direction(*text) : std::nullopt;
    if (!dir) {
        return sdk::fail(error_code::invalid_payload,
                         R"(Invalid direction: expected {"dir": "up"|"down"|"left"|"right"})");
    }
    // A reversal could never win at the tick (the direction only changes there), so it is
    // dropped here; the answer is still ok, as the client cannot know the tick boundary.
    if (*dir == opposite(own.dir)) return sdk::ok();
    auto& queued = it->second.queued;
    const direction next_before = steer(own.dir, queued);
    if (queued.size() >= max_queued_turns) queued.erase(queued.begin());
    queued.push_back(*dir);
    // Every view shows each snake's `next`: a turn that changes it is news for everyone (and
    // the turning player sees its input taken before the tick).
    if (steer(own.dir, queued) != next_before) broadcast_state(ctx);
    return sdk::ok();
}

sdk::status game::set_ready(sdk::context& ctx, const sdk::player_id& player,
                            const sdk::json& data) {
    const auto it = seats_.find(player);
    if (it == seats_.end()) return not_a_player();
    if (over_) return sdk::fail(error_code::game_over, "Game is over");
    if (started_) return sdk::fail(error_code::game_started, "Game has started");
    const auto ready = boolean(field(data, "ready"));
    if (!ready) {
        return sdk::fail(error_code::invalid_payload,
                         R"(Invalid ready payload: expected {"ready": true|false})");
    }
    if (it->second.ready == *ready) return sdk::ok();
    it->second.ready = *ready;
    if (!maybe_start(ctx)) broadcast_state(ctx);
    return sdk::ok();
}

sdk::status game::restart(sdk::context& ctx, const sdk::player_id& player) {
    if (!seats_.contains(player)) return not_a_player();
    if (!over_) return sdk::fail(error_code::game_in_progress, "Game is not over");
    std::erase_if(seats_, [](const auto& entry) { return entry.second.left; });
    arena_.snakes.clear();
    arena_.food.clear();
    for (auto& [id, s] : seats_) {
        s.ready = false;
        s.queued.clear();
    }
    tick_ = 0;
    started_ = false;
    over_ = false;
    winner_.clear();
    lay_out();
    broadcast_state(ctx);
    return sdk::ok();
}

void game::on_tick(sdk::context& ctx, std::uint64_t /*tick*/, std::uint64_t late_ticks) {
    // The room ticks only while running, but a harness may tick from the first moment.
    if (!started_ || over_) return;
    for (auto& [id, s] : seats_) {
        snake& own = arena_.snakes.at(id);
        if (own.alive) own.dir = steer(own.dir, s.queued);
        s.queued.clear();
    }
    (void)advance(arena_);
    ++tick_;
    spawn_food(arena_, food_target(seats_.size()), ctx.random());
    if (maybe_finish(ctx)) return;  // the final state goes out even in a catch-up
    if (late_ticks == 0) broadcast_state(ctx);
}

void game::lay_out() {
    std::vector<std::pair<int, sdk::player_id>> order;
    for (const auto& [id, s] : seats_) order.emplace_back(s.number, id);
    std::sort(order.begin(), order.end());
    arena_.snakes.clear();
    for (std::size_t slot = 0; slot < order.size(); ++slot) {
        auto placed = spawn_for(arena_.width, arena_.height, static_cast<int>(slot));
        snake s;
        s.dir = placed.dir;
        s.body = std::move(placed.body);
        arena_.snakes[order[slot].second] = std::move(s);
    }
}

bool game::maybe_start(sdk::context& ctx) {
    if (started_ || over_ || seats_.size() < static_cast<std::size_t>(min_players)) return false;
    for (const auto& [id, s] : seats_) {
        if (!s.ready) return false;
    }
    lay_out();
    arena_.food.clear();
    spawn_food(arena_, food_target(seats_.size()), ctx.random());
    tick_ = 0;
    started_ = true;
    broadcast_state(ctx);
    return true;
}

bool game::maybe_finish(sdk::context& ctx) {
    if (arena_.alive_count() > 1 && tick_ < time_limit_ticks()) return false;
    finish(ctx);
    return true;
}

void game::finish(sdk::context& ctx) {
    over_ = true;
    winner_.clear();
    // The longest live snake wins; with one alive that is the survivor; a tie or nobody: "".
    std::size_t best = 0;
    bool tie = false;
    for (const auto& [id, s] : arena_.snakes) {
        if (!s.alive) continue;
        if (s.body.size() > best) {
            best = s.body.size();
            winner_ = id;
            tie = false;
        } else if (s.body.size() == best) {
            tie = true;
        }
    }
    if (tie) winner_.clear();
    for (auto& [id, s] : seats_) s.queued.clear();
    ctx.broadcast("game_over", sdk::json{{"winner", winner_}, {"winnerName", name_of(winner_)}});
    broadcast_state(ctx);
    record_result(ctx);
}

std::string game::name_of(const sdk::player_id& player) const {
    const auto it = seats_.find(player);
    return it == seats_.end() ? std::string() : it->second.name;
}

namespace {

// An empty object with room for `fields` members. ordered_json keeps members in a vector of
// pair<const string, json>, which copies (deeply) rather than moves when it grows: reserving
// keeps the bodies from being copied over and over.
sdk::json object_with(std::size_t fields) {
    sdk::json result(sdk::json::value_t::object);
    result.get_ref<sdk::json::object_t&>().reserve(fields);
    return result;
}

}  // namespace

sdk::json game::state() const {
    sdk::json snakes = object_with(seats_.size());
    for (const auto& [id, s] : seats_) {
        const snake& own = arena_.snakes.at(id);
        sdk::json one = object_with(8);
        one["name"] = s.name;
        one["alive"] = own.alive;
        one["dir"] = to_string(own.dir);
        one["body"] = to_json(own.body);
        one["score"] = own.score;
        one["ready"] = s.ready;
        one["connected"] = s.connected;
        one["next"] = to_string(own.alive ? steer(own.dir, s.queued) : own.dir);
        snakes[id] = std::move(one);
    }
    sdk::json result = object_with(9);
    result["tick"] = tick_;
    result["started"] = started_;
    result["over"] = over_;
    result["winner"] = winner_;
    result["width"] = arena_.width;
    result["height"] = arena_.height;
    result["food"] = to_json(arena_.food);
    result["snakes"] = std::move(snakes);
    const std::uint64_t limit = time_limit_ticks();
    result["timeLeftTicks"] = limit - std::min(tick_, limit);
    return result;
}

namespace {

template <typename Cells>
void write_cells(sdk::json_writer& out, const Cells& cells) {
    out.begin_array();
    for (const point p : cells) out.begin_array().value(p.x).value(p.y).end_array();
    out.end_array();
}

}  // namespace

// state() written straight as JSON text (the same bytes the room makes of the tree): it goes out
// ten times a second per room, and the text skips the tree's allocations.
sdk::encoded_json game::encoded_state() const {
    sdk::json_writer out(1024);
    out.begin_object();
    out.key("tick").value(tick_).key("started").value(started_).key("over").value(over_);
    out.key("winner").value(winner_);
    out.key("width").value(arena_.width).key("height").value(arena_.height);
    out.key("food");
    write_cells(out, arena_.food);
    out.key("snakes").begin_object();
    for (const auto& [id, s] : seats_) {
        const snake& own = arena_.snakes.at(id);
        out.key(id).begin_object();
        out.key("name").value(s.name).key("alive").value(own.alive);
        out.key("dir").value(to_string(own.dir)).key("body");
        write_cells(out, own.body);
        out.key("score").value(own.score).key("ready").value(s.ready);
        out.key("connected").value(s.connected);
        out.key("next").value(to_string(own.alive ? steer(own.dir, s.queued) : own.dir));
        out.end_object();
    }
    out.end_object();
    const std::uint64_t limit = time_limit_ticks();
    out.key("timeLeftTicks").value(limit - std::min(tick_, limit));
    out.end_object();
    return std::move(out).take();
}

void game::broadcast_state(sdk::context& ctx) const {
    ctx.broadcast_encoded("game_state", encoded_state());
}

void game::record_result(sdk::context& ctx) const {
    sdk::json players = sdk::json::array();
    for (const auto& [id, s] : seats_) {
        const snake& own = arena_.snakes.at(id);
        players.push_back(sdk::json{{"id", id},
                                    {"name", s.name},
                                    {"bot", s.bot},
                                    {"alive", own.alive},
                                    {"score", own.score},
                                    {"length", own.body.size()}});
    }
    ctx.record(result_record_kind, sdk::json{{"players", std::move(players)},
                                             {"ticks", tick_},
                                             {"winner", winner_},
                                             {"winnerName", name_of(winner_)},
                                             {"width", arena_.width},
                                             {"height", arena_.height}});
}

sdk::json game::view_for(const sdk::player_id& /*player*/) const {
    return state();  // no hidden information; spectators see the same
}

sdk::json game::snapshot() const {
    sdk::json players = sdk::json::object();
    for (const auto& [id, s] : seats_) {
        const snake& own = arena_.snakes.at(id);
        players[id] = sdk::json{{"name", s.name},
                                {"seat", s.number},
                                {"ready", s.ready},
                                {"connected", s.connected},
                                {"bot", s.bot},
                                {"left", s.left},
                                {"alive", own.alive},
                                {"dir", to_string(own.dir)},
                                {"body", to_json(own.body)},
                                {"score", own.score},
                                {"queued", queue_json(s.queued)}};
    }
    return sdk::json{{"width", arena_.width},
                     {"height", arena_.height},
                     {"timeLimitSeconds", time_limit_seconds_},
                     {"tick", tick_},
                     {"started", started_},
                     {"over", over_},
                     {"winner", winner_},
                     {"food", to_json(arena_.food)},
                     {"players", std::move(players)}};
}

sdk::status game::restore(const sdk::json& snapshot) {
    if (!snapshot.is_object()) return bad_snapshot("not an object");
    const auto width = integer_in(field(snapshot, "width"), min_size, max_size);
    const auto height = integer_in(field(snapshot, "height"), min_size, max_size);
    if (!width || !height) return bad_snapshot("width or height");
    arena restored;
    restored.width = static_cast<int>(*width);
    restored.height = static_cast<int>(*height);

    const auto time_limit = integer_in(field(snapshot, "timeLimitSeconds"), min_time_limit_seconds,
                                       max_time_limit_seconds);
    if (!time_limit) return bad_snapshot("timeLimitSeconds");
    const std::uint64_t limit_ticks = ticks_for_seconds(static_cast<int>(*time_limit));

    const auto tick =
        integer_in(field(snapshot, "tick"), 0, static_cast<std::int64_t>(limit_ticks));
    const auto started = boolean(field(snapshot, "started"));
    const auto over = boolean(field(snapshot, "over"));
    const std::string* winner = string_of(field(snapshot, "winner"));
    if (!tick || !started || !over || !winner) return bad_snapshot("tick or phase");
    if (*over && !*started) return bad_snapshot("over before the start");
    if (!*started && *tick != 0) return bad_snapshot("ticks before the start");
    if (!winner->empty() && !*over) return bad_snapshot("winner before the end");

    const sdk::json* food = field(snapshot, "food");
    if (!food || !food->is_array() || food->size() > restored.cells()) return bad_snapshot("food");
    for (const auto& entry : *food) {
        const auto p = point_from_json(entry);
        if (!p || !restored.in_bounds(*p) || restored.has_food(*p)) return bad_snapshot("food");
        restored.food.push_back(*p);
    }
    if (!*started && !restored.food.empty()) return bad_snapshot("food before the start");

    const sdk::json* players = field(snapshot, "players");
    if (!players || !players->is_object() ||
        players->size() > static_cast<std::size_t>(max_players)) {
        return bad_snapshot("players");
    }
    std::map<sdk::player_id, seat> seats;
    std::set<int> numbers;
    std::vector<std::uint8_t> live_cells(restored.cells(), 0);
    for (const auto& [id, entry] : players->items()) {
        seat s;
        snake own;
        const std::string* name = string_of(field(entry, "name"));
        const auto number = integer_in(field(entry, "seat"), 0, max_players - 1);
        const auto ready = boolean(field(entry, "ready"));
        const auto connected = boolean(field(entry, "connected"));
        const auto bot = boolean(field(entry, "bot"));
        const auto left = boolean(field(entry, "left"));
        const auto alive = boolean(field(entry, "alive"));
        const std::string* dir_text = string_of(field(entry, "dir"));
        const auto dir = dir_text ? parse_direction(*dir_text) : std::nullopt;
        const auto score = integer_in(field(entry, "score"), 0, std::numeric_limits<int>::max());
        if (!name || !number || !ready || !connected || !bot || !left || !alive || !dir || !score) {
            return bad_snapshot("player entry");
        }
        if (!numbers.insert(static_cast<int>(*number)).second) return bad_snapshot("seat taken");
        // Leaving kills a running snake; after the end the final bodies stay as they were.
        if (*left && (!*started || (*alive && !*over))) return bad_snapshot("a left snake alive");
        if (!*started && !*alive) return bad_snapshot("a dead snake before the start");
        s.name = *name;
        s.number = static_cast<int>(*number);
        s.ready = *ready;
        s.connected = *connected;
        s.bot = *bot;
        s.left = *left;
        own.alive = *alive;
        own.dir = *dir;
        own.score = static_cast<int>(*score);

        const sdk::json* body = field(entry, "body");
        if (!body || !body->is_array() || body->empty() || body->size() > restored.cells()) {
            return bad_snapshot("body");
        }
        for (const auto& cell : *body) {
            const auto p = point_from_json(cell);
            if (!p || !restored.in_bounds(*p)) return bad_snapshot("body cell");
            if (!own.body.empty() && !adjacent(own.body.back(), *p)) {
                return bad_snapshot("body not connected");
            }
            if (own.alive) {
                // Live snakes never overlap, themselves or each other.
                if (live_cells[restored.index(*p)] != 0) return bad_snapshot("bodies overlap");
                live_cells[restored.index(*p)] = 1;
            }
            own.body.push_back(*p);
        }

        const sdk::json* queued = field(entry, "queued");
        if (!queued || !queued->is_array() || queued->size() > max_queued_turns) {
            return bad_snapshot("queued turns");
        }
        for (const auto& turn_json : *queued) {
            const std::string* text = string_of(&turn_json);
            const auto d = text ? parse_direction(*text) : std::nullopt;
            if (!d || *d == opposite(own.dir)) return bad_snapshot("queued turn");
            s.queued.push_back(*d);
        }
        seats[id] = std::move(s);
        restored.snakes[id] = std::move(own);
    }
    if (!winner->empty() && !seats.contains(*winner)) return bad_snapshot("winner");
    if (*started && !*over &&
        (restored.alive_count() < 2 || static_cast<std::uint64_t>(*tick) >= limit_ticks)) {
        return bad_snapshot("a round that should have ended");
    }

    arena_ = std::move(restored);
    seats_ = std::move(seats);
    time_limit_seconds_ = static_cast<int>(*time_limit);
    tick_ = static_cast<std::uint64_t>(*tick);
    started_ = *started;
    over_ = *over;
    winner_ = *winner;
    return sdk::ok();
}

}  // namespace gameserver::games::snake
