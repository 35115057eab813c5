// gamebot: N network bots play a game on a server (see --help). main only wires: flags ->
// registry -> probe -> fleet -> summary.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "all_games.hpp"
#include "cli.hpp"
#include "gameserver/bot/fleet.hpp"
#include "gameserver/core/game_registry.hpp"
#include "probe.hpp"

using namespace gameserver;

int main(int argc, char** argv) {
    int exit_code = 0;
    auto options = app::parse_gamebot_args(argc, argv, exit_code);
    if (!options) return exit_code;
    const bot::run_config& config = options->run;

    core::game_registry registry;
    games::register_all_games(registry);
    const sdk::game_plugin* plugin = registry.find(config.game);
    if (!plugin) {
        std::string known;
        for (const auto* p : registry.list()) known += (known.empty() ? "" : ", ") + p->info().id;
        std::cerr << "gamebot: unknown game '" << config.game << "' (known: " << known << ")\n";
        return 2;
    }
    if (auto error = bot::fleet::check(config, *plugin)) {
        std::cerr << "gamebot: " << *error << "\n";
        return 2;
    }
    const auto endpoint = bot::parse_ws_url(config.url);
    if (const std::string error = app::probe_server(*endpoint); !error.empty()) {
        std::cerr << "gamebot: cannot reach " << config.url << ": " << error << "\n";
        return 2;
    }

    bot::fleet fleet(config, *plugin);
    fleet.handle_signals(true);
    const bool tty = isatty(STDERR_FILENO) == 1;
    if (tty) {
        fleet.on_progress([](const bot::fleet_progress& p) {
            std::fprintf(stderr,
                         "\r\x1b[2Kgames %lld  moves %lld  bots %lld/%lld connected  errors %lld  "
                         "reconnects %lld",
                         static_cast<long long>(p.games), static_cast<long long>(p.moves),
                         static_cast<long long>(p.connected), static_cast<long long>(p.active_bots),
                         static_cast<long long>(p.errors), static_cast<long long>(p.reconnects));
            std::fflush(stderr);
        });
    }
    const bot::run_summary summary = fleet.run();
    if (tty) std::fputs("\r\x1b[2K", stderr);
    if (options->json) {
        std::cout << summary.to_json().dump() << std::endl;
    } else {
        std::cout << summary.to_text() << std::flush;
    }
    const bool failed =
        summary.unexpected_errors > 0 || summary.reconnect_failures > 0 || summary.gave_up > 0;
    return failed ? 1 : 0;
}
