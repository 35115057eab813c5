// A blocking HTTP/1.1 client: one request per call over Beast, with a timeout, to the server's
// REST API (gamectl's commands, gameload's /metrics and admin probes).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace gameserver::bot {

struct server_address {
    std::string host;
    std::string port;
};

// "http://HOST[:PORT]" (no path). nullopt and `error` set for anything else.
std::optional<server_address> parse_server_url(const std::string& url, std::string& error);

struct http_answer {
    int status = 0;
    std::string body;
};

// nullopt and `error` set when the server cannot be reached or the exchange fails. `token`, when
// not empty, goes out as `Authorization: Bearer <token>`.
std::optional<http_answer> http_call(const server_address& server, const std::string& method,
                                     const std::string& target, const std::string& body,
                                     const std::string& token, std::string& error,
                                     std::chrono::seconds timeout = std::chrono::seconds(5));

}  // namespace gameserver::bot
