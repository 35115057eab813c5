// An encoded outbound envelope, shared by every recipient of a broadcast (encoded once).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace gameserver::core {

struct outbound {
    std::shared_ptr<const std::string> payload;  // one envelope: {"type":..,"success":..}
    bool full_state = false;  // a `game_state`: a newer one makes an unsent older one obsolete
    bool room_list = false;   // a lobby `room_list_update`: likewise, the newest list is enough
};

using outbound_batch = std::vector<outbound>;

// Receives what a room produces for one member. Called on the room's strand; implementations
// post to their own strand.
class member_link {
  public:
    virtual ~member_link() = default;
    virtual void deliver(outbound_batch batch) = 0;
    // The room closed (or removed this member): the member is no longer in `room_id`.
    virtual void left_room(const std::string& room_id) = 0;
    // The game removed this member for good (tellit's vote kick): it has left `room_id` with no
    // seat to reconnect to, and its connection is closed with `reason` once its queue is sent.
    virtual void kicked(const std::string& room_id, const std::string& reason) = 0;
};

}  // namespace gameserver::core
