// One TCP connection speaking HTTP/1.1: REST requests with keep-alive, or an upgrade to a
// WebSocket on /ws, after which the socket moves to a ws_session.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <optional>

#include "rest.hpp"
#include "server_state.hpp"

namespace gameserver::net {

class http_session final : public std::enable_shared_from_this<http_session> {
  public:
    http_session(boost::asio::ip::tcp::socket&& socket, server_state& state, ip_slot slot);
    void run();

  private:
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void upgrade(http_request req);
    std::string read_ahead() const;
    void send(http_response res);
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    server_state& state_;
    ip_slot ip_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::shared_ptr<http_response> response_;  // alive while being written
};

}  // namespace gameserver::net
