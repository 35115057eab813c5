// gameserverd as a user runs it: the real binary, its flags, a real game over real sockets,
// SIGTERM, and the SQLite file it leaves behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>
#include <vector>

#include "gameserver/core/storage.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"
#include "support/ws_test_client.hpp"

namespace gameserver::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string k_binary = GAMESERVERD_PATH;

std::uint16_t port_from_log(process& server) {
    auto line = server.wait_for_output("listening on", 10s);
    if (!line) return 0;
    std::smatch match;
    if (!std::regex_search(*line, match, std::regex(R"(listening on [^ ]+:(\d+))"))) return 0;
    return static_cast<std::uint16_t>(std::stoi(match[1]));
}

TEST(GameserverdBinary, HelpExplainsEveryOption) {
    auto [code, out] = process::run(k_binary, {"--help"});
    EXPECT_EQ(code, 0);
    for (const char* flag : {"--config", "--host", "--port", "--threads", "--log-level",
                             "--log-format", "--data-dir", "--print-config", "--set"}) {
        EXPECT_NE(out.find(flag), std::string::npos) << flag;
    }
    EXPECT_NE(out.find("GAMESERVER_"), std::string::npos);
}

TEST(GameserverdBinary, PrintConfigShowsEffectiveValues) {
    auto [code, out] = process::run(k_binary, {"--print-config", "--port", "7001"},
                                    {{"GAMESERVER_ADMIN_TOKEN", "s3cret"}});
    EXPECT_EQ(code, 0);
    EXPECT_NE(out.find("port: 7001"), std::string::npos) << out;
    EXPECT_EQ(out.find("s3cret"), std::string::npos) << "secrets are masked";
}

TEST(GameserverdBinary, UnknownConfigKeyStopsStartupNamingTheKey) {
    temp_dir dir;
    const auto file = dir.path() / "bad.yaml";
    {
        std::ofstream out(file);
        out << "server:\n  port: 7000\n  colour: blue\n";
    }
    auto [code, out] = process::run(k_binary, {"--config", file.string()});
    EXPECT_NE(code, 0);
    EXPECT_NE(out.find("server.colour"), std::string::npos) << out;
}

TEST(GameserverdBinary, BadValueStopsStartupNamingTheKey) {
    auto [code, out] = process::run(k_binary, {"--set", "limits.max_frame_bytes=lots"});
    EXPECT_NE(code, 0);
    EXPECT_NE(out.find("limits.max_frame_bytes"), std::string::npos) << out;
}

// Two players finish a game; SIGTERM closes them with 1001, exits 0, and the result is on disk.
// The binary runs on the allocator the build chose (cmake/allocator.cmake), jemalloc with its
// background purge on: the start-up log says which.
TEST(GameserverdBinary, RunsOnTheAllocatorTheBuildChose) {
    process server(k_binary, {"--port", "0", "--set", "storage.backend=memory"});
    const auto line = server.wait_for_output("memory allocator:", 10s);
    ASSERT_TRUE(line) << server.output();
    if (std::string(GS_ALLOCATOR_USED) == "jemalloc") {
        EXPECT_NE(line->find("memory allocator: jemalloc 5."), std::string::npos) << *line;
        EXPECT_NE(line->find("(background purge)"), std::string::npos) << *line;
    } else {
        EXPECT_NE(line->find("memory allocator: glibc malloc"), std::string::npos) << *line;
    }
}

TEST(GameserverdBinary, PlaysAGameShutsDownCleanlyAndKeepsTheResult) {
    temp_dir dir;
    process server(k_binary, {"--port", "0", "--data-dir", dir.path().string(), "--threads", "2"});
    const std::uint16_t port = port_from_log(server);
    ASSERT_NE(port, 0) << server.output();

    ws_test_client a;
    ws_test_client b;
    a.connect(port);
    b.connect(port);
    const std::string a_id = a.join("tictactoe", "Ann", std::string("e2e"))["data"]["clientId"];
    const std::string b_id = b.join("tictactoe", "Bob", std::string("e2e"))["data"]["clientId"];
    auto state = a.wait_for("game_state");  // b's own state came before its join result
    ASSERT_TRUE(state);
    // X fills the top row while O plays the middle row: X wins on its third move.
    const std::string first = (*state)["data"]["currentTurn"];
    ws_test_client& x = first == a_id ? a : b;
    ws_test_client& o = first == a_id ? b : a;
    const int moves[][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}};
    for (int i = 0; i < 5; ++i) {
        ws_test_client& mover = i % 2 == 0 ? x : o;
        mover.send("make_move", json{{"row", moves[i][0]}, {"col", moves[i][1]}});
        // Every move is broadcast to both players: read both, so no stale state stays queued.
        auto after = x.wait_for("game_state");
        ASSERT_TRUE(after) << "move " << i;
        ASSERT_TRUE(o.wait_for("game_state")) << "move " << i;
        if (i == 4) {
            EXPECT_EQ((*after)["data"]["gameOver"], true);
            EXPECT_EQ((*after)["data"]["winner"], first);
        }
    }

    server.signal(SIGTERM);
    EXPECT_TRUE(a.wait_closed(5s));
    EXPECT_EQ(a.close_code(), 1001);
    EXPECT_TRUE(b.wait_closed(5s));
    EXPECT_EQ(b.close_code(), 1001);
    EXPECT_EQ(server.wait(10s), 0) << server.output();

    auto stored = core::make_sqlite_storage(dir.path());
    auto results = stored->recent("tictactoe_result", 10);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].room_id, "e2e");
    EXPECT_EQ(results[0].data["winner"], first);
    EXPECT_EQ(results[0].data["moves"].size(), 5u);
    (void)b_id;
}

// The binary as a user runs it: every game is listed, and a room of bots of each game, created
// through the REST API, plays to its end by itself.
TEST(GameserverdBinary, ARoomOfBotsOfEveryGamePlaysToTheEnd) {
    temp_dir dir;
    process server(k_binary, {"--port", "0", "--data-dir", dir.path().string(), "--set",
                              "bots.think_min=5ms", "--set", "bots.think_max=20ms"});
    const std::uint16_t port = port_from_log(server);
    ASSERT_NE(port, 0) << server.output();

    const auto games = json::parse(http_call(port, "GET", "/api/v1/games").body)["games"];
    std::vector<std::string> ids;
    for (const auto& g : games) ids.push_back(g["id"]);
    EXPECT_EQ(ids,
              (std::vector<std::string>{"tictactoe", "dicegame", "owedrahn", "tellit", "snake"}));

    const std::vector<json> rooms = {
        {{"gameType", "tictactoe"}, {"bots", 2}},
        {{"gameType", "dicegame"}, {"bots", 2}, {"options", {{"bustDelayMs", 100}}}},
        {{"gameType", "owedrahn"}, {"bots", 3}},
        {{"gameType", "tellit"}, {"bots", 3}},
        {{"gameType", "snake"}, {"bots", 4}, {"options", {{"timeLimitSeconds", 10}}}},
    };
    std::vector<std::string> room_ids;
    for (json body : rooms) {
        body["roomId"] = "bots-" + body["gameType"].get<std::string>();
        auto created = http_call(port, "POST", "/api/v1/rooms", body.dump());
        ASSERT_EQ(created.status, 201) << created.body;
        room_ids.push_back(body["roomId"]);
    }
    for (const auto& id : room_ids) {
        json detail;
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto got = http_call(port, "GET", "/api/v1/rooms/" + id);
            ASSERT_EQ(got.status, 200) << id << " closed before its game ended";
            detail = json::parse(got.body);
            if (detail["over"] == true) break;
            std::this_thread::sleep_for(20ms);
        }
        EXPECT_EQ(detail["over"], true) << detail.dump();
    }
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(10s), 0) << server.output();
}

}  // namespace
}  // namespace gameserver::testing
