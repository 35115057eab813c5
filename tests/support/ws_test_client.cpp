#include "ws_test_client.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/beast/http.hpp>

#include <stdexcept>

namespace gameserver::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

ws_test_client::~ws_test_client() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    ioc_.restart();
    ioc_.poll();  // lets a pending read finish before the stream goes away
}

void ws_test_client::connect(std::uint16_t port, const options& opts) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.open(endpoint.protocol());
    if (opts.receive_buffer > 0) {
        socket.set_option(asio::socket_base::receive_buffer_size(opts.receive_buffer));
    }
    socket.connect(endpoint);
    ws_.set_option(websocket::stream_base::decorator([opts](websocket::request_type& req) {
        if (opts.origin) req.set(http::field::origin, *opts.origin);
    }));
    ws_.read_message_max(64 * 1024 * 1024);
    ws_.handshake("127.0.0.1:" + std::to_string(port), opts.target);
}

int ws_test_client::upgrade_status(std::uint16_t port, const options& opts) {
    asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(ws).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    ws.set_option(websocket::stream_base::decorator([opts](websocket::request_type& req) {
        if (opts.origin) req.set(http::field::origin, *opts.origin);
    }));
    websocket::response_type res;
    beast::error_code ec;
    ws.handshake(res, "127.0.0.1:" + std::to_string(port), opts.target, ec);
    if (!ec) return 0;
    if (ec != websocket::error::upgrade_declined) return -1;  // no HTTP response at all
    return static_cast<int>(res.result_int());
}

void ws_test_client::send_text(const std::string& text) {
    ws_.text(true);
    ws_.write(asio::buffer(text));
}

void ws_test_client::send_binary(const std::string& bytes) {
    ws_.binary(true);
    ws_.write(asio::buffer(bytes));
}

template <typename Done>
void ws_test_client::run_until(std::chrono::steady_clock::time_point deadline, Done done) {
    ioc_.restart();
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        if (ioc_.run_one_until(deadline) == 0 && ioc_.stopped()) break;  // nothing left to run
    }
}

void ws_test_client::start_read() {
    if (reading_ || closed_) return;
    reading_ = true;
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
        reading_ = false;
        if (ec) {
            closed_ = true;
            close_code_ = ws_.reason().code;
            return;
        }
        frames_.push_back(beast::buffers_to_string(buffer_.data()));
        buffer_.consume(buffer_.size());
    });
}

std::optional<std::string> ws_test_client::read_frame(std::chrono::milliseconds timeout) {
    if (frames_.empty()) {
        start_read();
        // A read that does not finish in time stays pending for the next call.
        run_until(std::chrono::steady_clock::now() + timeout,
                  [this] { return !frames_.empty() || !reading_; });
    }
    if (frames_.empty()) return std::nullopt;
    std::string frame = std::move(frames_.front());
    frames_.pop_front();
    return frame;
}

bool ws_test_client::read_into_queue(std::chrono::milliseconds timeout) {
    auto frame = read_frame(timeout);
    if (!frame) return false;
    json parsed = json::parse(*frame, nullptr, false);
    if (!parsed.is_array()) throw std::runtime_error("server sent a non-array frame: " + *frame);
    for (auto& envelope : parsed) queue_.push_back(std::move(envelope));
    return true;
}

std::optional<json> ws_test_client::next(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (queue_.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !read_into_queue(left)) return std::nullopt;
    }
    json front = std::move(queue_.front());
    queue_.pop_front();
    return front;
}

std::optional<json> ws_test_client::wait_for(const std::string& type,
                                             std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto envelope = next(left);
        if (!envelope) return std::nullopt;
        if ((*envelope)["type"] == type) return envelope;
        skipped_.push_back(std::move(*envelope));
    }
}

std::vector<json> ws_test_client::drain(std::chrono::milliseconds window) {
    std::vector<json> out;
    const auto deadline = std::chrono::steady_clock::now() + window;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        auto envelope = next(left);
        if (!envelope) break;
        out.push_back(std::move(*envelope));
    }
    return out;
}

bool ws_test_client::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        if (!read_into_queue(left) && !closed_) return false;
    }
    return true;
}

void ws_test_client::close() {
    if (closed_ || !ws_.is_open()) return;
    bool done = false;
    ws_.async_close(websocket::close_code::normal, [&done](beast::error_code) { done = true; });
    start_read();  // the server's close frame completes the close
    run_until(std::chrono::steady_clock::now() + 2s, [&] { return done && !reading_; });
    closed_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    ioc_.restart();
    ioc_.poll();
}

void ws_test_client::drop() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).socket().close(ec);
    closed_ = true;
    ioc_.restart();
    ioc_.poll();  // completes a pending read with operation_aborted
}

bool ws_test_client::reset_by_peer() {
    tcp_info info{};
    socklen_t length = sizeof(info);
    const int fd = beast::get_lowest_layer(ws_).socket().native_handle();
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return false;
    return info.tcpi_state == TCP_CLOSE;
}

json ws_test_client::join(const std::string& game, const std::string& name,
                          const std::optional<std::string>& room) {
    json data{{"gameType", game}, {"playerName", name}};
    if (room) data["roomId"] = *room;
    send("join_room", data);
    auto result = wait_for("join_room_result");
    if (!result) throw std::runtime_error("no join_room_result");
    return *result;
}

}  // namespace gameserver::testing
