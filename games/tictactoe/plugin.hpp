// tic-tac-toe (SEED-SPEC §6.1, GAMES.md): the plugin entry point.
#pragma once

#include <memory>

#include "gameserver/sdk/game.hpp"

namespace gameserver::games::tictactoe {

std::unique_ptr<sdk::game_plugin> make_plugin();

}  // namespace gameserver::games::tictactoe
