// SEED-SPEC §4 over sockets: a dropped player takes its seat back by client id or by token,
// chains of reconnects, and failed reconnects that leave the client in no room and the session
// unconsumed.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <memory>
#include <thread>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto quiet = 150ms;

// A tictactoe room "rc" with two players and one move played; `dropped_id` is the player that
// then lost its connection (its session is stored once this returns).
struct dropped_game {
    ws_test_client peer;
    std::string peer_id;
    std::string dropped_id;
    std::string dropped_symbol;
    std::string dropped_token;
    json state;
};

void set_up_dropped(test_server& server, dropped_game& g) {
    ws_test_client leaving;
    connect_past_welcome(leaving, server.port());
    connect_past_welcome(g.peer, server.port());
    auto joined = leaving.join("tictactoe", "Ann", std::string("rc"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    g.dropped_id = joined["data"]["clientId"];
    g.dropped_token = joined["data"]["reconnectToken"];
    EXPECT_FALSE(g.dropped_token.empty());
    auto peer_joined = g.peer.join("tictactoe", "Bob", std::string("rc"));
    ASSERT_TRUE(is_success(peer_joined, "join_room_result"));
    g.peer_id = peer_joined["data"]["clientId"];
    auto state = leaving.wait_for("game_state");
    ASSERT_TRUE(state);
    const std::string turn = (*state)["data"]["currentTurn"];
    ws_test_client& mover = turn == g.peer_id ? g.peer : leaving;
    mover.send("make_move", json{{"row", 1}, {"col", 1}});
    auto moved = leaving.wait_for("game_state");
    ASSERT_TRUE(moved);
    ASSERT_TRUE(g.peer.wait_for("game_state"));
    g.state = (*moved)["data"];
    g.dropped_symbol = g.state["players"][g.dropped_id]["symbol"];
    EXPECT_TRUE(g.peer.drain(50ms).empty());

    leaving.drop();
    auto left = g.peer.next();
    ASSERT_TRUE(is_success(left, "client_left"));
    EXPECT_EQ((*left)["data"]["clientId"], g.dropped_id);
    ASSERT_TRUE(wait_for_session(server, g.dropped_id));
}

// The client is in no room: a game verb is an unknown type outside a room.
void expect_in_no_room(ws_test_client& client) {
    client.send("make_move", json{{"row", 0}, {"col", 0}});
    EXPECT_TRUE(
        is_failure(client.next(), "error", "Unknown message type: make_move", "UNKNOWN_TYPE"));
}

TEST(Reconnect, ByClientIdRestoresSymbolAndState) {
    test_server server;
    dropped_game g;
    set_up_dropped(server, g);

    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", g.dropped_id}, {"roomId", "rc"}});
    auto envelopes = back.drain(300ms);
    ASSERT_EQ(types_of(envelopes),
              (std::vector<std::string>{"game_state", "reconnected", "reconnect_result"}));
    const json& result = envelopes[2];
    ASSERT_TRUE(is_success(result, "reconnect_result"));
    const std::string new_id = result["data"]["clientId"];
    EXPECT_NE(new_id, g.dropped_id);
    std::vector<std::string> keys;
    for (const auto& [key, value] : result["data"].items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"roomId", "clientId", "gameType", "reconnectToken"}));
    EXPECT_EQ(result["data"]["roomId"], "rc");
    EXPECT_EQ(result["data"]["gameType"], "tictactoe");
    EXPECT_NE(result["data"]["reconnectToken"], g.dropped_token);  // a fresh token per seat

    EXPECT_EQ(envelopes[1]["data"],
              json({{"clientId", new_id}, {"roomId", "rc"}, {"symbol", g.dropped_symbol}}));
    const json& state = envelopes[0]["data"];
    EXPECT_EQ(state["board"], g.state["board"]);
    EXPECT_EQ(state["players"][new_id]["symbol"], g.dropped_symbol);
    EXPECT_FALSE(state["players"].contains(g.dropped_id));
    if (g.state["currentTurn"] == g.dropped_id) {
        EXPECT_EQ(state["currentTurn"], new_id);
    }

    auto joined = g.peer.next();
    ASSERT_TRUE(is_success(joined, "client_joined"));
    EXPECT_EQ((*joined)["data"]["clientId"], new_id);
    auto peer_state = g.peer.next();
    ASSERT_TRUE(is_success(peer_state, "game_state"));
    EXPECT_EQ((*peer_state)["data"], state);

    // The old id's session is consumed; the seat plays on under the new id.
    EXPECT_FALSE(server.sessions().find(g.dropped_id, core::wall_clock::now()));
    const std::string turn = state["currentTurn"];
    ws_test_client& mover = turn == new_id ? back : g.peer;
    mover.send("make_move", json{{"row", 0}, {"col", 0}});
    auto after = back.wait_for("game_state");
    ASSERT_TRUE(after);
    EXPECT_EQ((*after)["data"]["board"][0][0], state["players"][turn]["symbol"]);
}

TEST(Reconnect, ByTokenWhenTokensAreRequired) {
    test_server server([](core::config& c) { c.sessions.require_token = true; });
    dropped_game g;
    set_up_dropped(server, g);

    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", g.dropped_id}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    back.send("reconnect", json{{"clientId", g.dropped_id}, {"reconnectToken", "wrong"}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    expect_in_no_room(back);
    EXPECT_TRUE(g.peer.drain(quiet).empty());  // failed attempts never touch the room

    back.send("reconnect", json{{"clientId", g.dropped_id}, {"reconnectToken", g.dropped_token}});
    auto result = back.wait_for("reconnect_result");
    ASSERT_TRUE(is_success(result, "reconnect_result"));
    ASSERT_EQ(back.skipped().size(), 2U);
    EXPECT_EQ(back.skipped()[1]["data"]["symbol"], g.dropped_symbol);

    // The next link of the chain needs the token issued by that reconnect.
    const std::string second_id = (*result)["data"]["clientId"];
    const std::string second_token = (*result)["data"]["reconnectToken"];
    back.drop();
    ASSERT_TRUE(wait_for_session(server, second_id));
    ws_test_client third;
    connect_past_welcome(third, server.port());
    third.send("reconnect", json{{"clientId", second_id}, {"reconnectToken", g.dropped_token}});
    EXPECT_TRUE(is_failure(third.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    third.send("reconnect", json{{"clientId", second_id}, {"reconnectToken", second_token}});
    EXPECT_TRUE(is_success(third.wait_for("reconnect_result"), "reconnect_result"));
}

TEST(Reconnect, WrongTokenIsRefusedEvenWhenTokensAreOptional) {
    test_server server;
    dropped_game g;
    set_up_dropped(server, g);
    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", g.dropped_id}, {"reconnectToken", "guess"}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    back.send("reconnect", json{{"clientId", g.dropped_id}, {"reconnectToken", g.dropped_token}});
    EXPECT_TRUE(is_success(back.wait_for("reconnect_result"), "reconnect_result"));
}

TEST(Reconnect, ChainUsesTheNewestId) {
    test_server server;
    dropped_game g;
    set_up_dropped(server, g);

    std::string second_id;
    {
        ws_test_client second;
        connect_past_welcome(second, server.port());
        second.send("reconnect", json{{"clientId", g.dropped_id}, {"roomId", "rc"}});
        auto result = second.wait_for("reconnect_result");
        ASSERT_TRUE(is_success(result, "reconnect_result"));
        second_id = (*result)["data"]["clientId"];
        second.drop();
    }
    ASSERT_TRUE(g.peer.wait_for("client_left"));
    ASSERT_TRUE(wait_for_session(server, second_id));

    ws_test_client third;
    connect_past_welcome(third, server.port());
    third.send("reconnect", json{{"clientId", g.dropped_id}, {"roomId", "rc"}});
    EXPECT_TRUE(is_failure(third.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    third.send("reconnect", json{{"clientId", second_id}, {"roomId", "rc"}});
    auto reconnected = third.wait_for("reconnected");
    ASSERT_TRUE(reconnected);
    EXPECT_EQ((*reconnected)["data"]["symbol"], g.dropped_symbol);
    auto result = third.next();
    ASSERT_TRUE(is_success(result, "reconnect_result"));
    EXPECT_NE((*result)["data"]["clientId"], second_id);
    EXPECT_NE((*result)["data"]["clientId"], g.dropped_id);
}

TEST(Reconnect, UnknownIdLeavesTheClientInNoRoomAndKeepsTheSession) {
    test_server server;
    dropped_game g;
    set_up_dropped(server, g);

    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", "no-such-client"}, {"roomId", "rc"}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
    expect_in_no_room(back);

    back.send("reconnect", json{{"clientId", g.dropped_id}, {"roomId", "rc"}});
    EXPECT_TRUE(is_success(back.wait_for("reconnect_result"), "reconnect_result"));
}

TEST(Reconnect, WrongRoomIsRefusedAndKeepsTheSession) {
    test_server server;
    dropped_game g;
    set_up_dropped(server, g);
    ws_test_client other_room;
    connect_past_welcome(other_room, server.port());
    ASSERT_TRUE(is_success(other_room.join("tictactoe", "Zed", std::string("foreign")),
                           "join_room_result"));

    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", g.dropped_id}, {"roomId", "foreign"}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "Room not found", "ROOM_NOT_FOUND"));
    expect_in_no_room(back);
    EXPECT_TRUE(other_room.drain(quiet).empty());  // never routed into the foreign room

    back.send("reconnect", json{{"clientId", g.dropped_id}, {"roomId", "rc"}});
    auto result = back.wait_for("reconnect_result");
    ASSERT_TRUE(is_success(result, "reconnect_result"));
    EXPECT_EQ((*result)["data"]["roomId"], "rc");
}

TEST(Reconnect, GameRefusalLeavesTheClientInNoRoom) {
    test_server server;
    dropped_game g;
    set_up_dropped(server, g);
    // A spectator has no seat: its reconnect is refused by the game.
    std::string spectator_id;
    {
        ws_test_client spectator;
        connect_past_welcome(spectator, server.port());
        spectator_id = spectator.join("tictactoe", "Eve", std::string("rc"))["data"]["clientId"];
        spectator.drop();
        ASSERT_TRUE(wait_for_session(server, spectator_id));
    }
    ws_test_client again;
    connect_past_welcome(again, server.port());
    again.send("reconnect", json{{"clientId", spectator_id}});
    EXPECT_TRUE(is_failure(again.wait_for("reconnect_result"), "reconnect_result",
                           "no player found with provided ID", "PLAYER_NOT_FOUND"));
    expect_in_no_room(again);
}

TEST(Reconnect, WhileInARoomIsRefused) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "a"), "join_room_result"));
    client.send("reconnect", json{{"clientId", "whatever"}});
    EXPECT_TRUE(is_failure(client.next(), "reconnect_result", "client is already in a room",
                           "ALREADY_IN_ROOM"));
}

TEST(Reconnect, AfterTheRoomClosedRoomNotFound) {
    test_server server([](core::config& c) { c.rooms.close_grace = 200ms; });
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=tictactoe");
    std::string old_id;
    {
        ws_test_client alone;
        connect_past_welcome(alone, server.port());
        old_id = alone.join("tictactoe", "Ann", std::string("short"))["data"]["clientId"];
        alone.drop();
    }
    ASSERT_TRUE(wait_for_session(server, old_id));
    ASSERT_TRUE(eventually([&] { return !room_exists(server, "short"); }));

    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", old_id}, {"roomId", "short"}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "Room not found", "ROOM_NOT_FOUND"));
    back.send("reconnect", json{{"clientId", old_id}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "Room not found", "ROOM_NOT_FOUND"));
    expect_in_no_room(back);
}

TEST(Reconnect, SessionExpiresAfterItsTtl) {
    test_server server([](core::config& c) { c.sessions.ttl = std::chrono::seconds(1); });
    ws_test_client stays;  // keeps the room open
    connect_past_welcome(stays, server.port());
    ASSERT_TRUE(is_success(stays.join("testGame", "a", std::string("ttl")), "join_room_result"));
    std::string old_id;
    {
        ws_test_client goes;
        connect_past_welcome(goes, server.port());
        old_id = goes.join("testGame", "b", std::string("ttl"))["data"]["clientId"];
        goes.drop();
    }
    ASSERT_TRUE(wait_for_session(server, old_id));
    std::this_thread::sleep_for(1100ms);
    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", old_id}, {"roomId", "ttl"}});
    EXPECT_TRUE(is_failure(back.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));
}

// Several connections present the same old id at once: the session is consumed once.
void reconnect_storm(const std::string& game) {
    test_server server;
    ws_test_client stays;
    connect_past_welcome(stays, server.port());
    ASSERT_TRUE(is_success(stays.join(game, "a", std::string("storm")), "join_room_result"));
    std::string old_id;
    {
        ws_test_client goes;
        connect_past_welcome(goes, server.port());
        old_id = goes.join(game, "b", std::string("storm"))["data"]["clientId"];
        goes.drop();
    }
    ASSERT_TRUE(wait_for_session(server, old_id));

    constexpr int count = 6;
    std::vector<std::unique_ptr<ws_test_client>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<ws_test_client>());
        connect_past_welcome(*clients.back(), server.port());
    }
    std::barrier start(count);
    std::atomic<int> succeeded{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            clients[i]->send("reconnect", json{{"clientId", old_id}, {"roomId", "storm"}});
            auto result = clients[i]->wait_for("reconnect_result");
            if (!result) return;
            if ((*result)["success"] == true) {
                ++succeeded;
            } else {
                EXPECT_EQ((*result)["code"], "SESSION_EXPIRED") << result->dump();
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(succeeded, 1);
    auto detail = json::parse(server.http("GET", "/api/v1/rooms/storm").body);
    EXPECT_EQ(detail["playerCount"], 2);  // the one who stayed and the one who came back
}

TEST(Reconnect, StormOnOneSessionHasOneWinnerInTheTestGame) {
    reconnect_storm("testGame");
}

TEST(Reconnect, StormOnOneSessionHasOneWinnerInTicTacToe) {
    reconnect_storm("tictactoe");
}

}  // namespace
}  // namespace gameserver::testing
