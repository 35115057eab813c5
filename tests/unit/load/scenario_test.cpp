// gameload scenario files: what a good file gives, the defaults, and a message naming the key for
// each kind of bad file.
#include "gameserver/load/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "all_games.hpp"
#include "gameserver/core/game_registry.hpp"

namespace gameserver::load {
namespace {

using namespace std::chrono_literals;

std::string error_of(const std::string& yaml) {
    try {
        parse_scenario(yaml);
    } catch (const scenario_error& e) {
        return e.what();
    }
    return "(accepted)";
}

// A valid file's top, to which a test appends its `mix` (and whatever else it checks).
const std::string url_target = "target: {url: ws://127.0.0.1:6969/ws}\n";
const std::string server_target = "target: {server: {binary: build/gameserverd}}\n";
const std::string one_player = "mix:\n  - {behaviour: player}\n";

TEST(Scenario, EveryKeyIsRead) {
    const scenario s = parse_scenario(R"(
name: full
target:
  server:
    binary: build/apps/gameserverd/gameserverd
    args: ["--set", "limits.max_connections_per_ip=20000"]
connections: 200
ramp_up: 50/s
duration: 2m
seed: 7
threads: 4
mix:
  - behaviour: player
    weight: 80
    game: dicegame
    policies: [classic, ev]
    think: 100ms..300ms
    options: {bustDelayMs: 100, label: "x", fast: true}
  - {behaviour: spectator, weight: 5, game: snake}
  - {behaviour: lobby_watcher, weight: 2.5, game: tellit, interval: 2s}
  - {behaviour: idler, weight: 1}
  - {behaviour: reconnector, policy: minimax, rate: 6/min, think: 0ms}
  - {behaviour: spammer, rate: 50/s}
  - {behaviour: malformed, rate: 0.5/s}
  - {behaviour: slow_reader, game: owedrahn, options: {rounds: 3}}
  - {behaviour: churner, interval: 500ms}
faults:
  - {at: 90s, kill_server: true, restart_after: 3s}
  - {at: 30s, drop: 10%}
  - {at: 60s, drop: 0.25}
thresholds:
  p99: {make_move: 100ms, "*": 250ms}
  error_rate: 1%
  desyncs: 0
  lost_actions: 3
)");
    EXPECT_EQ(s.name, "full");
    EXPECT_EQ(s.target.url, "");
    EXPECT_EQ(s.target.binary, "build/apps/gameserverd/gameserverd");
    EXPECT_EQ(s.target.args,
              (std::vector<std::string>{"--set", "limits.max_connections_per_ip=20000"}));
    EXPECT_EQ(s.connections, 200);
    EXPECT_DOUBLE_EQ(s.ramp_up_per_second, 50);
    EXPECT_EQ(s.duration, 120s);
    EXPECT_EQ(s.seed, 7u);
    EXPECT_EQ(s.threads, 4);

    ASSERT_EQ(s.mix.size(), 9u);
    const behaviour_spec& player = s.mix[0];
    EXPECT_EQ(player.kind, behaviour_kind::player);
    EXPECT_DOUBLE_EQ(player.weight, 80);
    EXPECT_EQ(player.game, "dicegame");
    EXPECT_EQ(player.policies, (std::vector<std::string>{"classic", "ev"}));
    ASSERT_TRUE(player.think);
    EXPECT_EQ(player.think->low, 100ms);
    EXPECT_EQ(player.think->high, 300ms);
    EXPECT_EQ(player.options, (sdk::json{{"bustDelayMs", 100}, {"label", "x"}, {"fast", true}}));

    EXPECT_EQ(s.mix[1].kind, behaviour_kind::spectator);
    EXPECT_EQ(s.mix[1].game, "snake");
    EXPECT_EQ(s.mix[2].kind, behaviour_kind::lobby_watcher);
    EXPECT_DOUBLE_EQ(s.mix[2].weight, 2.5);
    EXPECT_EQ(s.mix[2].interval, 2s);
    EXPECT_EQ(s.mix[3].kind, behaviour_kind::idler);
    EXPECT_EQ(s.mix[4].kind, behaviour_kind::reconnector);
    EXPECT_EQ(s.mix[4].policies, (std::vector<std::string>{"minimax"}));
    EXPECT_DOUBLE_EQ(s.mix[4].rate, 0.1);  // 6 a minute
    EXPECT_EQ(s.mix[5].kind, behaviour_kind::spammer);
    EXPECT_DOUBLE_EQ(s.mix[5].rate, 50);
    EXPECT_EQ(s.mix[6].kind, behaviour_kind::malformed);
    EXPECT_DOUBLE_EQ(s.mix[6].rate, 0.5);
    EXPECT_EQ(s.mix[7].kind, behaviour_kind::slow_reader);
    EXPECT_EQ(s.mix[7].options, (sdk::json{{"rounds", 3}}));
    EXPECT_EQ(s.mix[8].kind, behaviour_kind::churner);
    EXPECT_EQ(s.mix[8].interval, 500ms);

    // In time order, whatever the file's order.
    ASSERT_EQ(s.faults.size(), 3u);
    EXPECT_EQ(s.faults[0].what, fault_spec::kind::drop_connections);
    EXPECT_EQ(s.faults[0].at, 30s);
    EXPECT_DOUBLE_EQ(s.faults[0].share, 0.10);
    EXPECT_EQ(s.faults[1].at, 60s);
    EXPECT_DOUBLE_EQ(s.faults[1].share, 0.25);
    EXPECT_EQ(s.faults[2].what, fault_spec::kind::kill_server);
    EXPECT_EQ(s.faults[2].at, 90s);
    EXPECT_EQ(s.faults[2].restart_after, 3s);

    EXPECT_EQ(s.thresholds.p99,
              (std::map<std::string, milliseconds>{{"make_move", 100ms}, {"*", 250ms}}));
    ASSERT_TRUE(s.thresholds.error_rate);
    EXPECT_DOUBLE_EQ(*s.thresholds.error_rate, 0.01);
    EXPECT_EQ(s.thresholds.desyncs, 0);
    EXPECT_EQ(s.thresholds.lost_actions, 3);
}

TEST(Scenario, DefaultsFillWhatAFileLeavesOut) {
    const scenario s = parse_scenario(url_target + one_player);
    EXPECT_EQ(s.name, "");  // load_scenario names it after the file
    EXPECT_EQ(s.target.url, "ws://127.0.0.1:6969/ws");
    EXPECT_EQ(s.target.binary, "");
    EXPECT_EQ(s.connections, 10);
    EXPECT_DOUBLE_EQ(s.ramp_up_per_second, 100);
    EXPECT_EQ(s.duration, 10s);
    EXPECT_EQ(s.seed, 42u);
    EXPECT_EQ(s.threads, 2);
    ASSERT_EQ(s.mix.size(), 1u);
    const behaviour_spec& b = s.mix[0];
    EXPECT_DOUBLE_EQ(b.weight, 1);
    EXPECT_EQ(b.game, "tictactoe");
    EXPECT_TRUE(b.policies.empty());
    EXPECT_FALSE(b.think);
    EXPECT_TRUE(b.options.is_null());
    EXPECT_EQ(b.interval, 1s);
    EXPECT_TRUE(s.faults.empty());
    EXPECT_TRUE(s.thresholds.p99.empty());
    EXPECT_FALSE(s.thresholds.error_rate);
    EXPECT_FALSE(s.thresholds.desyncs);
    EXPECT_FALSE(s.thresholds.lost_actions);

    const scenario kill =
        parse_scenario(server_target + one_player + "faults:\n  - {at: 1s, kill_server: true}\n");
    ASSERT_EQ(kill.faults.size(), 1u);
    EXPECT_EQ(kill.faults[0].restart_after, 1s);
    EXPECT_TRUE(kill.target.args.empty());
}

TEST(Scenario, RampUpIsARateOrTheTimeToOpenEveryConnection) {
    auto ramp = [](const std::string& text) {
        return parse_scenario(url_target + one_player + "connections: 500\nramp_up: " + text)
            .ramp_up_per_second;
    };
    EXPECT_DOUBLE_EQ(ramp("500/s"), 500);
    EXPECT_DOUBLE_EQ(ramp("120/min"), 2);
    EXPECT_DOUBLE_EQ(ramp("5s"), 100);  // 500 connections over 5 s
    EXPECT_DOUBLE_EQ(ramp("250ms"), 2000);
    EXPECT_DOUBLE_EQ(ramp("1m"), 500.0 / 60);
    EXPECT_EQ(error_of(url_target + one_player + "ramp_up: 100"),
              "ramp_up: expected N/s or a duration like 5s, got '100'");
    EXPECT_EQ(error_of(url_target + one_player + "ramp_up: 0s"),
              "ramp_up: expected N/s or a duration like 5s, got '0s'");
    EXPECT_EQ(error_of(url_target + one_player + "ramp_up: 0/s"),
              "ramp_up: expected N/s or a duration like 5s, got '0/s'");
}

TEST(Scenario, RatesAndSharesAreParsed) {
    auto rate_of = [](const std::string& text) {
        return parse_scenario(url_target + "mix:\n  - {behaviour: spammer, rate: " + text + "}\n")
            .mix[0]
            .rate;
    };
    EXPECT_DOUBLE_EQ(rate_of("10/s"), 10);
    EXPECT_DOUBLE_EQ(rate_of("10/min"), 10.0 / 60);
    EXPECT_DOUBLE_EQ(rate_of("2.5/s"), 2.5);
    for (const char* bad : {"fast", "10", "10/h", "0/s", "-1/s", "/s", "nan/s", "10/ s"}) {
        EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: spammer, rate: '" + bad + "'}\n"),
                  "mix[0].rate: expected N/s or N/min, got '" + std::string(bad) + "'");
    }

    auto drop_of = [](const std::string& text) {
        return parse_scenario(url_target + one_player + "faults:\n  - {at: 1s, drop: " + text +
                              "}\n")
            .faults[0]
            .share;
    };
    EXPECT_DOUBLE_EQ(drop_of("10%"), 0.10);
    EXPECT_DOUBLE_EQ(drop_of("0.1"), 0.10);
    EXPECT_DOUBLE_EQ(drop_of("100%"), 1);
    EXPECT_DOUBLE_EQ(drop_of("1"), 1);
    for (const char* bad : {"0", "0%", "150%", "2", "some", "-5%"}) {
        EXPECT_EQ(
            error_of(url_target + one_player + "faults:\n  - {at: 1s, drop: '" + bad + "'}\n"),
            "faults[0].drop: expected a share above 0 up to 1 like 10% or 0.1, got '" +
                std::string(bad) + "'");
    }

    auto error_rate_of = [](const std::string& text) {
        return *parse_scenario(url_target + one_player + "thresholds: {error_rate: " + text + "}")
                    .thresholds.error_rate;
    };
    EXPECT_DOUBLE_EQ(error_rate_of("1%"), 0.01);
    EXPECT_DOUBLE_EQ(error_rate_of("0.02"), 0.02);
    EXPECT_DOUBLE_EQ(error_rate_of("0"), 0);
    EXPECT_EQ(error_of(url_target + one_player + "thresholds: {error_rate: 5}"),
              "thresholds.error_rate: expected a share from 0 up to 1 like 10% or 0.1, got '5'");
}

TEST(Scenario, UnknownKeysAreRefusedWithTheKnownList) {
    EXPECT_EQ(error_of(url_target + one_player + "conections: 5"),
              "conections: unknown key (known: connections, duration, faults, invariants, mix, "
              "name, ramp_up, seed, target, threads, thresholds)");
    EXPECT_EQ(error_of("target: {url: ws://127.0.0.1:1/ws, port: 1}\n" + one_player),
              "target.port: unknown key (known: admin_token, server, url)");
    EXPECT_EQ(error_of("target: {server: {binary: x, flags: []}}\n" + one_player),
              "target.server.flags: unknown key (known: args, binary)");
    EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: player, wieght: 2}\n"),
              "mix[0].wieght: unknown key (known: behaviour, game, interval, options, policies, "
              "policy, rate, think, weight)");
    EXPECT_EQ(error_of(url_target + one_player + "faults:\n  - {at: 1s, drop: 1%, when: 2s}\n"),
              "faults[0].when: unknown key (known: at, drop, kill_server, restart_after)");
    EXPECT_EQ(error_of(url_target + one_player + "thresholds: {p50: {'*': 1s}}"),
              "thresholds.p50: unknown key (known: desyncs, error_rate, lost_actions, p99)");
}

TEST(Scenario, KeysThatDoNotApplyToABehaviourAreRefused) {
    auto entry = [](const std::string& fields) {
        return error_of(url_target + "mix:\n  - {behaviour: player}\n  - {" + fields + "}\n");
    };
    EXPECT_EQ(entry("behaviour: player, rate: 1/s"),
              "mix[1].rate: does not apply to player (it takes weight, game, options, policies, "
              "policy, think)");
    EXPECT_EQ(entry("behaviour: spammer, rate: 30/s, interval: 1s"),
              "mix[1].interval: does not apply to spammer (it takes weight, game, rate)");
    EXPECT_EQ(entry("behaviour: spectator, interval: 1s"),
              "mix[1].interval: does not apply to spectator (it takes weight, game)");
    EXPECT_EQ(entry("behaviour: spectator, policy: random"),
              "mix[1].policy: does not apply to spectator (it takes weight, game)");
    EXPECT_EQ(entry("behaviour: lobby_watcher, think: 1s"),
              "mix[1].think: does not apply to lobby_watcher (it takes weight, game, interval)");
    EXPECT_EQ(entry("behaviour: idler, game: snake"),
              "mix[1].game: does not apply to idler (it takes weight)");
    EXPECT_EQ(entry("behaviour: malformed, rate: 1/s, options: {a: 1}"),
              "mix[1].options: does not apply to malformed (it takes weight, rate)");
    EXPECT_EQ(entry("behaviour: churner, policies: [random]"),
              "mix[1].policies: does not apply to churner (it takes weight, game, interval, "
              "options)");
    EXPECT_EQ(entry("behaviour: slow_reader, rate: 1/s"),
              "mix[1].rate: does not apply to slow_reader (it takes weight, game, interval, "
              "options)");
    EXPECT_EQ(entry("behaviour: reconnector, rate: 1/min, interval: 1s"),
              "mix[1].interval: does not apply to reconnector (it takes weight, game, options, "
              "policies, policy, rate, think)");
}

TEST(Scenario, BehavioursThatActAtARateNeedOne) {
    for (const char* kind : {"spammer", "malformed", "reconnector"}) {
        EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: " + kind + "}\n"),
                  "mix[0].rate: missing (" + std::string(kind) + " needs N/s or N/min)");
    }
}

TEST(Scenario, BadMixEntriesNameTheKey) {
    EXPECT_EQ(error_of(url_target), "mix: expected a list of one behaviour or more");
    EXPECT_EQ(error_of(url_target + "mix: []"), "mix: expected a list of one behaviour or more");
    EXPECT_EQ(error_of(url_target + "mix:\n  - {weight: 1}\n"), "mix[0].behaviour: missing");
    EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: lurker}\n"),
              "mix[0].behaviour: unknown behaviour 'lurker' (known: churner, idler, "
              "lobby_watcher, malformed, player, reconnector, slow_reader, spammer, spectator)");
    EXPECT_EQ(error_of(url_target + "mix:\n  - player\n"),
              "mix[0]: expected a map (behaviour, weight, ...)");
    for (const char* bad : {"0", "-1", "lots"}) {
        EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: idler, weight: " + bad + "}\n"),
                  "mix[0].weight: expected a number above 0, got '" + std::string(bad) + "'");
    }
    EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: player, policy: a, policies: [b]}\n"),
              "mix[0].policy: give `policy` or `policies`, not both");
    EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: player, think: soon}\n"),
              "mix[0].think: expected LOW..HIGH like 200ms..1s, got 'soon'");
    EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: player, options: 3}\n"),
              "mix[0].options: expected a map");
    EXPECT_EQ(error_of(url_target + "mix:\n  - {behaviour: churner, interval: 0s}\n"),
              "mix[0].interval: must be more than 0");
}

TEST(Scenario, TargetIsExactlyOneOfUrlAndServer) {
    EXPECT_EQ(error_of(one_player), "target: missing (give target.url or target.server)");
    EXPECT_EQ(error_of("target: {}\n" + one_player),
              "target: give exactly one of `url` and `server`");
    EXPECT_EQ(error_of("target: {url: ws://127.0.0.1:1/ws, server: {binary: x}}\n" + one_player),
              "target: give exactly one of `url` and `server`");
    EXPECT_EQ(error_of("target: {server: {args: []}}\n" + one_player),
              "target.server.binary: missing");
    EXPECT_EQ(error_of("target: {server: {binary: x, args: --fast}}\n" + one_player),
              "target.server.args: expected a list of strings");
    EXPECT_EQ(error_of("target: {url: http://127.0.0.1/}\n" + one_player).rfind("target.url: ", 0),
              0u);
}

TEST(Scenario, InvariantsAndTheAdminTokenAreRead) {
    const scenario none = parse_scenario(url_target + one_player);
    EXPECT_FALSE(none.invariants.rooms_after_grace.has_value()) << "the engine decides";
    EXPECT_EQ(none.invariants.max_wait, 40s);
    EXPECT_EQ(none.invariants.memory_settle, 15s);
    EXPECT_EQ(none.target.admin_token, "");
    const scenario s =
        parse_scenario("target: {url: ws://127.0.0.1:1/ws, admin_token: s3cret}\n" + one_player +
                       "invariants: {rooms_after_grace: true, max_wait: 10s, memory_settle: 0s}\n");
    EXPECT_EQ(s.target.admin_token, "s3cret");
    EXPECT_EQ(s.invariants.rooms_after_grace, true);
    EXPECT_EQ(s.invariants.max_wait, 10s);
    EXPECT_EQ(s.invariants.memory_settle, 0s);
    EXPECT_EQ(parse_scenario(url_target + one_player + "invariants: {rooms_after_grace: false}\n")
                  .invariants.rooms_after_grace,
              false);
    EXPECT_EQ(error_of(url_target + one_player + "invariants: {rooms_after_grace: maybe}\n"),
              "invariants.rooms_after_grace: expected true or false, got 'maybe'");
    EXPECT_EQ(error_of(url_target + one_player + "invariants: {memory: true}\n"),
              "invariants.memory: unknown key (known: max_wait, memory_settle, rooms_after_grace)");
    EXPECT_EQ(error_of(url_target + one_player + "invariants: true\n"),
              "invariants: expected a map (rooms_after_grace, max_wait, memory_settle)");
    EXPECT_EQ(error_of("target: {server: {binary: x}, admin_token: t}\n" + one_player),
              "target.admin_token: only with target.url (gameload gives a server it starts its "
              "own)");
}

TEST(Scenario, FaultsAreChecked) {
    EXPECT_EQ(error_of(url_target + one_player + "faults:\n  - {at: 1s, kill_server: true}\n"),
              "faults[0].kill_server: needs target.server (gameload kills only a server it "
              "started)");
    EXPECT_EQ(
        error_of(url_target + one_player + "duration: 10s\nfaults:\n  - {at: 11s, drop: 1%}\n"),
        "faults[0].at: is after the end of the run (duration 10000ms)");
    EXPECT_EQ(error_of(url_target + one_player + "faults:\n  - {at: 10s, drop: 1%}\n"),
              "(accepted)");  // at the very end (default duration 10s) is still inside
    EXPECT_EQ(error_of(url_target + one_player + "faults:\n  - {drop: 1%}\n"),
              "faults[0].at: missing");
    EXPECT_EQ(error_of(server_target + one_player + "faults:\n  - {at: 1s}\n"),
              "faults[0]: give exactly one of `drop` and `kill_server`");
    EXPECT_EQ(error_of(server_target + one_player +
                       "faults:\n  - {at: 1s, drop: 1%, kill_server: true}\n"),
              "faults[0]: give exactly one of `drop` and `kill_server`");
    EXPECT_EQ(error_of(server_target + one_player + "faults:\n  - {at: 1s, kill_server: false}\n"),
              "faults[0].kill_server: expected true, got 'false'");
    EXPECT_EQ(error_of(server_target + one_player +
                       "faults:\n  - {at: 1s, drop: 5%, restart_after: 2s}\n"),
              "faults[0].restart_after: applies to kill_server only");
}

TEST(Scenario, BadTopLevelValuesNameTheKey) {
    EXPECT_EQ(error_of(url_target + one_player + "connections: 0"),
              "connections: expected a whole number from 1 to 100000, got '0'");
    EXPECT_EQ(error_of(url_target + one_player + "connections: 100001"),
              "connections: expected a whole number from 1 to 100000, got '100001'");
    EXPECT_EQ(error_of(url_target + one_player + "threads: 65"),
              "threads: expected a whole number from 1 to 64, got '65'");
    EXPECT_EQ(error_of(url_target + one_player + "duration: forever"),
              "duration: expected a duration like 500ms, 60s or 2m, got 'forever'");
    EXPECT_EQ(error_of(url_target + one_player + "duration: 0s"), "duration: must be more than 0");
    EXPECT_EQ(error_of(url_target + one_player + "thresholds: {p99: {make_move: quick}}"),
              "thresholds.p99.make_move: expected a duration like 500ms, 60s or 2m, got 'quick'");
    EXPECT_EQ(error_of(url_target + one_player + "thresholds: {desyncs: -1}"),
              "thresholds.desyncs: expected a whole number from 0 to 9223372036854775807, got "
              "'-1'");
    EXPECT_EQ(error_of("- a\n- b"), "expected a map with `target` and `mix` at the top");
    EXPECT_EQ(error_of("mix: [").rfind("not YAML: ", 0), 0u);
}

TEST(Scenario, LoadNamesTheFileAndDefaultsTheNameToIt) {
    try {
        load_scenario("/nonexistent/scenario.yaml");
        FAIL() << "accepted a missing file";
    } catch (const scenario_error& e) {
        EXPECT_EQ(std::string(e.what()), "/nonexistent/scenario.yaml: cannot read the file");
    }

    const auto dir = std::filesystem::temp_directory_path() /
                     ("gameload-scenario-test-" +
                      std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::create_directories(dir);
    const std::string good = (dir / "quick-check.yaml").string();
    const std::string bad = (dir / "bad.yaml").string();
    std::ofstream(good) << url_target << one_player;
    std::ofstream(bad) << url_target << "mix:\n  - {behaviour: spammer, rate: fast}\n";
    EXPECT_EQ(load_scenario(good).name, "quick-check");
    try {
        load_scenario(bad);
        ADD_FAILURE() << "accepted " << bad;
    } catch (const scenario_error& e) {
        EXPECT_EQ(std::string(e.what()), bad + ": mix[0].rate: expected N/s or N/min, got 'fast'");
    }
    std::filesystem::remove_all(dir);
}

TEST(Scenario, ToStringNamesEveryBehaviour) {
    std::set<std::string> names;
    for (auto kind :
         {behaviour_kind::player, behaviour_kind::spectator, behaviour_kind::lobby_watcher,
          behaviour_kind::idler, behaviour_kind::reconnector, behaviour_kind::spammer,
          behaviour_kind::malformed, behaviour_kind::slow_reader, behaviour_kind::churner}) {
        const std::string name = to_string(kind);
        names.insert(name);
        // The name is what a file spells: it parses back to the same kind.
        const std::string rate =
            (kind == behaviour_kind::spammer || kind == behaviour_kind::malformed ||
             kind == behaviour_kind::reconnector)
                ? ", rate: 1/s"
                : "";
        EXPECT_EQ(
            parse_scenario(url_target + "mix:\n  - {behaviour: " + name + rate + "}\n").mix[0].kind,
            kind);
    }
    EXPECT_EQ(names.size(), 9u);
}

// The shipped scenarios parse, name real games and policies, and are named after their files.
TEST(Scenario, ShippedScenariosAreValid) {
    core::game_registry registry;
    games::register_all_games(registry);
    std::set<std::string> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(GS_SOURCE_DIR) + "/configs/scenarios")) {
        if (entry.path().extension() != ".yaml") continue;
        const std::string path = entry.path().string();
        files.insert(entry.path().stem().string());
        scenario s;
        ASSERT_NO_THROW(s = load_scenario(path)) << path;
        EXPECT_EQ(s.name, entry.path().stem().string()) << path;
        for (const auto& b : s.mix) {
            const sdk::game_plugin* plugin = registry.find(b.game);
            ASSERT_NE(plugin, nullptr) << path << ": " << b.game;
            for (const auto& policy : b.policies) {
                EXPECT_NE(plugin->bot(policy), nullptr) << path << ": " << b.game << " " << policy;
            }
        }
    }
    EXPECT_EQ(files,
              (std::set<std::string>{"smoke", "tictactoe-1k", "tictactoe-10k", "tictactoe-saturate",
                                     "fanout", "mixed-games", "chaos", "snake"}));
}

}  // namespace
}  // namespace gameserver::load
