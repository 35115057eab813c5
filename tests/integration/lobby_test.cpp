// Lobby pushes (SEED-SPEC §3.6): `room_list_update` to `?game=` subscribers on create, join,
// leave and removal, never on a disconnect; get_room_list and its errors; `started`.
#include <gtest/gtest.h>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto quiet = 150ms;

json entry(const std::string& room, int count, bool started) {
    return json{{"roomId", room}, {"playerCount", count}, {"started", started}};
}

TEST(Lobby, PushesOnCreateJoinLeaveAndRemovalButNotOnDisconnect) {
    test_server server([](core::config& c) { c.rooms.close_grace = 250ms; });
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=tictactoe");
    ws_test_client other_game;  // subscribed to another game: never told about tictactoe
    connect_past_welcome(other_game, server.port(), "/ws?game=testGame");
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());

    ASSERT_TRUE(is_success(a.join("tictactoe", "Ann", std::string("lobby")), "join_room_result"));
    auto created = lobby.next();
    ASSERT_TRUE(is_success(created, "room_list_update"));
    EXPECT_EQ((*created)["data"], json::array({entry("lobby", 0, false)}));
    auto joined = lobby.next();
    ASSERT_TRUE(is_success(joined, "room_list_update"));
    EXPECT_EQ((*joined)["data"], json::array({entry("lobby", 1, false)}));

    ASSERT_TRUE(is_success(b.join("tictactoe", "Bob", std::string("lobby")), "join_room_result"));
    auto second = lobby.next();
    ASSERT_TRUE(is_success(second, "room_list_update"));
    EXPECT_EQ((*second)["data"], json::array({entry("lobby", 2, true)}));  // started, truthfully

    // A disconnect sends no push (and the room keeps a human, so no close either).
    b.drop();
    ASSERT_TRUE(a.wait_for("client_left"));
    EXPECT_TRUE(lobby.drain(quiet).empty());

    a.send("leave_room");
    ASSERT_TRUE(a.wait_for("leave_room_result"));
    auto left = lobby.next();
    ASSERT_TRUE(is_success(left, "room_list_update"));
    EXPECT_EQ((*left)["data"], json::array({entry("lobby", 0, false)}));

    auto removed = lobby.next(3s);  // after the grace
    ASSERT_TRUE(is_success(removed, "room_list_update"));
    EXPECT_EQ((*removed)["data"], json::array());
    EXPECT_TRUE(other_game.drain(quiet).empty());
}

TEST(Lobby, NoPushOnAddBotOrReconnect) {
    test_server server;
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=testGame");
    std::string old_id;
    ws_test_client stays;
    connect_past_welcome(stays, server.port());
    ASSERT_TRUE(is_success(stays.join("testGame", "a", std::string("quiet")), "join_room_result"));
    {
        ws_test_client goes;
        connect_past_welcome(goes, server.port());
        old_id = goes.join("testGame", "b", std::string("quiet"))["data"]["clientId"];
        goes.drop();
    }
    ASSERT_TRUE(wait_for_session(server, old_id));
    EXPECT_EQ(lobby.drain(quiet).size(), 3U);  // creation, two joins; not the disconnect

    stays.send("add_bot");
    ASSERT_TRUE(stays.wait_for("add_bot_result"));
    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", old_id}});
    ASSERT_TRUE(is_success(back.wait_for("reconnect_result"), "reconnect_result"));
    EXPECT_TRUE(lobby.drain(quiet).empty());
}

TEST(Lobby, GetRoomListAnswersTheRequesterOnly) {
    test_server server;
    ws_test_client a;
    connect_past_welcome(a, server.port());
    ASSERT_TRUE(is_success(a.join("tictactoe", "Ann", std::string("listed")), "join_room_result"));
    ws_test_client other;
    connect_past_welcome(other, server.port());
    ASSERT_TRUE(
        is_success(other.join("testGame", "x", std::string("not-listed")), "join_room_result"));

    ws_test_client asker;
    connect_past_welcome(asker, server.port());
    asker.send("get_room_list", json{{"gameType", "tictactoe"}});
    auto list = asker.next();
    ASSERT_TRUE(is_success(list, "room_list_update"));
    EXPECT_EQ((*list)["data"], json::array({entry("listed", 1, false)}));
    asker.send("get_room_list", json{{"GAMETYPE", "dicegame"}});
    auto empty = asker.next();
    ASSERT_TRUE(is_success(empty, "room_list_update"));
    EXPECT_EQ((*empty)["data"], json::array());
    EXPECT_TRUE(a.drain(quiet).empty());
}

TEST(Lobby, GetRoomListErrors) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send("get_room_list");
    EXPECT_TRUE(
        is_failure(client.next(), "get_room_list_result", "Invalid request format", "BAD_REQUEST"));
    client.send("get_room_list", json{{"gameType", 7}});
    EXPECT_TRUE(
        is_failure(client.next(), "get_room_list_result", "Invalid request format", "BAD_REQUEST"));
    client.send("get_room_list", json::object());
    EXPECT_TRUE(
        is_failure(client.next(), "get_room_list_result", "Game type is required", "BAD_REQUEST"));
    client.send("get_room_list", json{{"gameType", ""}});
    EXPECT_TRUE(
        is_failure(client.next(), "get_room_list_result", "Game type is required", "BAD_REQUEST"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Lobby, StartedIsTrueOnceTwoPlayersPlay) {
    test_server server;
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());
    ASSERT_TRUE(is_success(a.join("tictactoe", "Ann", std::string("st")), "join_room_result"));
    ws_test_client asker;
    connect_past_welcome(asker, server.port());
    asker.send("get_room_list", json{{"gameType", "tictactoe"}});
    EXPECT_EQ((*asker.next())["data"], json::array({entry("st", 1, false)}));
    ASSERT_TRUE(is_success(b.join("tictactoe", "Bob", std::string("st")), "join_room_result"));
    asker.send("get_room_list", json{{"gameType", "tictactoe"}});
    EXPECT_EQ((*asker.next())["data"], json::array({entry("st", 2, true)}));
    auto api = json::parse(server.http("GET", "/api/v1/rooms?gameType=tictactoe").body);
    EXPECT_EQ(api["rooms"][0]["started"], true);
}

}  // namespace
}  // namespace gameserver::testing
