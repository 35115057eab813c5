// The admin REST API under /api/v1/admin/ against a real server: the bearer token on every
// route, the answers' shapes, and the effects on connected clients (close, kick, drain).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* token = "adm1n";

test_server admin_server() {
    return test_server([](core::config& c) { c.admin.token = token; });
}

struct admin_answer {
    int status = 0;
    json body;
};

admin_answer admin(const test_server& server, const std::string& method, const std::string& target,
                   const std::string& body = {}) {
    auto res = server.http(method, "/api/v1/admin/" + target, body, token);
    return {res.status, json::parse(res.body, nullptr, false)};
}

// A connected client that joined `room` of `game`; remembers its client id and token.
struct player {
    ws_test_client ws;
    std::string id;
    std::string token;

    player(const test_server& server, const std::string& game, const std::string& room,
           const std::string& name) {
        connect_past_welcome(ws, server.port());
        auto joined = ws.join(game, name, room);
        if (!is_success(joined, "join_room_result")) {
            throw std::runtime_error("join failed: " + joined.dump());
        }
        id = joined["data"]["clientId"];
        token = joined["data"]["reconnectToken"];
    }
};

const std::vector<std::pair<std::string, std::string>> every_route = {
    {"GET", "info"},         {"GET", "rooms"},           {"GET", "rooms?game=testGame"},
    {"GET", "rooms/r1"},     {"POST", "rooms/r1/close"}, {"POST", "clients/someone/kick"},
    {"GET", "drain"},        {"POST", "drain"},          {"GET", "sessions"},
    {"GET", "nothing-here"},
};

// Without a configured token the admin API is off; with one, a missing or wrong token is a 401.
// Either way nothing happens (the room stays, no drain starts).
TEST(AdminApi, EveryRouteNeedsTheToken) {
    {
        test_server server;
        player p(server, "testGame", "r1", "a");
        for (const auto& [method, target] : every_route) {
            auto res = server.http(method, "/api/v1/admin/" + target, {}, "anything");
            EXPECT_EQ(res.status, 403) << method << ' ' << target;
            EXPECT_EQ(json::parse(res.body)["code"], "FORBIDDEN") << target;
        }
        EXPECT_TRUE(room_exists(server, "r1"));
        EXPECT_EQ(server.http("GET", "/readyz").status, 200);
    }
    test_server server = admin_server();
    player p(server, "testGame", "r1", "a");
    for (const auto& [method, target] : every_route) {
        for (const std::string bearer : {"", "wrong", "adm1n2", "Adm1n"}) {
            auto res = server.http(method, "/api/v1/admin/" + target, {}, bearer);
            EXPECT_EQ(res.status, 401) << method << ' ' << target << " '" << bearer << "'";
            EXPECT_EQ(json::parse(res.body),
                      json({{"error", "missing or wrong admin token"}, {"code", "UNAUTHORIZED"}}));
        }
    }
    EXPECT_TRUE(room_exists(server, "r1"));
    EXPECT_TRUE(p.ws.is_open());
    EXPECT_EQ(server.http("GET", "/readyz").status, 200);
    // With the token: an unknown admin path is a JSON 404, a wrong method a 405.
    auto unknown = admin(server, "GET", "nothing-here");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body["code"], "NOT_FOUND");
    EXPECT_EQ(admin(server, "POST", "info").status, 405);
    EXPECT_EQ(admin(server, "DELETE", "rooms").status, 405);
    EXPECT_EQ(admin(server, "GET", "rooms/r1/close").status, 405);
    EXPECT_EQ(admin(server, "GET", "clients/" + p.id + "/kick").status, 405);
    EXPECT_TRUE(room_exists(server, "r1"));
}

TEST(AdminApi, InfoCountsAndMasksTheToken) {
    test_server server = admin_server();
    player a(server, "testGame", "r1", "a");
    player b(server, "testGame", "r1", "b");
    player c(server, "testGame", "r2", "c");
    ws_test_client idle;  // connected, in no room
    connect_past_welcome(idle, server.port());

    auto info = admin(server, "GET", "info");
    ASSERT_EQ(info.status, 200);
    const json& body = info.body;
    EXPECT_TRUE(body["version"].is_string() && !body["version"].get<std::string>().empty());
    EXPECT_TRUE(body["uptimeSeconds"].is_number());
    EXPECT_GE(body["uptimeSeconds"].get<double>(), 0.0);
    const json& counts = body["counts"];
    EXPECT_EQ(counts["connections"], 4);
    EXPECT_EQ(counts["rooms"], 2);
    EXPECT_EQ(counts["members"], 3);
    EXPECT_EQ(counts["sessions"], 0);
    EXPECT_EQ(counts["roomsByGame"]["testGame"], 2);
    EXPECT_EQ(counts["roomsByGame"]["tictactoe"], 0);  // every registered game is listed
    // The configuration with the secret masked and typed values.
    EXPECT_EQ(body["config"]["admin"]["token"], "***");
    EXPECT_EQ(body.dump().find(token), std::string::npos);
    EXPECT_EQ(body["config"]["server"]["port"], server.config().server.port);
    EXPECT_TRUE(body["config"]["limits"]["max_rooms"].is_number_integer());
    EXPECT_TRUE(body["config"]["sessions"]["require_token"].is_boolean());
    EXPECT_EQ(body["drain"], json({{"draining", false}}));

    // A dropped member leaves a reconnect session behind.
    c.ws.drop();
    ASSERT_TRUE(wait_for_session(server, c.id));
    EXPECT_EQ(admin(server, "GET", "info").body["counts"]["sessions"], 1);
    auto sessions = admin(server, "GET", "sessions");
    EXPECT_EQ(sessions.status, 200);
    EXPECT_EQ(sessions.body, json({{"sessions", 1}}));
}

TEST(AdminApi, RoomsListMembersSeatsAndTraffic) {
    test_server server = admin_server();
    player a(server, "testGame", "busy", "Ann");
    // The test game answers nothing to an accepted action; add_bot's reply says all three were
    // handled (a connection's messages are handled in order).
    a.ws.send("game_action", json{{"x", 1}});
    a.ws.send("game_action", json{{"x", 2}});
    a.ws.send("add_bot");
    ASSERT_TRUE(is_success(a.ws.wait_for("add_bot_result"), "add_bot_result"));
    auto created =
        server.http("POST", "/api/v1/rooms",
                    json{{"gameType", "testGame"}, {"roomId", "bots"}, {"bots", 1}}.dump());
    ASSERT_EQ(created.status, 201);
    player x(server, "tictactoe", "ttt", "X");
    player o(server, "tictactoe", "ttt", "O");

    auto all = admin(server, "GET", "rooms");
    ASSERT_EQ(all.status, 200);
    const json& rooms = all.body["rooms"];
    ASSERT_EQ(rooms.size(), 3u);
    // Sorted by id: bots, busy, ttt.
    EXPECT_EQ(rooms[0]["roomId"], "bots");
    EXPECT_EQ(rooms[1]["roomId"], "busy");
    EXPECT_EQ(rooms[2]["roomId"], "ttt");

    const json& bots = rooms[0];
    ASSERT_EQ(bots["members"].size(), 1u);
    EXPECT_EQ(bots["members"][0]["bot"], true);
    EXPECT_EQ(bots["messagesIn"], 0);  // bots are not clients

    const json& busy = rooms[1];
    EXPECT_EQ(busy["gameType"], "testGame");
    ASSERT_EQ(busy["members"].size(), 2u);
    EXPECT_EQ(busy["members"][0], json({{"clientId", a.id}, {"name", "Ann"}, {"bot", false}}));
    EXPECT_EQ(busy["members"][1]["bot"], true);
    EXPECT_EQ(busy["playerCount"], 2);
    EXPECT_EQ(busy["maxPlayers"], 0);  // no limit
    EXPECT_EQ(busy["started"], false);
    EXPECT_TRUE(busy["ageMs"].is_number_integer());
    // join_room, two game_actions and add_bot in; at least join_room_result and add_bot_result
    // out.
    EXPECT_EQ(busy["messagesIn"], 4);
    EXPECT_GE(busy["messagesOut"].get<int>(), 2);
    // A rate is what came in the last 10 s over 10 s: never more than the total allows.
    EXPECT_GE(busy["messagesInPerSecond"].get<double>(), 0.0);
    EXPECT_LE(busy["messagesInPerSecond"].get<double>(), 0.4 + 1e-9);
    EXPECT_LE(busy["messagesOutPerSecond"].get<double>(),
              busy["messagesOut"].get<double>() / 10 + 1e-9);

    const json& ttt = rooms[2];
    EXPECT_EQ(ttt["maxPlayers"], 2);
    EXPECT_EQ(ttt["playerCount"], 2);
    EXPECT_EQ(ttt["started"], true);
    EXPECT_EQ(ttt["members"].size(), 2u);

    auto only = admin(server, "GET", "rooms?game=tictactoe");
    ASSERT_EQ(only.status, 200);
    ASSERT_EQ(only.body["rooms"].size(), 1u);
    EXPECT_EQ(only.body["rooms"][0]["roomId"], "ttt");
    EXPECT_EQ(admin(server, "GET", "rooms?game=snakes").body, json({{"rooms", json::array()}}));
}

TEST(AdminApi, RoomDetailCarriesTheGameView) {
    test_server server = admin_server();
    player x(server, "tictactoe", "ttt", "X");
    player o(server, "tictactoe", "ttt", "O");
    auto detail = admin(server, "GET", "rooms/ttt");
    ASSERT_EQ(detail.status, 200);
    const json& d = detail.body;
    EXPECT_EQ(d["roomId"], "ttt");
    EXPECT_EQ(d["gameType"], "tictactoe");
    EXPECT_EQ(d["started"], true);
    EXPECT_EQ(d["over"], false);
    EXPECT_EQ(d["members"].size(), 2u);
    EXPECT_EQ(d["messagesIn"], 2);
    EXPECT_TRUE(d.contains("seed"));
    // The game's view, as GET /api/v1/rooms/{id} shows it.
    auto public_view = json::parse(server.http("GET", "/api/v1/rooms/ttt").body);
    EXPECT_EQ(d["state"], public_view["state"]);
    EXPECT_TRUE(d["state"].is_object());
    // And the game's full snapshot, which only admins see.
    ASSERT_TRUE(d["snapshot"].is_object()) << d.dump();
    EXPECT_FALSE(public_view.contains("snapshot"));

    auto missing = admin(server, "GET", "rooms/nope");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body["code"], "ROOM_NOT_FOUND");
}

// Members get room_closed, are in no room, and stay connected: they may join another room.
TEST(AdminApi, CloseSendsRoomClosedAndKeepsMembersConnected) {
    test_server server = admin_server();
    player a(server, "testGame", "doomed", "a");
    player b(server, "testGame", "doomed", "b");
    (void)a.ws.drain(100ms);  // b's client_joined

    auto closed = admin(server, "POST", "rooms/doomed/close");
    EXPECT_EQ(closed.status, 200);
    EXPECT_EQ(closed.body, json({{"roomId", "doomed"}, {"closed", true}}));
    for (player* p : {&a, &b}) {
        auto notice = p->ws.wait_for("room_closed");
        ASSERT_TRUE(is_success(notice, "room_closed"));
        EXPECT_EQ((*notice)["data"], json({{"roomId", "doomed"}}));
    }
    EXPECT_FALSE(room_exists(server, "doomed"));
    EXPECT_EQ(admin(server, "POST", "rooms/doomed/close").status, 404);

    a.ws.send("game_action", json::object());
    EXPECT_TRUE(is_failure(a.ws.wait_for("game_action_result"), "game_action_result",
                           "client is not in a room", "NOT_IN_ROOM"));
    EXPECT_TRUE(is_success(a.ws.join("testGame", "a", std::string("next")), "join_room_result"));
    EXPECT_TRUE(is_success(b.ws.join("testGame", "b", std::string("next")), "join_room_result"));
    EXPECT_TRUE(a.ws.is_open());
    EXPECT_TRUE(b.ws.is_open());
}

// Like tellit's vote kick: the others see the member leave, its socket closes with 4000 and the
// reason, and no session is kept for a reconnect.
TEST(AdminApi, KickClosesWith4000AndLeavesNoSeat) {
    test_server server = admin_server();
    player x(server, "tictactoe", "ttt", "X");
    player o(server, "tictactoe", "ttt", "O");
    (void)x.ws.drain(100ms);

    auto kicked = admin(server, "POST", "clients/" + o.id + "/kick", R"({"reason":"be nice"})");
    EXPECT_EQ(kicked.status, 200);
    EXPECT_EQ(kicked.body, json({{"clientId", o.id}, {"kicked", true}, {"reason", "be nice"}}));
    const auto last_words = o.ws.drain(300ms);  // the game's events for it, if any
    for (const auto& e : last_words) EXPECT_NE(e["type"], "leave_room_result");
    ASSERT_TRUE(o.ws.wait_closed());
    EXPECT_EQ(o.ws.close_code(), 4000);
    auto left = x.ws.wait_for("client_left");
    ASSERT_TRUE(left);
    EXPECT_EQ((*left)["data"]["clientId"], o.id);

    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", o.id}, {"reconnectToken", o.token}});
    EXPECT_TRUE(is_failure(back.wait_for("reconnect_result"), "reconnect_result",
                           "session expired or not found", "SESSION_EXPIRED"));
    EXPECT_EQ(admin(server, "GET", "sessions").body["sessions"], 0);

    // A client in no room, without a body: the default reason; an unknown client is a 404.
    ws_test_client idle;
    connect_past_welcome(idle, server.port());
    idle.send("join_room", json{{"gameType", "testGame"}, {"playerName", "i"}});
    const std::string idle_id = (*idle.wait_for("join_room_result"))["data"]["clientId"];
    idle.send("leave_room");
    ASSERT_TRUE(idle.wait_for("leave_room_result"));
    auto plain = admin(server, "POST", "clients/" + idle_id + "/kick");
    EXPECT_EQ(plain.status, 200);
    EXPECT_EQ(plain.body["reason"], "kicked by admin");
    ASSERT_TRUE(idle.wait_closed());
    EXPECT_EQ(idle.close_code(), 4000);

    auto unknown = admin(server, "POST", "clients/nobody/kick");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body["code"], "NOT_FOUND");
    EXPECT_EQ(admin(server, "POST", "clients/" + x.id + "/kick", R"({"reason": 5})").status, 400);
    EXPECT_EQ(admin(server, "POST", "clients/" + x.id + "/kick", "[1]").status, 400);
    EXPECT_EQ(admin(server, "POST", "clients/" + x.id + "/kick",
                    json{{"reason", std::string(200, 'r')}}.dump())
                  .status,
              400);
    EXPECT_TRUE(x.ws.is_open());  // refused kicks did nothing
    x.ws.send("get_room_list", json{{"gameType", "tictactoe"}});
    EXPECT_TRUE(x.ws.wait_for("room_list_update"));
}

// Drain: no new rooms at once (SERVER_BUSY "server is draining"), /readyz 503, a room with no
// game running closed at once, a running game's room closed at the deadline; members stay
// connected.
TEST(AdminApi, DrainRefusesNewRoomsAndClosesRoomsByTheDeadline) {
    test_server server = admin_server();
    player x(server, "tictactoe", "ttt", "X");
    player o(server, "tictactoe", "ttt", "O");
    player idle(server, "testGame", "waiting", "w");
    ASSERT_EQ(server.http("GET", "/readyz").status, 200);

    EXPECT_EQ(admin(server, "POST", "drain", R"({"timeoutSeconds": -1})").status, 400);
    EXPECT_EQ(admin(server, "POST", "drain", R"({"timeoutSeconds": "2"})").status, 400);
    EXPECT_EQ(admin(server, "GET", "drain").body, json({{"draining", false}}));

    auto started = admin(server, "POST", "drain", R"({"timeoutSeconds": 3})");
    EXPECT_EQ(started.status, 202);
    EXPECT_EQ(started.body["draining"], true);
    EXPECT_EQ(started.body["timeoutSeconds"], 3);

    auto ready = server.http("GET", "/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_EQ(json::parse(ready.body)["status"], "draining");

    ws_test_client newcomer;  // connections are still taken (players may reconnect)
    connect_past_welcome(newcomer, server.port());
    EXPECT_TRUE(is_failure(newcomer.join("testGame", "n", std::string("fresh")), "join_room_result",
                           "server is draining", "SERVER_BUSY"));
    auto rest_create = server.http("POST", "/api/v1/rooms", json{{"gameType", "testGame"}}.dump());
    EXPECT_EQ(rest_create.status, 503);
    EXPECT_EQ(json::parse(rest_create.body),
              json({{"error", "server is draining"}, {"code", "SERVER_BUSY"}}));
    EXPECT_FALSE(room_exists(server, "fresh"));

    // The waiting room has no game running: it closes without waiting for the deadline.
    ASSERT_TRUE(idle.ws.wait_for("room_closed"));
    EXPECT_TRUE(room_exists(server, "ttt"));  // its game is still running (3 s to go)
    // A second drain changes nothing.
    auto again = admin(server, "POST", "drain", R"({"timeoutSeconds": 600})");
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body["timeoutSeconds"], 3);

    for (player* p : {&x, &o}) {
        auto closed = p->ws.wait_for("room_closed", 10s);
        ASSERT_TRUE(is_success(closed, "room_closed"));
        EXPECT_EQ((*closed)["data"], json({{"roomId", "ttt"}}));
        EXPECT_TRUE(p->ws.is_open());
    }
    EXPECT_FALSE(room_exists(server, "ttt"));
    EXPECT_TRUE(eventually([&] { return admin(server, "GET", "drain").body["done"] == true; }));
    auto info = admin(server, "GET", "info").body;
    EXPECT_EQ(info["drain"]["draining"], true);
    EXPECT_EQ(info["counts"]["rooms"], 0);
    EXPECT_EQ(server.http("GET", "/readyz").status, 503);
}

}  // namespace
}  // namespace gameserver::testing
