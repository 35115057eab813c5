// gamebot as a user runs it: the real binary against a real gameserverd on port 0, its --help,
// its --json summary and its exit codes.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "e2e/running_server.hpp"
#include "gameserver/sdk/json.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;
using sdk::json;

const std::string k_gamebot = GAMEBOT_PATH;

// The --json summary: the last line of the output that parses as a JSON object.
json summary_of(const std::string& output) {
    std::size_t end = output.size();
    while (end > 0) {
        const std::size_t start = output.rfind('\n', end - 1);
        const std::size_t from = start == std::string::npos ? 0 : start + 1;
        json doc = json::parse(output.substr(from, end - from), nullptr, false);
        if (!doc.is_discarded() && doc.is_object()) return doc;
        if (start == std::string::npos) break;
        end = start;
    }
    return json();
}

TEST(GamebotBinary, HelpExplainsEveryOption) {
    auto [code, out] = process::run(k_gamebot, {"--help"});
    EXPECT_EQ(code, 0);
    for (const char* flag : {"--url", "--game", "--bots", "--room", "--games", "--duration",
                             "--policy", "--think", "--seed", "--json", "--threads", "--options"}) {
        EXPECT_NE(out.find(flag), std::string::npos) << flag;
    }
    EXPECT_NE(out.find("NOT_YOUR_TURN"), std::string::npos) << "stale-view refusals explained";
    EXPECT_NE(out.find("Exit status"), std::string::npos);
    EXPECT_NE(out.find("ws://127.0.0.1:6969/ws"), std::string::npos) << "defaults shown";
}

TEST(GamebotBinary, PlaysGamesAndPrintsAJsonSummary) {
    running_server server;
    ASSERT_NE(server.port(), 0) << server.output();
    auto [code, out] = process::run(
        k_gamebot, {"--url", server.url(), "--game", "tictactoe", "--bots", "4", "--games", "6",
                    "--policy", "minimax,random", "--think", "0ms..2ms", "--seed", "42", "--json"});
    EXPECT_EQ(code, 0) << out;
    const json summary = summary_of(out);
    ASSERT_TRUE(summary.is_object()) << out;
    EXPECT_EQ(summary["game"], "tictactoe");
    EXPECT_EQ(summary["games"], 6);
    EXPECT_EQ(summary["unexpectedErrors"], 0);
    EXPECT_EQ(summary["connected"], 4);
    EXPECT_GT(summary["moves"].get<int>(), 0);
    const json& minimax = summary["results"]["minimax"];
    EXPECT_EQ(minimax["losses"], 0);
    EXPECT_EQ(minimax["wins"].get<int>() + minimax["draws"].get<int>(), 6);
}

TEST(GamebotBinary, HumanSummaryWithoutJson) {
    running_server server;
    ASSERT_NE(server.port(), 0) << server.output();
    auto [code, out] = process::run(
        k_gamebot, {"--url", server.url(), "--game", "dicegame", "--bots", "2", "--games", "1",
                    "--think", "0ms", "--options", R"({"bustDelayMs":50})"});
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("dicegame: 1 games"), std::string::npos) << out;
    EXPECT_NE(out.find("reconnects: 0"), std::string::npos) << out;
}

TEST(GamebotBinary, PlaysTellitFromTheReducedView) {
    running_server server;
    ASSERT_NE(server.port(), 0) << server.output();
    auto [code, out] = process::run(k_gamebot, {"--url", server.url(), "--game", "tellit", "--bots",
                                                "2", "--games", "1", "--think", "0ms", "--json"});
    ASSERT_EQ(code, 0) << out;
    const json summary = summary_of(out);
    EXPECT_EQ(summary["games"], 1) << out;
    EXPECT_EQ(summary["desyncs"], 0) << out;
    EXPECT_GT(summary["moves"].get<int>(), 0) << out;
}

TEST(GamebotBinary, PresetRunsEveryFleetAtOnce) {
    running_server server;
    ASSERT_NE(server.port(), 0) << server.output();
    temp_dir dir("gamebot-preset");
    const std::string preset = (dir.path() / "mix.yaml").string();
    std::ofstream(preset)
        << "think: 0ms\n"
           "fleets:\n"
           "  - {game: tictactoe, bots: 2, games: 2, policies: [minimax, random]}\n"
           "  - {game: dicegame, bots: 2, games: 1, options: {bustDelayMs: 50}}\n";
    auto [code, out] =
        process::run(k_gamebot, {"--preset", preset, "--url", server.url(), "--json"});
    ASSERT_EQ(code, 0) << out;
    const json summary = summary_of(out);
    ASSERT_EQ(summary["fleets"].size(), 2u) << out;
    EXPECT_EQ(summary["fleets"][0]["game"], "tictactoe");
    EXPECT_EQ(summary["fleets"][0]["games"], 2);
    EXPECT_EQ(summary["fleets"][1]["game"], "dicegame");
    EXPECT_EQ(summary["fleets"][1]["games"], 1);
    EXPECT_EQ(summary["failed"], false);
}

TEST(GamebotBinary, BadPresetIsRefusedNamingTheKey) {
    temp_dir dir("gamebot-preset");
    const std::string preset = (dir.path() / "bad.yaml").string();
    std::ofstream(preset) << "fleets:\n  - {game: tictactoe, bots: lots}\n";
    auto [code, out] = process::run(k_gamebot, {"--preset", preset});
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("fleets[0].bots: expected a whole number"), std::string::npos) << out;
}

TEST(GamebotBinary, BadUsageExits2) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--think", "fast"},
                                                 {"--duration", "soon"},
                                                 {"--game", "chess"},
                                                 {"--policy", "genius"},
                                                 {"--url", "http://x/ws"},
                                                 {"--bots", "1"},
                                                 {"--options", "[1]"},
                                                 {"--no-such-flag"}}) {
        auto [code, out] = process::run(k_gamebot, args);
        EXPECT_EQ(code, 2) << args[0] << ": " << out;
        EXPECT_FALSE(out.empty()) << args[0];
    }
}

TEST(GamebotBinary, UnreachableServerExits2) {
    std::string url;
    {
        running_server server;
        url = server.url();
    }  // stopped: nothing listens on that port now
    auto [code, out] = process::run(k_gamebot, {"--url", url, "--games", "1"});
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("cannot reach"), std::string::npos) << out;
}

}  // namespace
}  // namespace gameserver::testing
