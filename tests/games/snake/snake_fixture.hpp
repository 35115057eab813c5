// Shared helpers for the snake tests: a game on a harness ticking at 10 Hz, hand-built
// snapshots for exact positions, and a bot driver that plays whole games on the virtual clock.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "games/harness.hpp"
#include "snake/bot.hpp"
#include "snake/game.hpp"
#include "snake/plugin.hpp"

namespace gameserver::games::snake::testing {

inline constexpr sdk::millis tick_period{1000 / tick_rate_hz};

// One room: a game attached to a harness that ticks it every 100 ms of virtual time.
struct table {
    explicit table(std::uint64_t seed = 1, const sdk::json& options = nullptr) : h(seed) {
        h.attach(g, tick_rate_hz);
        const auto status = h.create(options);
        EXPECT_FALSE(status) << testkit::describe(status);
    }

    void join(const std::vector<sdk::player_id>& ids) {
        for (const auto& id : ids) {
            const auto status = h.join(id, "Name " + id);
            EXPECT_FALSE(status) << id << ": " << testkit::describe(status);
        }
    }
    void ready(const std::vector<sdk::player_id>& ids) {
        for (const auto& id : ids) {
            const auto status = h.act(id, "ready", sdk::json{{"ready", true}});
            EXPECT_FALSE(status) << id << ": " << testkit::describe(status);
        }
    }
    // Seats and readies everyone: the game starts at the last ready, at time 0.
    void start(const std::vector<sdk::player_id>& ids) {
        join(ids);
        ready(ids);
        EXPECT_TRUE(g.is_started());
    }
    // Restores a hand-built snapshot (the harness has no members: broadcasts go to "*").
    void load(const sdk::json& snapshot) {
        const auto status = g.restore(snapshot);
        ASSERT_FALSE(status) << testkit::describe(status);
    }
    // One tick of virtual time.
    void tick(int count = 1) { h.advance(tick_period * count); }

    sdk::json view() const { return g.view_for("someone"); }
    sdk::json snake_view(const sdk::player_id& id) const { return view()["snakes"][id]; }
    // The payloads of every `type` envelope addressed to `to` in the outbox so far.
    std::vector<sdk::json> sent(const std::string& type, const std::string& to) const {
        std::vector<sdk::json> result;
        for (const auto& o : h.outbox()) {
            if (o.type == type && o.to == to) {
                result.push_back(o.has_data ? sdk::json::parse(o.data) : sdk::json());
            }
        }
        return result;
    }

    game g;
    testkit::harness h;
};

// A player entry of a hand-built snapshot.
inline sdk::json entry(int seat, const std::string& dir, const std::vector<point>& body,
                       bool alive = true, int score = 0) {
    sdk::json cells = sdk::json::array();
    for (const point p : body) cells.push_back(to_json(p));
    return sdk::json{{"name", "Snake " + std::to_string(seat + 1)},
                     {"seat", seat},
                     {"ready", true},
                     {"connected", true},
                     {"bot", false},
                     {"left", false},
                     {"alive", alive},
                     {"dir", dir},
                     {"body", std::move(cells)},
                     {"score", score},
                     {"queued", sdk::json::array()}};
}

// A running round at `tick` with these players and food, on a width x height grid.
inline sdk::json running(std::uint64_t tick, sdk::json players, const std::vector<point>& food = {},
                         int width = default_width, int height = default_height,
                         int time_limit_seconds = default_time_limit_seconds) {
    return sdk::json{
        {"width", width}, {"height", height},      {"timeLimitSeconds", time_limit_seconds},
        {"tick", tick},   {"started", true},       {"over", false},
        {"winner", ""},   {"food", to_json(food)}, {"players", std::move(players)}};
}

// A straight horizontal body of `length` cells with its head at `head`, moving `dir` (left or
// right); the body trails behind.
inline std::vector<point> line(point head, direction dir, int length) {
    std::vector<point> body;
    point p = head;
    for (int i = 0; i < length; ++i) {
        body.push_back(p);
        p = moved(p, opposite(dir));
    }
    return body;
}

// Plays policies against each other as the room would at 10 Hz: after every state each bot
// decides on the current view, its action is applied (thinking is shorter than a tick, so it
// lands before the next one), a bot that acted is asked again until it has nothing more to send
// (the room re-asks a bot after its own action), then the clock moves to the next tick.
// Gives up 10 ticks past the room's time limit. Returns the number of actions sent.
inline int play(table& t,
                const std::map<sdk::player_id, std::shared_ptr<const sdk::bot_policy>>& bots) {
    const std::uint64_t max_ticks = t.g.time_limit_ticks() + 10;
    int actions = 0;
    for (std::uint64_t ticks = 0; ticks <= max_ticks && !t.g.is_over(); ++ticks) {
        std::map<sdk::player_id, bool> asking;
        for (const auto& [id, policy] : bots) asking[id] = true;
        for (int round = 0; round < 8; ++round) {
            bool acted = false;
            for (const auto& [id, policy] : bots) {
                if (!asking[id]) continue;
                const auto action = policy->decide(t.g.view_for(id), id, t.h.bot_random());
                asking[id] = action.has_value();
                if (!action) continue;
                EXPECT_GE(action->think, min_think);
                EXPECT_LE(action->think, max_think);
                const auto status = t.h.act(id, action->type, action->data);
                EXPECT_FALSE(status) << id << " " << action->type << " " << action->data.dump()
                                     << ": " << testkit::describe(status);
                ++actions;
                acted = true;
            }
            if (!acted) break;
            EXPECT_LT(round, 3) << "a policy keeps sending on an unchanged view";
        }
        if (t.g.is_over()) break;
        t.tick();
    }
    return actions;
}

}  // namespace gameserver::games::snake::testing
