// The game registry: registration order, lookup by exact wire id, and the start-up errors.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "gameserver/core/game_registry.hpp"
#include "testgame/testgame.hpp"

namespace gameserver::core {
namespace {

// A plugin that only has an id; the registry never creates games.
class named_plugin final : public sdk::game_plugin {
  public:
    explicit named_plugin(std::string id) { info_.id = std::move(id); }
    const sdk::game_info& info() const override { return info_; }
    std::unique_ptr<sdk::game> create() const override { return nullptr; }
    std::shared_ptr<const sdk::bot_policy> bot(std::string_view) const override { return nullptr; }
    std::vector<std::string> bot_policies() const override { return {}; }
    std::string bot_name(sdk::rng&) const override { return "bot"; }

  private:
    sdk::game_info info_;
};

std::vector<std::string> ids(const game_registry& registry) {
    std::vector<std::string> out;
    for (const auto* plugin : registry.list()) out.push_back(plugin->info().id);
    return out;
}

TEST(GameRegistryTest, EmptyRegistry) {
    const game_registry registry;
    EXPECT_TRUE(registry.list().empty());
    EXPECT_EQ(registry.find("testGame"), nullptr);
    EXPECT_EQ(registry.find(""), nullptr);
}

TEST(GameRegistryTest, FindsByExactIdAndListsInRegistrationOrder) {
    game_registry registry;
    registry.add(std::make_unique<named_plugin>("zeta"));
    registry.add(games::testgame::make_plugin());
    registry.add(std::make_unique<named_plugin>("alpha"));

    EXPECT_EQ(ids(registry), (std::vector<std::string>{"zeta", "testGame", "alpha"}));
    const sdk::game_plugin* test_game = registry.find("testGame");
    ASSERT_NE(test_game, nullptr);
    EXPECT_EQ(test_game->info().id, "testGame");
    EXPECT_EQ(test_game, registry.list()[1]);
    EXPECT_EQ(registry.find("alpha"), registry.list()[2]);
    EXPECT_EQ(registry.find("testgame"), nullptr);  // wire ids are case-sensitive
    EXPECT_EQ(registry.find("nope"), nullptr);
    EXPECT_EQ(registry.find(""), nullptr);
}

TEST(GameRegistryTest, DuplicateIdThrowsAndKeepsTheFirst) {
    game_registry registry;
    registry.add(games::testgame::make_plugin());
    const sdk::game_plugin* first = registry.find("testGame");
    EXPECT_THROW(registry.add(games::testgame::make_plugin()), std::invalid_argument);
    EXPECT_THROW(registry.add(std::make_unique<named_plugin>("testGame")), std::invalid_argument);
    EXPECT_EQ(ids(registry), (std::vector<std::string>{"testGame"}));
    EXPECT_EQ(registry.find("testGame"), first);
}

TEST(GameRegistryTest, EmptyIdThrows) {
    game_registry registry;
    EXPECT_THROW(registry.add(std::make_unique<named_plugin>("")), std::invalid_argument);
    EXPECT_TRUE(registry.list().empty());
}

}  // namespace
}  // namespace gameserver::core
