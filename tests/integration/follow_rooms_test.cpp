// server.follow_rooms: a connection moves to the event loop of the room it joins. The test
// server runs two loops and accepts connections on them in turn, so the first and second
// connection of a test start on different loops.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

double moved(const test_server& server) {
    return metric(server, "gameserver_connections_moved_total").value_or(-1);
}

// Both players make moves until the game ends; every move's state reaches both of them.
void play_to_the_end(ws_test_client& x, ws_test_client& o, const std::string& x_id,
                     std::string turn) {
    const std::pair<int, int> cells[] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}};
    for (const auto& [row, col] : cells) {
        ws_test_client& mover = turn == x_id ? x : o;
        mover.send("make_move", json{{"row", row}, {"col", col}});
        for (ws_test_client* player : {&x, &o}) {
            auto state = player->wait_for("game_state");
            ASSERT_TRUE(state);
            ASSERT_NE((*state)["data"]["board"][row][col], "");
            turn = (*state)["data"]["currentTurn"];
        }
    }
}

void play_one_game(test_server& server, const std::string& room) {
    ws_test_client x;
    ws_test_client o;
    connect_past_welcome(x, server.port());  // one loop
    connect_past_welcome(o, server.port());  // the other
    const std::string x_id = x.join("tictactoe", "x", room)["data"]["clientId"];
    ASSERT_TRUE(is_success(o.join("tictactoe", "o", room), "join_room_result"));
    auto state = x.wait_for("game_state");
    ASSERT_TRUE(state);
    play_to_the_end(x, o, x_id, (*state)["data"]["currentTurn"]);
    for (const auto& e : x.skipped()) EXPECT_NE(e["type"], "error") << e.dump();
    for (const auto& e : o.skipped()) EXPECT_NE(e["type"], "error") << e.dump();
}

TEST(FollowRooms, ThePlayerAcceptedOnTheOtherLoopMovesToTheRoomAndTheGamePlaysOn) {
    test_server server;
    play_one_game(server, "follow");
    EXPECT_EQ(moved(server), 1);
}

TEST(FollowRooms, DisabledEveryConnectionStaysOnTheLoopThatAcceptedIt) {
    test_server server([](core::config& c) { c.server.follow_rooms = false; });
    play_one_game(server, "stay");
    EXPECT_EQ(moved(server), 0);
}

// A lobby subscriber gets pushes from rooms on both loops while it moves back and forth
// between a room on each: every join is answered and every push arrives whole, in order.
TEST(FollowRooms, AConnectionMovesBackAndForthWhilePushesRaceItsMoves) {
    test_server server;
    ws_test_client host0;
    ws_test_client host1;
    connect_past_welcome(host0, server.port());  // loop 0
    connect_past_welcome(host1, server.port());  // loop 1
    ASSERT_TRUE(
        is_success(host0.join("tictactoe", "h0", std::string("loop0")), "join_room_result"));
    ASSERT_TRUE(
        is_success(host1.join("tictactoe", "h1", std::string("loop1")), "join_room_result"));

    // Rooms created and left on both loops meanwhile: lobby pushes to the mover.
    struct churner {
        std::atomic<bool> stop{false};
        std::atomic<int> failures{0};
        std::thread thread;
        ~churner() {
            stop = true;
            if (thread.joinable()) thread.join();
        }
    } churn;
    churn.thread = std::thread([&churn, port = server.port()] {
        for (int i = 0; !churn.stop; ++i) {
            try {
                ws_test_client c;
                connect_past_welcome(c, port);
                auto joined = c.join("tictactoe", "c", "churn" + std::to_string(i));
                c.send("leave_room");
                if (joined["success"] != true || !c.wait_for("leave_room_result")) ++churn.failures;
            } catch (const std::exception&) {
                ++churn.failures;
            }
        }
    });

    ws_test_client mover;
    connect_past_welcome(mover, server.port(), "/ws?game=tictactoe");
    constexpr int rounds = 20;
    for (int r = 0; r < rounds; ++r) {
        const std::string room = r % 2 ? "loop1" : "loop0";
        auto joined = mover.join("tictactoe", "m", room);
        ASSERT_TRUE(is_success(joined, "join_room_result")) << "round " << r;
        EXPECT_EQ(joined["data"]["roomId"], room);
        mover.send("leave_room");
        ASSERT_TRUE(mover.wait_for("leave_room_result")) << "round " << r;
    }
    churn.stop = true;
    churn.thread.join();
    EXPECT_EQ(churn.failures, 0);
    for (const auto& e : mover.skipped()) {
        EXPECT_NE(e["type"], "error") << e.dump();
        if (e["type"] == "room_list_update") {
            EXPECT_TRUE(e["data"].is_array()) << e.dump();
        }
    }
    // A join while a push is being written hops to the room instead of moving; most move.
    EXPECT_GE(moved(server), 1);
    EXPECT_TRUE(mover.is_open());
}

}  // namespace
}  // namespace gameserver::testing
