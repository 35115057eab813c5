// snake's plugin outcome(): once `over`, `winner` is the winning id or empty for no winner.
#include <gtest/gtest.h>

#include "snake/plugin.hpp"

namespace gameserver::games::snake {
namespace {

using sdk::json;
using sdk::seat_outcome;

json view(bool over, const std::string& winner) {
    return {{"tick", 40},
            {"started", true},
            {"over", over},
            {"winner", winner},
            {"snakes", {{"a", {{"alive", true}}}, {"b", {{"alive", false}}}}}};
}

TEST(SnakeOutcome, NoneWhileRunning) {
    auto plugin = make_plugin();
    EXPECT_FALSE(plugin->outcome(view(false, ""), "a"));
    EXPECT_FALSE(plugin->outcome(json(nullptr), "a"));
}

TEST(SnakeOutcome, WinLossDraw) {
    auto plugin = make_plugin();
    EXPECT_EQ(plugin->outcome(view(true, "a"), "a"), seat_outcome::win);
    EXPECT_EQ(plugin->outcome(view(true, "a"), "b"), seat_outcome::loss);
    EXPECT_EQ(plugin->outcome(view(true, ""), "a"), seat_outcome::draw);
}

}  // namespace
}  // namespace gameserver::games::snake
