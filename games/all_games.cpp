#include "all_games.hpp"

#include "dicegame/plugin.hpp"
#include "owedrahn/plugin.hpp"
#include "snake/plugin.hpp"
#include "tellit/plugin.hpp"
#include "testgame/testgame.hpp"
#include "tictactoe/plugin.hpp"

namespace gameserver::games {

void register_all_games(core::game_registry& registry) {
    registry.add(tictactoe::make_plugin());
    registry.add(dicegame::make_plugin());
    registry.add(owedrahn::make_plugin());
    registry.add(tellit::make_plugin());
    registry.add(snake::make_plugin());
}

void register_test_game(core::game_registry& registry) {
    registry.add(testgame::make_plugin());
}

}  // namespace gameserver::games
