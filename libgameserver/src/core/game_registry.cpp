#include "gameserver/core/game_registry.hpp"

#include <stdexcept>

namespace gameserver::core {

void game_registry::add(std::unique_ptr<sdk::game_plugin> plugin) {
    const std::string& id = plugin->info().id;
    if (id.empty()) throw std::invalid_argument("game plugin with an empty id");
    if (by_id_.contains(id)) throw std::invalid_argument("game registered twice: " + id);
    by_id_.emplace(id, plugin.get());
    plugins_.push_back(std::move(plugin));
}

const sdk::game_plugin* game_registry::find(std::string_view id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
}

std::vector<const sdk::game_plugin*> game_registry::list() const {
    std::vector<const sdk::game_plugin*> out;
    out.reserve(plugins_.size());
    for (const auto& plugin : plugins_) out.push_back(plugin.get());
    return out;
}

}  // namespace gameserver::core
