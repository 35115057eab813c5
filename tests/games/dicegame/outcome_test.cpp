// dicegame's plugin outcome(): the seat at targetScore won once `winner` (a name) is set.
#include <gtest/gtest.h>

#include "dicegame/plugin.hpp"

namespace gameserver::games::dicegame {
namespace {

using sdk::json;
using sdk::seat_outcome;

json view(const std::string& winner, int score_a, int score_b) {
    return {{"players",
             {{"a", {{"id", "a"}, {"name", "Hans"}, {"score", score_a}}},
              {"b", {{"id", "b"}, {"name", "Hans"}, {"score", score_b}}}}},
            {"started", true},
            {"currentTurn", winner.empty() ? "a" : ""},
            {"winner", winner},
            {"targetScore", 3000}};
}

TEST(DicegameOutcome, NoneBeforeAWinner) {
    auto plugin = make_plugin();
    EXPECT_FALSE(plugin->outcome(view("", 2950, 100), "a"));
    EXPECT_FALSE(plugin->outcome(json::array(), "a"));
}

TEST(DicegameOutcome, ScoresTellSeatsWithTheSameNameApart) {
    auto plugin = make_plugin();
    const json over = view("Hans", 3050, 2900);
    EXPECT_EQ(plugin->outcome(over, "a"), seat_outcome::win);
    EXPECT_EQ(plugin->outcome(over, "b"), seat_outcome::loss);
    EXPECT_FALSE(plugin->outcome(over, "spectator"));
}

}  // namespace
}  // namespace gameserver::games::dicegame
