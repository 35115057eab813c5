// dicegame's per-room state and hooks (SEED-SPEC §6.2 plus the fixes in GAMES.md): two seats,
// the turn gate, roll/select/set_aside, the 4 s bust delay as a room timer, EndTurn and the
// `game_state` payload. The scoring itself lives in rules.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dicegame/rules.hpp"
#include "gameserver/sdk/game.hpp"

namespace gameserver::games::dicegame {

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
    sdk::status can_add_bot(sdk::context& ctx) override;

    // The `game_state` payload plus what the wire does not show: which seats are bots and the
    // pending bust ("bustPending": the buster's id or "", "bustSeq": its timer's number).
    sdk::json snapshot() const override;
    sdk::status restore(const sdk::json& snapshot) override;
    // The `game_state` payload (no hidden information).
    sdk::json view_for(const sdk::player_id& player) const override;
    // Go's `started`: true from the second seat on, and still true after a win.
    bool is_started() const override { return started_; }
    // A winner was set: EndTurn cleared `currentTurn` of a started game.
    bool is_over() const override { return started_ && current_turn_.empty(); }

  private:
    struct seat {
        std::string name;
        std::int64_t score = 0;
        std::int64_t turn_score = 0;   // preview of the current selection (stale after a roll)
        std::int64_t round_score = 0;  // banked this turn so far
        bool bot = false;
    };

    void roll(sdk::context& ctx, const sdk::player_id& player);
    sdk::status select(sdk::context& ctx, const sdk::json& data);
    sdk::status set_aside(sdk::context& ctx, const sdk::json& data);
    // Go's EndTurn for the current player; without one (no turn) it does nothing.
    void end_turn();
    sdk::json state() const;
    sdk::json busted_payload(const sdk::player_id& player) const;
    void broadcast_state(sdk::context& ctx) const;

    // Ordered by id, so `players` is written with sorted keys as Go's encoding/json does.
    std::map<sdk::player_id, seat> players_;
    bool started_ = false;
    sdk::player_id current_turn_;
    std::string winner_;  // the winner's NAME, as in Go
    std::vector<int> dice_;
    std::vector<int> selected_;  // indexes into dice_
    std::vector<int> set_aside_;
    // The player whose bust is waiting for its timer (only ever the current player), and the
    // number of that bust: a timer whose number is not the latest is stale and does nothing.
    sdk::player_id busted_;
    std::uint64_t bust_seq_ = 0;
    sdk::millis bust_delay_ = bust_delay;  // room option `bustDelayMs`
};

}  // namespace gameserver::games::dicegame
