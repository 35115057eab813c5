// Every open room by id. Creation is atomic per id (two concurrent creates of one name give one
// room) and removal is by identity (a stale close never removes a newer room of the same name).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::net {

class room_host;

struct room_summary {
    std::string id;
    std::string game_type;
    int member_count = 0;
    bool started = false;
};

class room_directory {
  public:
    std::shared_ptr<room_host> find(const std::string& id) const;
    // Inserts `host` under `id` unless a room already has it; returns the room that holds it.
    std::shared_ptr<room_host> insert_if_absent(const std::string& id,
                                                std::shared_ptr<room_host> host, bool& inserted);
    bool remove(const std::string& id, const room_host* host);
    std::vector<room_summary> list(std::string_view game_type = {}) const;
    // The `room_list_update` envelope of `game_type`'s rooms (every room's when empty), data
    // [{roomId, playerCount, started}]: the bytes encode_envelope would write for list(game_type),
    // written straight from the directory because spectators ask for lists of thousands of rooms
    // hundreds of times a second (copying each room's id and game into a summary first, then
    // encoding, was a third of the server's CPU in the fan-out benchmark).
    std::string room_list_update(std::string_view game_type) const;
    std::vector<std::shared_ptr<room_host>> all() const;
    std::size_t size() const;
    void clear();

  private:
    struct entry {
        std::shared_ptr<room_host> host;
        std::string game_type;
        std::string listing_head;  // {"roomId":"<id, escaped>","playerCount":
    };

    mutable std::mutex mutex_;
    std::unordered_map<std::string, entry> rooms_;
};

}  // namespace gameserver::net
