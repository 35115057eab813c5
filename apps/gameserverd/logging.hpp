// spdlog set-up for the daemon: text lines for people, JSON lines for log collectors.
#pragma once

#include "gameserver/core/config.hpp"

namespace gameserver::app {

void setup_logging(const core::log_config& cfg);

}  // namespace gameserver::app
