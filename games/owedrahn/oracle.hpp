// Owe Drahn's desync oracle: whether one `game_state` view of a seat can follow another under the
// rules (rules.hpp, game.cpp), so a bot can count and log every impossible transition it receives.
#pragma once

#include <optional>
#include <string>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::owedrahn {

// Why `after` cannot follow `before` (two views of one seat, in the order received, possibly with
// views missing in between), or nullopt when some legal history leads from one to the other.
// `self` is the id `after` was received under. Also refuses a view no game could show.
std::optional<std::string> transition_error(const sdk::json& before, const sdk::json& after,
                                            const sdk::player_id& self);

}  // namespace gameserver::games::owedrahn
