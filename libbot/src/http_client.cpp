#include "gameserver/bot/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

namespace gameserver::bot {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

std::optional<server_address> parse_server_url(const std::string& url, std::string& error) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
        error = "expected http://HOST[:PORT], got '" + url + "'";
        return std::nullopt;
    }
    const std::string path = parsed->path();
    if (!path.empty() && path != "/") {
        error = "expected no path in the URL, got '" + url + "'";
        return std::nullopt;
    }
    return server_address{parsed->host(), parsed->has_port() ? std::string(parsed->port()) : "80"};
}

std::optional<http_answer> http_call(const server_address& server, const std::string& method,
                                     const std::string& target, const std::string& body,
                                     const std::string& token, std::string& error,
                                     std::chrono::seconds timeout) {
    try {
        boost::asio::io_context ioc;
        tcp::resolver resolver(ioc);
        beast::tcp_stream stream(ioc);
        stream.expires_after(timeout);
        stream.connect(resolver.resolve(server.host, server.port));
        http::request<http::string_body> req{http::string_to_verb(method), target, 11};
        req.set(http::field::host, server.host + ":" + server.port);
        req.set(http::field::user_agent, "gameserver-client");
        req.set(http::field::accept, "application/json");
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (!body.empty()) {
            req.set(http::field::content_type, "application/json");
            req.body() = body;
        }
        req.prepare_payload();
        stream.expires_after(timeout);
        http::write(stream, req);
        beast::flat_buffer buffer;
        // Beast's default limit for a response body is 8 MB; an admin room list of a large
        // load run can come close.
        http::response_parser<http::string_body> parser;
        parser.body_limit(64u * 1024 * 1024);
        http::read(stream, buffer, parser);
        const auto& res = parser.get();
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        return http_answer{static_cast<int>(res.result_int()), res.body()};
    } catch (const boost::system::system_error& e) {
        error = e.code().message();  // what() adds Asio's source location
        return std::nullopt;
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

}  // namespace gameserver::bot
