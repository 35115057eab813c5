// The server side of one WebSocket connection over its TCP socket: the upgrade response, reading
// messages one at a time (answering pings and following the close handshake on the way),
// writing text frames, keep-alive pings and the idle timeout.
//
// Beast's websocket::stream did this until 2026-12-03. It is written here because a connection
// must be able to move to its room's event loop (ws_session::move_to), and Beast's stream cannot:
// its socket, timer and the bytes it has read ahead stay with the loop that accepted it. Framing
// is in ws_frame.hpp; the accept key still comes from Beast.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ws_frame.hpp"

namespace gameserver::net {

class ws_transport {
  public:
    using executor_type = boost::asio::io_context::executor_type;
    using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, executor_type>;
    using request = boost::beast::http::request<boost::beast::http::string_body>;

    // A connected socket between two event loops: its descriptor, in no loop's epoll set.
    struct detached_socket {
        boost::asio::ip::tcp protocol = boost::asio::ip::tcp::v4();
        boost::asio::ip::tcp::socket::native_handle_type handle = -1;  // -1: it had failed
    };
    template <typename Socket>
    static detached_socket detach(Socket& socket) {
        boost::system::error_code ec;
        detached_socket out;
        out.protocol = socket.local_endpoint(ec).protocol();
        if (!ec) out.handle = socket.release(ec);
        if (ec) out.handle = -1;
        return out;
    }
    // The socket on `loop` (closed if it had failed).
    static socket_type attach(detached_socket socket, boost::asio::io_context& loop);

    // Why a connection ended.
    enum class end_cause {
        peer_closed,     // the client closed (close frame or end of stream)
        closed,          // we closed it (close handshake done, or given up on)
        protocol_error,  // the client broke RFC 6455 (closed with 1002 or 1007)
        too_big,         // a message over the limit (closed with 1009)
        timed_out,       // nothing from the client for the idle timeout
        io_error,        // the socket failed, or was aborted
        handshake,       // the upgrade was refused or could not be written
    };

    // What the transport reports to its owner, always on the connection's event loop.
    class events {
      public:
        // The upgrade response went out: messages may be read and written.
        virtual void on_open() = 0;
        // One data message (text or binary); the next comes after read_next(). The view is
        // valid during the call only.
        virtual void on_message(std::string_view payload) = 0;
        // The frame of write_text() is written (if it fails, on_closed comes instead). Often
        // called from inside write_text(), when the socket took the frame at once.
        virtual void on_written(std::size_t bytes) = 0;
        // The connection is over; called once, after which nothing else is.
        virtual void on_closed(end_cause why) = 0;

      protected:
        ~events() = default;
    };

    struct options {
        std::size_t max_message_bytes = 65'536;
        std::chrono::milliseconds idle_timeout{60'000};  // a ping goes out at half of it
    };

    ws_transport(socket_type socket, options opts, events& owner_events);

    // Answers the upgrade `req` (101, or 400/426 for a bad handshake, which ends the
    // connection). `owner` keeps the connection alive while an operation is pending;
    // `read_ahead` holds bytes read past the request, the start of the first frames.
    void accept(const request& req, std::weak_ptr<void> owner, std::string_view read_ahead = {});

    // Reads the next message (only one is read at a time: the next waits for this call).
    void read_next();

    // Writes one text frame made of `payload`, which must stay alive until on_written. Once
    // closing (either side began it) nothing more is written, and on_closed follows.
    void write_text(const std::vector<boost::asio::const_buffer>& payload);

    // Starts the close handshake: the close frame goes out after the write in flight, then
    // messages are read and dropped until the client's close frame.
    void close(std::uint16_t code, std::string_view reason);

    // Resets the connection (RST): for a peer that stopped reading, whom a close frame or a FIN
    // would never reach.
    void abort();

    socket_type& socket() { return socket_; }

    // Moving to another event loop: possible while nothing is pending (no read, write, close
    // or upgrade in flight, and not inside on_message).
    bool can_move() const;
    // Gives the socket up on this loop (its pending idle tick will find it gone); move_in()
    // must follow on the new loop's thread before anything else is called.
    detached_socket move_out();
    void move_in(boost::asio::io_context& loop, detached_socket socket);
    // How many times it moved: a timer armed before a move must not touch it after.
    std::uint32_t moves() const { return moves_.load(std::memory_order_relaxed); }

  private:
    std::shared_ptr<void> keep() const { return owner_.lock(); }
    void process();  // reads events from the buffered bytes while someone wants them
    void read_socket();
    void pump();  // writes what is waiting: control frames, then data, then our close frame
    void write_data(const std::shared_ptr<void>& keep_alive);
    void write_control(std::string frame, bool is_close);
    void after_close_written();
    void end(end_cause why);
    void arm_idle_timer();
    void on_idle_timer();

    socket_type socket_;
    options opts_;
    events& events_;
    std::weak_ptr<void> owner_;

    boost::beast::flat_buffer read_buffer_;
    ws::frame_reader reader_;
    bool want_message_ = false;  // the owner asked for the next message
    bool delivering_ = false;    // inside on_message
    bool reading_socket_ = false;

    bool writing_ = false;  // an asynchronous write is in flight
    bool pumping_ = false;  // inside pump()
    bool data_pending_ = false;
    std::uint8_t data_header_[ws::max_header_bytes];
    std::vector<boost::asio::const_buffer> gather_;  // header + the owner's payload
    std::deque<std::string> control_;                // pongs and pings to send
    std::string control_in_flight_;
    std::optional<std::string> close_frame_;  // ours, waiting to go out
    bool close_sent_ = false;
    bool close_received_ = false;
    bool fail_after_close_ = false;              // end once our close frame is out, without waiting
    end_cause close_cause_ = end_cause::closed;  // reported once the close handshake ends

    boost::asio::steady_timer idle_timer_;
    // Bumped by each move: a tick already due on the loop left behind must not touch us.
    std::atomic<std::uint32_t> moves_{0};
    bool heard_since_tick_ = false;  // any bytes from the client since the last idle tick
    bool ping_unanswered_ = false;
    bool ended_ = false;

    std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
};

}  // namespace gameserver::net
