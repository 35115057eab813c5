// gameload as a user runs it: the real binary with the shipped smoke scenario against a real
// gameserverd on port 0, its --json report and its exit codes.
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
    for (const char* text : {"--url", "--json", "--report", "--connections", "--duration",
                             "Exit status", "docs/gameload.md", "slow_reader"}) {
        EXPECT_NE(out.find(text), std::string::npos) << text;
    }
}

}  // namespace
}  // namespace gameserver::testing
