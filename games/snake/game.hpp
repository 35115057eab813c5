// snake's per-room state and hooks (GAMES.md "snake"): seats, readiness, queued turns, the tick
// loop, game over and the wire messages. Movement and collisions live in rules.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/game.hpp"
#include "snake/rules.hpp"

namespace gameserver::games::snake {

// The kind passed to context::record() when a game ends.
inline constexpr std::string_view result_record_kind = "snake_result";
// Turns kept per player between two ticks; a full queue drops its oldest entry, which never
// changes the outcome (only the latest non-reversing input counts, and reversals are not queued).
inline constexpr std::size_t max_queued_turns = 8;

class game final : public sdk::game {
  public:
    sdk::status on_create(sdk::context& ctx, const sdk::json& options) override;
    sdk::status on_join(sdk::context& ctx, const sdk::player_id& player, const std::string& name,
                        bool is_bot) override;
    void on_leave(sdk::context& ctx, const sdk::player_id& player) override;
    void on_disconnect(sdk::context& ctx, const sdk::player_id& player) override;
    sdk::status on_reconnect(sdk::context& ctx, const sdk::player_id& old_id,
                             const sdk::player_id& new_id) override;
    sdk::status on_action(sdk::context& ctx, const sdk::player_id& player, std::string_view type,
                          const sdk::json& data) override;
    void on_timer(sdk::context& ctx, std::string_view tag) override;
    void on_tick(sdk::context& ctx, std::uint64_t tick, std::uint64_t late_ticks) override;
    sdk::status can_add_bot(sdk::context& ctx) override;

    sdk::json snapshot() const override;
    sdk::status restore(const sdk::json& snapshot) override;
    sdk::json view_for(const sdk::player_id& player) const override;
    // True from the start until the restart (so also while over, as the room list shows it).
    bool is_started() const override { return started_; }
    bool is_over() const override { return over_; }

    // For tests and tools: the grid as the rules see it, and this round's tick count.
    const arena& world() const { return arena_; }
    std::uint64_t tick() const { return tick_; }
    // The room's time limit (option `timeLimitSeconds`), in ticks.
    std::uint64_t time_limit_ticks() const { return ticks_for_seconds(time_limit_seconds_); }

  private:
    struct seat {
        std::string name;
        int number = 0;  // 0..7, the smallest free one at join; orders the spawn slots
        bool ready = false;
        bool connected = true;
        bool bot = false;
        // Left during the round: the (dead) snake stays in the state until the restart.
        bool left = false;
        std::vector<direction> queued;  // turns since the last tick, in arrival order
    };

    sdk::status turn(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data);
    sdk::status set_ready(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data);
    sdk::status restart(sdk::context& ctx, const sdk::player_id& player);
    // Places every seated snake on its spawn (slot = rank of its seat number); before the start.
    void lay_out();
    // Starts the round when at least two are seated and all are ready; true when it started.
    bool maybe_start(sdk::context& ctx);
    // Ends the round if at most one snake is alive or the time is up; true when it ended.
    bool maybe_finish(sdk::context& ctx);
    void finish(sdk::context& ctx);
    std::string name_of(const sdk::player_id& player) const;
    sdk::json state() const;
    sdk::encoded_json encoded_state() const;  // state() as JSON text, without the tree
    void broadcast_state(sdk::context& ctx) const;
    void record_result(sdk::context& ctx) const;

    arena arena_;  // snakes keyed by the same ids as seats_
    std::map<sdk::player_id, seat> seats_;
    int time_limit_seconds_ = default_time_limit_seconds;
    std::uint64_t tick_ = 0;
    bool started_ = false;
    bool over_ = false;
    sdk::player_id winner_;
};

}  // namespace gameserver::games::snake
