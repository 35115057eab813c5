// owedrahn's plugin outcome(): once `over`, the seat still alive won.
#include <gtest/gtest.h>

#include "owedrahn/plugin.hpp"

namespace gameserver::games::owedrahn {
namespace {

using sdk::json;
using sdk::seat_outcome;

json view(bool over, int life_a, int life_b) {
    return {{"players",
             json::array({{{"id", "a"}, {"life", life_a}}, {{"id", "b"}, {"life", life_b}}})},
            {"started", !over},
            {"currentTurn", ""},
            {"over", over}};
}

TEST(OwedrahnOutcome, NoneWhileRunning) {
    auto plugin = make_plugin();
    EXPECT_FALSE(plugin->outcome(view(false, 3, 0), "a"));
    EXPECT_FALSE(plugin->outcome(json::object(), "a"));
}

TEST(OwedrahnOutcome, SurvivorWins) {
    auto plugin = make_plugin();
    EXPECT_EQ(plugin->outcome(view(true, 2, 0), "a"), seat_outcome::win);
    EXPECT_EQ(plugin->outcome(view(true, 2, 0), "b"), seat_outcome::loss);
    EXPECT_EQ(plugin->outcome(view(true, 0, 0), "a"), seat_outcome::draw) << "nobody alive";
    EXPECT_FALSE(plugin->outcome(view(true, 2, 0), "spectator"));
}

}  // namespace
}  // namespace gameserver::games::owedrahn
