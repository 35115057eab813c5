// game_tests runs the conformance suite over every game the server registers, and testGame.
#include "all_games.hpp"
#include "games/conformance.hpp"
#include "gameserver/core/game_registry.hpp"

namespace gameserver::games::conformance {

const std::vector<const sdk::game_plugin*>& conformance_plugins() {
    static const core::game_registry registry = [] {
        core::game_registry r;
        register_all_games(r);
        register_test_game(r);
        return r;
    }();
    static const std::vector<const sdk::game_plugin*> plugins = registry.list();
    return plugins;
}

}  // namespace gameserver::games::conformance
