// Tell-It's per-room state and hooks (SEED-SPEC §6.4 plus the fixes in GAMES.md): users in join
// order, stories rotating through per-user queues, the finish/restart/kick votes and the wire
// messages. There is no `game_state` message: view_for() is a per-player view for bots and the
// REST room detail (see docs/games.md).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/game.hpp"
#include "tellit/rules.hpp"

namespace gameserver::games::tellit {

// The kind passed to context::record() once per story when a game ends.
inline constexpr std::string_view story_record_kind = "tellit_story";
// The reason given to context::kick() for a user removed by a kick vote.
inline constexpr std::string_view kick_reason = "kicked by vote";

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
    // {"status","users":[UserDTO],"story":StoryDTO|null,"isStoryOwner","written",
    //  "finishVotes":[ids],"restartVotes":[ids],"options":{...},"finalStories":[StoryDTO]}
    // ("story" is what the player's story_update carries; "finalStories" is [] until the end).
    sdk::json view_for(const sdk::player_id& player) const override;
    bool is_started() const override { return status_ == status::started; }
    bool is_over() const override { return status_ == status::ended; }

    // Read access for tests and tools.
    status current_status() const { return status_; }
    const std::vector<user>& users() const { return users_; }
    const std::vector<story>& stories() const { return stories_; }
    const room_options& options() const { return options_; }
    const std::set<std::string>& finish_votes() const { return finish_votes_; }
    const std::set<std::string>& restart_votes() const { return restart_votes_; }
    // The story at the front of `player`'s queue, or nullptr.
    const story* current_story(const sdk::player_id& player) const;
    bool is_story_owner(const sdk::player_id& player) const;

  private:
    user* find_user(const sdk::player_id& id);
    const user* find_user(const sdk::player_id& id) const;
    std::string author_of(const story& s) const;

    void start(sdk::context& ctx, const sdk::player_id& player);
    sdk::status submit_text(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data);
    void vote_finish(sdk::context& ctx, const sdk::player_id& player);
    void vote_restart(sdk::context& ctx, const sdk::player_id& player);
    void vote_kick(sdk::context& ctx, const sdk::player_id& player, const sdk::json& data);
    void request_update(sdk::context& ctx, const sdk::player_id& player) const;
    // The player was marked disconnected (leave or dropped socket).
    void mark_disconnected(sdk::context& ctx, const sdk::player_id& player);
    // Removes a kicked user: its queue moves on to its successor, its votes disappear.
    // Returns the successor's id when it received stories.
    std::optional<std::string> remove_user(const sdk::player_id& id);
    // Every connected user has voted (and there is at least one).
    bool unanimous(const std::set<std::string>& votes) const;
    // After the set of connected users shrank: ends or restarts when the votes now suffice.
    void check_votes(sdk::context& ctx);
    void end_game(sdk::context& ctx);
    void restart(sdk::context& ctx);

    sdk::json story_update_payload(const sdk::player_id& player) const;
    sdk::json users_payload() const;
    sdk::json final_stories_payload() const;
    void send_story_update(sdk::context& ctx, const sdk::player_id& player) const;
    void broadcast_users(sdk::context& ctx) const;
    void broadcast_status(sdk::context& ctx) const;

    room_options options_;
    status status_ = status::waiting;
    std::vector<user> users_;     // UserOrder: join order
    std::vector<story> stories_;  // creation order; queues hold indices into it
    std::set<std::string> finish_votes_;
    std::set<std::string> restart_votes_;
};

}  // namespace gameserver::games::tellit
