// gameload's engine against a real gameserverd: the CI smoke scenario passes its thresholds with
// real traffic; a short chaos run (reconnectors, a drop of a share of every connection, spammers,
// malformed frames, churners) loses nothing and desyncs nothing; a server gameload started is
// killed and restarted mid-run; slow readers are cut off by the server and counted.
#include <gtest/gtest.h>

#include "all_games.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/load/engine.hpp"
#include "support/test_server.hpp"

namespace gameserver::load {
namespace {

using namespace std::chrono_literals;
using testing::test_server;

const core::game_registry& registry() {
    static const core::game_registry r = [] {
        core::game_registry out;
        games::register_all_games(out);
        return out;
    }();
    return r;
}

void roomy(core::config& c) {
    c.limits.max_connections_per_ip = 20'000;
}

report run(scenario s) {
    engine e(std::move(s), [](const std::string& game) { return registry().find(game); });
    return e.run();
}

const behaviour_report& behaviour(const report& r, const std::string& name) {
    for (const auto& b : r.behaviours) {
        if (b.behaviour == name) return b;
    }
    throw std::runtime_error("no behaviour " + name);
}

TEST(Gameload, SmokeScenarioPassesAgainstARealServer) {
    test_server server(roomy);
    scenario s = load_scenario(std::string(GS_SOURCE_DIR) + "/configs/scenarios/smoke.yaml");
    s.target.url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws";
    s.duration = 4s;
    const report r = run(s);
    const std::string text = r.to_text();
    EXPECT_TRUE(r.breaches.empty()) << text;
    EXPECT_EQ(r.desyncs, 0) << text;
    EXPECT_EQ(r.lost_actions, 0) << text;
    EXPECT_EQ(r.unexpected_errors, 0) << text;
    const auto& players = behaviour(r, "player");
    EXPECT_EQ(players.connected, players.connections) << text;
    EXPECT_GT(players.games, 0) << text;
    ASSERT_TRUE(r.latency_us.contains("make_move")) << text;
    // Every move got its answer timed, but for those still in flight when the run stopped (at
    // most one per bot: a turn-based bot waits for the answer before it moves again).
    const auto timed = static_cast<std::int64_t>(r.latency_us.at("make_move").count());
    EXPECT_LE(timed, players.sent) << text;
    EXPECT_GE(timed, players.sent - players.connections) << text;
    EXPECT_GT(behaviour(r, "spammer").expected_refusals, 0) << "the rate limit held: " << text;
    EXPECT_GT(behaviour(r, "malformed").expected_refusals, 0) << text;
    EXPECT_GT(r.latency_us.at("get_room_list").count(), 0u) << text;
}

TEST(Gameload, ChaosWithoutAKillLosesNothing) {
    test_server server([](core::config& c) {
        roomy(c);
        c.limits.messages_per_second = 1'000;  // players at think 0 are not spammers
        c.limits.message_burst = 1'000;
    });
    scenario s = parse_scenario(R"(
name: short-chaos
target: {url: ws://127.0.0.1:1/ws}
connections: 24
ramp_up: 200/s
duration: 4s
mix:
  - {behaviour: player, weight: 10, game: tictactoe, think: 10ms..40ms}
  - {behaviour: reconnector, weight: 6, game: dicegame, rate: 30/min, think: 10ms..40ms,
     options: {bustDelayMs: 50}}
  - {behaviour: churner, weight: 4, game: tictactoe, interval: 200ms}
  - {behaviour: spammer, weight: 2, rate: 60/s}
  - {behaviour: malformed, weight: 2, rate: 5/s}
faults:
  - {at: 2s, drop: 30%}
thresholds: {desyncs: 0, lost_actions: 0, error_rate: 1%}
)");
    s.target.url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws";
    const report r = run(s);
    const std::string text = r.to_text();
    EXPECT_TRUE(r.breaches.empty()) << text;
    EXPECT_EQ(r.desyncs, 0) << text;
    EXPECT_EQ(r.lost_actions, 0) << text;
    EXPECT_GT(behaviour(r, "reconnector").reconnects, 0)
        << "sockets were cut and came back: " << text;
    EXPECT_GT(behaviour(r, "player").games + behaviour(r, "reconnector").games, 0) << text;
    EXPECT_GT(behaviour(r, "churner").sent, 0) << text;
}

// gameload starts the server itself, kills it with SIGKILL mid-run and starts it again on the
// same port: the run reports the kill and its cost, the raw users come back, and nothing that
// was not interrupted by the kill is lost or out of sync.
TEST(Gameload, AKilledServerIsRestartedAndTheRunGoesOn) {
    scenario s = parse_scenario(R"(
name: kill
target:
  server:
    binary: /nonexistent
    args: ["--set", "storage.backend=memory", "--set", "limits.max_connections_per_ip=1000"]
connections: 24
ramp_up: 200/s
duration: 5s
mix:
  - {behaviour: player, weight: 12, game: tictactoe, think: 20ms..60ms}
  - {behaviour: lobby_watcher, weight: 6, interval: 300ms}
  - {behaviour: idler, weight: 4}
  - {behaviour: malformed, weight: 2, rate: 4/s}
faults:
  - {at: 2s, kill_server: true, restart_after: 500ms}
thresholds: {desyncs: 0, lost_actions: 0, error_rate: 1%}
)");
    s.target.binary = GAMESERVERD_PATH;
    const report r = run(s);
    const std::string text = r.to_text();
    EXPECT_TRUE(r.breaches.empty()) << text;
    EXPECT_EQ(r.server_kills, 1) << text;
    ASSERT_TRUE(r.server.has_value()) << text;
    EXPECT_GT(r.server->cpu_seconds, 0) << text;
    EXPECT_GT(r.server->rss_peak_kib, 0) << text;
    EXPECT_GE(behaviour(r, "lobby_watcher").reconnects, 6) << "every watcher came back: " << text;
    const auto& players = behaviour(r, "player");
    EXPECT_EQ(players.connected, players.connections) << text;
    EXPECT_GT(players.sent, 0) << text;
    EXPECT_EQ(r.desyncs, 0) << text;
    EXPECT_EQ(r.lost_actions, 0) << text;
}

TEST(Gameload, ATargetServerThatDoesNotStartIsAClearError) {
    scenario s = parse_scenario(
        "target: {server: {binary: /nonexistent/gameserverd}}\nmix:\n  - {behaviour: idler}\n");
    try {
        run(s);
        FAIL() << "a missing server binary was accepted";
    } catch (const scenario_error& e) {
        EXPECT_NE(std::string(e.what()).find("target.server"), std::string::npos) << e.what();
    }
}

TEST(Gameload, RefusesATargetThatIsNotLoopback) {
    scenario s =
        parse_scenario("target: {url: ws://10.1.2.3:6969/ws}\nmix:\n  - {behaviour: idler}\n");
    try {
        run(s);
        FAIL() << "a non-loopback target was accepted";
    } catch (const scenario_error& e) {
        EXPECT_NE(std::string(e.what()).find("loopback"), std::string::npos) << e.what();
    }
}

// Slow readers stop reading while the lobby and their own requests keep the server writing to
// them; with a small outbox and write timeout the server cuts them off within seconds, and they
// come back and are cut again. The cuts are counted, not errors, and nothing else suffers.
TEST(Gameload, SlowReadersAreCutOffAndComeBack) {
    test_server server([](core::config& c) {
        roomy(c);
        c.limits.messages_per_second = 1'000;  // slow readers ask 20 times a second
        c.limits.message_burst = 1'000;
        c.limits.outbox_bytes = 256 * 1024;  // above a room list of the churned rooms
        c.limits.write_timeout = 1s;
    });
    scenario s = parse_scenario(R"(
name: slow-readers
target: {url: ws://127.0.0.1:1/ws}
connections: 18
ramp_up: 200/s
duration: 7s
mix:
  - {behaviour: player, weight: 8, game: tictactoe, think: 10ms..40ms}
  - {behaviour: churner, weight: 4, game: tictactoe, interval: 100ms}
  - {behaviour: slow_reader, weight: 4, game: tictactoe, interval: 50ms}
  - {behaviour: lobby_watcher, weight: 2, interval: 200ms}
thresholds: {desyncs: 0, lost_actions: 0, error_rate: 1%}
)");
    s.target.url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws";
    const report r = run(s);
    const std::string text = r.to_text();
    EXPECT_TRUE(r.breaches.empty()) << text;
    EXPECT_EQ(r.unexpected_errors, 0) << text;
    const auto& slow = behaviour(r, "slow_reader");
    EXPECT_EQ(slow.connected, slow.connections) << text;
    EXPECT_GT(slow.slow_reader_disconnects, 0) << "the server cut a slow reader off: " << text;
    EXPECT_EQ(slow.unexpected_errors, 0) << r.to_json()["behaviours"].dump();
    EXPECT_GT(slow.reconnects, 0) << "a cut slow reader came back: " << text;
    EXPECT_EQ(static_cast<std::int64_t>(r.slow_reader_cut_us.count()), slow.slow_reader_disconnects)
        << text;
    EXPECT_EQ(behaviour(r, "lobby_watcher").slow_reader_disconnects, 0) << "they read: " << text;
    EXPECT_EQ(behaviour(r, "lobby_watcher").reconnects, 0) << "they were never cut: " << text;
    EXPECT_GT(behaviour(r, "player").games, 0) << text;
    // The timeline: a sample a second, in order, with the traffic in it.
    EXPECT_GE(r.timeline.size(), 6u) << text;
    EXPECT_LE(r.timeline.size(), 8u) << text;
    std::int64_t most_open = 0;
    double answered = 0;
    for (std::size_t i = 1; i < r.timeline.size(); ++i) {
        EXPECT_GT(r.timeline[i].at, r.timeline[i - 1].at);
    }
    for (const auto& t : r.timeline) {
        most_open = std::max(most_open, t.open);
        answered += t.answered_per_second;
    }
    EXPECT_GT(most_open, 0) << text;
    EXPECT_LE(most_open, 18) << text;
    EXPECT_GT(answered, 0) << text;
}

}  // namespace
}  // namespace gameserver::load
