#include "admin_api.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gameserver/core/config.hpp"
#include "gameserver/core/json_codec.hpp"
#include "gameserver/core/yaml_json.hpp"
#include "http_reply.hpp"
#include "room_host.hpp"
#include "server_state.hpp"
#include "ws_session.hpp"

namespace gameserver::net {

namespace http = boost::beast::http;
using sdk::error_code;
using sdk::json;

namespace {

#ifdef GS_VERSION
constexpr std::string_view version = GS_VERSION;
#else
constexpr std::string_view version = "0.1.0";  // as gameserverd --version
#endif

// Drain timeouts a request may ask for; without one, running games get a minute.
constexpr std::int64_t default_drain_seconds = 60;
constexpr std::int64_t max_drain_seconds = 86'400;
// A WebSocket close reason must fit in 123 bytes.
constexpr std::size_t max_kick_reason_bytes = 120;

http_response method_not_allowed(const http_request& req) {
    return api_error(req, http::status::method_not_allowed, "method not allowed",
                     error_code::bad_request);
}

http_response not_found(const http_request& req) {
    return api_error(req, http::status::not_found, "Not found", error_code::not_found);
}

// An optional JSON object body: an empty body is `{}`; nullopt when it is not an object.
std::optional<json> object_body(const server_state& state, const http_request& req) {
    if (req.body().empty()) return json::object();
    if (core::json_depth(req.body(), state.cfg.limits.max_json_depth) >
        state.cfg.limits.max_json_depth) {
        return std::nullopt;
    }
    json body = json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) return std::nullopt;
    return body;
}

json info_json(const server_state& state) {
    const auto now = std::chrono::steady_clock::now();
    json by_game = json::object();
    for (const auto* plugin : state.games.list()) by_game[plugin->info().id] = 0;
    std::int64_t members = 0;
    const auto rooms = state.rooms.list();
    for (const auto& r : rooms) {
        by_game[r.game_type] = by_game.value(r.game_type, 0) + 1;
        members += r.member_count;
    }
    const auto uptime = std::chrono::duration<double>(now - state.started_at).count();
    return json{{"version", version},
                {"uptimeSeconds", uptime},
                {"config", core::yaml_to_json(YAML::Load(core::to_yaml(state.cfg, false)))},
                {"counts",
                 {{"connections", state.session_count()},
                  {"rooms", rooms.size()},
                  {"roomsByGame", std::move(by_game)},
                  {"members", members},
                  {"sessions", state.sessions.size()}}},
                {"drain", state.drain.status(now, rooms.size())}};
}

// One room as the admin sees it; on the room's event loop.
json room_json(const server_state& state, room_host& host) {
    const core::room& r = host.room();
    const auto now = std::chrono::steady_clock::now();
    json members = json::array();
    for (const auto& m : r.members()) {
        members.push_back({{"clientId", m.id}, {"name", m.name}, {"bot", m.bot}});
    }
    const sdk::game_plugin* plugin = state.games.find(r.game_type());
    const room_traffic::totals traffic = host.traffic().read(now);
    const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - r.created_at());
    return json{{"roomId", r.id()},
                {"gameType", r.game_type()},
                {"playerCount", r.member_count()},
                {"maxPlayers", plugin ? plugin->info().max_players : 0},
                {"started", r.started()},
                {"ageMs", age.count()},
                {"members", std::move(members)},
                {"messagesIn", traffic.in},
                {"messagesOut", traffic.out},
                {"messagesInPerSecond", traffic.in_per_second},
                {"messagesOutPerSecond", traffic.out_per_second}};
}

// Asks every room on its own event loop and answers once the last one has answered (rooms closed
// meanwhile are left out). Nothing waits: the last room to finish sends the answer.
void list_rooms(server_state& state, const http_request& req, std::string game,
                const responder& respond) {
    std::vector<std::shared_ptr<room_host>> hosts = state.rooms.all();
    std::erase_if(hosts,
                  [&](const auto& h) { return !game.empty() && h->room().game_type() != game; });
    if (hosts.empty()) {
        return respond(json_reply(req, http::status::ok, json{{"rooms", json::array()}}));
    }
    struct gathering {
        std::mutex mutex;
        std::vector<json> rooms;
        std::size_t left = 0;
        http_request req;
        responder respond;
    };
    auto all = std::make_shared<gathering>();
    all->left = hosts.size();
    all->req = req;
    all->respond = respond;
    for (const auto& host : hosts) {
        boost::asio::post(host->executor(), [&state, host, all] {
            std::optional<json> room;
            if (!host->room().is_closed()) room = room_json(state, *host);
            std::vector<json> done;
            {
                std::lock_guard lock(all->mutex);
                if (room) all->rooms.push_back(std::move(*room));
                if (--all->left > 0) return;
                done.swap(all->rooms);
            }
            std::sort(done.begin(), done.end(), [](const json& a, const json& b) {
                return a["roomId"].get_ref<const std::string&>() <
                       b["roomId"].get_ref<const std::string&>();
            });
            all->respond(json_reply(all->req, http::status::ok, json{{"rooms", std::move(done)}}));
        });
    }
}

void room_route(server_state& state, const http_request& req, std::string_view rest,
                const responder& respond) {
    // rest: "{id}" or "{id}/close"
    constexpr std::string_view close_suffix = "/close";
    const bool close = rest.ends_with(close_suffix);
    const std::string id(close ? rest.substr(0, rest.size() - close_suffix.size()) : rest);
    if (id.empty() || id.find('/') != std::string::npos) return respond(not_found(req));
    auto host = state.rooms.find(id);
    if (!host) {
        return respond(
            api_error(req, http::status::not_found, "Room not found", error_code::room_not_found));
    }
    if (close) {
        if (req.method() != http::verb::post) return respond(method_not_allowed(req));
        return ask_room(
            host,
            [req](core::room& r) {
                r.close();  // members get room_closed, leave and stay connected
                return json_reply(req, http::status::ok,
                                  json{{"roomId", r.id()}, {"closed", true}});
            },
            respond);
    }
    if (req.method() != http::verb::get) return respond(method_not_allowed(req));
    ask_room(
        host,
        [&state, req, host](core::room& r) {
            json detail = room_json(state, *host);
            detail.update(r.describe());  // members, over, seed and the game's public view
            detail["snapshot"] = r.game_snapshot();
            return json_reply(req, http::status::ok, detail);
        },
        respond);
}

void kick_route(server_state& state, const http_request& req, std::string_view rest,
                const responder& respond) {
    // rest: "{id}/kick"
    constexpr std::string_view kick_suffix = "/kick";
    if (!rest.ends_with(kick_suffix)) return respond(not_found(req));
    const std::string id(rest.substr(0, rest.size() - kick_suffix.size()));
    if (req.method() != http::verb::post) return respond(method_not_allowed(req));
    const auto body = object_body(state, req);
    std::string reason;
    if (!body || !core::read_string(*body, "reason", reason) ||
        reason.size() > max_kick_reason_bytes) {
        return respond(api_error(req, http::status::bad_request,
                                 "body must be a JSON object with an optional string reason of "
                                 "at most " +
                                     std::to_string(max_kick_reason_bytes) + " bytes",
                                 error_code::bad_request));
    }
    for (const auto& session : state.sessions_snapshot()) {
        if (session->client_id() != id) continue;
        if (reason.empty()) reason = "kicked by admin";
        session->admin_kick(reason);
        return respond(json_reply(req, http::status::ok,
                                  json{{"clientId", id}, {"kicked", true}, {"reason", reason}}));
    }
    respond(api_error(req, http::status::not_found, "Client not found", error_code::not_found));
}

void drain_route(server_state& state, const http_request& req, const responder& respond) {
    const auto now = std::chrono::steady_clock::now();
    if (req.method() == http::verb::get) {
        return respond(
            json_reply(req, http::status::ok, state.drain.status(now, state.rooms.size())));
    }
    if (req.method() != http::verb::post) return respond(method_not_allowed(req));
    const auto body = object_body(state, req);
    std::int64_t seconds = default_drain_seconds;
    if (!body || !core::read_int(*body, "timeoutSeconds", seconds) || seconds < 0 ||
        seconds > max_drain_seconds) {
        return respond(api_error(
            req, http::status::bad_request,
            "timeoutSeconds must be an integer from 0 to " + std::to_string(max_drain_seconds),
            error_code::bad_request));
    }
    // A second drain changes nothing: it answers 200 with the running drain's status.
    const bool started = start_drain(state, std::chrono::seconds(seconds));
    respond(json_reply(req, started ? http::status::accepted : http::status::ok,
                       state.drain.status(now, state.rooms.size())));
}

}  // namespace

std::optional<http_response> check_admin(const server_state& state, const http_request& req) {
    const std::string& token = state.cfg.admin.token;
    if (token.empty()) {
        return api_error(req, http::status::forbidden,
                         "admin API disabled: no admin token configured", error_code::forbidden);
    }
    const auto header = req[http::field::authorization];
    const std::string expected = "Bearer " + token;
    if (header.size() != expected.size() ||
        !std::equal(header.begin(), header.end(), expected.begin())) {
        return api_error(req, http::status::unauthorized, "missing or wrong admin token",
                         error_code::unauthorized);
    }
    return std::nullopt;
}

void handle_admin(server_state& state, const http_request& req, const boost::urls::url_view& url,
                  responder respond) {
    if (auto denied = check_admin(state, req)) return respond(std::move(*denied));
    const std::string path = url.path();
    const std::string_view route = std::string_view(path).substr(admin_prefix.size());
    const bool get = req.method() == http::verb::get;

    if (route == "info") {
        if (!get) return respond(method_not_allowed(req));
        return respond(json_reply(req, http::status::ok, info_json(state)));
    }
    if (route == "sessions") {
        if (!get) return respond(method_not_allowed(req));
        return respond(
            json_reply(req, http::status::ok, json{{"sessions", state.sessions.size()}}));
    }
    if (route == "drain") return drain_route(state, req, respond);
    if (route == "rooms") {
        if (!get) return respond(method_not_allowed(req));
        std::string game;
        if (auto it = url.params().find("game"); it != url.params().end()) game = (*it).value;
        return list_rooms(state, req, std::move(game), respond);
    }
    constexpr std::string_view rooms_prefix = "rooms/";
    if (route.starts_with(rooms_prefix)) {
        return room_route(state, req, route.substr(rooms_prefix.size()), respond);
    }
    constexpr std::string_view clients_prefix = "clients/";
    if (route.starts_with(clients_prefix)) {
        return kick_route(state, req, route.substr(clients_prefix.size()), respond);
    }
    respond(not_found(req));
}

}  // namespace gameserver::net
