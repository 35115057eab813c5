#include "ws_test_client.hpp"

#include <boost/beast/http.hpp>

#include <stdexcept>

namespace gameserver::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void ws_test_client::connect(std::uint16_t port, const options& opts) {
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve("127.0.0.1", std::to_string(port));
    beast::get_lowest_layer(ws_).connect(results);
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

std::optional<std::string> ws_test_client::read_frame(std::chrono::milliseconds timeout) {
    if (closed_) return std::nullopt;
    std::optional<std::string> frame;
    bool done = false;
    ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
        done = true;
        if (ec) {
            closed_ = true;
            close_code_ = ws_.reason().code;
            return;
        }
        frame = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
        // Abandon the pending read: cancel it and let it finish.
        beast::get_lowest_layer(ws_).cancel();
        ioc_.restart();
        ioc_.run();
        if (closed_ && close_code_ == 0) {
            // Cancelled by us, not closed by the peer: the stream cannot be used again after an
            // aborted websocket read, so treat the connection as gone for the test.
        }
        return std::nullopt;
    }
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
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
    closed_ = true;
}

void ws_test_client::drop() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).socket().close(ec);
    closed_ = true;
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
