// gamectl's subcommands. Each returns the exit status: 0 ok, 1 the server said no (or is not
// ready), 2 unreachable (usage errors never get here).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "gameserver/bot/http_client.hpp"

namespace gameserver::gamectl {

// The blocking HTTP client lives in libbot (gameload probes the server with it too).
using bot::http_answer;
using bot::http_call;
using bot::parse_server_url;
using bot::server_address;

struct context {
    std::string url;  // as given, for messages
    server_address server;
    std::string token;
    bool json = false;
};

int health(const context& ctx);
int info(const context& ctx);
int games(const context& ctx);
int rooms(const context& ctx, const std::string& game);
int room_show(const context& ctx, const std::string& id);
int room_close(const context& ctx, const std::string& id);
int kick(const context& ctx, const std::string& client, const std::string& reason);
int drain(const context& ctx, std::optional<int> timeout_seconds);
int metrics(const context& ctx);
// Refreshes every `interval` until q or Ctrl-C, or `count` refreshes when given.
int top(const context& ctx, std::chrono::milliseconds interval, std::optional<int> count);

}  // namespace gameserver::gamectl
