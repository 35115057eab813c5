// snake writes its state as JSON text itself (sdk::json_writer); those bytes must be the ones the
// room's encoder makes of the game's JSON tree, on every tick of a game.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "games/harness.hpp"
#include "gameserver/core/json_codec.hpp"
#include "snake/game.hpp"
#include "snake/rules.hpp"

namespace gameserver::games::snake {
namespace {

TEST(SnakeEncoding, EncodedStateIsTheRoomsEncodingOfTheTree) {
    testkit::harness h{11};
    game g;
    h.attach(g, tick_rate_hz);
    ASSERT_FALSE(h.create());
    // Names with the characters the encoders escape, and an invalid UTF-8 byte.
    const std::vector<std::string> ids = {"a", "b", "c"};
    const std::vector<std::string> names = {"<a&b>", "quote \" \u2028", "bad \xff byte"};
    for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_FALSE(h.join(ids[i], names[i]));
    for (const auto& id : ids) ASSERT_FALSE(h.act(id, "ready", sdk::json{{"ready", true}}));
    ASSERT_TRUE(g.is_started());
    const std::vector<std::string> turns = {"up", "left", "down", "right"};
    std::size_t checked = 0;
    for (int tick = 0; tick < 40 && !g.is_over(); ++tick) {
        (void)h.act(ids[tick % 3], "turn", sdk::json{{"dir", turns[tick % 4]}});
        h.advance(sdk::millis{1000 / tick_rate_hz});
        ASSERT_FALSE(h.encoded().empty());
        EXPECT_EQ(h.encoded().back(), core::to_json(g.view_for("a"))) << "tick " << tick;
        ++checked;
    }
    EXPECT_GE(checked, 10u);
}

}  // namespace
}  // namespace gameserver::games::snake
