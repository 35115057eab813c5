// One WebSocket connection to the server before the bots start, so an unreachable server is a
// clear message and exit status 2 rather than N bots giving up one by one.
#pragma once

#include <string>

#include "gameserver/bot/ws_url.hpp"

namespace gameserver::app {

// Empty when the server answered the upgrade with a welcome; else why not.
std::string probe_server(const bot::ws_endpoint& endpoint);

}  // namespace gameserver::app
