// Every game over real sockets: real clients play whole games, each deciding with the game's own
// bot policy on the `game_state` it received, one of them dropping mid-game and taking its seat
// back with its token; a room created with bots only plays to the end by itself; and the game
// catalogue lists every game with its player counts, tick rate and bot support.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "all_games.hpp"
#include "gameserver/core/game_registry.hpp"
#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

const core::game_registry& registry() {
    static const core::game_registry instance = [] {
        core::game_registry r;
        games::register_all_games(r);
        return r;
    }();
    return instance;
}

void fast_bots(core::config& c) {
    c.bots.think_min = 5ms;
    c.bots.think_max = 20ms;
    c.rooms.close_grace = 500ms;
    c.admin.token = "s3cret";
    // The clients here answer every state at once, faster than a person: the default rate limit
    // would refuse one now and then (RATE_LIMITED brings no new state, so the game stalled).
    c.limits.messages_per_second = 1'000;
    c.limits.message_burst = 1'000;
}

struct game_case {
    std::string id;
    int seats = 2;
    std::string policy;  // what the clients (and the bots) play
    json options = json::object();
    std::function<bool(const json& state)> over;
};

std::vector<game_case> cases() {
    return {
        {"tictactoe", 2, "random", json::object(),
         [](const json& s) { return s.value("gameOver", false); }},
        {"dicegame", 2, "classic", json{{"bustDelayMs", 200}},
         [](const json& s) { return !s.value("winner", std::string()).empty(); }},
        {"owedrahn", 3, "cautious", json::object(),
         [](const json& s) { return s.value("over", false); }},
        {"snake", 2, "chaser", json{{"timeLimitSeconds", 10}},
         [](const json& s) { return s.value("over", false); }},
    };
}

std::string case_name(const ::testing::TestParamInfo<game_case>& info) {
    return info.param.id;
}

// One client seat: its connection, identity and the last state it received.
struct seat {
    std::unique_ptr<ws_test_client> ws = std::make_unique<ws_test_client>();
    std::string id;
    std::string token;
    json state;
    bool fresh = false;  // a state arrived since this seat last decided
};

class GamesPlay : public ::testing::TestWithParam<game_case> {
  protected:
    // Reads what arrived for `s`; protocol failures are collected, not fatal.
    void pump(seat& s, std::chrono::milliseconds window) {
        for (const auto& e : s.ws->drain(window)) take(s, e);
    }
    // A client decides on the newest state it has, which may already be stale when its message
    // arrives (another player's move or the start overtook it): the server's refusal of such a
    // message is correct play. Any other failure is a defect.
    void take(seat& s, const json& e) {
        if (e.value("type", "") == "game_state") {
            s.state = e["data"];
            s.fresh = true;
        } else if (!e.value("success", true)) {
            const std::string code = e.value("code", "");
            if (code == "NOT_YOUR_TURN" || code == "GAME_STARTED" || code == "GAME_OVER") {
                ++stale;
            } else {
                failures.push_back(e.dump());
            }
        }
    }

    std::vector<std::string> failures;
    int stale = 0;
};

TEST_P(GamesPlay, ClientsPlayToTheEndWithAReconnectMidGame) {
    const game_case& game = GetParam();
    const sdk::game_plugin* plugin = registry().find(game.id);
    ASSERT_NE(plugin, nullptr);
    const auto policy = plugin->bot(game.policy);
    ASSERT_NE(policy, nullptr);
    test_server server(fast_bots);

    std::vector<seat> seats(static_cast<std::size_t>(game.seats));
    for (std::size_t i = 0; i < seats.size(); ++i) {
        seat& s = seats[i];
        connect_past_welcome(*s.ws, server.port());
        json data{{"gameType", game.id},
                  {"playerName", "P" + std::to_string(i)},
                  {"roomId", "play-" + game.id}};
        if (i == 0) data["options"] = game.options;
        s.ws->send("join_room", data);
        auto joined = s.ws->wait_for("join_room_result");
        ASSERT_TRUE(is_success(joined, "join_room_result"));
        s.id = (*joined)["data"]["clientId"];
        s.token = (*joined)["data"]["reconnectToken"];
        for (const auto& e : s.ws->skipped()) take(s, e);
    }

    sdk::rng random(7);
    int actions = 0;
    bool reconnected = false;
    bool over = false;
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    while (!over) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline)
            << "no end after " << actions << " actions; last state " << seats[0].state.dump();
        for (auto& s : seats) pump(s, 5ms);
        for (auto& s : seats) over = over || (!s.state.is_null() && game.over(s.state));
        if (over) break;

        // Mid-game, the first seat's connection drops; a new connection takes the seat back.
        if (!reconnected && actions >= 6) {
            seat& dropped = seats[0];
            dropped.ws->drop();
            ASSERT_TRUE(wait_for_session(server, dropped.id));
            auto back = std::make_unique<ws_test_client>();
            connect_past_welcome(*back, server.port());
            back->send("reconnect",
                       json{{"clientId", dropped.id}, {"reconnectToken", dropped.token}});
            auto result = back->wait_for("reconnect_result");
            ASSERT_TRUE(is_success(result, "reconnect_result")) << result->dump();
            dropped.ws = std::move(back);
            dropped.id = (*result)["data"]["clientId"];
            dropped.token = (*result)["data"]["reconnectToken"];
            for (const auto& e : dropped.ws->skipped()) take(dropped, e);
            ASSERT_TRUE(dropped.fresh) << "no state after the reconnect";
            reconnected = true;
            continue;
        }
        // Each seat answers its newest state at most once: one decision per state seen.
        for (auto& s : seats) {
            if (!s.fresh) continue;
            s.fresh = false;
            if (auto action = policy->decide(s.state, s.id, random)) {
                s.ws->send(action->type, action->data);
                ++actions;
            }
        }
    }
    EXPECT_TRUE(reconnected) << "the game ended before the reconnect";
    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
    EXPECT_LT(stale, actions / 4 + 3) << "too many refusals of stale decisions";
}

TEST_P(GamesPlay, ARoomOfBotsPlaysToTheEndByItself) {
    const game_case& game = GetParam();
    test_server server(fast_bots);
    const json body{{"gameType", game.id},
                    {"roomId", "bots-" + game.id},
                    {"bots", game.seats},
                    {"botPolicy", game.policy},
                    {"options", game.options}};
    auto created = server.http("POST", "/api/v1/rooms", body.dump(), "s3cret");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(json::parse(created.body)["playerCount"], game.seats);

    json detail;
    const bool ended = eventually(
        [&] {
            auto got = server.http("GET", "/api/v1/rooms/bots-" + game.id);
            if (got.status != 200) return false;
            detail = json::parse(got.body);
            return detail.value("over", false);
        },
        40s);
    ASSERT_TRUE(ended) << detail.dump();
    EXPECT_EQ(detail["playerCount"], game.seats) << detail.dump();
    // The room closes by itself once the unattended game is over.
    EXPECT_TRUE(eventually([&] { return !room_exists(server, "bots-" + game.id); }, 10s));
}

INSTANTIATE_TEST_SUITE_P(EveryGame, GamesPlay, ::testing::ValuesIn(cases()), case_name);

TEST(GamesApi, TellitRoomOfBotsPlaysToTheEndByItself) {
    test_server server(fast_bots);
    const json body{{"gameType", "tellit"}, {"roomId", "bots-tellit"}, {"bots", 3}};
    auto created = server.http("POST", "/api/v1/rooms", body.dump(), "s3cret");
    ASSERT_EQ(created.status, 201) << created.body;
    ASSERT_TRUE(
        eventually([&] { return server.storage().recent("tellit_story", 10).size() == 3; }, 30s));
}

TEST(GamesApi, BotsCountAndPolicyAreValidated) {
    test_server server(fast_bots);
    auto post = [&](const json& body) {
        return server.http("POST", "/api/v1/rooms", body.dump(), "s3cret");
    };
    EXPECT_EQ(post({{"gameType", "tictactoe"}, {"bots", -1}}).status, 400);
    EXPECT_EQ(post({{"gameType", "tictactoe"}, {"bots", "two"}}).status, 400);
    EXPECT_EQ(post({{"gameType", "tictactoe"}, {"bots", 1000}}).status, 400);
    auto unknown = post({{"gameType", "tictactoe"}, {"bots", 1}, {"botPolicy", "nope"}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(json::parse(unknown.body)["error"], "unknown bot policy");
    auto full = post({{"gameType", "tictactoe"}, {"bots", 3}});
    EXPECT_EQ(full.status, 400);
    EXPECT_EQ(json::parse(full.body)["error"], "Game is full");
    EXPECT_EQ(json::parse(server.http("GET", "/api/v1/rooms").body)["rooms"].size(), 0u);
}

TEST(GamesApi, CatalogueListsEveryGame) {
    test_server server;
    auto games = json::parse(server.http("GET", "/api/v1/games").body)["games"];
    std::map<std::string, json> by_id;
    for (const auto& g : games) by_id[g["id"]] = g;
    by_id.erase("testGame");  // registered by the test server only
    ASSERT_EQ(by_id.size(), 5u) << games.dump();
    EXPECT_EQ(by_id["tictactoe"]["maxPlayers"], 2);
    EXPECT_EQ(by_id["dicegame"]["maxPlayers"], 2);
    EXPECT_EQ(by_id["owedrahn"]["maxPlayers"], 0);
    EXPECT_EQ(by_id["tellit"]["minPlayers"], 2);
    EXPECT_EQ(by_id["snake"]["maxPlayers"], 8);
    EXPECT_EQ(by_id["snake"]["tickRate"], 10);
    for (const auto& [id, g] : by_id) {
        EXPECT_TRUE(g["botsSupported"].get<bool>()) << id;
        EXPECT_FALSE(g["botPolicies"].empty()) << id;
        if (id != "snake") {
            EXPECT_EQ(g["tickRate"], 0) << id;
        }
    }
}

}  // namespace
}  // namespace gameserver::testing
