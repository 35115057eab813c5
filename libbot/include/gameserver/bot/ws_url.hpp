// A ws:// URL split into what a connection needs, parsed by Boost.URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gameserver::bot {

struct ws_endpoint {
    std::string host;
    std::string port;    // "80" when the URL names none
    std::string target;  // path and query, e.g. "/ws?game=tictactoe"
};

// nullopt and `error` set when the text is not a ws:// URL with a host (wss:// is not supported:
// the server speaks plain WebSocket behind an optional TLS proxy).
std::optional<ws_endpoint> parse_ws_url(std::string_view text, std::string* error = nullptr);

}  // namespace gameserver::bot
