// What the room gives a game: time, randomness, an outbox, timers and the power to close the
// room. A game holds no other handle to the world, which keeps it replayable.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "gameserver/sdk/json.hpp"
#include "gameserver/sdk/json_writer.hpp"
#include "gameserver/sdk/rng.hpp"
#include "gameserver/sdk/status.hpp"

namespace gameserver::sdk {

using player_id = std::string;
using millis = std::chrono::milliseconds;
using timer_id = std::uint64_t;

// A read-modify-write of one stored document: gets the stored document (null when there is none)
// and returns the new one. It runs on the storage's thread, so it must be a pure function of its
// argument and of what it captured by value.
using document_change = std::function<json(const json& current)>;

// What context::load_document() found: `ok` false when the read failed (logged and counted by
// the server); otherwise `document` is the stored JSON, or null when there is none.
struct loaded_document {
    bool ok = true;
    json document;
};

class context {
  public:
    virtual ~context() = default;

    // The room's clock: time since the room was created (virtual in tests and the simulator).
    virtual millis now() const = 0;
    // The room's engine, seeded at creation and recorded so a game replays exactly.
    virtual rng& random() = 0;

    // Outbox. Envelopes go out in call order; `data` omitted when not given. A member that is
    // not connected (or unknown) is skipped silently: the game never needs to know.
    virtual void send(const player_id& to, std::string_view type, json data) = 0;
    virtual void send(const player_id& to, std::string_view type) = 0;  // no `data` key
    virtual void broadcast(std::string_view type, json data) = 0;
    // The same with `data` already written as JSON text (json_writer): for a state sent on every
    // action, skipping the JSON tree. The default parses it back, for hosts that need the tree.
    virtual void broadcast_encoded(std::string_view type, encoded_json data) {
        broadcast(type, json::parse(data.text));
    }
    virtual void broadcast_except(const player_id& except, std::string_view type, json data) = 0;
    // `{"type":"error","success":false,"error":message,"code":...}` to one member.
    virtual void send_error(const player_id& to, const game_error& error) = 0;
    // The same failure envelope under another `type` (tellit answers `submit_text` this way).
    virtual void send_error(const player_id& to, std::string_view type,
                            const game_error& error) = 0;

    // Timers fire `game::on_timer(tag)` on the room's strand after `delay` of room time.
    virtual timer_id schedule(millis delay, std::string tag) = 0;
    virtual void cancel(timer_id id) = 0;

    // Closes the room after the current hook returns (members get `room_closed`).
    virtual void close_room() = 0;

    // Hands a finished result to the server's Storage (written off the room's strand, stamped
    // with the wall time there). `kind` names the record type, e.g. "tictactoe_result".
    virtual void record(std::string_view kind, json record) = 0;

    // Per-key documents (statistics, profiles), read and written off the room's strand.
    // load_document: the game gets game::on_loaded(tag, result) later, on the strand.
    virtual void load_document(std::string_view collection, std::string key, std::string tag) = 0;
    virtual void update_document(std::string_view collection, std::string key,
                                 document_change change) = 0;

    // Removes `player` from the room for good (its seat cannot be reconnected) and closes its
    // connection with `reason`; the others get `client_left`. Takes effect after the current
    // hook returns, so the game may keep iterating its own state.
    virtual void kick(const player_id& player, std::string reason) = 0;

    // The room's id, for games that persist results.
    virtual const std::string& room_id() const = 0;
};

}  // namespace gameserver::sdk
