// SEED-SPEC §8.5: rooms keep their own state while games run in them at the same time. Three
// tic-tac-toe rooms, each played by its own pair of clients on its own thread, end with the
// board each pair played and nothing from the others.
#include <gtest/gtest.h>

#include <array>
#include <thread>
#include <vector>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

// Plays `moves` (alternating, first mover first) in `room`; returns the final state.
json play_room(std::uint16_t port, const std::string& room,
               const std::vector<std::array<int, 2>>& moves) {
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, port);
    connect_past_welcome(b, port);
    const std::string a_id = a.join("tictactoe", "A", room)["data"]["clientId"];
    b.join("tictactoe", "B", room);
    auto state = a.wait_for("game_state", std::chrono::seconds(5));
    if (!state) return {};
    const bool a_first = (*state)["data"]["currentTurn"] == a_id;
    json last;
    for (std::size_t i = 0; i < moves.size(); ++i) {
        ws_test_client& mover = (i % 2 == 0) == a_first ? a : b;
        mover.send("make_move", json{{"row", moves[i][0]}, {"col", moves[i][1]}});
        auto seen_by_a = a.wait_for("game_state", std::chrono::seconds(5));
        auto seen_by_b = b.wait_for("game_state", std::chrono::seconds(5));
        if (!seen_by_a || !seen_by_b) return {};
        last = (*seen_by_a)["data"];
    }
    return last;
}

TEST(RoomIsolation, ConcurrentGamesKeepTheirOwnBoards) {
    test_server server;
    const std::vector<std::vector<std::array<int, 2>>> plays = {
        {{0, 0}, {1, 1}, {0, 1}},
        {{2, 2}, {0, 0}},
        {{1, 0}, {1, 2}, {2, 1}, {0, 2}},
    };
    std::vector<json> finals(plays.size());
    std::vector<std::thread> players;
    for (std::size_t r = 0; r < plays.size(); ++r) {
        players.emplace_back(
            [&, r] { finals[r] = play_room(server.port(), "iso-" + std::to_string(r), plays[r]); });
    }
    for (auto& t : players) t.join();

    for (std::size_t r = 0; r < plays.size(); ++r) {
        ASSERT_TRUE(finals[r].is_object()) << "room " << r;
        int filled = 0;
        for (const auto& row : finals[r]["board"]) {
            for (const auto& cell : row) filled += cell != "";
        }
        EXPECT_EQ(filled, static_cast<int>(plays[r].size())) << "room " << r;
        for (const auto& [row, col] : plays[r]) {
            EXPECT_NE(finals[r]["board"][row][col], "") << "room " << r;
        }
    }
}

}  // namespace
}  // namespace gameserver::testing
