// gamectl as an operator runs it: the real binary against a real gameserverd, each subcommand's
// output and exit status (0 ok, 1 the server said no, 2 unreachable or bad usage).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/running_server.hpp"
#include "gameserver/sdk/json.hpp"
#include "support/process.hpp"
#include "support/test_server.hpp"
#include "support/ws_test_client.hpp"

namespace gameserver::testing {
namespace {

using sdk::json;

const std::string k_gamectl = GAMECTL_PATH;
const std::string k_token = "e2e-token";

struct ctl_server {
    running_server server{{"--set", "admin.token=" + k_token}};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
    std::pair<int, std::string> run(std::vector<std::string> args, bool with_token = true) const {
        args.insert(args.begin(), {"--url", url()});
        if (with_token) args.insert(args.begin(), {"--token", k_token});
        return process::run(k_gamectl, args);
    }
};

json json_of(const std::string& out) {
    return json::parse(out.substr(std::min(out.find('{'), out.size())), nullptr, false);
}

TEST(GamectlBinary, HelpListsEveryCommand) {
    auto [code, out] = process::run(k_gamectl, {"--help"});
    EXPECT_EQ(code, 0);
    for (const char* text : {"health", "info", "games", "rooms", "room", "kick", "drain", "metrics",
                             "top", "--json", "--token", "GAMECTL_TOKEN", "Exit status"}) {
        EXPECT_NE(out.find(text), std::string::npos) << text;
    }
    auto [room_code, room_help] = process::run(k_gamectl, {"room", "--help"});
    EXPECT_EQ(room_code, 0);
    EXPECT_NE(room_help.find("close"), std::string::npos) << room_help;
}

TEST(GamectlBinary, HealthInfoGamesAndMetrics) {
    ctl_server s;
    ASSERT_NE(s.server.port(), 0) << s.server.output();
    auto [health_code, health] = s.run({"health"});
    EXPECT_EQ(health_code, 0) << health;
    EXPECT_NE(health.find("ready: ok"), std::string::npos) << health;

    auto [info_code, info] = s.run({"--json", "info"});
    ASSERT_EQ(info_code, 0) << info;
    const json doc = json_of(info);
    EXPECT_EQ(doc["counts"]["rooms"], 0) << info;
    EXPECT_EQ(info.find(k_token), std::string::npos) << "the token is never shown";

    auto [games_code, games] = s.run({"games"});
    EXPECT_EQ(games_code, 0);
    for (const char* game : {"tictactoe", "dicegame", "owedrahn", "tellit", "snake"}) {
        EXPECT_NE(games.find(game), std::string::npos) << games;
    }
    auto [metrics_code, metrics] = s.run({"metrics"}, false);
    EXPECT_EQ(metrics_code, 0);
    EXPECT_NE(metrics.find("gameserver_connections_total"), std::string::npos) << metrics;
}

TEST(GamectlBinary, RoomsShowCloseAndTop) {
    ctl_server s;
    const auto created = http_call(s.server.port(), "POST", "/api/v1/rooms",
                                   R"({"gameType":"tictactoe","roomId":"ctl","bots":2})");
    ASSERT_EQ(created.status, 201) << created.body;

    auto [rooms_code, rooms] = s.run({"rooms", "--game", "tictactoe"});
    EXPECT_EQ(rooms_code, 0);
    EXPECT_NE(rooms.find("ctl"), std::string::npos) << rooms;
    EXPECT_NE(rooms.find("2/2"), std::string::npos) << rooms;

    auto [show_code, show] = s.run({"--json", "room", "show", "ctl"});
    ASSERT_EQ(show_code, 0) << show;
    EXPECT_EQ(json_of(show)["members"].size(), 2u) << show;

    auto [top_code, top] = s.run({"top", "--count", "1"});
    EXPECT_EQ(top_code, 0) << top;
    EXPECT_NE(top.find("rooms 1"), std::string::npos) << top;

    auto [close_code, closed] = s.run({"room", "close", "ctl"});
    EXPECT_EQ(close_code, 0) << closed;
    auto [again_code, again] = s.run({"room", "show", "ctl"});
    EXPECT_EQ(again_code, 1) << "an unknown room is the server saying no: " << again;
}

TEST(GamectlBinary, KickClosesTheClientsSocket) {
    ctl_server s;
    ws_test_client client;
    client.connect(s.server.port());
    const json joined = client.join("tictactoe", "Ann", std::string("kick-room"));
    const std::string id = joined["data"]["clientId"].get<std::string>();
    auto [code, out] = s.run({"kick", id, "--reason", "bye"});
    EXPECT_EQ(code, 0) << out;
    ASSERT_TRUE(client.wait_closed());
    EXPECT_EQ(client.close_code(), 4000);
    auto [unknown_code, unknown] = s.run({"kick", "no-such-client"});
    EXPECT_EQ(unknown_code, 1) << unknown;
}

TEST(GamectlBinary, DrainMakesTheServerUnready) {
    ctl_server s;
    auto [code, out] = s.run({"drain", "--timeout", "5s"});
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("draining"), std::string::npos) << out;
    auto [health_code, health] = s.run({"health"});
    EXPECT_EQ(health_code, 1) << health;
}

TEST(GamectlBinary, ClearMessagesForAWrongTokenAMissingOneAndNoServer) {
    ctl_server s;
    auto [wrong_code, wrong] =
        process::run(k_gamectl, {"--url", s.url(), "--token", "nope", "info"});
    EXPECT_EQ(wrong_code, 1);
    EXPECT_NE(wrong.find("refused the admin token"), std::string::npos) << wrong;

    running_server tokenless;  // admin API off
    auto [off_code, off] = process::run(
        k_gamectl,
        {"--url", "http://127.0.0.1:" + std::to_string(tokenless.port()), "--token", "x", "rooms"});
    EXPECT_EQ(off_code, 1);
    EXPECT_NE(off.find("admin API is off"), std::string::npos) << off;

    auto [down_code, down] = process::run(k_gamectl, {"--url", "http://127.0.0.1:1", "health"});
    EXPECT_EQ(down_code, 2);
    EXPECT_NE(down.find("cannot reach"), std::string::npos) << down;

    auto [bad_code, bad] = process::run(k_gamectl, {"--url", "ftp://x", "health"});
    EXPECT_EQ(bad_code, 2) << bad;
    auto [none_code, none] = process::run(k_gamectl, {});
    EXPECT_EQ(none_code, 2) << none;
}

}  // namespace
}  // namespace gameserver::testing
