#include "gameserver/bot/ws_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

namespace gameserver::bot {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
}

ws_connection::ws_connection(executor_type strand, connection_settings settings)
    : strand_(strand), settings_(settings), ws_(strand), close_timer_(strand) {}

asio::awaitable<boost::system::error_code> ws_connection::connect(const ws_endpoint& endpoint) {
    tcp::resolver resolver(strand_);
    auto [rec, results] = co_await resolver.async_resolve(endpoint.host, endpoint.port, use_tuple);
    if (rec) co_return rec;

    auto& tcp_layer = beast::get_lowest_layer(ws_);
    tcp_layer.expires_after(settings_.connect_timeout);
    auto [cec, ep] = co_await tcp_layer.async_connect(results, use_tuple);
    if (cec) co_return cec;
    tcp_layer.socket().set_option(tcp::no_delay(true));
    // From here the websocket timeouts below govern the stream.
    tcp_layer.expires_never();

    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = settings_.connect_timeout;
    timeouts.idle_timeout = settings_.idle_timeout;
    timeouts.keep_alive_pings = true;  // a ping at half the idle time; silence after it = drop
    ws_.set_option(timeouts);
    // No permessage-deflate: its zlib state costs hundreds of KiB per connection.
    websocket::permessage_deflate deflate;
    deflate.client_enable = false;
    ws_.set_option(deflate);
    ws_.read_message_max(settings_.max_message_bytes);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& req) { req.set(beast::http::field::user_agent, "gamebot"); }));

    const std::string host = endpoint.host + ":" + endpoint.port;
    auto [hec] = co_await ws_.async_handshake(host, endpoint.target, use_tuple);
    if (hec) co_return hec;
    ws_.text(true);
    open_ = true;
    co_return boost::system::error_code{};
}

asio::awaitable<boost::system::error_code> ws_connection::read(std::string& out) {
    buffer_.clear();
    auto [ec, bytes] = co_await ws_.async_read(buffer_, use_tuple);
    if (ec) {
        open_ = false;
        co_return ec;
    }
    out = beast::buffers_to_string(buffer_.data());
    buffer_.consume(bytes);
    // One large state (a long snake game) must not pin its buffer for the rest of the run.
    if (buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();
    co_return boost::system::error_code{};
}

bool ws_connection::send(std::string text) {
    if (!open_ || closing_ || queue_.size() >= settings_.max_queued_messages) return false;
    queue_.push_back(std::move(text));
    if (!writing_) {
        writing_ = true;
        asio::co_spawn(
            strand_, [self = shared_from_this()] { return self->write_loop(); }, asio::detached);
    }
    return true;
}

asio::awaitable<void> ws_connection::write_loop() {
    while (!queue_.empty() && open_) {
        auto [ec, n] = co_await ws_.async_write(asio::buffer(queue_.front()), use_tuple);
        if (ec) {
            open_ = false;  // the reader sees the failure too and reports the drop
            queue_.clear();
            break;
        }
        queue_.pop_front();
    }
    queue_.clear();
    writing_ = false;
    if (closing_ && open_) co_await do_close();
}

void ws_connection::close() {
    if (closing_) return;
    closing_ = true;
    if (!open_) {
        // Still connecting or already dropped: cancel whatever is pending.
        boost::system::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        return;
    }
    close_timer_.expires_after(settings_.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec) self->drop();  // no clean close in time: cut it
    });
    if (!writing_) {
        asio::co_spawn(
            strand_, [self = shared_from_this()] { return self->do_close(); }, asio::detached);
    }
}

asio::awaitable<void> ws_connection::do_close() {
    // The pending read completes with websocket::error::closed once the server answers.
    auto [ec] = co_await ws_.async_close(websocket::close_code::normal, use_tuple);
    if (ec) {
        boost::system::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }
    open_ = false;
    close_timer_.cancel();
}

void ws_connection::drop() {
    open_ = false;
    close_timer_.cancel();
    boost::system::error_code ignored;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

}  // namespace gameserver::bot
