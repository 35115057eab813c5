#include "snake/rules.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace gameserver::games::snake {

std::string_view to_string(direction d) {
    switch (d) {
        case direction::up:
            return "up";
        case direction::right:
            return "right";
        case direction::down:
            return "down";
        case direction::left:
            return "left";
    }
    return "up";
}

std::optional<direction> parse_direction(std::string_view text) {
    for (const direction d : all_directions) {
        if (to_string(d) == text) return d;
    }
    return std::nullopt;
}

direction opposite(direction d) {
    switch (d) {
        case direction::up:
            return direction::down;
        case direction::right:
            return direction::left;
        case direction::down:
            return direction::up;
        case direction::left:
            return direction::right;
    }
    return d;
}

point moved(point p, direction d) {
    switch (d) {
        case direction::up:
            return {p.x, p.y - 1};
        case direction::right:
            return {p.x + 1, p.y};
        case direction::down:
            return {p.x, p.y + 1};
        case direction::left:
            return {p.x - 1, p.y};
    }
    return p;
}

bool adjacent(point a, point b) {
    return std::abs(a.x - b.x) + std::abs(a.y - b.y) == 1;
}

bool arena::has_food(point p) const {
    return std::find(food.begin(), food.end(), p) != food.end();
}

std::size_t arena::alive_count() const {
    return static_cast<std::size_t>(
        std::count_if(snakes.begin(), snakes.end(), [](const auto& s) { return s.second.alive; }));
}

direction steer(direction current, const std::vector<direction>& queued) {
    for (auto it = queued.rbegin(); it != queued.rend(); ++it) {
        if (*it != opposite(current)) return *it;
    }
    return current;
}

spawn spawn_for(int width, int height, int slot) {
    // Slots in the order they are handed out: the first two face each other across the middle,
    // then top/bottom, then the four quarter points; opposite slots are point-symmetric.
    const int qx = width / 4;
    const int qy = height / 4;
    const int mid_x = (width - 1) / 2;
    const int mid_y = height / 2;
    point head;
    direction dir = direction::right;
    switch (slot % max_players) {
        case 0:
            head = {4, mid_y};
            dir = direction::right;
            break;
        case 1:
            head = {width - 5, height - 1 - mid_y};
            dir = direction::left;
            break;
        case 2:
            head = {mid_x, 4};
            dir = direction::down;
            break;
        case 3:
            head = {width - 1 - mid_x, height - 5};
            dir = direction::up;
            break;
        case 4:
            head = {qx, qy};
            dir = direction::down;
            break;
        case 5:
            head = {width - 1 - qx, height - 1 - qy};
            dir = direction::up;
            break;
        case 6:
            head = {width - 1 - qx, qy};
            dir = direction::down;
            break;
        default:
            head = {qx, height - 1 - qy};
            dir = direction::up;
            break;
    }
    spawn result;
    result.dir = dir;
    point cell = head;
    for (std::size_t i = 0; i < spawn_length; ++i) {
        result.body.push_back(cell);
        cell = moved(cell, opposite(dir));
    }
    return result;
}

namespace {

bool is_live(const snake& s) {
    return s.alive && !s.body.empty();
}

}  // namespace

std::vector<std::uint8_t> blocked_cells(const arena& world, const std::vector<bool>& grows) {
    std::vector<std::uint8_t> blocked(world.cells(), 0);
    std::size_t k = 0;
    for (const auto& [id, s] : world.snakes) {
        if (!is_live(s)) continue;
        const bool keeps_tail = k < grows.size() && grows[k];
        ++k;
        const std::size_t end = keeps_tail ? s.body.size() : s.body.size() - 1;
        for (std::size_t i = 0; i < end; ++i) {
            if (world.in_bounds(s.body[i])) blocked[world.index(s.body[i])] = 1;
        }
    }
    return blocked;
}

tick_result advance(arena& world) {
    struct mover {
        const std::string* id;
        snake* s;
        point from;
        point to;
        bool grows;
        bool dies;
    };
    std::vector<mover> movers;
    for (auto& [id, s] : world.snakes) {
        if (!is_live(s)) continue;
        const point to = moved(s.body.front(), s.dir);
        movers.push_back(
            {&id, &s, s.body.front(), to, world.in_bounds(to) && world.has_food(to), false});
    }
    std::vector<bool> grows;
    for (const auto& m : movers) grows.push_back(m.grows);
    const auto blocked = blocked_cells(world, grows);

    for (auto& m : movers) {
        if (!world.in_bounds(m.to) || blocked[world.index(m.to)] != 0) m.dies = true;
        for (const auto& other : movers) {
            if (&other == &m) continue;
            if (other.to == m.to) m.dies = true;                          // head-on, same cell
            if (other.to == m.from && other.from == m.to) m.dies = true;  // heads swap cells
        }
    }

    tick_result result;
    for (auto& m : movers) {
        if (m.dies) {
            m.s->alive = false;  // the body stays where it was, for display
            result.died.push_back(*m.id);
            continue;
        }
        m.s->body.push_front(m.to);
        if (m.grows) {
            world.food.erase(std::find(world.food.begin(), world.food.end(), m.to));
            ++m.s->score;
            result.ate.push_back(*m.id);
        } else {
            m.s->body.pop_back();
        }
    }
    return result;
}

std::size_t food_target(std::size_t players) {
    return 1 + players / 2;
}

void spawn_food(arena& world, std::size_t target, sdk::rng& random) {
    if (world.food.size() >= target) return;
    std::vector<std::uint8_t> taken(world.cells(), 0);
    for (const auto& [id, s] : world.snakes) {
        for (const point p : s.body) {
            if (world.in_bounds(p)) taken[world.index(p)] = 1;
        }
    }
    for (const point p : world.food) {
        if (world.in_bounds(p)) taken[world.index(p)] = 1;
    }
    std::vector<point> free;
    for (int y = 0; y < world.height; ++y) {
        for (int x = 0; x < world.width; ++x) {
            if (taken[world.index({x, y})] == 0) free.push_back({x, y});
        }
    }
    while (world.food.size() < target && !free.empty()) {
        const std::size_t pick = random.index(free.size());
        world.food.push_back(free[pick]);
        free.erase(free.begin() + static_cast<std::ptrdiff_t>(pick));
    }
}

std::size_t flood_area(const arena& world, const std::vector<std::uint8_t>& blocked, point start,
                       std::size_t limit) {
    if (!world.in_bounds(start) || blocked[world.index(start)] != 0) return 0;
    const std::size_t cap = limit == 0 ? std::numeric_limits<std::size_t>::max() : limit;
    std::vector<std::uint8_t> seen(world.cells(), 0);
    std::vector<point> frontier{start};
    seen[world.index(start)] = 1;
    std::size_t count = 0;
    while (!frontier.empty() && count < cap) {
        const point p = frontier.back();
        frontier.pop_back();
        ++count;
        for (const direction d : all_directions) {
            const point n = moved(p, d);
            if (!world.in_bounds(n)) continue;
            const std::size_t i = world.index(n);
            if (seen[i] != 0 || blocked[i] != 0) continue;
            seen[i] = 1;
            frontier.push_back(n);
        }
    }
    return count;
}

sdk::json to_json(point p) {
    sdk::json result(sdk::json::value_t::array);
    auto& pair = result.get_ref<sdk::json::array_t&>();
    pair.reserve(2);
    pair.emplace_back(p.x);
    pair.emplace_back(p.y);
    return result;
}

namespace {

// Built in place: bodies are most of every state, which goes out ten times a second.
template <typename Cells>
sdk::json cells_to_json(const Cells& cells) {
    sdk::json result(sdk::json::value_t::array);
    auto& array = result.get_ref<sdk::json::array_t&>();
    array.reserve(cells.size());
    for (const point p : cells) array.push_back(to_json(p));
    return result;
}

}  // namespace

sdk::json to_json(const std::deque<point>& cells) {
    return cells_to_json(cells);
}

sdk::json to_json(const std::vector<point>& cells) {
    return cells_to_json(cells);
}

std::optional<point> point_from_json(const sdk::json& value) {
    if (!value.is_array() || value.size() != 2) return std::nullopt;
    const auto coordinate = [](const sdk::json& v) -> std::optional<int> {
        if (!v.is_number_integer()) return std::nullopt;
        if (v.is_number_unsigned()) {
            const auto raw = v.get<std::uint64_t>();
            if (raw > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
                return std::nullopt;
            return static_cast<int>(raw);
        }
        const auto raw = v.get<std::int64_t>();
        if (raw < std::numeric_limits<int>::min() || raw > std::numeric_limits<int>::max())
            return std::nullopt;
        return static_cast<int>(raw);
    };
    const auto x = coordinate(value[0]);
    const auto y = coordinate(value[1]);
    if (!x || !y) return std::nullopt;
    return point{*x, *y};
}

}  // namespace gameserver::games::snake
