// One WebSocket client: owns its transport (socket, read buffer), outbox and timers, on one
// event loop. Handles one inbound message at a time, in arrival order, like the Go server's read
// loop; commands that touch a room run on the room's event loop, which this connection moves to
// (server.follow_rooms) when it can. Everything a room sends arrives through deliver() and is
// batched into array frames.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gameserver/core/json_codec.hpp"
#include "gameserver/core/outbound.hpp"
#include "outbox.hpp"
#include "server_state.hpp"
#include "token_bucket.hpp"
#include "ws_transport.hpp"

namespace gameserver::net {

class room_host;

// Close code for a member the game removed (tellit's vote kick) or an admin kicked: an
// application code, 4000-4999.
inline constexpr std::uint16_t kicked_close_code = 4000;

class ws_session final : public core::member_link,
                         private ws_transport::events,
                         public std::enable_shared_from_this<ws_session> {
  public:
    using request = boost::beast::http::request<boost::beast::http::string_body>;

    ws_session(boost::beast::tcp_stream&& stream, server_state& state, ip_slot slot);
    ~ws_session() override;

    // Accepts the upgrade carried by `req` (already checked by the HTTP session); `read_ahead`
    // is what the client sent after it, read with the request.
    void run(request req, std::string lobby_game, std::string read_ahead = {});

    // core::member_link (any thread)
    void deliver(core::outbound_batch batch) override;
    void left_room(const std::string& room_id) override;
    void kicked(const std::string& room_id, const std::string& reason) override;

    // Server shutdown: close 1001 (any thread).
    void shutdown();
    // Admin kick (any thread): leaves its room for good (no seat kept), then closes with 4000
    // and `reason` once what is queued for it is written, like a vote kick.
    void admin_kick(std::string reason);

    // Fixed at construction, so readable from any thread.
    const std::string& client_id() const { return client_id_; }

  private:
    // ws_transport::events
    void on_open() override;
    void on_message(std::string_view payload) override;
    void on_written(std::size_t bytes) override;
    void on_closed(ws_transport::end_cause why) override;

    void do_read();
    void handle(std::string_view frame);
    void dispatch(core::inbound_message&& message);
    void resume();  // the current message is handled: read the next one

    // Commands (SEED-SPEC §2.4).
    void join_room(const core::inbound_message& message);
    void leave_room();
    void reconnect(const core::inbound_message& message);
    void add_bot(const core::inbound_message& message);
    void get_room_list(const core::inbound_message& message);
    void forward(core::inbound_message&& message, std::string_view reply_type);

    // Runs `work(room)` on the room's event loop, then `done(reply)` back on this connection's
    // event loop; both at once when the room shares this connection's loop.
    template <typename Work, typename Done>
    void in_room(const std::shared_ptr<room_host>& host, Work work, Done done);
    // Runs `f` at once when called on this connection's event loop, else posts it there. What
    // rooms and the lobby call on a connection never calls back into them synchronously, so
    // running it inside their operation cannot re-enter them.
    template <typename F>
    void on_own_loop(F f);
    // Posts `f` to this connection's event loop, following it if it moves meanwhile (any thread).
    template <typename F>
    void post_home(F f);
    boost::asio::io_context& home() const { return *home_.load(std::memory_order_acquire); }
    // Moving to the event loop of the room we play in (server.follow_rooms).
    bool can_move() const;
    template <typename F>
    void move_to(boost::asio::io_context& loop, F then);

    void reply_error(std::string_view type, std::string_view message, sdk::error_code code);
    bool push(core::outbound message);  // into the outbox; false once closing
    void enqueue(core::outbound message);
    void enqueue_all(core::outbound_batch batch);
    void do_write();
    void arm_write_watchdog(std::chrono::steady_clock::time_point at);
    void on_write_watchdog();
    void abort_stalled();  // RST: the peer stopped reading, so a FIN would never reach it
    void close_with(std::uint16_t code, std::string_view reason);
    void close_if_kicked();
    void apply_admin_kick();

    ws_transport transport_;
    // The event loop this connection runs on, or is moving to. Changed only on that loop
    // (move_to), so a handler running there may rely on it; other threads read it to post here.
    std::atomic<boost::asio::io_context*> home_;
    // The loop this connection runs on once a move has arrived there (null while moving): only
    // there may its code run inline from another object's handler (on_own_loop).
    std::atomic<boost::asio::io_context*> settled_;
    server_state& state_;
    ip_slot ip_;
    // The write timeout. Arming a timer for every write costs a timerfd_settime per message:
    // instead it is armed for the first write and, when it fires, re-armed from the start of the
    // write then in flight, or left idle until the next write (see on_write_watchdog).
    boost::asio::steady_timer write_watchdog_;
    bool watchdog_armed_ = false;
    std::chrono::steady_clock::time_point write_started_;
    boost::asio::steady_timer close_deadline_;  // forced close after a close frame
    std::string client_id_;
    std::string lobby_game_;
    std::string token_;  // reconnect token of client_id_, issued with a seat
    std::shared_ptr<room_host>
        room_;  // current room (touched on this connection's event loop only)
    outbox outbox_;
    core::outbound_batch in_flight_;
    std::vector<boost::asio::const_buffer> write_buffers_;
    token_bucket bucket_;
    int limited_in_a_row_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool closed_ = false;
    bool registered_ = false;
    std::string close_when_sent_;  // kicked: close with this reason once the outbox is written
    std::string admin_kick_;       // an admin kick waiting for our message in a room to finish
    bool kicked_by_admin_ = false;
    bool awaiting_room_ = false;  // a message of ours is being handled on the room's event loop
    std::chrono::steady_clock::time_point read_at_;
};

}  // namespace gameserver::net
