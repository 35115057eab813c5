// gameserverd: command line and config -> game registry -> storage and sessions -> server ->
// run until SIGINT/SIGTERM. Only wiring lives here.
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include "all_games.hpp"
#include "allocator.hpp"
#include "cli.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/core/session_store.hpp"
#include "gameserver/core/storage.hpp"
#include "gameserver/net/server.hpp"
#include "logging.hpp"

extern char** environ;

namespace {

std::map<std::string, std::string> environment() {
    std::map<std::string, std::string> env;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string::npos) env.emplace(text.substr(0, eq), text.substr(eq + 1));
    }
    return env;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace gameserver;
    app::cli_result cli = app::parse_command_line(argc, argv, environment());
    if (cli.exit_code >= 0) return cli.exit_code;
    const core::config& cfg = cli.config;
    if (cli.print_config) {
        std::cout << core::to_yaml(cfg);
        return 0;
    }
    app::setup_logging(cfg.log);
    spdlog::info("memory allocator: {}", app::allocator_description());

    core::game_registry games;
    games::register_all_games(games);
    if (cli.enable_test_game) games::register_test_game(games);

    try {
        std::unique_ptr<core::storage> storage =
            cfg.storage.backend == "memory"
                ? core::make_memory_storage(cfg.storage.memory_records)
                : core::make_sqlite_storage(cfg.server.data_dir, cfg.storage.commit_delay);
        auto sessions = core::make_memory_session_store(cfg.sessions.ttl);
        net::server server(cfg, games, *sessions, *storage);
        server.set_thread_cache_release(app::thread_cache_release());
        server.start();
        server.handle_signals();
        const bool clean = server.run();
        spdlog::info("gameserverd exited{}",
                     clean ? "" : " (some connections did not close in time)");
        return EXIT_SUCCESS;
    } catch (const std::exception& e) {
        spdlog::critical("gameserverd: {}", e.what());
        std::cerr << "gameserverd: " << e.what() << '\n';
        return EXIT_FAILURE;
    }
}
