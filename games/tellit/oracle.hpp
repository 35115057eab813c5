// Tell-It's desync oracle: can one seat's view `after` follow its earlier view `before` under the
// rules of game.cpp? A restart may hide in any gap and resets everything but the users list and
// the options, so most checks are invariants every view must hold (a waiting room has no stories,
// queues or votes; votes and kick votes come from users, once each; no final stories before the
// end; stories have turns and a reading time that fits their words; final stories are by users or
// "Unknown" and fill at most the queues; what is written makes a story owner; a non-user sees no
// story); across the two views, the options never change and users keep their order and names
// (joins append, kicks remove, a reconnect re-keys a seat in place).
// The views are also those client_view.hpp folds one envelope at a time, by clients that may have
// been away, so a check must hold between the pieces of one event and with stale parts. That rules
// out: the current story against the seat's queue count (story_update precedes users_update), a
// unanimous finish vote while started (finish_vote_update precedes the end), the current story's
// author (kicked while the client was away), and the seat's written count or ownership against
// the final stories (a restart missed while away leaves them from the game before).
#pragma once

#include <optional>
#include <string>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::tellit {

// Why `after` (received under `self`) cannot follow `before`, or nullopt when it can.
std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& self);

}  // namespace gameserver::games::tellit
