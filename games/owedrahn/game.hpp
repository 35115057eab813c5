// Owe Drahn's per-room state and hooks (SEED-SPEC §6.3 plus the fixes in GAMES.md): seats in
// join order, the shared counter and turn, the main bet and side bets, handshake stats loads,
// the game-over record and stats merge, and the 5 s reset timer. Rules live in rules.hpp,
// persistence shapes in stats.hpp, inbound decoding in payload.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/game.hpp"
#include "owedrahn/rules.hpp"
#include "owedrahn/stats.hpp"

namespace gameserver::games::owedrahn {

// Room time from game over to the reset (`gameInit`).
inline constexpr sdk::millis reset_delay{5000};
inline constexpr std::string_view reset_timer_tag = "reset";
// load_document() tags are this prefix plus the uid, so an answer finds every seat awaiting that
// uid whatever its client id is by then (a reconnect re-keys seats, not uids).
inline constexpr std::string_view stats_tag_prefix = "stats:";

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
    void on_loaded(sdk::context& ctx, std::string_view tag,
                   const sdk::loaded_document& result) override;
    sdk::status can_add_bot(sdk::context& ctx) override;

    sdk::json snapshot() const override;
    sdk::status restore(const sdk::json& snapshot) override;
    // The `game_state` DTO: the same for every member.
    sdk::json view_for(const sdk::player_id& player) const override;
    bool is_started() const override { return started_; }
    bool is_over() const override { return over_; }

    // Read access for tests and tools.
    const std::vector<player>& players() const { return players_; }
    const std::vector<side_bet>& side_bets() const { return side_bets_; }
    const std::vector<roll_record>& rolls() const { return rolls_; }
    double main_bet() const { return main_bet_; }
    int current_value() const { return current_value_; }
    const sdk::player_id& current_turn() const { return current_turn_; }
    bool balances_zero_sum() const { return zero_sum(players_); }

  private:
    player* find_player(const sdk::player_id& id);
    const player* find_player(const sdk::player_id& id) const;
    std::size_t index_of(const sdk::player_id& id) const;

    // Messages any member may send, with no turn check.
    sdk::status handshake(sdk::context& ctx, const sdk::player_id& sender, const sdk::json& data);
    sdk::status ready(sdk::context& ctx, const sdk::player_id& sender, const sdk::json& data);
    sdk::status set_main_bet(sdk::context& ctx, const sdk::json& data);
    sdk::status propose_bet(sdk::context& ctx, const sdk::player_id& sender, const sdk::json& data);
    sdk::status set_bet_status(sdk::context& ctx, const sdk::player_id& sender,
                               const sdk::json& data, bet_status status, std::string_view event);
    sdk::status cancel_bet(sdk::context& ctx, const sdk::player_id& sender, const sdk::json& data);
    // Turn messages (the sender is current_turn_).
    sdk::status roll(sdk::context& ctx, player& roller);
    sdk::status lose_life(sdk::context& ctx, player& current);
    sdk::status choose_next_player(sdk::context& ctx, player& current, const sdk::json& data);

    void start(sdk::context& ctx);
    // Life 0 by any path: pays the main bet and settles side bets (zero-sum always holds).
    void eliminate(player& loser);
    void finish(sdk::context& ctx, const std::string& winner_name);
    void persist(sdk::context& ctx) const;
    void reset(sdk::context& ctx);

    sdk::json state() const;
    sdk::json bets_json() const;
    void broadcast_state(sdk::context& ctx) const;
    // An event with no `data` key (gameStarted): the SDK's broadcast always carries data, so it
    // goes to every member the game knows of (seats, then spectators) one by one.
    void broadcast_without_data(sdk::context& ctx, std::string_view type) const;

    std::vector<player> players_;  // join order: the Go server's PlayerOrder
    // Members refused a seat because the game had started; they still see every event.
    std::vector<sdk::player_id> spectators_;
    bool started_ = false;
    bool over_ = false;
    sdk::player_id current_turn_;
    int current_value_ = 0;
    double main_bet_ = default_main_bet;
    std::vector<roll_record> rolls_;
    std::vector<side_bet> side_bets_;
    std::int64_t started_at_ = 0;  // room time in ms, for the record
    std::int64_t finished_at_ = 0;
};

}  // namespace gameserver::games::owedrahn
