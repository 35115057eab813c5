// Tell-It bot policies: "writer" (the default) contributes sentences composed from a small
// built-in phrase list and votes to finish after `botRounds` texts; "random" plays random legal
// moves. Both read only the per-player view (game::view_for).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::tellit {

// The think delays the policies draw, before the server clamps them (300 ms..1.2 s by default).
inline constexpr sdk::millis min_write_think{700};
inline constexpr sdk::millis max_write_think{1200};
inline constexpr sdk::millis min_vote_think{300};
inline constexpr sdk::millis max_vote_think{600};

// What a bot needs from a view; nullopt unless the view is well formed and `self` is a user.
struct seat_view {
    std::string status;  // "waiting" | "started" | "ended"
    std::size_t users = 0;
    std::int64_t min_users = 2;
    std::int64_t bot_rounds = 3;
    bool story_owner = false;
    bool has_story = false;  // a story waits at the front of the queue
    std::int64_t written = 0;
    bool voted_finish = false;
    bool voted_restart = false;
    bool restart_requested = false;  // somebody has voted to restart

    // May submit_text now: not written yet (starts a story), or a story to continue.
    bool can_write() const { return status == "started" && (!story_owner || has_story); }
};
std::optional<seat_view> read_view(const sdk::json& view, const std::string& self);

// One sentence: "<subject> <verb> <object> <place>" drawn from the phrase lists.
std::string compose_sentence(sdk::rng& random);

// waiting, enough users: start. started: follow a restart vote; write the first text; vote to
// finish once it has written botRounds texts (at least 1); keep continuing the stories that
// reach it (so people never wait on a bot). ended: follow a restart vote, else idle.
class writer_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "writer"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
};

// waiting, enough users: start. started: uniformly one of the legal moves among writing (when
// it can) and voting to finish (when it has not): votes are never withdrawn, so the game ends.
// ended: idle.
class random_policy final : public sdk::bot_policy {
  public:
    std::string name() const override { return "random"; }
    std::optional<sdk::bot_action> decide(const sdk::json& view, const sdk::player_id& self,
                                          sdk::rng& random) const override;
};

// Display names for bots.
const std::vector<std::string>& bot_names();

}  // namespace gameserver::games::tellit
