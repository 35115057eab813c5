// The games a server offers, by wire id. Filled once at start-up (register_all_games) and
// read-only afterwards, so lookups need no lock.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/game.hpp"

namespace gameserver::core {

class game_registry {
  public:
    // Throws std::invalid_argument on a duplicate or empty id (a programming error at start-up).
    void add(std::unique_ptr<sdk::game_plugin> plugin);
    const sdk::game_plugin* find(std::string_view id) const;
    // In registration order.
    std::vector<const sdk::game_plugin*> list() const;

  private:
    std::vector<std::unique_ptr<sdk::game_plugin>> plugins_;
    std::map<std::string, const sdk::game_plugin*, std::less<>> by_id_;
};

}  // namespace gameserver::core
