// snake_tests runs the conformance suite over snake alone.
#include <memory>
#include <vector>

#include "games/conformance.hpp"
#include "snake/plugin.hpp"

namespace gameserver::games::conformance {

const std::vector<const sdk::game_plugin*>& conformance_plugins() {
    static const std::unique_ptr<sdk::game_plugin> plugin = snake::make_plugin();
    static const std::vector<const sdk::game_plugin*> plugins{plugin.get()};
    return plugins;
}

}  // namespace gameserver::games::conformance
