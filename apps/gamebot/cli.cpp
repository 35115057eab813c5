#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

namespace gameserver::app {
namespace {

constexpr const char* k_footer = R"(Rooms:
  --room auto   bots are grouped into fresh rooms of the game's size (its minimum players, at
                least 2); after each game a group leaves and joins a new fresh room, so every
                game has a next one. Room names: gamebot-<seed>-<tag>-<group>-<game>.
  --room NAME   every bot joins room NAME and plays there (e.g. against people in the browser);
                a game is counted each time the room's game is seen to end.

Ending: --games N stops after N finished games; --duration stops after that long; with both,
whichever comes first; with neither, the run goes on until interrupted (Ctrl-C).

Games: tictactoe, dicegame, owedrahn, tellit, snake. Each bot folds what the server sends it
into its seat's view with the game's own client-side reducer, and checks every new view against
the previous one with the game's desync oracle (a transition no legal move or timer can make).

Exit status: 0 all well; 1 an unexpected protocol error happened (any error `code` other than
the stale-view refusals NOT_YOUR_TURN, GAME_OVER, INVALID_MOVE, GAME_IN_PROGRESS, GAME_STARTED,
which a policy causes by acting on a state that changed meanwhile and which are only counted), a
desync, a bad frame, a policy exception, a refused reconnect or a bot that gave up reconnecting;
2 bad usage or an unreachable server. A group in --room auto that loses a seat for good (refused
join, no seat in the room, refused reconnect) stops, and its game goes to another group.

Presets: --preset FILE runs every fleet of a YAML file at once, each with its own game, bots,
policies, rooms and think times (format: docs/gamebot.md, examples: configs/bots/). The
summary has one part per fleet; the exit status is the worst of them.

Output: a progress line on stderr when stderr is a terminal; at the end a summary (games, wins/
draws/losses per policy, moves, errors by code, reconnects, desyncs with the first few pairs of
views) on stdout, as JSON with --json.)";

}  // namespace

std::optional<gamebot_options> parse_gamebot_args(int argc, char** argv, int& exit_code) {
    gamebot_options out;
    bot::run_config& run = out.run;
    CLI::App app{"gamebot: AI players that play a game on a gameserverd over WebSocket"};
    app.footer(k_footer);
    app.get_formatter()->column_width(34);

    std::string duration_text;
    std::string think_text;
    std::string policies_text;
    std::string options_text;
    app.add_option("--url", run.url, "Server WebSocket URL (ws://HOST:PORT/PATH?QUERY)")
        ->capture_default_str();
    app.add_option("--game", run.game, "Game type (gameType) the bots play")->capture_default_str();
    app.add_option("--bots", run.bots, "Number of bots (connections)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--room", run.room, "auto, or the name of one room every bot joins")
        ->capture_default_str();
    app.add_option("--games", run.games, "Finished games after which the run stops (0: no limit)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--duration", duration_text,
                   "Stop after this long, e.g. 60s, 2m, 500ms (default: no limit)");
    app.add_option("--policy", policies_text,
                   "Bot policy, or a comma list the bots take in turn (e.g. minimax,random); "
                   "default: the game's default policy");
    app.add_option("--think", think_text,
                   "Think delay LOW..HIGH or one value (e.g. 200ms..1s, 0ms), drawn per move from "
                   "the bot's seeded engine; default: the policy's own think time");
    app.add_option("--seed", run.seed, "Seed of the bots' engines (one engine per bot)")
        ->capture_default_str();
    app.add_option("--threads", run.threads, "Threads running the bots' io_context")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    app.add_option("--options", options_text,
                   "Room options as JSON for the rooms the bots create, e.g. "
                   "'{\"bustDelayMs\":100}' (default: none)");
    app.add_option("--reconnect-attempts", run.reconnect.max_attempts,
                   "Reconnect attempts after a drop before a bot gives up")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000));
    app.add_flag("--json", out.json, "Print the summary as JSON on stdout");
    app.add_option("--preset", out.preset,
                   "Run the mix of fleets in this YAML file at once (configs/bots/*.yaml); "
                   "--url and --duration given here override the file's")
        ->check(CLI::ExistingFile);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        exit_code = app.exit(e);
        if (exit_code != 0) exit_code = 2;
        return std::nullopt;
    }
    auto usage = [&](const std::string& message) -> std::optional<gamebot_options> {
        std::cerr << "gamebot: " << message << "\nRun with --help for more information.\n";
        exit_code = 2;
        return std::nullopt;
    };
    out.url_given = app.count("--url") > 0;
    out.duration_given = !duration_text.empty();
    if (!duration_text.empty()) {
        auto d = bot::parse_duration(duration_text);
        if (!d || d->count() == 0)
            return usage("--duration: expected e.g. 60s, got " + duration_text);
        run.duration = *d;
    }
    if (!think_text.empty()) {
        auto t = bot::parse_think(think_text);
        if (!t) return usage("--think: expected e.g. 200ms..1s, got " + think_text);
        run.think = *t;
    }
    std::stringstream policies(policies_text);
    for (std::string name; std::getline(policies, name, ',');) {
        if (!name.empty()) run.policies.push_back(name);
    }
    if (!options_text.empty()) {
        run.options = sdk::json::parse(options_text, nullptr, false);
        if (run.options.is_discarded() || !run.options.is_object()) {
            return usage("--options: expected a JSON object, got " + options_text);
        }
    }
    return out;
}

}  // namespace gameserver::app
