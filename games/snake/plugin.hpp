// snake (GAMES.md "snake", the real-time game): the plugin entry point.
#pragma once

#include <memory>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::snake {

std::unique_ptr<sdk::game_plugin> make_plugin();

}  // namespace gameserver::games::snake
