// The first socket-level check: welcome, join-or-create, a second joiner, a move.
#include <gtest/gtest.h>

#include "support/test_server.hpp"
#include "support/ws_test_client.hpp"

namespace gameserver::testing {
namespace {

TEST(Smoke, WelcomeJoinAndMove) {
    test_server server;
    ws_test_client a;
    a.connect(server.port(), {.target = "/ws?game=tictactoe"});
    auto welcome = a.next();
    ASSERT_TRUE(welcome);
    EXPECT_EQ((*welcome)["type"], "welcome");
    EXPECT_EQ((*welcome)["data"]["message"],
              "Connected to game server. Interested in game: tictactoe");

    auto joined = a.join("tictactoe", "Ann", std::string("room-1"));
    EXPECT_EQ(joined["success"], true);
    EXPECT_EQ(joined["data"]["roomId"], "room-1");
    const std::string a_id = joined["data"]["clientId"];

    ws_test_client b;
    b.connect(server.port());
    auto b_joined = b.join("tictactoe", "Bob", std::string("room-1"));
    EXPECT_EQ(b_joined["success"], true);
    auto state_a = a.wait_for("game_state");
    ASSERT_TRUE(state_a);
    const std::string turn = (*state_a)["data"]["currentTurn"];
    ws_test_client& mover = turn == a_id ? a : b;
    mover.send("make_move", json{{"row", 0}, {"col", 0}});
    auto moved = mover.wait_for("game_state");
    ASSERT_TRUE(moved);
    EXPECT_NE((*moved)["data"]["board"][0][0], "");
}

}  // namespace
}  // namespace gameserver::testing
