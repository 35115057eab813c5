#include "slow_reader.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "gameserver/bot/frames.hpp"
#include "requests.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames (see raw_user.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace gameserver::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr auto connect_timeout = 5s;
constexpr auto join_timeout = 5s;
constexpr auto reconnect_pause = 500ms;
// How often a stalled reader looks at its socket's TCP state: the cut is timed to this (or to
// `interval`, whichever is shorter).
constexpr auto probe_period = 100ms;

// The join's answer in a frame: nullopt when the frame holds none, else whether it succeeded.
std::optional<bool> join_answer(const std::string& text) {
    for (const auto& envelope : bot::parse_frame(text).envelopes) {
        if (envelope.value("type", "") == "join_room_result")
            return envelope.value("success", false);
    }
    return std::nullopt;
}

}  // namespace

slow_reader::slow_reader(asio::io_context& ioc, user_group& group, int index,
                         std::chrono::microseconds start_at, std::string room_prefix,
                         histogram& connect_us, std::mutex& connect_mutex, const user_clock& clock)
    : group_(group),
      index_(index),
      start_at_(start_at),
      room_prefix_(std::move(room_prefix)),
      strand_(asio::make_strand(ioc)),
      connect_us_(connect_us),
      connect_mutex_(connect_mutex),
      clock_(clock),
      timer_(strand_),
      request_(room_list_request(group.spec.game)) {}

void slow_reader::start() {
    asio::co_spawn(
        strand_, [self = shared_from_this()] { return self->run(); }, asio::detached);
}

void slow_reader::post_drop() {
    asio::post(strand_, [self = shared_from_this()] {
        if (!self->ws_) return;
        self->dropped_ = true;
        self->cut_socket();
        self->timer_.cancel();
    });
}

void slow_reader::post_stop() {
    asio::post(strand_, [self = shared_from_this()] {
        self->timer_.cancel();
        if (self->ws_) self->cut_socket();
    });
}

bool slow_reader::over() const {
    return clock_.stopping || steady_clock::now() >= clock_.deadline;
}

void slow_reader::cut_socket() {
    boost::system::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
}

void slow_reader::count_error(const std::string& code) {
    std::lock_guard lock(group_.mutex);
    ++group_.counts.errors[code];
    ++(clock_.server_down ? group_.counts.expected_refusals : group_.counts.unexpected_errors);
}

asio::awaitable<bool> slow_reader::pause(std::chrono::microseconds delay) {
    timer_.expires_at(std::min(steady_clock::now() + delay, clock_.deadline));
    co_await timer_.async_wait(use_tuple);
    co_return !over();
}

asio::awaitable<void> slow_reader::run() {
    if (!co_await pause(start_at_)) co_return;
    while (!over()) {
        dropped_ = false;
        write_failed_ = false;
        write_in_flight_ = false;
        if (!co_await connect()) {
            if (!co_await pause(reconnect_pause)) break;
            continue;
        }
        {
            std::lock_guard lock(group_.mutex);
            if (!std::exchange(connected_once_, true)) ++group_.counts.connected;
            ++group_.open;
            ++group_.handshakes;
        }
        if (co_await join()) co_await stall();
        cut_socket();
        {
            std::lock_guard lock(group_.mutex);
            --group_.open;
            if (!over()) ++group_.counts.reconnects;
        }
        if (!co_await pause(reconnect_pause)) break;
    }
    if (ws_) cut_socket();
}

// TCP with a small receive buffer and MSS, then the WebSocket handshake on the lobby URL.
asio::awaitable<bool> slow_reader::connect() {
    ws_ = std::make_shared<stream_type>(strand_);
    const auto asked = steady_clock::now();
    tcp::resolver resolver(strand_);
    auto [rec, results] =
        co_await resolver.async_resolve(group_.endpoint.host, group_.endpoint.port, use_tuple);
    if (rec || results.empty()) {
        if (!over()) count_error("CONNECT_FAILED");
        co_return false;
    }
    const tcp::endpoint endpoint = results.begin()->endpoint();
    auto& tcp_layer = beast::get_lowest_layer(*ws_);
    boost::system::error_code ec;
    tcp_layer.socket().open(endpoint.protocol(), ec);
    if (!ec) {
        // Before connect, so that the SYN carries it: the MSS a real network has. On loopback
        // (MSS 64 KiB) the server's send buffer autotunes to ~4 MiB (measured: 2.8 MB queued
        // before its write blocked), so megabytes would go out before the server saw anything
        // slow; at 1460 bytes it stays ~69 KiB (~46 KB queued).
        const int mss = segment_bytes;
        ::setsockopt(tcp_layer.socket().native_handle(), IPPROTO_TCP, TCP_MAXSEG, &mss,
                     sizeof(mss));
    }
    if (ec) {
        count_error("SOCKET");
        co_return false;
    }
    tcp_layer.expires_after(connect_timeout);
    auto [cec] = co_await tcp_layer.async_connect(endpoint, use_tuple);
    if (cec) {
        if (!over()) count_error("CONNECT_FAILED");
        co_return false;
    }
    tcp_layer.expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = connect_timeout;
    timeouts.idle_timeout = websocket::stream_base::none();  // it stops reading on purpose
    timeouts.keep_alive_pings = false;
    ws_->set_option(timeouts);
    websocket::permessage_deflate deflate;
    deflate.client_enable = false;
    ws_->set_option(deflate);
    auto [hec] = co_await ws_->async_handshake(group_.endpoint.host + ":" + group_.endpoint.port,
                                               group_.endpoint.target, use_tuple);
    if (hec) {
        if (!over()) count_error("CONNECT_FAILED");
        co_return false;
    }
    ws_->text(true);
    const auto took =
        std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - asked);
    std::lock_guard lock(connect_mutex_);
    connect_us_.record(static_cast<std::uint64_t>(took.count()));
    co_return true;
}

// A fresh room of its own (so no game waits on it), read up to the join's answer: the last
// thing it ever reads on this connection.
asio::awaitable<bool> slow_reader::join() {
    const std::string room =
        room_prefix_ + "-" + std::to_string(index_) + "-" + std::to_string(sequence_++);
    const std::string request =
        join_request(group_.spec.game, "slow-reader", room, group_.spec.options);
    auto [wec, written] = co_await ws_->async_write(asio::buffer(request), use_tuple);
    if (wec) {
        if (!over() && !dropped_) count_error("JOIN_FAILED");
        co_return false;
    }
    {
        std::lock_guard lock(group_.mutex);
        ++group_.counts.sent;
    }
    // The join's own deadline: cut the socket, which ends the pending read.
    timer_.expires_after(join_timeout);
    timer_.async_wait([self = shared_from_this(), ws = ws_](boost::system::error_code ec) {
        if (!ec && ws == self->ws_) self->cut_socket();
    });
    beast::flat_buffer buffer;
    std::optional<bool> answer;
    while (!answer) {
        buffer.clear();
        auto [rec, bytes] = co_await ws_->async_read(buffer, use_tuple);
        if (rec) break;
        answer = join_answer(beast::buffers_to_string(buffer.data()));
    }
    const bool timed_out = timer_.expiry() <= steady_clock::now();
    timer_.cancel();
    if (answer == true) {
        // It stops reading now: shrink what the kernel absorbs on our side to a few KiB. Not
        // before the join, so that it reads the lobby's pushes at full speed until then.
        boost::system::error_code ignored;
        beast::get_lowest_layer(*ws_).socket().set_option(
            asio::socket_base::receive_buffer_size(receive_buffer_bytes), ignored);
        co_return true;
    }
    if (!over() && !dropped_) {
        count_error(answer ? "JOIN_REFUSED" : timed_out ? "JOIN_TIMEOUT" : "JOIN_CLOSED");
    }
    co_return false;
}

asio::awaitable<bool> slow_reader::stall() {
    const auto stopped_reading = steady_clock::now();
    const auto kills_before = clock_.kills.load();
    const auto interval =
        std::chrono::duration_cast<std::chrono::microseconds>(group_.spec.interval);
    const auto probe = std::min<std::chrono::microseconds>(probe_period, interval);
    auto next_request = stopped_reading;
    for (;;) {
        if (over() || dropped_) co_return false;
        if (write_failed_ || peer_closed()) break;
        if (steady_clock::now() >= next_request) {
            // One write in flight: a write the server no longer takes must not pile up.
            if (!write_in_flight_) {
                write_in_flight_ = true;
                asio::co_spawn(strand_, write_request(ws_), asio::detached);
            }
            next_request += interval;
        }
        if (!co_await pause(probe)) co_return false;
    }
    const auto cut_after = std::chrono::duration_cast<std::chrono::microseconds>(
        steady_clock::now() - stopped_reading);
    std::lock_guard lock(group_.mutex);
    if (clock_.kills.load() != kills_before) {
        ++group_.counts.expected_refusals;  // the kill_server fault closed it, not a limit
        co_return false;
    }
    ++group_.counts.slow_reader_disconnects;
    group_.cut_us.record(static_cast<std::uint64_t>(cut_after.count()));
    co_return true;
}

asio::awaitable<void> slow_reader::write_request(std::shared_ptr<stream_type> ws) {
    auto [ec, bytes] = co_await ws->async_write(asio::buffer(request_), use_tuple);
    if (ws != ws_) co_return;  // a connection gone by now
    write_in_flight_ = false;
    if (ec) {
        write_failed_ = true;  // the server's RST: it closed the connection
        co_return;
    }
    std::lock_guard lock(group_.mutex);
    ++group_.counts.sent;
}

bool slow_reader::peer_closed() const {
    tcp_info info{};
    socklen_t length = sizeof(info);
    const int fd = beast::get_lowest_layer(*ws_).socket().native_handle();
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return true;
    return info.tcpi_state != TCP_ESTABLISHED;
}

}  // namespace gameserver::load
