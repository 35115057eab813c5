// The JSON type games exchange with the room. Insertion-ordered, so record payloads keep the
// field order the Go server's clients see; maps keyed by ids are written in sorted order by the
// game (iterate a std::map) to match Go's sorted map keys.
#pragma once

#include <nlohmann/json.hpp>

namespace gameserver::sdk {

using json = nlohmann::ordered_json;

}  // namespace gameserver::sdk
