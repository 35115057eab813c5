// The one list of games a server offers (no static self-registration).
#pragma once

#include "gameserver/core/game_registry.hpp"

namespace gameserver::games {

// The production games.
void register_all_games(core::game_registry& registry);
// Adds testGame (SEED-SPEC §6.5), for test builds and `--enable-test-game`.
void register_test_game(core::game_registry& registry);

}  // namespace gameserver::games
