// testGame (SEED-SPEC §6.5): accepts and ignores everything; used by core and router tests.
#pragma once

#include <memory>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::testgame {

std::unique_ptr<sdk::game_plugin> make_plugin();

}  // namespace gameserver::games::testgame
