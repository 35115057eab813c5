// gameload: runs a load and chaos scenario against a gameserverd (see --help). main only wires:
// flags -> scenario -> engine -> report -> exit status.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "all_games.hpp"
#include "gameserver/bot/run_config.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/load/engine.hpp"
#include "gameserver/load/report_html.hpp"

using namespace gameserver;

namespace {

constexpr const char* k_footer =
    R"(The scenario file (YAML) says what runs: the target server, connections, ramp-up,
duration, the mix of behaviours (player, spectator, lobby_watcher, idler, reconnector, spammer,
malformed, slow_reader, churner), faults and thresholds. Format: docs/gameload.md; examples:
configs/scenarios/. Players are real bots (libbot) of the games' own policies: their moves are
timed from the action sent to the first state or refusal after it, per message type, and every
state they receive is checked by the game's desync oracle.

With target.server gameload starts gameserverd itself, may kill -9 and restart it (the
kill_server fault), and reports the server's CPU and memory from /proc. A slow_reader joins a
room and stops reading until the server cuts it off; the report counts those cuts.

After the run gameload checks invariants: the server's /metrics counters against its own
counts; with the admin API (its own server; or --admin-token and invariants.rooms_after_grace:
true), that no room is left empty or with a member whose socket is gone a close grace later; that the server's memory came back near
its baseline (its own server); that every reconnect got its seat back. A violation fails the run.

Output: a progress line on stderr when it is a terminal; at the end a table of behaviours and
latency percentiles (p50/p90/p99/p99.9/max per message type, and connect), errors, desyncs and
lost actions; --json prints the whole report as one JSON object, with a timeline (a sample a
second: connections open, sent and answered per second, p50/p99, errors, server CPU and RSS);
--report FILE writes a self-contained HTML page with charts of that timeline and the tables.

Exit status: 0 the thresholds and invariants held; 1 one was broken (listed in the report);
2 bad usage, a bad scenario file or an unreachable target.)";

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"gameload: a load and chaos simulator for gameserverd"};
    app.footer(k_footer);
    std::string path;
    std::string url;
    std::string duration_text;
    int connections = 0;
    bool json = false;
    std::string html_path;
    std::string admin_token;
    app.add_option("scenario", path, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
    app.add_option("--url", url, "Override target.url (ws://HOST:PORT/PATH)");
    app.add_option("--connections", connections, "Override connections")
        ->check(CLI::Range(1, 100000));
    app.add_option("--duration", duration_text, "Override duration (e.g. 30s, 2m)");
    app.add_option("--admin-token", admin_token,
                   "Admin token of a target.url server, for the rooms check (or env "
                   "GAMELOAD_ADMIN_TOKEN)");
    app.add_flag("--json", json, "Print the report as JSON on stdout");
    app.add_option("--report", html_path, "Also write the report as a self-contained HTML file");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    load::scenario scenario;
    try {
        scenario = load::load_scenario(path);
    } catch (const load::scenario_error& e) {
        std::cerr << "gameload: " << e.what() << "\n";
        return 2;
    }
    if (!url.empty()) {
        scenario.target.url = url;
        scenario.target.binary.clear();
    }
    // A server gameload starts gets its own token; a running one's: flag, environment, file.
    if (admin_token.empty()) {
        if (const char* env = std::getenv("GAMELOAD_ADMIN_TOKEN")) admin_token = env;
    }
    if (!admin_token.empty()) scenario.target.admin_token = admin_token;
    if (connections > 0) scenario.connections = connections;
    if (!duration_text.empty()) {
        const auto d = bot::parse_duration(duration_text);
        if (!d || d->count() == 0) {
            std::cerr << "gameload: --duration: expected e.g. 30s, got " << duration_text << "\n";
            return 2;
        }
        scenario.duration = *d;
    }

    // Opened before the run, so that a path it cannot write does not cost a whole run.
    std::ofstream html;
    if (!html_path.empty()) {
        html.open(html_path, std::ios::trunc);
        if (!html) {
            std::cerr << "gameload: --report: cannot write " << html_path << "\n";
            return 2;
        }
    }

    core::game_registry registry;
    games::register_all_games(registry);
    std::unique_ptr<load::engine> engine;
    try {
        engine = std::make_unique<load::engine>(
            scenario, [&](const std::string& game) { return registry.find(game); });
    } catch (const load::scenario_error& e) {
        std::cerr << "gameload: " << path << ": " << e.what() << "\n";
        return 2;
    }

    const bool tty = isatty(STDERR_FILENO) == 1;
    if (tty) {
        engine->on_progress([](const load::progress_sample& p) {
            std::fprintf(stderr,
                         "\r\x1b[2K%5.1fs  connected %lld  sent %lld  errors %lld  p99 %.1f ms",
                         double(p.elapsed.count()) / 1000.0, static_cast<long long>(p.connected),
                         static_cast<long long>(p.sent), static_cast<long long>(p.errors),
                         double(p.p99_us) / 1000.0);
            std::fflush(stderr);
        });
    }
    // Ctrl-C ends the run early; the report still comes.
    boost::asio::io_context signals_ioc;
    boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) engine->stop();
    });
    std::thread signal_thread([&] { signals_ioc.run(); });

    const load::report report = engine->run();
    signals.cancel();
    signal_thread.join();
    if (tty) std::fputs("\r\x1b[2K", stderr);
    if (json) {
        std::cout << report.to_json().dump() << std::endl;
    } else {
        std::cout << report.to_text() << std::flush;
    }
    if (html.is_open()) {
        html << load::to_html(report);
        html.close();
        if (!html) std::cerr << "gameload: --report: writing " << html_path << " failed\n";
    }
    if (report.connections > 0 && report.sent == 0 && report.behaviours.size() > 0) {
        bool any_connected = false;
        for (const auto& b : report.behaviours) any_connected = any_connected || b.connected > 0;
        if (!any_connected) {
            std::cerr << "gameload: no connection to " << scenario.target.url << " succeeded\n";
            return 2;
        }
    }
    return report.breaches.empty() ? 0 : 1;
}
