// gameload's reads of the server it loads, over HTTP on the WebSocket's port: /metrics (the
// counters check_metrics compares) and the admin API (the room list check_rooms_after_grace
// reads, the close grace it needs). Blocking calls (bot::http_call), for before and after a
// run, never from an io_context thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/bot/http_client.hpp"
#include "invariants.hpp"
#include "prometheus_text.hpp"

namespace gameserver::load {

// host and port of a ws://HOST:PORT/PATH or http://HOST:PORT URL; nullopt and `error` set
// otherwise.
std::optional<bot::server_address> http_address_of(const std::string& url, std::string& error);

struct metrics_probe {
    std::vector<metric_sample> samples;
    std::string error;  // empty: scraped
    bool ok() const { return error.empty(); }
};

struct rooms_probe {
    std::vector<room_info> rooms;
    std::string error;  // empty: listed
    bool ok() const { return error.empty(); }
};

// GET /metrics. An error when unreachable, not 200, or not one sample could be read.
metrics_probe scrape_metrics(const std::string& url);

// GET /api/v1/admin/rooms with `token` (the server's admin.token; without one it answers 403).
rooms_probe admin_rooms(const std::string& url, const std::string& token);
// The answer's body as a room list (the pure part of admin_rooms).
rooms_probe parse_admin_rooms(std::string_view body);

// rooms.close_grace from GET /api/v1/admin/info (the effective configuration); nullopt and
// `error` set when it cannot be read.
std::optional<std::chrono::milliseconds> admin_close_grace(const std::string& url,
                                                           const std::string& token,
                                                           std::string& error);

}  // namespace gameserver::load
