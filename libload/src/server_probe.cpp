#include "server_probe.hpp"

#include <boost/url/parse.hpp>

#include "gameserver/bot/run_config.hpp"
#include "gameserver/sdk/json.hpp"

namespace gameserver::load {

using sdk::json;

std::optional<bot::server_address> http_address_of(const std::string& url, std::string& error) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || (parsed->scheme() != "ws" && parsed->scheme() != "http") ||
        parsed->host().empty()) {
        error = "expected ws://HOST:PORT/PATH or http://HOST:PORT, got '" + url + "'";
        return std::nullopt;
    }
    return bot::server_address{parsed->host(),
                               parsed->has_port() ? std::string(parsed->port()) : "80"};
}

namespace {

// One GET; the body when the server answered 200, else nullopt and `error`.
std::optional<std::string> get(const std::string& url, const std::string& target,
                               const std::string& token, std::string& error) {
    const auto server = http_address_of(url, error);
    if (!server) return std::nullopt;
    auto answer = bot::http_call(*server, "GET", target, "", token, error);
    if (!answer) {
        error = "GET " + target + ": " + error;
        return std::nullopt;
    }
    if (answer->status != 200) {
        error = "GET " + target + ": " + std::to_string(answer->status) + " " + answer->body;
        return std::nullopt;
    }
    return std::move(answer->body);
}

}  // namespace

metrics_probe scrape_metrics(const std::string& url) {
    metrics_probe out;
    const auto body = get(url, "/metrics", "", out.error);
    if (!body) return out;
    out.samples = parse_prometheus_text(*body).samples;
    if (out.samples.empty()) out.error = "GET /metrics: no sample in the answer";
    return out;
}

rooms_probe parse_admin_rooms(std::string_view body) {
    rooms_probe out;
    const json doc = json::parse(body, nullptr, false);
    if (!doc.is_object() || !doc.contains("rooms") || !doc["rooms"].is_array()) {
        out.error = "the admin room list is not {\"rooms\": [...]}";
        return out;
    }
    for (const auto& r : doc["rooms"]) {
        if (!r.is_object()) continue;
        room_info room;
        room.id = r.value("roomId", std::string());
        room.game = r.value("gameType", std::string());
        room.started = r.value("started", false);
        room.age = std::chrono::milliseconds(r.value("ageMs", std::int64_t{0}));
        for (const auto& m : r.value("members", json::array())) {
            if (!m.is_object()) continue;
            room.members.push_back({m.value("clientId", std::string()),
                                    m.value("name", std::string()), m.value("bot", false)});
        }
        out.rooms.push_back(std::move(room));
    }
    return out;
}

rooms_probe admin_rooms(const std::string& url, const std::string& token) {
    std::string error;
    const auto body = get(url, "/api/v1/admin/rooms", token, error);
    if (!body) return rooms_probe{{}, error};
    return parse_admin_rooms(*body);
}

std::optional<std::chrono::milliseconds> admin_close_grace(const std::string& url,
                                                           const std::string& token,
                                                           std::string& error) {
    const auto body = get(url, "/api/v1/admin/info", token, error);
    if (!body) return std::nullopt;
    const json doc = json::parse(*body, nullptr, false);
    const json* grace = nullptr;
    if (doc.is_object() && doc.contains("config") && doc["config"].is_object() &&
        doc["config"].contains("rooms") && doc["config"]["rooms"].is_object() &&
        doc["config"]["rooms"].contains("close_grace")) {
        grace = &doc["config"]["rooms"]["close_grace"];
    }
    // The configuration's durations read "30s", "500ms" (bot::parse_duration's units).
    if (grace && grace->is_string()) {
        if (auto parsed = bot::parse_duration(grace->get<std::string>())) return parsed;
    }
    error = "GET /api/v1/admin/info: no readable config.rooms.close_grace";
    return std::nullopt;
}

}  // namespace gameserver::load
