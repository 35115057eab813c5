// tictactoe's plugin outcome(): a result per seat only once the view shows the game over.
#include <gtest/gtest.h>

#include "tictactoe/plugin.hpp"

namespace gameserver::games::tictactoe {
namespace {

using sdk::json;
using sdk::seat_outcome;

json view(bool over, const std::string& winner, bool draw) {
    return {{"board", json::array()},
            {"players", {{"a", {{"symbol", "X"}}}, {"b", {{"symbol", "O"}}}}},
            {"currentTurn", over ? "" : "a"},
            {"winner", winner},
            {"gameOver", over},
            {"drawGame", draw}};
}

TEST(TictactoeOutcome, NoneWhileRunning) {
    auto plugin = make_plugin();
    EXPECT_FALSE(plugin->outcome(view(false, "", false), "a"));
    EXPECT_FALSE(plugin->outcome(json::object(), "a"));
    EXPECT_FALSE(plugin->outcome(json("junk"), "a"));
}

TEST(TictactoeOutcome, WinLossDraw) {
    auto plugin = make_plugin();
    EXPECT_EQ(plugin->outcome(view(true, "a", false), "a"), seat_outcome::win);
    EXPECT_EQ(plugin->outcome(view(true, "a", false), "b"), seat_outcome::loss);
    EXPECT_EQ(plugin->outcome(view(true, "", true), "a"), seat_outcome::draw);
    // A leave ends the game with no winner: nobody lost it at the board.
    EXPECT_EQ(plugin->outcome(view(true, "", false), "b"), seat_outcome::draw);
}

}  // namespace
}  // namespace gameserver::games::tictactoe
