// The generic game conformance driver (ARCHITECTURE.md §2, OpenSpiel's basic_tests): seats bots
// in a harness and lets a plugin's own policies play a seeded game, so that one suite checks
// every registered game (random play ends, replays are identical, illegal actions change
// nothing, snapshots restore to identical views) with nothing written per game.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "games/harness.hpp"
#include "gameserver/sdk/sdk.hpp"

namespace gameserver::games::conformance {

// The plugins a test binary runs the suite over (defined once per binary: every registered game
// in game_tests, one game in that game's own test binary).
const std::vector<const sdk::game_plugin*>& conformance_plugins();

// Ids no game will hand out: a stranger sending actions, a spectator asking for a view.
inline const sdk::player_id stranger_id = "__conformance_stranger__";
inline const sdk::player_id spectator_id = "__conformance_spectator__";
inline constexpr const char* bogus_type = "__conformance_bogus__";

// Seats the driver fills: min_players, but at least 2 when the game allows it.
inline int seats_for(const sdk::game_info& info) {
    const bool two_allowed = info.max_players == 0 || info.max_players >= 2;
    return std::max(info.min_players, two_allowed ? 2 : 1);
}

// The "random" policy, else the game's default; nullptr when the game has no bots at all.
inline std::shared_ptr<const sdk::bot_policy> driver_policy(const sdk::game_plugin& plugin) {
    if (auto policy = plugin.bot("random")) return policy;
    return plugin.bot({});
}

// A turn-based game with a fixed seat count and a random player must finish by random play
// (tictactoe must end; testGame, with no limit and an idle bot, need not).
inline bool must_finish(const sdk::game_plugin& plugin) {
    const auto& info = plugin.info();
    return info.max_players > 0 && info.tick_rate_hz == 0 && plugin.bot("random") != nullptr;
}

// One game of a plugin driven by its policies inside a harness.
class session {
  public:
    session(const sdk::game_plugin& plugin, std::uint64_t seed)
        : plugin_(plugin),
          game_(plugin.create()),
          harness_(seed, "conformance-room"),
          policy_(driver_policy(plugin)) {
        harness_.attach(*game_, plugin.info().tick_rate_hz);
    }

    // on_create with no options (what most clients send), then seats the players under bot names.
    void start() {
        statuses_.push_back(testkit::describe(harness_.create(nullptr)));
        const int seats = seats_for(plugin_.info());
        for (int i = 1; i <= seats; ++i) {
            const sdk::player_id id = "p" + std::to_string(i);
            players_.push_back(id);
            statuses_.push_back(
                testkit::describe(harness_.join(id, plugin_.bot_name(harness_.bot_random()),
                                                /*is_bot=*/true)));
        }
    }

    // One round: each seated player's policy decides on its current view; each decision is
    // applied at once and the clock then moves on by its think delay. When nobody acts, the clock
    // jumps to the next timer or tick. False when the game can no longer move (nobody acts and
    // nothing is scheduled).
    bool step() {
        bool acted = false;
        for (const auto& player : players_) {
            if (game_->is_over() || !policy_) break;
            const auto action =
                policy_->decide(game_->view_for(player), player, harness_.bot_random());
            if (!action) continue;
            statuses_.push_back(
                testkit::describe(harness_.act(player, action->type, action->data)));
            harness_.advance(action->think);
            acted = true;
            ++actions_;
        }
        if (acted || game_->is_over()) return acted;
        return harness_.advance_to_next();
    }

    // Steps until the game is over, it is stuck, or `max_steps` rounds have run.
    void run(int max_steps) {
        for (int i = 0; i < max_steps && !game_->is_over(); ++i) {
            if (!step()) break;
        }
    }

    // The action some seated player's policy would take now (on a copy of the bot engine, so
    // the session's own sequence is not disturbed), if any.
    std::optional<sdk::bot_action> peek_action() const {
        if (!policy_) return std::nullopt;
        for (const auto& player : players_) {
            sdk::rng copy = harness_.bot_random_copy();
            if (auto action = policy_->decide(game_->view_for(player), player, copy)) {
                return action;
            }
        }
        return std::nullopt;
    }

    // Every player's view plus a spectator's, serialized: what "unchanged" compares.
    std::vector<std::string> views() const { return views_of(*game_); }
    std::vector<std::string> views_of(const sdk::game& game) const {
        std::vector<std::string> result;
        for (const auto& player : players_) result.push_back(game.view_for(player).dump());
        result.push_back(game.view_for(spectator_id).dump());
        return result;
    }

    sdk::game& game() { return *game_; }
    const sdk::game& game() const { return *game_; }
    testkit::harness& harness() { return harness_; }
    const std::vector<sdk::player_id>& players() const { return players_; }
    const std::vector<std::string>& statuses() const { return statuses_; }
    int actions() const { return actions_; }

  private:
    const sdk::game_plugin& plugin_;
    std::unique_ptr<sdk::game> game_;
    testkit::harness harness_;
    std::shared_ptr<const sdk::bot_policy> policy_;
    std::vector<sdk::player_id> players_;
    std::vector<std::string> statuses_;
    int actions_ = 0;
};

}  // namespace gameserver::games::conformance
