// The protocol side of one bot's connection, without sockets: join, seat, leave, and the
// reconnect-after-drop logic (reconnect {clientId, reconnectToken} with backoff and jitter, a
// fresh id and token from reconnect_result, giving up after the attempt limit).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "gameserver/bot/backoff.hpp"
#include "gameserver/bot/rate_limit.hpp"
#include "gameserver/sdk/json.hpp"
#include "gameserver/sdk/rng.hpp"

namespace gameserver::bot {

struct join_request {
    std::string game_type;
    std::string player_name;
    std::string room_id;  // empty: the server creates a room
    sdk::json options;    // null: none
};

struct seat_info {
    std::string client_id;
    std::string room_id;
    std::string reconnect_token;
};

enum class session_phase {
    connecting,      // no socket yet, or waiting for `welcome`
    idle,            // connected, in no room
    joining,         // join_room sent
    seated,          // in a room
    reconnecting,    // reconnect sent after a drop
    reconnect_wait,  // the server did not know our session yet: reconnect again after a delay
    leaving,         // leave_room sent
    gave_up,         // the attempt limit was reached
    closed,          // closed on purpose
};

// What an envelope or a (re)connection meant for the runner.
enum class session_event {
    none,
    seated,
    reseated,
    join_failed,
    reconnect_failed,
    game_ended_away,  // the reconnect was refused because the game ended meanwhile (no seat to
                      // restore, nothing lost): play the next game
    reconnect_retry,  // wait retry_delay(), then send retry_reconnect()
    request_retry,    // the server's rate limit dropped our join, reconnect or leave: wait
                      // retry_delay(), then send resend()
    left,
};

struct session_step {
    std::optional<sdk::json> send;  // an envelope to send now
    session_event event = session_event::none;
};

class session_machine {
  public:
    // `seed` feeds the jitter of reconnect retries on one connection (on_disconnected() draws
    // from the caller's engine).
    explicit session_machine(backoff_policy policy = {}, std::uint64_t seed = 0)
        : backoff_(policy), random_for_retry_(seed) {}

    session_phase phase() const { return phase_; }
    bool has_seat() const { return seat_.has_value(); }
    const std::optional<seat_info>& seat() const { return seat_; }
    int reconnects() const { return reconnects_; }
    int reconnect_failures() const { return reconnect_failures_; }

    // The server's `welcome` arrived on a new connection: rejoin the seat we had (reconnect),
    // or send the pending join, or stay idle.
    session_step on_welcome();
    // Join a room now (when connected) or on the next welcome.
    session_step join(join_request request);
    session_step leave();
    // Any envelope from the server; only the results of our own requests change the phase.
    session_step on_envelope(const sdk::json& envelope);
    // The connection failed or dropped: the delay before the next attempt, or nullopt when the
    // machine gives up (attempt limit) or was closed.
    std::optional<std::chrono::milliseconds> on_disconnected(sdk::rng& random);
    // After session_event::reconnect_retry: how long to wait, then the reconnect to send.
    std::chrono::milliseconds retry_delay() const { return retry_delay_; }
    session_step retry_reconnect();
    // After session_event::request_retry: the join, reconnect or leave again, unless its answer
    // came meanwhile (a refusal may have been for an action sent just before a leave).
    session_step resend();
    // A clean, intended close: no reconnect follows.
    void close() { phase_ = session_phase::closed; }

  private:
    session_step send_join();
    session_step send_reconnect();

    backoff backoff_;
    sdk::rng random_for_retry_;
    session_phase phase_ = session_phase::connecting;
    std::optional<join_request> pending_join_;
    std::optional<seat_info> seat_;
    std::chrono::milliseconds retry_delay_{0};
    bool resend_armed_ = false;  // a request_retry is pending: further refusals add nothing
    bool leave_lost_ = false;    // a drop cut a leave short: report `left` on the next welcome
    int reconnects_ = 0;
    int reconnect_failures_ = 0;
};

}  // namespace gameserver::bot
