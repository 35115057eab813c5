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
    std::vector<std::shared_ptr<room_host>> all() const;
    std::size_t size() const;
    void clear();

  private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<room_host>> rooms_;
};

// The `room_list_update` envelope for a game, data [{roomId, playerCount, started}]: the same
// bytes as encode_envelope("room_list_update", ...) of that array, written directly because a
// lobby of thousands of rooms is listed on every request and push.
std::string encode_room_list_update(const std::vector<room_summary>& rooms);

}  // namespace gameserver::net
