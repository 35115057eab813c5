// dicegame (SEED-SPEC §6.2, GAMES.md): the plugin entry point.
#pragma once

#include <memory>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::dicegame {

std::unique_ptr<sdk::game_plugin> make_plugin();

}  // namespace gameserver::games::dicegame
