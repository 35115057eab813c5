// Sessions: what lets a dropped client take its seat back. A record is written when a
// connection in a room closes, consumed by a successful reconnect, dropped by leave_room.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace gameserver::core {

using wall_clock = std::chrono::system_clock;

struct session_record {
    std::string client_id;  // the id the client had when it left (the lookup key)
    std::string room_id;
    std::string game_type;
    std::string token;  // the secret reconnect token issued to that client id
    wall_clock::time_point left_at;
};

class session_store {
  public:
    virtual ~session_store() = default;
    // Stores or overwrites the record for `record.client_id`.
    virtual void put(session_record record) = 0;
    // The record if it exists and now - left_at <= ttl; expired records are never returned.
    virtual std::optional<session_record> find(const std::string& client_id,
                                               wall_clock::time_point now) const = 0;
    virtual void erase(const std::string& client_id) = 0;
    // Removes every expired record; returns how many were removed.
    virtual std::size_t purge(wall_clock::time_point now) = 0;
    virtual std::size_t size() const = 0;
};

// Thread-safe in-memory store (the embedded default).
std::unique_ptr<session_store> make_memory_session_store(std::chrono::seconds ttl);

}  // namespace gameserver::core
