#include "snake/bot.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace gameserver::games::snake {
namespace {

const sdk::json* field(const sdk::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<bool> boolean(const sdk::json* value) {
    if (!value || !value->is_boolean()) return std::nullopt;
    return value->get<bool>();
}

std::optional<direction> direction_of(const sdk::json* value) {
    if (!value || !value->is_string()) return std::nullopt;
    return parse_direction(value->get_ref<const std::string&>());
}

std::optional<int> size_of(const sdk::json* value) {
    if (!value || !value->is_number_integer()) return std::nullopt;
    const auto v = value->get<std::int64_t>();
    if (v < min_size || v > max_size) return std::nullopt;
    return static_cast<int>(v);
}

sdk::bot_action act(std::string type, sdk::json data, sdk::rng& random) {
    const auto think = random.between(min_think.count(), max_think.count());
    return sdk::bot_action{std::move(type), std::move(data), sdk::millis{think}};
}

sdk::bot_action turn_to(direction d, sdk::rng& random) {
    return act("turn", sdk::json{{"dir", to_string(d)}}, random);
}

// Before the start a seated bot says it is ready (once: the view then shows it).
std::optional<sdk::bot_action> get_ready(const bot_view& view, sdk::rng& random) {
    if (view.started || view.over || view.ready) return std::nullopt;
    return act("ready", sdk::json{{"ready", true}}, random);
}

bool running(const bot_view& view) {
    return view.started && !view.over && view.alive;
}

// Steps from every cell to the nearest food through cells that are not blocked (one breadth
// first search from all food at once); max() where no food is reachable.
std::vector<std::size_t> food_distances(const arena& world,
                                        const std::vector<std::uint8_t>& blocked) {
    constexpr std::size_t unreachable = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> distance(world.cells(), unreachable);
    std::vector<point> frontier;
    frontier.reserve(world.cells());
    for (const point f : world.food) {
        if (!world.in_bounds(f) || blocked[world.index(f)] != 0) continue;
        if (distance[world.index(f)] == 0) continue;
        distance[world.index(f)] = 0;
        frontier.push_back(f);
    }
    for (std::size_t head = 0; head < frontier.size(); ++head) {
        const point p = frontier[head];
        for (const direction d : all_directions) {
            const point n = moved(p, d);
            if (!world.in_bounds(n)) continue;
            const std::size_t i = world.index(n);
            if (blocked[i] != 0 || distance[i] != unreachable) continue;
            distance[i] = distance[world.index(p)] + 1;
            frontier.push_back(n);
        }
    }
    return distance;
}

}  // namespace

std::optional<bot_view> read_view(const sdk::json& view, const sdk::player_id& self) {
    const auto width = size_of(field(view, "width"));
    const auto height = size_of(field(view, "height"));
    const auto started = boolean(field(view, "started"));
    const auto over = boolean(field(view, "over"));
    const sdk::json* food = field(view, "food");
    const sdk::json* snakes = field(view, "snakes");
    if (!width || !height || !started || !over || !food || !food->is_array() || !snakes ||
        !snakes->is_object()) {
        return std::nullopt;
    }
    bot_view result;
    result.world.width = *width;
    result.world.height = *height;
    result.started = *started;
    result.over = *over;
    for (const auto& entry : *food) {
        const auto p = point_from_json(entry);
        if (!p) return std::nullopt;
        result.world.food.push_back(*p);
    }
    bool seated = false;
    for (const auto& [id, entry] : snakes->items()) {
        const auto alive = boolean(field(entry, "alive"));
        const auto dir = direction_of(field(entry, "dir"));
        const sdk::json* body = field(entry, "body");
        if (!alive || !dir || !body || !body->is_array()) return std::nullopt;
        snake s;
        s.alive = *alive;
        s.dir = *dir;
        for (const auto& cell : *body) {
            const auto p = point_from_json(cell);
            if (!p) return std::nullopt;
            s.body.push_back(*p);
        }
        const auto next = direction_of(field(entry, "next"));
        if (s.alive) result.heading[id] = next.value_or(s.dir);
        if (id == self) {
            const auto ready = boolean(field(entry, "ready"));
            if (!ready || s.body.empty()) return std::nullopt;
            seated = true;
            result.ready = *ready;
            result.alive = s.alive;
            result.dir = s.dir;
            result.next = next.value_or(s.dir);
        }
        result.world.snakes[id] = std::move(s);
    }
    if (!seated) return std::nullopt;
    return result;
}

std::vector<std::uint8_t> predicted_blocked(const bot_view& view, const sdk::player_id& self) {
    // Another snake keeps its tail if its head may reach food now; our own tail moves away
    // (the only cell we could eat is our new head, never our tail).
    std::vector<bool> grows;
    for (const auto& [id, s] : view.world.snakes) {
        if (!s.alive || s.body.empty()) continue;
        bool may_eat = false;
        if (id != self) {
            for (const point f : view.world.food) {
                if (adjacent(f, s.body.front())) may_eat = true;
            }
        }
        grows.push_back(may_eat);
    }
    return blocked_cells(view.world, grows);
}

std::vector<move_option> options_for(const bot_view& view, const sdk::player_id& self) {
    std::vector<move_option> result;
    const auto own = view.world.snakes.find(self);
    if (own == view.world.snakes.end() || own->second.body.empty()) return result;
    const auto blocked = predicted_blocked(view, self);
    const point head = own->second.body.front();
    for (const direction d : all_directions) {
        if (d == opposite(view.dir)) continue;
        move_option o;
        o.dir = d;
        o.head = moved(head, d);
        o.safe = view.world.in_bounds(o.head) && blocked[view.world.index(o.head)] == 0;
        for (const auto& [id, s] : view.world.snakes) {
            if (id == self || !s.alive || s.body.empty()) continue;
            if (!adjacent(s.body.front(), o.head)) continue;
            o.risky = true;
            const auto heading = view.heading.find(id);
            const direction other_dir = heading == view.heading.end() ? s.dir : heading->second;
            if (moved(s.body.front(), other_dir) == o.head) o.in_path = true;
        }
        result.push_back(o);
    }
    return result;
}

std::optional<direction> chase(const bot_view& view, const sdk::player_id& self) {
    const auto options = options_for(view, self);
    const auto blocked = predicted_blocked(view, self);
    const auto distance = food_distances(view.world, blocked);
    const std::size_t length = view.world.snakes.at(self).body.size();
    // Preference, best first: not into the cell another head is about to enter, room to live in
    // (a pocket smaller than the snake is a slow death), no head-on risk at all, a reachable food
    // and the shortest way there, more space, then going on straight (fewer turns sent), then
    // direction order.
    using key = std::tuple<bool, bool, bool, bool, std::size_t, std::size_t, bool>;
    std::optional<direction> best;
    key best_key{};
    for (const auto& o : options) {
        if (!o.safe) continue;
        const std::size_t area = flood_area(view.world, blocked, o.head, 4 * length + 16);
        const std::size_t to_food = distance[view.world.index(o.head)];
        const bool reachable = to_food != std::numeric_limits<std::size_t>::max();
        const key k{!o.in_path,
                    area >= length + 2,
                    !o.risky,
                    reachable,
                    reachable ? std::numeric_limits<std::size_t>::max() - to_food : 0,
                    area,
                    o.dir == view.dir};
        if (!best || k > best_key) {
            best = o.dir;
            best_key = k;
        }
    }
    return best;
}

std::optional<sdk::bot_action> chaser_policy::decide(const sdk::json& json_view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto view = read_view(json_view, self);
    if (!view) return std::nullopt;
    if (auto ready = get_ready(*view, random)) return ready;
    if (!running(*view)) return std::nullopt;
    const auto choice = chase(*view, self);
    // Nothing to send when the next tick already goes that way (the room asks again every tick).
    if (!choice || *choice == view->next) return std::nullopt;
    return turn_to(*choice, random);
}

std::optional<sdk::bot_action> random_policy::decide(const sdk::json& json_view,
                                                     const sdk::player_id& self,
                                                     sdk::rng& random) const {
    const auto view = read_view(json_view, self);
    if (!view) return std::nullopt;
    if (auto ready = get_ready(*view, random)) return ready;
    if (!running(*view)) return std::nullopt;
    const auto options = options_for(*view, self);
    std::vector<direction> safe;
    bool next_safe = false;
    for (const auto& o : options) {
        if (!o.safe) continue;
        safe.push_back(o.dir);
        if (o.dir == view->next) next_safe = true;
    }
    if (safe.empty()) return std::nullopt;
    // One turn per tick: once a turn is queued (next differs from dir) and safe, keep it.
    if (next_safe && (view->next != view->dir || random.chance(keep_))) return std::nullopt;
    const direction choice = safe[random.index(safe.size())];
    if (choice == view->next) return std::nullopt;
    return turn_to(choice, random);
}

}  // namespace gameserver::games::snake
