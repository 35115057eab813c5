// The client side of Tell-It's state: tellit sends no `game_state`, only pieces (users_update,
// game_status, story_update, final_stories, the vote updates, user_kicked), so a bot that only has
// the envelopes (gamebot) rebuilds game::view_for(self) from them here. Every folded view also
// passes the oracle (oracle.hpp), envelope by envelope: an event's pieces never show a state the
// game cannot be in (the end's final_stories set "ended" at once; user_kicked removes the user,
// its votes and its queue as the game does, before the users_update that confirms it).
//
// What the pieces cannot carry, and what the reducer assumes instead:
// - `options`: no message sends them; the view holds the defaults of a room created with no
//   options (rules.hpp room_options{}). A room created with other options differs there.
// - `written`: no message carries it; it counts the own submits seen in users_update (the
//   successor of the writer gains a queued story) or, when self is the only user, a story_update
//   that shows another front story. Two stories with identical DTOs in a lone user's queue would
//   hide one submit.
// - A client that joins a running game is sent no game_status: the status is guessed "started"
//   from queued stories, votes or a story_update, until request_update tells it. Votes cast and
//   texts written before it listened (or while it was away) are never repeated: its votes stay
//   short, and a missed restart leaves `written` and `isStoryOwner` of the game before.
// - `author` of a story whose owner is kicked becomes "Unknown" (user_kicked names the kicked
//   user, not its id): right unless two users share the kicked user's name.
#pragma once

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::tellit {

// The view before any message: waiting, nobody, nothing written, default options.
sdk::json initial_client_view();

// Folds one envelope {type, success, data?, error?, code?} sent to `self` into `view` (null at
// first); returns whether `view` changed. Unknown types and failures (submit_text errors) change
// nothing.
bool reduce_view(sdk::json& view, const sdk::json& envelope, const sdk::player_id& self);

}  // namespace gameserver::games::tellit
