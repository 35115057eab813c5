// Private to libload: the requests gameload's raw users and slow readers send, built in plain
// functions because GCC 12 miscompiles JSON initializer lists inside coroutines.
#pragma once

#include <string>

#include "gameserver/sdk/json.hpp"

namespace gameserver::load {

// join_room's data: {gameType, playerName, roomId[, options when an object]}.
sdk::json join_data(const std::string& game, const std::string& name, const std::string& room,
                    const sdk::json& options = nullptr);
// The whole join_room envelope, as text.
std::string join_request(const std::string& game, const std::string& name, const std::string& room,
                         const sdk::json& options = nullptr);
// The whole get_room_list envelope for `game`, as text.
std::string room_list_request(const std::string& game);

}  // namespace gameserver::load
