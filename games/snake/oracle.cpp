#include "snake/oracle.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "snake/rules.hpp"

namespace gameserver::games::snake {
namespace {

struct snake_view {
    sdk::player_id id;
    std::string name;
    bool alive = true;
    direction dir = direction::right;
    direction next = direction::right;
    std::vector<point> body;  // head first
    std::int64_t score = 0;
    bool ready = false;
    bool connected = false;
};

// What a view says, read strictly: the fields game::state() always writes, with their types.
struct view {
    std::int64_t tick = 0;
    std::int64_t time_left = 0;
    bool started = false;
    bool over = false;
    sdk::player_id winner;
    int width = 0;
    int height = 0;
    std::vector<point> food;
    std::vector<snake_view> snakes;  // in id order, as written

    std::int64_t limit() const { return tick + time_left; }
    bool running() const { return started && !over; }
    bool in_bounds(point p) const { return p.x >= 0 && p.y >= 0 && p.x < width && p.y < height; }
    const snake_view* find(const sdk::player_id& id) const {
        for (const auto& s : snakes) {
            if (s.id == id) return &s;
        }
        return nullptr;
    }
    std::size_t alive_count() const {
        return static_cast<std::size_t>(std::count_if(snakes.begin(), snakes.end(),
                                                      [](const snake_view& s) { return s.alive; }));
    }
};

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
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

std::optional<bool> boolean(const sdk::json* value) {
    if (!value || !value->is_boolean()) return std::nullopt;
    return value->get<bool>();
}

std::optional<direction> direction_of(const sdk::json* value) {
    if (!value || !value->is_string()) return std::nullopt;
    return parse_direction(value->get_ref<const std::string&>());
}

std::optional<std::vector<point>> cells(const sdk::json* value) {
    if (!value || !value->is_array()) return std::nullopt;
    std::vector<point> result;
    for (const auto& entry : *value) {
        const auto p = point_from_json(entry);
        if (!p) return std::nullopt;
        result.push_back(*p);
    }
    return result;
}

std::string describe(point p) {
    return "(" + std::to_string(p.x) + "," + std::to_string(p.y) + ")";
}

// nullopt when read; else what is missing or malformed.
std::optional<std::string> read_view(const sdk::json& json, view& out) {
    if (!json.is_object()) return "the view is not an object";
    const auto tick = integer(field(json, "tick"));
    const auto time_left = integer(field(json, "timeLeftTicks"));
    const auto started = boolean(field(json, "started"));
    const auto over = boolean(field(json, "over"));
    const sdk::json* winner = field(json, "winner");
    const auto width = integer(field(json, "width"));
    const auto height = integer(field(json, "height"));
    auto food = cells(field(json, "food"));
    const sdk::json* snakes = field(json, "snakes");
    if (!tick || !time_left || !started || !over || !winner || !winner->is_string() || !width ||
        !height || !food || !snakes || !snakes->is_object()) {
        return "tick, timeLeftTicks, started, over, winner, width, height, food or snakes is "
               "missing or mistyped";
    }
    if (*width < min_size || *width > max_size || *height < min_size || *height > max_size) {
        return "a " + std::to_string(*width) + "x" + std::to_string(*height) + " grid";
    }
    if (*tick < 0 || *time_left < 0) return "negative tick or timeLeftTicks";
    out.tick = *tick;
    out.time_left = *time_left;
    out.started = *started;
    out.over = *over;
    out.winner = winner->get<std::string>();
    out.width = static_cast<int>(*width);
    out.height = static_cast<int>(*height);
    out.food = std::move(*food);
    for (const auto& [id, entry] : snakes->items()) {
        snake_view s;
        s.id = id;
        const sdk::json* name = field(entry, "name");
        const auto alive = boolean(field(entry, "alive"));
        const auto dir = direction_of(field(entry, "dir"));
        const auto next = direction_of(field(entry, "next"));
        auto body = cells(field(entry, "body"));
        const auto score = integer(field(entry, "score"));
        const auto ready = boolean(field(entry, "ready"));
        const auto connected = boolean(field(entry, "connected"));
        if (!name || !name->is_string() || !alive || !dir || !next || !body || !score || !ready ||
            !connected) {
            return "snake " + id +
                   " lacks name, alive, dir, next, body, score, ready or connected (or has a "
                   "mistyped one)";
        }
        s.name = name->get<std::string>();
        s.alive = *alive;
        s.dir = *dir;
        s.next = *next;
        s.body = std::move(*body);
        s.score = *score;
        s.ready = *ready;
        s.connected = *connected;
        out.snakes.push_back(std::move(s));
    }
    return std::nullopt;
}

int distance(point a, point b) {
    return std::abs(a.x - b.x) + std::abs(a.y - b.y);
}

// Whether `to` is `from` after exactly `steps` moves (each move a new head, the tail following
// unless food was eaten). Only heads and the cells behind the new ones are compared: the new
// cells' shape is checked on its own (a connected body).
bool moved_exactly(const std::vector<point>& from, std::int64_t from_score, const snake_view& to,
                   std::int64_t steps) {
    const std::int64_t eaten = to.score - from_score;
    if (eaten < 0 || eaten > steps) return false;
    const std::int64_t dist = distance(from.front(), to.body.front());
    if (dist > steps || (steps - dist) % 2 != 0) return false;  // no wrap: a move flips parity
    const auto length = static_cast<std::int64_t>(to.body.size());
    for (std::int64_t i = 0; steps + i < length && i < static_cast<std::int64_t>(from.size());
         ++i) {
        if (to.body[static_cast<std::size_t>(steps + i)] != from[static_cast<std::size_t>(i)]) {
            return false;
        }
    }
    return true;
}

// Whether `to` can follow `from` (a live snake) `steps` ticks later: a live snake moves at every
// tick; a dead one moved some number of ticks and stopped (it crashed or its player left).
bool reachable(const std::vector<point>& from, std::int64_t from_score, const snake_view& to,
               std::int64_t steps) {
    if (to.alive) return moved_exactly(from, from_score, to, steps);
    // Past the body's length only the head and the score constrain the number of moves.
    const auto length = static_cast<std::int64_t>(to.body.size());
    const std::int64_t compared = std::min(steps, length + 1);
    for (std::int64_t k = 0; k <= compared; ++k) {
        if (moved_exactly(from, from_score, to, k)) return true;
    }
    const std::int64_t dist = distance(from.front(), to.body.front());
    std::int64_t k = std::max({compared + 1, dist, to.score - from_score});
    if ((k - dist) % 2 != 0) ++k;
    return k <= steps && to.score >= from_score;
}

// The winner game::finish() picks: the longest live snake, "" for a tie or nobody alive.
sdk::player_id expected_winner(const view& v) {
    sdk::player_id winner;
    std::size_t best = 0;
    bool tie = false;
    for (const auto& s : v.snakes) {
        if (!s.alive) continue;
        if (s.body.size() > best) {
            best = s.body.size();
            winner = s.id;
            tie = false;
        } else if (s.body.size() == best) {
            tie = true;
        }
    }
    return tie ? sdk::player_id() : winner;
}

std::optional<std::string> snake_error(const view& v, const snake_view& s) {
    const std::string who = "snake " + s.id;
    if (s.body.empty()) return who + " has no body";
    for (std::size_t i = 0; i < s.body.size(); ++i) {
        if (!v.in_bounds(s.body[i]))
            return who + " has the cell " + describe(s.body[i]) + " off the grid";
        if (i > 0 && !adjacent(s.body[i - 1], s.body[i])) {
            return who + "'s body breaks between " + describe(s.body[i - 1]) + " and " +
                   describe(s.body[i]);
        }
    }
    if (s.score < 0 || s.score > v.tick ||
        s.body.size() != spawn_length + static_cast<std::size_t>(s.score)) {
        return who + " has score " + std::to_string(s.score) + " and length " +
               std::to_string(s.body.size()) + " at tick " + std::to_string(v.tick) +
               " (a snake grows by one per food, at most one a tick)";
    }
    if (s.body.size() < 2) return who + " is shorter than its spawn";
    // The head is always one step from the neck in the direction of the last move; a dead snake
    // may have been steered at the tick it died, but never into a reversal.
    if (s.alive && moved(s.body[1], s.dir) != s.body[0]) {
        return who + " heads " + std::string(to_string(s.dir)) + " but its head " +
               describe(s.body[0]) + " is not that way from " + describe(s.body[1]);
    }
    if (!s.alive && moved(s.body[0], s.dir) == s.body[1]) {
        return "dead " + who + " faces back into its own neck";
    }
    if (s.alive ? s.next == opposite(s.dir) : s.next != s.dir) {
        return who + " goes " + std::string(to_string(s.dir)) + " with next " +
               std::string(to_string(s.next));
    }
    if (!v.started && (!s.alive || s.score != 0))
        return who + " is dead or scored before the start";
    // At the start everyone is ready; only a leave (which kills and disconnects) clears it.
    if (v.running() && !s.ready && (s.alive || s.connected)) {
        return who + " is not ready in a running round without having left";
    }
    return std::nullopt;
}

// The spawn slot (< count) whose body is `body`, if any.
std::optional<int> spawn_slot(const view& v, const snake_view& s, std::size_t count) {
    for (int slot = 0; slot < static_cast<int>(count); ++slot) {
        const auto placed = spawn_for(v.width, v.height, slot);
        if (placed.dir == s.dir &&
            std::equal(s.body.begin(), s.body.end(), placed.body.begin(), placed.body.end())) {
            return slot;
        }
    }
    return std::nullopt;
}

// Every round starts from the spawn layout at tick 0, so a snake at tick t is at most t moves
// from some spawn slot (whatever happened in earlier rounds).
bool reachable_from_spawn(const view& v, const snake_view& s) {
    for (int slot = 0; slot < static_cast<int>(v.snakes.size()); ++slot) {
        const auto placed = spawn_for(v.width, v.height, slot);
        const std::vector<point> body(placed.body.begin(), placed.body.end());
        if (reachable(body, 0, s, v.tick)) return true;
    }
    return false;
}

// What every reachable state satisfies on its own.
std::optional<std::string> state_error(const view& v) {
    const std::int64_t limit = v.limit();
    if (limit < static_cast<std::int64_t>(ticks_for_seconds(min_time_limit_seconds)) ||
        limit > static_cast<std::int64_t>(ticks_for_seconds(max_time_limit_seconds)) ||
        limit % tick_rate_hz != 0) {
        return "tick " + std::to_string(v.tick) + " plus timeLeftTicks " +
               std::to_string(v.time_left) + " is no time limit a room can have";
    }
    if (v.snakes.size() > static_cast<std::size_t>(max_players)) {
        return std::to_string(v.snakes.size()) + " snakes";
    }
    if (v.over && !v.started) return "over but not started";
    if (!v.started && (v.tick != 0 || !v.food.empty() || !v.winner.empty())) {
        return "tick, food or winner before the start";
    }
    if (v.started && v.snakes.size() < static_cast<std::size_t>(min_players)) {
        return "started with " + std::to_string(v.snakes.size()) + " snake(s)";
    }
    for (const auto& s : v.snakes) {
        if (auto error = snake_error(v, s)) return error;
    }
    std::set<point> live_cells;
    for (const auto& s : v.snakes) {
        if (!s.alive) continue;
        for (const point p : s.body) {
            if (!live_cells.insert(p).second) return "live snakes overlap at " + describe(p);
        }
    }
    std::set<point> food;
    for (const point p : v.food) {
        if (!v.in_bounds(p) || !food.insert(p).second) {
            return "food at " + describe(p) + " is off the grid or doubled";
        }
        for (const auto& s : v.snakes) {
            if (std::find(s.body.begin(), s.body.end(), p) != s.body.end()) {
                return "food at " + describe(p) + " lies on snake " + s.id;
            }
        }
    }
    if (v.started) {
        // Every tick (and the start) tops the food up, and nothing moves in between.
        const std::size_t target = food_target(v.snakes.size());
        if (v.food.size() > target) {
            return std::to_string(v.food.size()) + " food items for " +
                   std::to_string(v.snakes.size()) + " snakes";
        }
        std::size_t taken = v.food.size();
        std::set<point> occupied;
        for (const auto& s : v.snakes) occupied.insert(s.body.begin(), s.body.end());
        taken += occupied.size();
        const auto cells = static_cast<std::size_t>(v.width) * static_cast<std::size_t>(v.height);
        if (v.food.size() < target && taken < cells) {
            return "only " + std::to_string(v.food.size()) + " food item(s) with free cells left";
        }
    }
    if (!v.winner.empty() && (!v.over || !v.find(v.winner))) {
        return "winner " + v.winner + " but the game is not over or has no such snake";
    }
    if (v.over && v.winner != expected_winner(v)) {
        return "the winner is '" + v.winner + "' but the longest live snake is '" +
               expected_winner(v) + "'";
    }
    if (v.running() && (v.alive_count() < 2 || v.tick >= v.limit())) {
        return "still running with " + std::to_string(v.alive_count()) +
               " snake(s) alive at tick " + std::to_string(v.tick);
    }
    if (v.over && v.alive_count() > 1 && v.tick < v.limit()) {
        return "over at tick " + std::to_string(v.tick) + " with " +
               std::to_string(v.alive_count()) + " snakes alive";
    }
    if (!v.started) {
        std::set<int> slots;
        for (const auto& s : v.snakes) {
            const auto slot = spawn_slot(v, s, v.snakes.size());
            if (!slot || !slots.insert(*slot).second) {
                return "snake " + s.id + " is not on a free spawn slot before the start";
            }
        }
        return std::nullopt;
    }
    for (const auto& s : v.snakes) {
        if (!reachable_from_spawn(v, s)) {
            return "snake " + s.id + " cannot have come from a spawn slot in " +
                   std::to_string(v.tick) + " ticks";
        }
    }
    return std::nullopt;
}

// Whether no restart can lie between two started views. A new round needs every seat's `ready`;
// a seat's bot only sends it on a pre-start view it received, so between two views of a seat
// that holds the same id in both (no reconnect), both started, the round is the same one.
bool same_round(const view& from, const view& to, const sdk::player_id& self) {
    return from.started && to.started && from.find(self) && to.find(self);
}

std::optional<std::string> round_error(const view& from, const view& to) {
    if (to.tick < from.tick) {
        return "tick went back from " + std::to_string(from.tick) + " to " +
               std::to_string(to.tick) + " within a round";
    }
    if (from.over && (!to.over || to.tick != from.tick)) {
        return "the round was over at tick " + std::to_string(from.tick) +
               " but went on without a restart";
    }
    if (to.snakes.size() != from.snakes.size()) {
        return "the round's " + std::to_string(from.snakes.size()) + " snakes became " +
               std::to_string(to.snakes.size());
    }
    const std::int64_t steps = to.tick - from.tick;
    for (const auto& a : from.snakes) {
        const snake_view* b = to.find(a.id);
        if (!b) continue;  // reconnected under a new id
        const std::string who = "snake " + a.id;
        if (a.name != b->name)
            return who + " was renamed from '" + a.name + "' to '" + b->name + "'";
        if (!a.alive) {
            if (b->alive) return "dead " + who + " came back to life";
            if (a.body != b->body || a.score != b->score || a.dir != b->dir) {
                return "dead " + who + " moved or scored";
            }
            continue;
        }
        if (b->score < a.score) {
            return "score of " + who + " went down from " + std::to_string(a.score) + " to " +
                   std::to_string(b->score);
        }
        if (!reachable(a.body, a.score, *b, steps)) {
            return who + " cannot get from head " + describe(a.body.front()) + " (score " +
                   std::to_string(a.score) + ") to head " + describe(b->body.front()) + " (score " +
                   std::to_string(b->score) + ", " + (b->alive ? "alive" : "dead") + ") in " +
                   std::to_string(steps) + " tick(s)";
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& self) {
    view from;
    view to;
    if (auto error = read_view(before, from)) return "before: " + *error;
    if (auto error = read_view(after, to)) return "after: " + *error;
    if (auto error = state_error(from)) return "before: " + *error;
    if (auto error = state_error(to)) return error;
    // The grid and the time limit are the room's options, fixed at its creation.
    if (from.width != to.width || from.height != to.height) {
        return "the grid changed from " + std::to_string(from.width) + "x" +
               std::to_string(from.height) + " to " + std::to_string(to.width) + "x" +
               std::to_string(to.height);
    }
    if (from.limit() != to.limit()) {
        return "the time limit changed from " + std::to_string(from.limit()) + " to " +
               std::to_string(to.limit()) + " ticks";
    }
    if (same_round(from, to, self)) return round_error(from, to);
    return std::nullopt;
}

}  // namespace gameserver::games::snake
