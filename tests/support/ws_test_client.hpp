// A blocking WebSocket client for tests: connects to a real server over a real socket, sends
// frames, and reads envelopes out of the server's array frames with a timeout on every wait.
// A wait that times out leaves its read pending, so the client stays usable afterwards; a client
// that is never asked to read does not read at all (a consumer that stopped reading).
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::testing {

using sdk::json;
using namespace std::chrono_literals;

class ws_test_client {
  public:
    struct options {
        std::string target = "/ws";
        std::optional<std::string> origin = std::nullopt;
        // SO_RCVBUF before connecting (0: the system default); small values make a client
        // that stops reading back up the server quickly.
        int receive_buffer = 0;
    };

    ws_test_client() : ws_(ioc_) {}
    ~ws_test_client();
    ws_test_client(const ws_test_client&) = delete;
    ws_test_client& operator=(const ws_test_client&) = delete;

    // Throws on failure (handshake refused, nothing listening).
    void connect(std::uint16_t port, const options& opts);
    void connect(std::uint16_t port) { connect(port, options{}); }
    // The HTTP status of a refused upgrade (0 when it was accepted, -1 when the server closed
    // the connection without any HTTP response).
    static int upgrade_status(std::uint16_t port, const options& opts);

    void send_text(const std::string& text);
    void send_binary(const std::string& bytes);
    void send(const std::string& type, const json& data) {
        send_text(json{{"type", type}, {"data", data}}.dump());
    }
    void send(const std::string& type) { send_text(json{{"type", type}}.dump()); }

    // The next whole frame's raw text; nullopt on timeout or close.
    std::optional<std::string> read_frame(std::chrono::milliseconds timeout = 3s);
    // The next envelope (frames are split into their envelopes, in order); nullopt on timeout.
    std::optional<json> next(std::chrono::milliseconds timeout = 3s);
    // Skips envelopes until one of `type` arrives; those skipped stay readable via skipped().
    std::optional<json> wait_for(const std::string& type, std::chrono::milliseconds timeout = 3s);
    // Everything that arrives within `window` (used to assert that nothing else came).
    std::vector<json> drain(std::chrono::milliseconds window = 200ms);
    const std::vector<json>& skipped() const { return skipped_; }

    // True once the server closed the connection; close_code() says with which code.
    bool wait_closed(std::chrono::milliseconds timeout = 3s);
    int close_code() const { return close_code_; }
    bool is_open() const { return ws_.is_open() && !closed_; }
    void close();
    // Drops the TCP connection without a close frame (a network failure).
    void drop();
    // The kernel's view, without reading: the server reset the connection (a FIN would leave
    // it half-open in CLOSE-WAIT, and only after everything queued before it was read).
    bool reset_by_peer();

    // Sends `client_id`-bearing reconnect data etc. are just send(); these are shortcuts.
    json join(const std::string& game, const std::string& name,
              const std::optional<std::string>& room = std::nullopt);

  private:
    bool read_into_queue(std::chrono::milliseconds timeout);
    void start_read();
    // Runs the client's handlers until `done()` or the deadline.
    template <typename Done>
    void run_until(std::chrono::steady_clock::time_point deadline, Done done);

    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    std::deque<std::string> frames_;  // whole frames read but not yet returned
    std::deque<json> queue_;
    std::vector<json> skipped_;
    int close_code_ = 0;
    bool closed_ = false;
    bool reading_ = false;
};

}  // namespace gameserver::testing
