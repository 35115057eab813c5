// YAML as JSON, for room options in gamebot presets and gameload scenarios and for the admin
// API's view of the config: plain scalars that read as numbers or booleans become those;
// quoted scalars and everything else stay strings.
#pragma once

#include <yaml-cpp/yaml.h>

#include "gameserver/sdk/json.hpp"

namespace gameserver::core {

sdk::json yaml_to_json(const YAML::Node& node);

}  // namespace gameserver::core
