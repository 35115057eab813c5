// snake rules (GAMES.md "snake") as pure values: the grid, directions, spawn layout, one
// simultaneous move of every snake with its collisions, and food placement. Shared by the game
// (authoritative state) and the bots (which predict the next tick with the same functions).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/json.hpp"
#include "gameserver/sdk/rng.hpp"

namespace gameserver::games::snake {

inline constexpr int default_width = 32;
inline constexpr int default_height = 32;
// Room options `width`/`height` must lie in this range (every spawn slot fits from 16 on).
inline constexpr int min_size = 16;
inline constexpr int max_size = 64;
inline constexpr int min_players = 2;
inline constexpr int max_players = 8;
inline constexpr int tick_rate_hz = 10;
// Room option `timeLimitSeconds`: the round's length, counted in ticks (seconds * tick_rate_hz,
// not room time) so a replay ends on the same tick. 2 minutes by default.
inline constexpr int default_time_limit_seconds = 120;
inline constexpr int min_time_limit_seconds = 10;
inline constexpr int max_time_limit_seconds = 600;
inline constexpr std::uint64_t ticks_for_seconds(int seconds) {
    return static_cast<std::uint64_t>(seconds) * static_cast<std::uint64_t>(tick_rate_hz);
}
inline constexpr std::uint64_t default_time_limit_ticks =
    ticks_for_seconds(default_time_limit_seconds);
inline constexpr std::size_t spawn_length = 3;

// Screen coordinates: x grows to the right, y grows downwards ("up" is y - 1).
enum class direction : std::uint8_t { up, right, down, left };

// "up", "right", "down", "left": the wire spelling.
std::string_view to_string(direction d);
// The inverse of to_string (exact, lowercase); nullopt for anything else.
std::optional<direction> parse_direction(std::string_view text);
direction opposite(direction d);
inline constexpr direction all_directions[] = {direction::up, direction::right, direction::down,
                                               direction::left};

struct point {
    int x = 0;
    int y = 0;
    friend auto operator<=>(const point&, const point&) = default;
};

// The neighbour of `p` one cell towards `d` (possibly off the grid).
point moved(point p, direction d);
bool adjacent(point a, point b);

struct snake {
    bool alive = true;
    direction dir = direction::right;
    std::deque<point> body;  // head first; never empty once laid out
    int score = 0;           // food eaten
};

struct arena {
    int width = default_width;
    int height = default_height;
    std::vector<point> food;  // in spawn order
    // Keyed by player id, so iteration (and every tie) follows sorted ids.
    std::map<std::string, snake> snakes;

    bool in_bounds(point p) const { return p.x >= 0 && p.y >= 0 && p.x < width && p.y < height; }
    std::size_t index(point p) const {
        return static_cast<std::size_t>(p.y) * static_cast<std::size_t>(width) +
               static_cast<std::size_t>(p.x);
    }
    std::size_t cells() const {
        return static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    }
    bool has_food(point p) const;
    std::size_t alive_count() const;
};

// The direction a snake takes at a tick from the inputs queued since the last one (arrival
// order): the latest that does not reverse `current`; `current` when there is none.
direction steer(direction current, const std::vector<direction>& queued);

// The spawn of the `slot`-th snake (slots 0..7 are spread out over the grid, each facing
// inwards), spawn_length cells long with the head first. Requires min_size <= width, height.
struct spawn {
    std::deque<point> body;
    direction dir = direction::right;
};
spawn spawn_for(int width, int height, int slot);

// Cells a head may not enter at the next tick, one flag per cell (arena::index): the body of
// every live snake except the tail cells that move away, i.e. the tails of snakes whose heads do
// not reach food. `grows` says, per live snake in map order, whether its head reaches food.
// Dead snakes' bodies never block.
std::vector<std::uint8_t> blocked_cells(const arena& world, const std::vector<bool>& grows);

struct tick_result {
    std::vector<std::string> died;  // sorted ids
    std::vector<std::string> ate;   // sorted ids
};

// One tick: every live snake moves one cell in its `dir`, all at once (callers steer first).
// A head dies on a wall, on a blocked cell (blocked_cells), when another head enters the same
// cell, or when two snakes swap cells; all deaths are decided on the positions before anyone is
// removed. A survivor whose head lands on food eats it (score + 1) and keeps its tail (grows by
// one); a dead snake keeps its last body and alive = false. Food is not respawned here.
tick_result advance(arena& world);

// The number of food items kept on a grid that started with `players` snakes.
std::size_t food_target(std::size_t players);
// Places food on uniformly drawn free cells (no snake body, dead or alive, and no food) until
// there are `target` items or no free cell is left. Free cells are enumerated row by row.
void spawn_food(arena& world, std::size_t target, sdk::rng& random);

// The number of cells reachable from `start` (counted when free) through free cells, where
// `blocked` flags cells as in blocked_cells(); at most `limit` (0: no limit).
std::size_t flood_area(const arena& world, const std::vector<std::uint8_t>& blocked, point start,
                       std::size_t limit = 0);

// [x, y].
sdk::json to_json(point p);
// A JSON array of [x, y] pairs.
sdk::json to_json(const std::deque<point>& cells);
sdk::json to_json(const std::vector<point>& cells);
// [x, y] with integer coordinates; nullopt otherwise (bounds are the caller's check).
std::optional<point> point_from_json(const sdk::json& value);

}  // namespace gameserver::games::snake
