// Owe Drahn (SEED-SPEC §6.3, GAMES.md): the plugin entry point.
#pragma once

#include <memory>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::owedrahn {

std::unique_ptr<sdk::game_plugin> make_plugin();

}  // namespace gameserver::games::owedrahn
