// REST on the WebSocket port: the Go server's `/`, `/games`, `/rooms` byte for byte, and the
// added `/api/v1`, `/healthz`, `/readyz` and `/metrics`.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

TEST(Rest, RootAndUnknownPaths) {
    test_server server;
    auto root = server.http("GET", "/");
    EXPECT_EQ(root.status, 200);
    EXPECT_EQ(root.body, R"({"status": "Game server running"})");
    EXPECT_EQ(root.content_type, "application/json");

    auto post = server.http("POST", "/", "{}");
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(post.body, "Method not allowed\n");

    for (const char* path : {"/nope", "/api", "/api/v1", "/gamesx", "/ws/x"}) {
        auto missing = server.http("GET", path);
        EXPECT_EQ(missing.status, 404) << path;
        EXPECT_EQ(missing.body, "Not found\n") << path;
    }
}

TEST(Rest, GamesAndRoomsInTheGoShapes) {
    test_server server;
    auto games = json::parse(server.http("GET", "/games").body);
    std::set<std::string> ids;
    for (const auto& id : games["games"]) ids.insert(id.get<std::string>());
    EXPECT_TRUE(ids.contains("tictactoe"));
    EXPECT_TRUE(ids.contains("testGame"));
    EXPECT_EQ(server.http("POST", "/games").status, 200);  // any method

    auto empty = server.http("GET", "/rooms");
    EXPECT_EQ(empty.status, 200);
    EXPECT_EQ(empty.body, "[]");

    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("tictactoe", "Ann", std::string("r1")), "join_room_result"));
    client.send("add_bot");
    ASSERT_TRUE(client.wait_for("add_bot_result"));
    // Sorted keys; clientCount counts bots.
    EXPECT_EQ(server.http("GET", "/rooms").body,
              R"([{"clientCount":2,"id":"r1","type":"tictactoe"}])");
}

TEST(Rest, ApiGamesAndRooms) {
    test_server server;
    auto games = json::parse(server.http("GET", "/api/v1/games").body);
    const json* ttt = nullptr;
    for (const auto& g : games["games"]) {
        if (g["id"] == "tictactoe") ttt = &g;
    }
    ASSERT_NE(ttt, nullptr);
    EXPECT_EQ((*ttt)["minPlayers"], 2);
    EXPECT_EQ((*ttt)["maxPlayers"], 2);
    EXPECT_EQ((*ttt)["botsSupported"], true);
    EXPECT_TRUE((*ttt)["name"].is_string());
    EXPECT_TRUE((*ttt)["tickRate"].is_number());

    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());
    ASSERT_TRUE(is_success(a.join("tictactoe", "Ann", std::string("t1")), "join_room_result"));
    auto joined = b.join("testGame", "Bob", std::string("g1"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));

    auto all = json::parse(server.http("GET", "/api/v1/rooms").body);
    EXPECT_EQ(all["rooms"].size(), 2U);
    auto only = json::parse(server.http("GET", "/api/v1/rooms?gameType=testGame").body);
    ASSERT_EQ(only["rooms"].size(), 1U);
    EXPECT_EQ(
        only["rooms"][0],
        json({{"roomId", "g1"}, {"gameType", "testGame"}, {"playerCount", 1}, {"started", false}}));

    auto detail = server.http("GET", "/api/v1/rooms/g1");
    EXPECT_EQ(detail.status, 200);
    EXPECT_EQ(detail.content_type, "application/json");
    auto room = json::parse(detail.body);
    EXPECT_EQ(room["roomId"], "g1");
    EXPECT_EQ(room["gameType"], "testGame");
    EXPECT_EQ(room["playerCount"], 1);
    ASSERT_EQ(room["members"].size(), 1U);
    EXPECT_EQ(room["members"][0]["clientId"], joined["data"]["clientId"]);
    EXPECT_EQ(room["members"][0]["name"], "Bob");
    EXPECT_EQ(room["members"][0]["bot"], false);
    EXPECT_EQ(room["state"], json({{"players", json::object()}}));

    auto ttt_room = json::parse(server.http("GET", "/api/v1/rooms/t1").body);
    EXPECT_TRUE(ttt_room["state"].contains("board"));

    auto missing = server.http("GET", "/api/v1/rooms/none");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(json::parse(missing.body),
              json({{"error", "Room not found"}, {"code", "ROOM_NOT_FOUND"}}));
}

TEST(Rest, PostCreatesAnEmptyRoom) {
    test_server server;
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=tictactoe");

    auto created =
        server.http("POST", "/api/v1/rooms", R"({"gameType":"tictactoe","roomId":"made"})");
    EXPECT_EQ(created.status, 201);
    EXPECT_EQ(json::parse(created.body), json({{"roomId", "made"},
                                               {"gameType", "tictactoe"},
                                               {"playerCount", 0},
                                               {"started", false}}));
    auto pushed = lobby.next();
    ASSERT_TRUE(is_success(pushed, "room_list_update"));
    EXPECT_EQ((*pushed)["data"][0]["roomId"], "made");

    auto again =
        server.http("POST", "/api/v1/rooms", R"({"gameType":"tictactoe","roomId":"made"})");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(json::parse(again.body)["code"], "ROOM_EXISTS");

    auto unknown = server.http("POST", "/api/v1/rooms", R"({"gameType":"chess"})");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(json::parse(unknown.body)["code"], "UNKNOWN_GAME");
    EXPECT_EQ(server.http("POST", "/api/v1/rooms", "not json").status, 400);
    EXPECT_EQ(server.http("POST", "/api/v1/rooms", R"({"roomId":"x"})").status, 400);

    auto generated = server.http("POST", "/api/v1/rooms", R"({"gameType":"testGame"})");
    EXPECT_EQ(generated.status, 201);
    EXPECT_EQ(json::parse(generated.body)["roomId"].get<std::string>().size(), 36U);

    // A player joins the created room by name.
    ws_test_client player;
    connect_past_welcome(player, server.port());
    player.send("join_room", json{{"playerName", "Ann"}, {"roomId", "made"}});
    auto joined = player.wait_for("joined");
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["data"]["symbol"], "X");
    EXPECT_EQ(json::parse(server.http("GET", "/api/v1/rooms/made").body)["playerCount"], 1);
}

TEST(Rest, DeleteIsDisabledWithoutAnAdminToken) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "a", std::string("keep")), "join_room_result"));
    auto denied = server.http("DELETE", "/api/v1/rooms/keep", {}, "anything");
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(json::parse(denied.body)["code"], "FORBIDDEN");
    EXPECT_TRUE(room_exists(server, "keep"));
}

TEST(Rest, DeleteWithTheAdminTokenClosesTheRoom) {
    test_server server([](core::config& c) { c.admin.token = "s3cret"; });
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=testGame");
    ws_test_client member;
    connect_past_welcome(member, server.port());
    ASSERT_TRUE(
        is_success(member.join("testGame", "a", std::string("doomed")), "join_room_result"));

    auto no_token = server.http("DELETE", "/api/v1/rooms/doomed");
    EXPECT_EQ(no_token.status, 401);
    EXPECT_EQ(json::parse(no_token.body)["code"], "UNAUTHORIZED");
    EXPECT_EQ(server.http("DELETE", "/api/v1/rooms/doomed", {}, "wrong").status, 401);
    EXPECT_TRUE(room_exists(server, "doomed"));

    auto done = server.http("DELETE", "/api/v1/rooms/doomed", {}, "s3cret");
    EXPECT_EQ(done.status, 200);
    EXPECT_EQ(json::parse(done.body), json({{"roomId", "doomed"}, {"closed", true}}));
    auto closed = member.next();
    ASSERT_TRUE(is_success(closed, "room_closed"));
    EXPECT_EQ((*closed)["data"], json({{"roomId", "doomed"}}));
    EXPECT_FALSE(room_exists(server, "doomed"));
    EXPECT_EQ(server.http("DELETE", "/api/v1/rooms/doomed", {}, "s3cret").status, 404);

    // The member is in no room and may join another.
    member.send("end_turn");
    EXPECT_TRUE(
        is_failure(member.next(), "error", "Unknown message type: end_turn", "UNKNOWN_TYPE"));
    EXPECT_TRUE(is_success(member.join("testGame", "a", std::string("next")), "join_room_result"));
    // Lobby: creation, join, removal (and the next room's pushes).
    bool removal_seen = false;
    for (const auto& update : lobby.drain(200ms)) {
        if (update["data"].empty()) removal_seen = true;
    }
    EXPECT_TRUE(removal_seen);
}

TEST(Rest, HealthAndReadiness) {
    test_server server;
    auto health = server.http("GET", "/healthz");
    EXPECT_EQ(health.status, 200);
    auto ready = server.http("GET", "/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(json::parse(ready.body)["status"], "ready");
}

// /readyz also says whether storage writes succeed: a real SQLite file whose table was dropped.
TEST(Rest, ReadinessReportsFailingStorage) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("gs-readyz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    {
        test_server server({}, core::make_sqlite_storage(dir));
        {
            SQLite::Database other((dir / "gameserver.db").string(), SQLite::OPEN_READWRITE);
            other.exec("DROP TABLE records");
        }
        core::stored_record record;
        record.kind = "tictactoe_result";
        record.room_id = "r";
        record.data = json::object();
        server.storage().append(std::move(record));
        server.storage().flush();
        auto ready = server.http("GET", "/readyz");
        EXPECT_EQ(ready.status, 503);
        EXPECT_EQ(json::parse(ready.body)["status"], "storage failing");
        EXPECT_EQ(json::parse(ready.body)["storage"], false);
    }
    std::filesystem::remove_all(dir);
}

TEST(Rest, MetricsParseAsPrometheusText) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("tictactoe", "Ann", std::string("m")), "join_room_result"));
    client.send("leave_room");
    ASSERT_TRUE(client.wait_for("leave_room_result"));
    client.send("leave_room");  // an error, counted by code
    ASSERT_TRUE(client.wait_for("leave_room_result"));

    auto res = server.http("GET", "/metrics");
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(res.content_type.starts_with("text/plain")) << res.content_type;
    const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$)");
    std::istringstream lines(res.body);
    std::string line;
    std::set<std::string> names;
    int samples = 0;
    while (std::getline(lines, line)) {
        if (line.empty() || line.front() == '#') continue;
        std::smatch m;
        ASSERT_TRUE(std::regex_match(line, m, sample)) << line;
        const std::string value = m[3];
        char* end = nullptr;
        std::strtod(value.c_str(), &end);
        EXPECT_EQ(*end, '\0') << "not a number: " << line;
        names.insert(m[1]);
        ++samples;
    }
    EXPECT_GT(samples, 10);
    for (const char* name :
         {"gameserver_connections_open", "gameserver_connections_total", "gameserver_rooms",
          "gameserver_room_members", "gameserver_rooms_created_total",
          "gameserver_messages_in_total", "gameserver_messages_out_total",
          "gameserver_message_handling_seconds_bucket", "gameserver_errors_total",
          "gameserver_bytes_in_total", "gameserver_bytes_out_total",
          "gameserver_slow_consumer_disconnects_total", "gameserver_rate_limited_total"}) {
        EXPECT_TRUE(names.contains(name)) << name;
    }
    EXPECT_EQ(metric_value(res.body, "gameserver_connections_open"), 1);
    EXPECT_GE(metric_value(res.body, "gameserver_errors_total").value_or(0), 1);
    EXPECT_GE(metric_value(res.body, "gameserver_rooms_created_total").value_or(0), 1);
}

}  // namespace
}  // namespace gameserver::testing
