#include "http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/url/parse.hpp>

#include "origin_policy.hpp"
#include "ws_session.hpp"

namespace gameserver::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

namespace {

constexpr std::size_t k_header_limit = 8 * 1024;
constexpr std::size_t k_body_limit = 64 * 1024;

http_response plain(const http_request& req, http::status status, std::string body) {
    http_response res{status, req.version()};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(false);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

}  // namespace

http_session::http_session(asio::ip::tcp::socket&& socket, server_state& state, ip_slot slot)
    : stream_(std::move(socket)), state_(state), ip_(std::move(slot)) {}

void http_session::run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->header_limit(k_header_limit);
    parser_->body_limit(k_body_limit);
    stream_.expires_after(state_.cfg.limits.handshake_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec) {
        if (ec == beast::error::timeout) state_.stats.rejected("http_timeout");
        if (ec == http::error::body_limit || ec == http::error::header_limit) {
            state_.stats.rejected("http_too_large");
        }
        return;
    }
    http_request req = parser_->release();
    if (beast::websocket::is_upgrade(req)) return upgrade(std::move(req));

    auto url = boost::urls::parse_origin_form(req.target());
    if (url && url->path() == "/ws") {
        return send(plain(req, http::status::bad_request, "Bad Request\n"));
    }
    // The responder may run on a room's event loop: come back to this connection's event loop.
    handle_http(state_, req, [self = shared_from_this()](http_response res) {
        asio::post(self->stream_.get_executor(),
                   [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
    });
}

void http_session::upgrade(http_request req) {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url || url->path() != "/ws") {
        return send(plain(req, http::status::not_found, "Not found\n"));
    }
    const auto& cfg = state_.cfg;
    const origin_policy origins(cfg.origins.allowed, cfg.origins.allow_missing,
                                cfg.server.stage == "development");
    const auto origin = req.find(http::field::origin);
    const bool has_origin = origin != req.end();
    const auto host = req.find(http::field::host);
    const bool same_origin = has_origin && host != req.end() &&
                             origin_policy::same_origin(origin->value(), host->value());
    if (!same_origin &&
        !origins.allows(has_origin ? std::string_view(origin->value()) : std::string_view(),
                        has_origin)) {
        state_.stats.rejected("origin");
        return send(plain(req, http::status::forbidden, "Forbidden"));
    }
    // A draining server still takes connections: its players may reconnect to running games.
    if (state_.stopping.load()) {
        state_.stats.rejected("draining");
        return send(plain(req, http::status::service_unavailable, "Server is shutting down\n"));
    }
    if (state_.session_count() >= cfg.limits.max_connections) {
        state_.stats.rejected("max_connections");
        return send(plain(req, http::status::service_unavailable, "Too many connections\n"));
    }
    std::string game;
    if (auto it = url->params().find("game"); it != url->params().end()) game = (*it).value;
    std::make_shared<ws_session>(std::move(stream_), state_, std::move(ip_))
        ->run(std::move(req), std::move(game), read_ahead());
}

// Bytes the client sent after its request (a client may pipeline its first frames behind the
// upgrade): they belong to the WebSocket connection.
std::string http_session::read_ahead() const {
    const auto data = buffer_.data();
    return std::string(static_cast<const char*>(data.data()), data.size());
}

void http_session::send(http_response res) {
    const bool keep_alive = res.keep_alive();
    response_ = std::make_shared<http_response>(std::move(res));
    stream_.expires_after(state_.cfg.limits.write_timeout);
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return;
    if (!keep_alive) {
        stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

}  // namespace gameserver::net
