// A room: members, one game instance, timers and the close grace, as a single-threaded state
// machine. The net layer runs each room on its own strand and implements room_environment with
// steady timers; tests drive it with a virtual clock. Nothing here blocks or locks.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/core/outbound.hpp"
#include "gameserver/core/telemetry.hpp"
#include "gameserver/sdk/game.hpp"

namespace gameserver::core {

using room_clock = std::chrono::steady_clock;
class room_bot_link;
using std::chrono::milliseconds;

// What a room needs from its host.
class room_environment {
  public:
    virtual ~room_environment() = default;
    virtual room_clock::time_point now() const = 0;
    // After `delay`, the host calls room::fire_timer(key) on the room's strand.
    virtual void start_timer(std::uint64_t key, milliseconds delay) = 0;
    virtual void cancel_timer(std::uint64_t key) = 0;
    // A finished game's record, to be written off the strand.
    virtual void record(std::string_view kind, sdk::json record) = 0;
    // Reads a document off the strand; the host then calls room::document_loaded(request, ...)
    // on the strand.
    virtual void load_document(std::string_view collection, std::string key,
                               std::uint64_t request) = 0;
    // A read-modify-write of one document, off the strand.
    virtual void update_document(std::string_view collection, std::string key,
                                 sdk::document_change change) = 0;
    // The room closed (grace expired, the game closed it, or an admin did): remove it from the
    // directory and tell the lobby. Called once.
    virtual void closed() = 0;
};

struct room_settings {
    milliseconds close_grace{30'000};
    milliseconds bots_only_limit{600'000};  // bots alone play on at most this long
    milliseconds bot_think_min{300};
    milliseconds bot_think_max{1'200};
    std::uint64_t seed = 0;
};

// The outcome of an operation for the member that asked: its envelopes in order (game events
// first, the reply last) and whether the operation took effect.
struct room_reply {
    bool ok = false;
    outbound_batch envelopes;
};

struct member_info {
    std::string id;
    std::string name;
    bool bot = false;
};

class room {
  public:
    room(std::string id, const sdk::game_plugin& plugin, room_settings settings,
         room_environment& env, telemetry& metrics);
    ~room();
    room(const room&) = delete;
    room& operator=(const room&) = delete;

    // Runs the game's on_create; an error means the room must not be used.
    sdk::status create(const sdk::json& options);

    // join_room step 5-7: add the member, tell the others, run the game's join hook; the reply
    // ends with `success_reply` (join_room_result). Fails with `room is closed`.
    room_reply join(const std::string& client_id, std::shared_ptr<member_link> link,
                    const std::string& name, std::shared_ptr<const std::string> success_reply);
    // leave_room: game hook first (the leaver still gets its broadcasts), then removal.
    room_reply leave(const std::string& client_id, std::shared_ptr<const std::string> reply);
    // The connection dropped: removal, then the game's on_disconnect (seat kept).
    void disconnect(const std::string& client_id);
    // reconnect steps 6-9. On a game error the member is removed again (nothing changes).
    room_reply reconnect(const std::string& new_id, std::shared_ptr<member_link> link,
                         const std::string& old_id,
                         std::shared_ptr<const std::string> success_reply);
    // A forwarded message. `reply_type` is "error" for game verbs, "game_action_result" for
    // game_action.
    room_reply action(const std::string& client_id, std::string_view type, const sdk::json& data,
                      std::string_view reply_type);
    room_reply add_bot(const std::string& client_id, std::string_view policy = {});
    // Seats `count` bots with no member asking (a room created with bots through the REST API).
    // Stops at the first refusal and returns it.
    sdk::status add_bots(int count, std::string_view policy = {});
    // Admin close: members get room_closed and leave; the room is gone.
    void close();
    void fire_timer(std::uint64_t key);
    // The answer to room_environment::load_document(request).
    void document_loaded(std::uint64_t request, sdk::loaded_document result);

    // Read on the strand (REST detail, snapshots).
    sdk::json describe() const;
    // The game's full state (game::snapshot(), hidden information included): admins only.
    sdk::json game_snapshot() const;
    std::vector<member_info> members() const;

    // Read from any thread (room lists).
    const std::string& id() const { return id_; }
    const std::string& game_type() const { return plugin_.info().id; }
    int member_count() const { return member_count_.load(std::memory_order_relaxed); }
    bool started() const { return started_.load(std::memory_order_relaxed); }
    bool is_closed() const { return closed_.load(std::memory_order_relaxed); }
    room_clock::time_point created_at() const { return created_at_; }

  private:
    friend class room_bot_link;
    class game_context;
    struct member;
    enum class timer_kind { game, close, bot, tick };
    struct timer_entry {
        timer_kind kind;
        std::string tag;  // game tag, or bot id
    };

    member* find_member(const std::string& id);
    member& add_member(const std::string& id, std::string name, bool bot,
                       std::shared_ptr<member_link> link);
    void remove_member(const std::string& id);
    bool has_humans() const;
    bool bots_still_playing();
    void watch_unattended_end();
    sdk::status seat_bot(std::string_view policy);
    void maybe_schedule_close();
    void cancel_close();
    void do_close();

    // The outbox: envelopes collected during one operation, flushed at its end.
    // Each returns how many connections the envelope reached (for the messages-out metric).
    std::size_t queue_to(member& m, const outbound& message);
    std::size_t queue_all(const outbound& message, const member* except);
    void emit_to(member& m, std::string_view type, std::string payload);
    void emit_all(std::string_view type, std::string payload, const member* except);
    // Appends to the requester's reply.
    void reply(std::string_view type, std::shared_ptr<const std::string> payload);
    outbound make(std::string_view type, std::shared_ptr<const std::string> payload);
    room_reply finish(bool ok);
    room_reply refused_as_closed(std::string_view reply_type);
    void flush();

    std::uint64_t start_timer(timer_kind kind, std::string tag, milliseconds delay);
    // The fixed-rate loop of a real-time game (see sdk::game::on_tick).
    bool wants_ticks();
    void update_ticking();
    void run_due_ticks();
    void arm_next_tick();
    void apply_kicks();
    // The in-memory transport of the room's bots (room_bot_link).
    void bot_sent(const std::string& bot_id, const sdk::json& envelope);
    void start_bot_think(const std::string& bot_id, milliseconds delay);
    void cancel_bot_think(const std::string& bot_id);
    void run_bot(const std::string& bot_id);
    milliseconds clamp_think(milliseconds think) const;
    void update_gauges();

    template <typename Hook>
    bool guarded(std::string_view what, Hook&& hook);

    std::string id_;
    const sdk::game_plugin& plugin_;
    room_settings settings_;
    room_environment& env_;
    telemetry& metrics_;
    room_clock::time_point created_at_;
    sdk::rng rng_;
    sdk::rng bot_rng_;  // bots draw from their own engine (see sdk::bot_policy)
    std::unique_ptr<sdk::game> game_;
    std::unique_ptr<game_context> context_;
    std::vector<std::unique_ptr<member>> members_;  // join order (broadcast order)
    std::map<std::uint64_t, timer_entry> timers_;
    std::uint64_t next_timer_key_ = 1;
    std::optional<std::uint64_t> close_timer_;
    const std::string* requester_ = nullptr;             // who asked for the current operation
    outbound_batch requester_batch_;                     // its envelopes, returned in the reply
    std::map<std::string, std::string> departed_names_;  // disconnected id -> name
    std::map<std::uint64_t, std::string> loads_;         // load request -> the game's tag
    std::uint64_t next_load_ = 1;
    std::vector<std::pair<std::string, std::string>> kicks_;  // (member, reason), after the hook
    room_clock::duration tick_period_{};                      // zero: turn-based
    std::optional<std::uint64_t> tick_timer_;
    room_clock::time_point
        tick_origin_{};  // when tick 0 was due: tick n is due at origin + n·period
    std::uint64_t ticks_run_ = 0;
    bool close_requested_ = false;
    bool unattended_game_ended_ = false;  // a game ended while only bots were here
    std::optional<room_clock::time_point> unattended_since_;  // when the last human left
    std::atomic<int> member_count_{0};
    std::atomic<bool> started_{false};
    std::atomic<bool> closed_{false};
};

}  // namespace gameserver::core
