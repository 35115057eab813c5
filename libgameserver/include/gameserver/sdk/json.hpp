// The JSON type games exchange with the room. Insertion-ordered, so record payloads keep the
// field order the Go server's clients see; maps keyed by ids are written in sorted order by the
// game (iterate a std::map) to match Go's sorted map keys.
#pragma once

#include <nlohmann/json.hpp>

namespace gameserver::sdk {

using json = nlohmann::ordered_json;

// The `data` a game receives when the client sent no `data` key at all. Go tells the two apart:
// decoding an absent payload fails ("unexpected end of JSON input") while `null` decodes to all
// defaults, so games that mirror it check is_absent(data) first.
inline const json& absent_data() {
    static const json absent(json::value_t::discarded);
    return absent;
}
inline bool is_absent(const json& data) {
    return data.is_discarded();
}

}  // namespace gameserver::sdk
