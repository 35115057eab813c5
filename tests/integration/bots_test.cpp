// Bots over sockets: add_bot in tic-tac-toe seats a bot that plays a whole game by itself (think
// time shortened by config), and a room left with only a bot closes after the grace.
#include <gtest/gtest.h>

#include <random>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

void fast_bots(core::config& c) {
    c.bots.think_min = 5ms;
    c.bots.think_max = 20ms;
    c.rooms.close_grace = 250ms;
}

TEST(Bots, AddBotSeatsTheBot) {
    test_server server(fast_bots);
    ws_test_client human;
    connect_past_welcome(human, server.port());
    auto joined = human.join("tictactoe", "Ann", std::string("bot-room"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    const std::string my_id = joined["data"]["clientId"];

    human.send("add_bot");
    auto bot_joined = human.next();
    ASSERT_TRUE(is_success(bot_joined, "client_joined"));
    const std::string bot_id = (*bot_joined)["data"]["clientId"];
    EXPECT_NE(bot_id, my_id);
    auto state = human.next();
    ASSERT_TRUE(is_success(state, "game_state"));
    EXPECT_EQ((*state)["data"]["players"][bot_id]["symbol"], "O");
    EXPECT_TRUE(is_success(human.next(), "add_bot_result"));

    auto rooms = json::parse(server.http("GET", "/rooms").body);
    EXPECT_EQ(rooms[0]["clientCount"], 2);  // bots count as members
    // The game is full now: a second bot is refused.
    human.send("add_bot");
    auto refused = human.wait_for("add_bot_result");
    EXPECT_TRUE(is_failure(refused, "add_bot_result", "Game is full", "ROOM_FULL"));
}

TEST(Bots, HumanPlaysRandomMovesAgainstTheBotToTheEnd) {
    test_server server(fast_bots);
    ws_test_client human;
    connect_past_welcome(human, server.port());
    auto joined = human.join("tictactoe", "Ann", std::string("bot-game"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    const std::string my_id = joined["data"]["clientId"];
    human.send("add_bot");
    ASSERT_TRUE(is_success(human.wait_for("add_bot_result"), "add_bot_result"));

    std::mt19937 random(12345);
    json state;
    for (const auto& e : human.skipped()) {
        if (e["type"] == "game_state") state = e["data"];
    }
    ASSERT_FALSE(state.is_null());
    int my_moves = 0;
    int bot_moves_seen = 0;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!state["gameOver"].get<bool>()) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << state.dump();
        if (state["currentTurn"] == my_id) {
            std::vector<std::pair<int, int>> free;
            for (int r = 0; r < 3; ++r) {
                for (int c = 0; c < 3; ++c) {
                    if (state["board"][r][c] == "") free.emplace_back(r, c);
                }
            }
            ASSERT_FALSE(free.empty());
            const auto [row, col] = free[random() % free.size()];
            human.send("make_move", json{{"row", row}, {"col", col}});
            ++my_moves;
        } else {
            ++bot_moves_seen;
        }
        auto next = human.wait_for("game_state", 2s);
        ASSERT_TRUE(next) << "the bot stopped playing: " << state.dump();
        state = (*next)["data"];
    }
    EXPECT_GE(my_moves, 2);
    EXPECT_GE(bot_moves_seen, 1);
    // Minimax never loses: the human did not win.
    EXPECT_NE(state["winner"], my_id);
    for (const auto& e : human.skipped()) {
        EXPECT_NE(e["type"], "error") << e.dump();  // every move was legal
    }
}

TEST(Bots, RoomWithOnlyABotClosesAfterTheGrace) {
    test_server server(fast_bots);
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=tictactoe");
    ws_test_client human;
    connect_past_welcome(human, server.port());
    ASSERT_TRUE(
        is_success(human.join("tictactoe", "Ann", std::string("bots-only")), "join_room_result"));
    human.send("add_bot");
    ASSERT_TRUE(is_success(human.wait_for("add_bot_result"), "add_bot_result"));
    human.send("leave_room");
    ASSERT_TRUE(is_success(human.wait_for("leave_room_result"), "leave_room_result"));
    EXPECT_TRUE(room_exists(server, "bots-only"));

    // Pushes: creation, join, leave (the bot is still there), then the removal.
    bool removed = false;
    while (!removed) {
        auto update = lobby.wait_for("room_list_update", 3s);
        ASSERT_TRUE(update) << "the bot-only room never closed";
        removed = (*update)["data"].empty();
    }
    EXPECT_FALSE(room_exists(server, "bots-only"));
}

}  // namespace
}  // namespace gameserver::testing
