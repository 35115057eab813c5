// tic-tac-toe's per-room state and hooks (SEED-SPEC §6.1 plus the fixes in GAMES.md): seats,
// turn, outcome and the wire messages; the board logic itself lives in rules.hpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/game.hpp"
#include "tictactoe/rules.hpp"

namespace gameserver::games::tictactoe {

// The kind passed to context::record() when a game ends in a win or a draw.
inline constexpr std::string_view result_record_kind = "tictactoe_result";

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

    sdk::json snapshot() const override;
    sdk::status restore(const sdk::json& snapshot) override;
    sdk::json view_for(const sdk::player_id& player) const override;
    bool is_started() const override;
    bool is_over() const override { return game_over_; }

  private:
    struct seat {
        mark symbol = mark::empty;
        std::string name;
    };
    struct played {
        move where;
        mark symbol = mark::empty;
    };

    sdk::status make_move(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data);
    sdk::status restart(sdk::context& ctx);
    // The `game_state` payload: every player sees everything.
    sdk::json state() const;
    sdk::encoded_json encoded_state() const;  // state() as JSON text, without the tree
    void broadcast_state(sdk::context& ctx) const;
    void record_result(sdk::context& ctx) const;

    board board_;
    // Ordered by id, so `players` is written with sorted keys as Go's encoding/json does.
    std::map<sdk::player_id, seat> players_;
    sdk::player_id current_turn_;
    sdk::player_id winner_;
    bool game_over_ = false;
    bool draw_game_ = false;
    // This round's moves, for the result record and snapshots.
    std::vector<played> moves_;
};

}  // namespace gameserver::games::tictactoe
