// Lobby subscriptions (`/ws?game=<type>`): who gets `room_list_update` pushes for a game.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gameserver/core/outbound.hpp"

namespace gameserver::net {

class room_directory;
class metrics;

class lobby {
  public:
    lobby(const room_directory& rooms, metrics& stats) : rooms_(rooms), metrics_(stats) {}

    void subscribe(const std::string& game, const std::shared_ptr<core::member_link>& link);
    void unsubscribe(const std::string& game, const core::member_link* link);
    // Sends the current room list of `game` to every subscriber (encoded once).
    void push(const std::string& game);
    // The envelope `room_list_update` for `game` (an answer to get_room_list: never superseded).
    core::outbound room_list_update(const std::string& game) const;

  private:
    const room_directory& rooms_;
    metrics& metrics_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<std::weak_ptr<core::member_link>>, std::less<>> subscribers_;
};

}  // namespace gameserver::net
