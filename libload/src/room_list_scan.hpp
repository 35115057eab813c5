// Private to libload: reads a room list straight from a frame's text. A fan-out run's spectators
// ask for the room list after every game, and with a 30 s close grace the server lists thousands
// of rooms; parsing each list into a JSON tree took about half of gameload's CPU (perf), enough
// to delay every reply it waited for. The scanner reads only the server's own compact encoding
// and gives up (nullopt) on anything else, so the caller then parses the frame in full.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::load {

struct listed_room {
    std::string id;
    std::int64_t members = 0;
    bool started = false;
};

struct scanned_room_list {
    std::vector<listed_room> rooms;
    // The frame's other envelopes, as a frame of their own ("[...]"); empty when there are none.
    std::string rest;
};

// A frame whose first envelope is the server's room_list_update:
// [{"type":"room_list_update","success":true,"data":[{"roomId":"...","playerCount":N,
// "started":B},...]} (,more envelopes)]. nullopt for any other text, or one it cannot be sure of
// (whitespace, other keys or key order, escapes other than \" \\ \/).
std::optional<scanned_room_list> scan_room_list_frame(std::string_view text);

// The same rooms from a parsed envelope's "data" (the path for frames the scanner declined).
std::vector<listed_room> listed_rooms(const sdk::json& data);

// The id of a started room with the fewest members; empty when none is started.
std::string least_watched_started_room(const std::vector<listed_room>& rooms);

}  // namespace gameserver::load
