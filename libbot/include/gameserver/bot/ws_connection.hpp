// One WebSocket client connection on Beast with C++20 coroutines. Every member runs on the
// owner's strand (one per bot); one write in flight with a small bounded queue; keep-alive pings
// and drop detection come from Beast's stream_base::timeout. A connection is used once: after a
// drop the owner makes a new one.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "gameserver/bot/ws_url.hpp"

namespace gameserver::bot {

struct connection_settings {
    std::chrono::milliseconds connect_timeout{5'000};  // TCP connect and WebSocket handshake
    std::chrono::milliseconds idle_timeout{30'000};    // a ping at half of it; silence = drop
    std::size_t max_message_bytes = 1 << 20;           // larger server frames drop the link
    std::size_t max_queued_messages = 64;              // send() refuses beyond this
    // close() waits this long for the queue and the close handshake, then cuts the link (a
    // write the server stopped reading must not keep the connection, and its owner, alive).
    std::chrono::milliseconds close_timeout{2'000};
};

class ws_connection : public std::enable_shared_from_this<ws_connection> {
  public:
    using executor_type = boost::asio::strand<boost::asio::io_context::executor_type>;

    ws_connection(executor_type strand, connection_settings settings);

    // Resolves, connects and upgrades. An error code on failure.
    boost::asio::awaitable<boost::system::error_code> connect(const ws_endpoint& endpoint);
    // The next whole message as text; websocket::error::closed after a clean close.
    boost::asio::awaitable<boost::system::error_code> read(std::string& out);
    // Queues a message (on the strand); false when the queue is full or the link is down.
    bool send(std::string text);
    // A clean close once the queue is written (close code 1000).
    void close();
    // Test hook: cuts the TCP connection without a close frame, as a network failure would.
    void drop();
    bool is_open() const { return open_; }

  private:
    using stream_type = boost::beast::websocket::stream<boost::beast::tcp_stream>;
    boost::asio::awaitable<void> write_loop();
    boost::asio::awaitable<void> do_close();

    executor_type strand_;
    connection_settings settings_;
    stream_type ws_;
    boost::beast::flat_buffer buffer_;
    boost::asio::steady_timer close_timer_;
    std::deque<std::string> queue_;
    bool open_ = false;
    bool writing_ = false;
    bool closing_ = false;
};

}  // namespace gameserver::bot
