// gameload as a user runs it: the real binary with the shipped smoke scenario against a real
// gameserverd on port 0, its --json report (with the invariant checks) and its exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "e2e/running_server.hpp"
#include "gameserver/sdk/json.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::testing {
namespace {

const std::string k_gameload = GAMELOAD_PATH;
const std::string k_smoke = std::string(GS_SOURCE_DIR) + "/configs/scenarios/smoke.yaml";

TEST(GameloadBinary, SmokeScenarioPassesWithAJsonReport) {
    running_server server;
    ASSERT_NE(server.port(), 0) << server.output();
    auto [code, out] =
        process::run(k_gameload, {k_smoke, "--url", server.url(), "--duration", "3s", "--json"});
    ASSERT_EQ(code, 0) << out;
    const auto report = sdk::json::parse(out.substr(out.find('{')), nullptr, false);
    ASSERT_TRUE(report.is_object()) << out;
    EXPECT_EQ(report["scenario"], "smoke");
    EXPECT_EQ(report["passed"], true) << out;
    EXPECT_EQ(report["desyncs"], 0);
    EXPECT_GT(report["latencyUs"]["make_move"]["count"].get<int>(), 0) << out;
    EXPECT_EQ(report["invariants"]["checks"]["metrics"], "passed") << out;
}

// With the server's admin token (the flag, or GAMELOAD_ADMIN_TOKEN) and the rooms check asked
// for, the rooms are listed a grace after the run; the counters are compared either way.
TEST(GameloadBinary, InvariantsAreCheckedWithTheAdminToken) {
    running_server server({"--set", "admin.token=e2e-admin", "--set", "rooms.close_grace=1s"});
    ASSERT_NE(server.port(), 0) << server.output();
    temp_dir dir("gameload");
    const std::string path = (dir.path() / "rooms.yaml").string();
    std::ofstream(path) << "target: {url: " << server.url() << "}\n"
                        << "connections: 6\nduration: 2s\n"
                        << "invariants: {rooms_after_grace: true}\n"
                        << "mix:\n  - {behaviour: player, weight: 4, think: 10ms..50ms}\n"
                        << "  - {behaviour: churner, weight: 2, interval: 200ms}\n";
    auto parse = [](const std::string& out) {
        return sdk::json::parse(out.substr(out.find('{')), nullptr, false);
    };
    for (const bool from_env : {false, true}) {
        auto [code, out] =
            from_env ? process::run(k_gameload, {path, "--json"},
                                    {{"GAMELOAD_ADMIN_TOKEN", "e2e-admin"}})
                     : process::run(k_gameload, {path, "--json", "--admin-token", "e2e-admin"});
        ASSERT_EQ(code, 0) << out;
        const auto checks = parse(out)["invariants"]["checks"];
        EXPECT_EQ(checks["metrics"], "passed") << out;
        EXPECT_EQ(checks["rooms"], "passed") << out;
        EXPECT_EQ(checks["seats"], "passed") << out;
    }
    // Without the token: the rooms check is skipped (a note says why), the run still passes.
    auto [code, out] = process::run(k_gameload, {path, "--json"});
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(parse(out)["invariants"]["checks"]["rooms"], "skipped") << out;
}

TEST(GameloadBinary, ReportWritesASelfContainedHtmlPage) {
    running_server server;
    ASSERT_NE(server.port(), 0) << server.output();
    temp_dir dir("gameload");
    const std::string path = (dir.path() / "report.html").string();
    auto [code, out] = process::run(
        k_gameload, {k_smoke, "--url", server.url(), "--duration", "3s", "--report", path});
    ASSERT_EQ(code, 0) << out;
    std::ifstream in(path);
    ASSERT_TRUE(in) << "no report at " << path << ": " << out;
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("gameload: smoke"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos) << "a chart";
    EXPECT_NE(html.find("<polyline"), std::string::npos) << "with a line: " << out;
    EXPECT_NE(html.find("make_move"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(GameloadBinary, AReportPathItCannotWriteExits2BeforeTheRun) {
    auto [code, out] = process::run(
        k_gameload, {k_smoke, "--url", "ws://127.0.0.1:1/ws", "--report", "/nonexistent/r.html"});
    EXPECT_EQ(code, 2) << out;
    EXPECT_NE(out.find("--report"), std::string::npos) << out;
}

TEST(GameloadBinary, ABrokenThresholdExits1) {
    running_server server;
    temp_dir dir("gameload");
    const std::string path = (dir.path() / "strict.yaml").string();
    // Idlers make no moves: a p99 threshold on make_move has nothing to pass with.
    std::ofstream(path) << "target: {url: " << server.url() << "}\n"
                        << "connections: 4\nduration: 2s\n"
                        << "mix:\n  - {behaviour: idler}\n"
                        << "thresholds:\n  p99: {make_move: 100ms}\n";
    auto [code, out] = process::run(k_gameload, {path});
    EXPECT_EQ(code, 1) << out;
    EXPECT_NE(out.find("p99 make_move: no samples"), std::string::npos) << out;
}

TEST(GameloadBinary, BadScenarioExits2NamingTheKey) {
    temp_dir dir("gameload");
    const std::string path = (dir.path() / "bad.yaml").string();
    std::ofstream(path) << "target: {url: ws://127.0.0.1:1/ws}\nconnections: many\n"
                        << "mix:\n  - {behaviour: idler}\n";
    auto [code, out] = process::run(k_gameload, {path});
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("connections"), std::string::npos) << out;
}

TEST(GameloadBinary, HelpExplainsTheScenarioAndExitStatus) {
    auto [code, out] = process::run(k_gameload, {"--help"});
    EXPECT_EQ(code, 0);
    for (const char* text :
         {"--url", "--json", "--report", "--connections", "--duration", "Exit status",
          "docs/gameload.md", "slow_reader", "--admin-token", "invariants"}) {
        EXPECT_NE(out.find(text), std::string::npos) << text;
    }
}

}  // namespace
}  // namespace gameserver::testing
