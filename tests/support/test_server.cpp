#include "test_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "all_games.hpp"

namespace gameserver::testing {

namespace beast = boost::beast;
namespace http = beast::http;

test_server::test_server(const std::function<void(core::config&)>& tweak,
                         std::unique_ptr<core::storage> storage)
    : cfg_(core::default_config()) {
    cfg_.server.port = 0;
    cfg_.server.threads = 2;
    cfg_.storage.backend = "memory";
    if (tweak) tweak(cfg_);
    games::register_all_games(games_);
    games::register_test_game(games_);
    storage_ = storage ? std::move(storage) : core::make_memory_storage();
    sessions_ = core::make_memory_session_store(cfg_.sessions.ttl);
    server_ = std::make_unique<net::server>(cfg_, games_, *sessions_, *storage_);
    port_ = server_->start();
    thread_ = std::thread([this] { clean_ = server_->run(); });
}

test_server::~test_server() {
    stop();
}

bool test_server::stop() {
    if (!stopped_) {
        stopped_ = true;
        server_->stop();
        thread_.join();
    }
    return clean_;
}

test_server::http_result test_server::http(const std::string& method, const std::string& target,
                                           const std::string& body,
                                           const std::string& bearer) const {
    return http_call(port_, method, target, body, bearer);
}

http_result http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body, const std::string& bearer,
                      const std::map<std::string, std::string>& headers) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    boost::asio::ip::tcp::resolver resolver(ioc);
    stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.skip(req.method() == http::verb::head);  // a HEAD answer has a length but no body
    http::read(stream, buffer, parser);
    const auto& res = parser.get();
    beast::error_code ec;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    http_result out{static_cast<int>(res.result_int()),
                    res.body(),
                    std::string(res[http::field::content_type]),
                    {}};
    for (const auto& field : res) out.headers.insert(field.name_string(), field.value());
    return out;
}

}  // namespace gameserver::testing
