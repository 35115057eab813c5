// gamebot preset files: what a good file gives, and a message naming the key for a bad one.
#include "gameserver/bot/preset.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "all_games.hpp"
#include "gameserver/bot/fleet.hpp"
#include "gameserver/core/game_registry.hpp"

namespace gameserver::bot {
namespace {

using namespace std::chrono_literals;

std::string error_of(const std::string& yaml) {
    try {
        parse_preset(yaml, run_config{});
    } catch (const preset_error& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(Preset, TopLevelKeysAreDefaultsAndFleetsOverrideThem) {
    const auto fleets = parse_preset(R"(
url: ws://10.0.0.1:7000/ws
seed: 100
think: 200ms..1s
games: 5
fleets:
  - game: tictactoe
    bots: 4
    policies: [minimax, random]
  - game: dicegame
    bots: 2
    policy: classic
    games: 0
    duration: 90s
    think: 0ms
    seed: 7
    room: friends
    threads: 1
    reconnect_attempts: 3
    options: {bustDelayMs: 250, label: "x", fast: true}
)",
                                     run_config{});
    ASSERT_EQ(fleets.size(), 2u);
    const run_config& a = fleets[0];
    EXPECT_EQ(a.url, "ws://10.0.0.1:7000/ws");
    EXPECT_EQ(a.game, "tictactoe");
    EXPECT_EQ(a.bots, 4);
    EXPECT_EQ(a.games, 5);
    EXPECT_EQ(a.seed, 100u);
    EXPECT_EQ(a.policies, (std::vector<std::string>{"minimax", "random"}));
    ASSERT_TRUE(a.think);
    EXPECT_EQ(a.think->low, 200ms);
    EXPECT_EQ(a.think->high, 1000ms);
    EXPECT_EQ(a.room, "auto");

    const run_config& b = fleets[1];
    EXPECT_EQ(b.games, 0);
    EXPECT_EQ(b.duration, 90s);
    EXPECT_EQ(b.seed, 7u);
    EXPECT_EQ(b.room, "friends");
    EXPECT_EQ(b.threads, 1);
    EXPECT_EQ(b.reconnect.max_attempts, 3);
    EXPECT_EQ(b.policies, (std::vector<std::string>{"classic"}));
    ASSERT_TRUE(b.think);
    EXPECT_EQ(b.think->high, 0ms);
    EXPECT_EQ(b.options, (sdk::json{{"bustDelayMs", 250}, {"label", "x"}, {"fast", true}}));
}

TEST(Preset, FleetsWithoutASeedGetDistinctOnes) {
    const auto fleets = parse_preset(
        "seed: 10\nfleets:\n  - {game: tictactoe, bots: 2}\n  - {game: tictactoe, bots: 2}\n",
        run_config{});
    ASSERT_EQ(fleets.size(), 2u);
    EXPECT_EQ(fleets[0].seed, 10u);
    EXPECT_EQ(fleets[1].seed, 11u);
}

TEST(Preset, BadFilesNameTheKey) {
    EXPECT_EQ(error_of("fleets: []"), "fleets: expected a list of one fleet or more");
    EXPECT_EQ(error_of("- a\n- b"), "expected a map with a `fleets` list at the top");
    EXPECT_EQ(error_of("fleets:\n  - {game: tictactoe}"), "fleets[0].bots: missing");
    EXPECT_EQ(error_of("fleets:\n  - {bots: 2}"), "fleets[0].game: missing");
    EXPECT_EQ(error_of("fleets:\n  - {game: tictactoe, bots: 2}\n  - {game: snake, bots: lots}"),
              "fleets[1].bots: expected a whole number from 1 to 100000, got 'lots'");
    EXPECT_EQ(error_of("fleets:\n  - {game: tictactoe, bots: 2, think: soon}"),
              "fleets[0].think: expected LOW..HIGH like 200ms..1s, got 'soon'");
    EXPECT_EQ(error_of("duration: forever\nfleets:\n  - {game: tictactoe, bots: 2}"),
              "duration: expected a duration like 500ms, 60s or 2m, got 'forever'");
    EXPECT_EQ(error_of("fleets:\n  - {game: tictactoe, bots: 2, policy: a, policies: [b]}"),
              "fleets[0].policy: give `policy` or `policies`, not both");
    EXPECT_EQ(error_of("fleets:\n  - {game: tictactoe, bots: 2, options: 3}"),
              "fleets[0].options: expected a map");
    const std::string unknown = error_of("fleets:\n  - {game: tictactoe, bots: 2, polcy: a}");
    EXPECT_EQ(unknown.rfind("fleets[0].polcy: unknown key (known: ", 0), 0u) << unknown;
    EXPECT_EQ(error_of("fleets: [").rfind("not YAML: ", 0), 0u);
}

TEST(Preset, AMissingFileIsNamed) {
    try {
        load_preset("/nonexistent/preset.yaml", run_config{});
        FAIL() << "accepted a missing file";
    } catch (const preset_error& e) {
        EXPECT_EQ(std::string(e.what()), "/nonexistent/preset.yaml: cannot read the file");
    }
}

// The shipped presets parse, and every fleet in them is one a fleet would accept.
TEST(Preset, ShippedPresetsAreValid) {
    core::game_registry registry;
    games::register_all_games(registry);
    int files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(GS_SOURCE_DIR) + "/configs/bots")) {
        if (entry.path().extension() != ".yaml") continue;
        ++files;
        const auto fleets = load_preset(entry.path().string(), run_config{});
        EXPECT_FALSE(fleets.empty()) << entry.path();
        for (const auto& c : fleets) {
            const sdk::game_plugin* plugin = registry.find(c.game);
            ASSERT_NE(plugin, nullptr) << entry.path() << ": " << c.game;
            EXPECT_EQ(fleet::check(c, *plugin), std::nullopt) << entry.path() << ": " << c.game;
        }
    }
    EXPECT_GE(files, 3);
}

}  // namespace
}  // namespace gameserver::bot
