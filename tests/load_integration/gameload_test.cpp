// gameload's engine against a real gameserverd: the CI smoke scenario passes its thresholds with
// real traffic; a short chaos run (reconnectors, a drop of a share of every connection, spammers,
// malformed frames, churners) loses nothing and desyncs nothing; a server gameload started is
// killed and restarted mid-run; slow readers are cut off by the server and counted. After each
// run the invariant checks (the server's /metrics against gameload's counts, rooms a close grace
// later, memory, seats) pass on an honest server, and a check fails when a client outside the
// run makes the server's counters disagree.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "all_games.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/load/engine.hpp"
#include "support/test_server.hpp"
#include "support/ws_test_client.hpp"

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

constexpr const char* k_admin_token = "gameload-test-admin";

// Many connections from one address; the admin API on (the rooms check); a short close grace,
// so that the check waits ~3 s for it.
void roomy(core::config& c) {
    c.limits.max_connections_per_ip = 20'000;
    c.admin.token = k_admin_token;
    c.rooms.close_grace = 1s;
}

// The scenario aimed at `server`, with the rooms check on.
void aim(scenario& s, const test_server& server) {
    s.target.url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws";
    s.target.admin_token = k_admin_token;
    s.invariants.rooms_after_grace = true;
}

const invariant_outcome& invariant(const report& r, const std::string& check) {
    for (const auto& c : r.invariants) {
        if (c.check == check) return c;
    }
    throw std::runtime_error("no invariant check " + check);
}

// Sanitizer runtimes keep what the server frees (ASan's quarantine, TSan's shadow memory), so
// under them its RSS cannot come back to the baseline: the memory check's verdict is not about
// our code there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif

// The run's breaches, without the memory check's under a sanitizer.
std::vector<std::string> breaches(const report& r) {
    std::vector<std::string> out;
    for (const auto& b : r.breaches) {
        if (!(sanitized && b.starts_with("invariant memory"))) out.push_back(b);
    }
    return out;
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
    aim(s, server);
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
    // The server counted what gameload did, and left no room behind; no reconnect lost a seat.
    EXPECT_EQ(invariant(r, "metrics").result, "passed") << text;
    EXPECT_EQ(invariant(r, "rooms").result, "passed") << text;
    EXPECT_EQ(invariant(r, "seats").result, "passed") << text;
    EXPECT_EQ(invariant(r, "memory").result, "skipped") << "not gameload's server: " << text;
    EXPECT_EQ(r.to_json()["invariants"]["violations"].size(), 0u) << text;
}

TEST(Gameload, ChaosWithoutAKillLosesNothing) {
    test_server server([](core::config& c) {
        roomy(c);
        // A drop can cut both members of a dicegame room: the room must outlive their
        // reconnects (which retry with backoff while the server has not seen the drop yet).
        c.rooms.close_grace = 3s;
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
    aim(s, server);
    const report r = run(s);
    const std::string text = r.to_text();
    EXPECT_TRUE(r.breaches.empty()) << text;
    EXPECT_EQ(r.desyncs, 0) << text;
    EXPECT_EQ(r.lost_actions, 0) << text;
    EXPECT_GT(behaviour(r, "reconnector").reconnects, 0)
        << "sockets were cut and came back: " << text;
    EXPECT_GT(behaviour(r, "player").games + behaviour(r, "reconnector").games, 0) << text;
    EXPECT_GT(behaviour(r, "churner").sent, 0) << text;
    // Drops, reconnects and churned rooms: the counters still agree, every churned room closed
    // after its grace, every dropped seat came back.
    EXPECT_EQ(invariant(r, "metrics").result, "passed") << text;
    EXPECT_EQ(invariant(r, "rooms").result, "passed") << text;
    EXPECT_EQ(invariant(r, "seats").result, "passed") << text;
}

// A grace longer than the scenario lets gameload wait: the rooms are not listed (a note says
// why), which is not a violation; the other checks still run.
TEST(Gameload, ARoomsCheckThatWouldWaitTooLongIsSkipped) {
    test_server server([](core::config& c) {
        roomy(c);
        c.rooms.close_grace = 60s;
    });
    scenario s = parse_scenario(R"(
target: {url: ws://127.0.0.1:1/ws}
connections: 4
ramp_up: 100/s
duration: 1s
invariants: {rooms_after_grace: true, max_wait: 5s}
mix:
  - {behaviour: player, game: tictactoe, think: 10ms..40ms}
)");
    aim(s, server);
    s.invariants.max_wait = 5s;
    const report r = run(s);
    const std::string text = r.to_text();
    EXPECT_TRUE(r.breaches.empty()) << text;
    const auto& rooms = invariant(r, "rooms");
    EXPECT_EQ(rooms.result, "skipped") << text;
    ASSERT_FALSE(rooms.notes.empty()) << text;
    EXPECT_NE(rooms.notes[0].find("max_wait"), std::string::npos) << text;
    EXPECT_EQ(invariant(r, "metrics").result, "passed") << text;
}

// Game messages the run's bots did not send (a client outside the run plays in its own room
// meanwhile): the server's count of actions exceeds gameload's, and the run fails with the
// figures.
TEST(Gameload, CountersThatDisagreeFailTheRun) {
    test_server server(roomy);
    scenario s = parse_scenario(R"(
target: {url: ws://127.0.0.1:1/ws}
connections: 4
ramp_up: 100/s
duration: 2s
mix:
  - {behaviour: player, game: tictactoe, think: 10ms..40ms}
)");
    aim(s, server);
    engine e(std::move(s), [](const std::string& game) { return registry().find(game); });
    std::thread outsider([&server] {
        std::this_thread::sleep_for(500ms);  // after the first scrape, well before the second
        testing::ws_test_client c;
        c.connect(server.port());
        c.join("tictactoe", "outsider", "outside-the-run");
        for (int i = 0; i < 10; ++i) c.send("make_move", sdk::json{{"row", 0}, {"col", 0}});
        c.send("get_room_list", sdk::json{{"gameType", "tictactoe"}});
        c.wait_for("room_list_update");  // every make_move before it was counted
    });
    const report r = e.run();
    outsider.join();
    const std::string text = r.to_text();
    const auto& metrics = invariant(r, "metrics");
    EXPECT_EQ(metrics.result, "violated") << text;
    ASSERT_FALSE(metrics.violations.empty()) << text;
    EXPECT_NE(metrics.violations[0].find("more than the"), std::string::npos) << text;
    bool breached = false;
    for (const auto& b : r.breaches) breached = breached || b.starts_with("invariant metrics: ");
    EXPECT_TRUE(breached) << text;
    EXPECT_EQ(r.to_json()["invariants"]["violations"][0]["check"], "metrics") << text;
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
    args: ["--set", "storage.backend=memory", "--set", "limits.max_connections_per_ip=1000",
           "--set", "rooms.close_grace=1s"]
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
    EXPECT_TRUE(breaches(r).empty()) << text;
    EXPECT_EQ(r.server_kills, 1) << text;
    ASSERT_TRUE(r.server.has_value()) << text;
    EXPECT_GT(r.server->cpu_seconds, 0) << text;
    // /proc counts CPU in clock ticks (10 ms) and this run's server uses ~50 ms in all, so its
    // kernel share can round to 0 (it did, once the server got cheaper); the reading itself is
    // ServerProcess.ReadsUserAndKernelCpuFromProc's. Across the kill the shares must add up.
    EXPECT_GE(r.server->system_cpu_seconds, 0) << text;
    EXPECT_LE(r.server->system_cpu_seconds, r.server->cpu_seconds) << text;
    EXPECT_GT(r.server->rss_peak_kib, 0) << text;
    EXPECT_GE(behaviour(r, "lobby_watcher").reconnects, 6) << "every watcher came back: " << text;
    const auto& players = behaviour(r, "player");
    EXPECT_EQ(players.connected, players.connections) << text;
    EXPECT_GT(players.sent, 0) << text;
    EXPECT_EQ(r.desyncs, 0) << text;
    EXPECT_EQ(r.lost_actions, 0) << text;
    // The killed server's counters started again: not compared; its own admin token lists the
    // rooms of the restarted one; its memory is read against the restart's baseline.
    EXPECT_EQ(invariant(r, "metrics").result, "skipped") << text;
    EXPECT_EQ(invariant(r, "rooms").result, "passed") << text;
    EXPECT_NE(invariant(r, "memory").result, "skipped") << text;
    EXPECT_TRUE(breaches(r).empty()) << text;
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
