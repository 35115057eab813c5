// Tell-It (SEED-SPEC §6.4, GAMES.md): the plugin entry point.
#pragma once

#include <memory>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::tellit {

std::unique_ptr<sdk::game_plugin> make_plugin();

}  // namespace gameserver::games::tellit
