#include "rest.hpp"

#include <boost/url/parse.hpp>

#include "admin_api.hpp"
#include "gameserver/core/json_codec.hpp"
#include "http_reply.hpp"
#include "io_pool.hpp"
#include "room_host.hpp"
#include "server_state.hpp"
#include "web_assets.hpp"

namespace gameserver::net {

namespace http = boost::beast::http;
using sdk::error_code;
using sdk::json;

namespace {

// Bots a room created through the API may start with (games without a seat limit take any).
constexpr std::int64_t max_bots_per_room = 64;

json game_json(const sdk::game_plugin& plugin) {
    const sdk::game_info& info = plugin.info();
    json policies = json::array();
    for (const auto& name : plugin.bot_policies()) policies.push_back(name);
    return json{{"id", info.id},
                {"name", info.display_name},
                {"minPlayers", info.min_players},
                {"maxPlayers", info.max_players},
                {"tickRate", info.tick_rate_hz},
                {"botsSupported", info.supports_bots},
                {"botPolicies", std::move(policies)},
                {"lateJoinersSpectate", info.late_joiners_spectate},
                {"options", info.option_schema}};
}

json summary_json(const room_summary& r) {
    return json{{"roomId", r.id},
                {"gameType", r.game_type},
                {"playerCount", r.member_count},
                {"started", r.started}};
}

void create_room(server_state& state, const http_request& req, const responder& respond) {
    json body = json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object() ||
        core::json_depth(req.body(), state.cfg.limits.max_json_depth) >
            state.cfg.limits.max_json_depth) {
        return respond(api_error(req, http::status::bad_request, "body must be a JSON object",
                                 error_code::bad_request));
    }
    std::string game_type;
    std::string room_id;
    if (!core::read_string(body, "gameType", game_type) ||
        !core::read_string(body, "roomId", room_id)) {
        return respond(api_error(req, http::status::bad_request,
                                 "gameType and roomId must be strings", error_code::bad_request));
    }
    if (game_type.empty()) {
        return respond(api_error(req, http::status::bad_request, "game type is required",
                                 error_code::bad_request));
    }
    const sdk::game_plugin* plugin = state.games.find(game_type);
    if (!plugin) {
        return respond(api_error(req, http::status::bad_request, "unknown game type",
                                 error_code::unknown_game));
    }
    if (!room_id.empty() && state.rooms.find(room_id)) {
        return respond(
            api_error(req, http::status::conflict, "room already exists", error_code::room_exists));
    }
    std::int64_t bots = 0;
    std::string bot_policy;
    if (!core::read_int(body, "bots", bots) || bots < 0 || bots > max_bots_per_room ||
        !core::read_string(body, "botPolicy", bot_policy)) {
        return respond(api_error(req, http::status::bad_request,
                                 "bots must be an integer from 0 to " +
                                     std::to_string(max_bots_per_room) + " and botPolicy a string",
                                 error_code::bad_request));
    }
    const json* options = core::find_field(body, "options");
    open_result opened = open_room(state, state.io.next(), room_id, *plugin,
                                   options ? *options : json(), static_cast<int>(bots), bot_policy);
    if (opened.error) {
        const auto status = opened.error->code == error_code::server_busy
                                ? http::status::service_unavailable
                                : http::status::bad_request;
        return respond(api_error(req, status, opened.error->message, opened.error->code));
    }
    if (!opened.created) {
        return respond(
            api_error(req, http::status::conflict, "room already exists", error_code::room_exists));
    }
    const core::room& r = opened.host->room();
    respond(json_reply(req, http::status::created,
                       summary_json({r.id(), r.game_type(), r.member_count(), r.started()})));
}

void room_route(server_state& state, const http_request& req, const std::string& room_id,
                const responder& respond) {
    auto host = state.rooms.find(room_id);
    if (!host) {
        return respond(
            api_error(req, http::status::not_found, "Room not found", error_code::room_not_found));
    }
    if (req.method() == http::verb::get) {
        return ask_room(
            host, [req](core::room& r) { return json_reply(req, http::status::ok, r.describe()); },
            respond);
    }
    if (req.method() == http::verb::delete_) {
        if (auto denied = check_admin(state, req)) return respond(std::move(*denied));
        return ask_room(
            host,
            [req](core::room& r) {
                r.close();
                return json_reply(req, http::status::ok,
                                  json{{"roomId", r.id()}, {"closed", true}});
            },
            respond);
    }
    respond(api_error(req, http::status::method_not_allowed, "method not allowed",
                      error_code::bad_request));
}

}  // namespace

void handle_http(server_state& state, const http_request& req, responder respond) {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) return respond(text_reply(req, http::status::bad_request, "Bad request\n"));
    const std::string path = url->path();
    const bool get = req.method() == http::verb::get || req.method() == http::verb::head;

    if (path == "/") {
        if (req.method() != http::verb::get) {
            return respond(
                text_reply(req, http::status::method_not_allowed, "Method not allowed\n"));
        }
        // A browser gets the lobby; API clients (no Accept, or JSON) the Go server's answer.
        if (state.cfg.web.enabled && wants_html(req)) {
            http_response lobby;
            if (web_lobby(state.cfg.web, req, lobby)) return respond(std::move(lobby));
        }
        auto status = raw_json_reply(req, http::status::ok, R"({"status": "Game server running"})");
        // The same URL answers HTML to browsers: a cache must not hand this to one.
        if (state.cfg.web.enabled) status.set(http::field::vary, "Accept");
        return respond(std::move(status));
    }
    if (path == "/games") {
        json ids = json::array();
        for (const auto* plugin : state.games.list()) ids.push_back(plugin->info().id);
        return respond(json_reply(req, http::status::ok, json{{"games", std::move(ids)}}));
    }
    if (path == "/rooms") {
        json rooms = json::array();
        for (const auto& r : state.rooms.list()) {
            rooms.push_back({{"clientCount", r.member_count}, {"id", r.id}, {"type", r.game_type}});
        }
        return respond(json_reply(req, http::status::ok, rooms));
    }
    if (path == "/healthz")
        return respond(json_reply(req, http::status::ok, json{{"status", "ok"}}));
    if (path == "/readyz") {
        const bool accepting = state.accepting.load();
        const bool storage_ok = state.storage.healthy();
        const bool ready = accepting && storage_ok;
        return respond(json_reply(req, ready ? http::status::ok : http::status::service_unavailable,
                                  json{{"status", !accepting    ? "draining"
                                                  : !storage_ok ? "storage failing"
                                                                : "ready"},
                                       {"accepting", accepting},
                                       {"storage", storage_ok}}));
    }
    if (path == "/metrics") {
        state.stats.set_sessions(state.sessions.size());
        state.stats.set_storage(state.storage.pending(), state.storage.write_failures());
        http_response res = text_reply(req, http::status::ok, state.stats.serialize());
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        return respond(std::move(res));
    }
    if (path == "/api/v1/games" && get) {
        json games = json::array();
        for (const auto* plugin : state.games.list()) games.push_back(game_json(*plugin));
        return respond(json_reply(req, http::status::ok, json{{"games", std::move(games)}}));
    }
    if (path == "/api/v1/rooms") {
        if (req.method() == http::verb::post) return create_room(state, req, respond);
        if (!get) {
            return respond(api_error(req, http::status::method_not_allowed, "method not allowed",
                                     error_code::bad_request));
        }
        std::string game_type;
        if (auto it = url->params().find("gameType"); it != url->params().end()) {
            game_type = (*it).value;
        }
        json rooms = json::array();
        for (const auto& r : state.rooms.list(game_type)) rooms.push_back(summary_json(r));
        return respond(json_reply(req, http::status::ok, json{{"rooms", std::move(rooms)}}));
    }
    constexpr std::string_view rooms_prefix = "/api/v1/rooms/";
    if (path.starts_with(rooms_prefix) && path.size() > rooms_prefix.size()) {
        return room_route(state, req, path.substr(rooms_prefix.size()), respond);
    }
    if (state.cfg.web.enabled && (path == "/ui" || path.starts_with(web_prefix))) {
        const std::string_view relative =
            path == "/ui" ? std::string_view() : std::string_view(path).substr(web_prefix.size());
        return respond(web_file(state.cfg.web, req, relative));
    }
    if (path.starts_with(admin_prefix)) return handle_admin(state, req, *url, std::move(respond));
    respond(text_reply(req, http::status::not_found, "Not found\n"));
}

}  // namespace gameserver::net
