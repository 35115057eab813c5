// SEED-SPEC §8.2 (the Go server's TestRouter) as socket scenarios against the test game: each
// subtest's envelopes, and that nothing else arrives.
#include <gtest/gtest.h>

#include <regex>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

constexpr auto quiet = std::chrono::milliseconds(150);

TEST(Router, InvalidMessageFormatGivesExactlyOneError) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send_text("this is not json");
    EXPECT_TRUE(is_failure(client.next(), "error", "invalid message format", "BAD_REQUEST"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, CreateRoomOutsideARoomIsAnUnknownType) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send("create_room", json{{"gameType", "testGame"}, {"options", "invalid"}});
    EXPECT_TRUE(
        is_failure(client.next(), "error", "Unknown message type: create_room", "UNKNOWN_TYPE"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

// Go decodes a missing `type` as "": the default branch answers with an empty type name.
TEST(Router, MissingTypeIsTheEmptyUnknownType) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send_text("{}");
    EXPECT_TRUE(is_failure(client.next(), "error", "Unknown message type: ", "UNKNOWN_TYPE"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, JoinWithEmptyDataNeedsAPlayerName) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send("join_room", json::object());
    EXPECT_TRUE(
        is_failure(client.next(), "join_room_result", "player name is required", "BAD_REQUEST"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, CreateAndJoinRoomFlow) {
    test_server server;
    ws_test_client creator;
    connect_past_welcome(creator, server.port());
    creator.send("join_room", json{{"gameType", "testGame"}, {"playerName", "creator"}});
    auto created = creator.next();
    ASSERT_TRUE(is_success(created, "join_room_result"));
    const std::string room_id = (*created)["data"]["roomId"];
    const std::string creator_id = (*created)["data"]["clientId"];
    EXPECT_EQ(room_id.size(), 36U);  // a UUID when no roomId is given
    EXPECT_TRUE(creator.drain(quiet).empty());

    ws_test_client joiner;
    connect_past_welcome(joiner, server.port());
    joiner.send("join_room", json{{"playerName", "joiner"}, {"roomId", room_id}});
    auto joined = joiner.next();
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    EXPECT_EQ((*joined)["data"]["roomId"], room_id);
    EXPECT_NE((*joined)["data"]["clientId"], creator_id);
    EXPECT_TRUE(joiner.drain(quiet).empty());

    auto notice = creator.next();
    ASSERT_TRUE(is_success(notice, "client_joined"));
    EXPECT_EQ((*notice)["data"], json({{"clientId", (*joined)["data"]["clientId"]}}));
    EXPECT_TRUE(creator.drain(quiet).empty());
}

TEST(Router, LeaveRoomFlow) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send("create_room", json{{"gameType", "testGame"}});
    EXPECT_TRUE(
        is_failure(client.next(), "error", "Unknown message type: create_room", "UNKNOWN_TYPE"));
    client.send("leave_room");
    EXPECT_TRUE(
        is_failure(client.next(), "leave_room_result", "client is not in a room", "NOT_IN_ROOM"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, SuccessfulReconnectFlow) {
    test_server server;
    std::string old_id;
    std::string room_id;
    {
        ws_test_client first;
        connect_past_welcome(first, server.port());
        auto joined = first.join("testGame", "player");
        ASSERT_TRUE(is_success(joined, "join_room_result"));
        old_id = joined["data"]["clientId"];
        room_id = joined["data"]["roomId"];
        first.drop();
    }
    ASSERT_TRUE(wait_for_session(server, old_id));

    ws_test_client second;
    connect_past_welcome(second, server.port());
    // The Go test sends "roomID": keys match case-insensitively.
    second.send_text(
        json{{"type", "reconnect"}, {"data", {{"clientId", old_id}, {"roomID", room_id}}}}.dump());
    auto result = second.next();
    ASSERT_TRUE(is_success(result, "reconnect_result"));
    EXPECT_EQ((*result)["data"]["roomId"], room_id);
    EXPECT_EQ((*result)["data"]["gameType"], "testGame");
    EXPECT_NE((*result)["data"]["clientId"], old_id);
    EXPECT_TRUE(second.drain(quiet).empty());
}

TEST(Router, ReconnectWithTheIdOfAConnectedClientFails) {
    test_server server;
    ws_test_client owner;
    connect_past_welcome(owner, server.port());
    auto joined = owner.join("testGame", "owner");
    ASSERT_TRUE(is_success(joined, "join_room_result"));

    ws_test_client thief;
    connect_past_welcome(thief, server.port());
    thief.send("reconnect", json{{"clientId", joined["data"]["clientId"]},
                                 {"roomId", joined["data"]["roomId"]}});
    EXPECT_TRUE(is_failure(thief.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    EXPECT_TRUE(thief.drain(quiet).empty());
    EXPECT_TRUE(owner.drain(quiet).empty());  // the owner is untouched
}

TEST(Router, AddBotFlow) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "player"), "join_room_result"));
    client.send("add_bot");
    auto joined = client.next();
    ASSERT_TRUE(is_success(joined, "client_joined"));
    EXPECT_TRUE((*joined)["data"]["clientId"].is_string());
    EXPECT_TRUE(is_success(client.next(), "add_bot_result"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, GameActionWithoutRoomFails) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send("game_action", json{{"action", "roll"}});
    EXPECT_TRUE(
        is_failure(client.next(), "game_action_result", "client is not in a room", "NOT_IN_ROOM"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, AddBotWithoutRoomFails) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    client.send("add_bot");
    EXPECT_TRUE(
        is_failure(client.next(), "add_bot_result", "client is not in a room", "NOT_IN_ROOM"));
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, GameMessagesInsideARoomGoToTheGame) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "player"), "join_room_result"));
    // The test game accepts and ignores everything: no reply, no router error.
    client.send("create_room", json{{"gameType", "testGame"}});
    client.send("end_turn");
    client.send("game_action", json{{"action", "x"}});
    EXPECT_TRUE(client.drain(quiet).empty());
}

TEST(Router, WelcomeNamesTheLobbyGame) {
    test_server server;
    ws_test_client plain;
    plain.connect(server.port());
    auto welcome = plain.next();
    ASSERT_TRUE(is_success(welcome, "welcome"));
    EXPECT_EQ((*welcome)["data"]["message"], "Connected to game server. Interested in game: ");
    ws_test_client lobby;
    lobby.connect(server.port(), {.target = "/ws?x=1&game=owedrahn"});
    EXPECT_EQ((*lobby.next())["data"]["message"],
              "Connected to game server. Interested in game: owedrahn");
}

TEST(Router, EmptyOrNullRoomIdGetsAUuid) {
    test_server server;
    for (const json& room : {json(nullptr), json("")}) {
        ws_test_client c;
        connect_past_welcome(c, server.port());
        c.send("join_room", json{{"gameType", "testGame"}, {"playerName", "a"}, {"roomId", room}});
        auto result = c.next();
        ASSERT_TRUE(is_success(result, "join_room_result"));
        const std::string id = (*result)["data"]["roomId"];
        EXPECT_TRUE(std::regex_match(
            id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
            << id;
    }
}

TEST(Router, RoomIdsAreVerbatimAndCaseSensitive) {
    test_server server;
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());
    EXPECT_EQ(a.join("testGame", "a", std::string("Test"))["data"]["roomId"], "Test");
    EXPECT_EQ(b.join("testGame", "b", std::string("test"))["data"]["roomId"], "test");
    EXPECT_EQ(json::parse(server.http("GET", "/rooms").body).size(), 2U);
    EXPECT_TRUE(a.drain(quiet).empty());  // b went to another room
}

TEST(Router, ExistingRoomIgnoresTheRequestedGameType) {
    test_server server;
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());
    ASSERT_TRUE(is_success(a.join("tictactoe", "a", std::string("mixed")), "join_room_result"));
    b.send("join_room",
           json{{"gameType", "no-such-game"}, {"playerName", "b"}, {"roomId", "mixed"}});
    auto joined = b.wait_for("joined");  // tictactoe's own event
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["data"]["symbol"], "O");
    EXPECT_TRUE(is_success(b.next(), "join_room_result"));
}

TEST(Router, OutboundStringsAreEscapedLikeGo) {
    test_server server;
    ws_test_client c;
    connect_past_welcome(c, server.port());
    c.send("join_room", json{{"gameType", "testGame"}, {"playerName", "a"}, {"roomId", "<a&b>"}});
    auto frame = c.read_frame();
    ASSERT_TRUE(frame);
    EXPECT_NE(frame->find(R"("roomId":"\u003ca\u0026b\u003e")"), std::string::npos) << *frame;
    EXPECT_EQ(json::parse(*frame)[0]["data"]["roomId"], "<a&b>");
}

}  // namespace
}  // namespace gameserver::testing
