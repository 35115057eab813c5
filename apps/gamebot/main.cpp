// gamebot: network bots play games on a server (see --help). main only wires: flags or a preset
// -> registry -> probe -> fleets (run at once) -> summaries.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "all_games.hpp"
#include "cli.hpp"
#include "gameserver/bot/fleet.hpp"
#include "gameserver/bot/preset.hpp"
#include "gameserver/core/game_registry.hpp"
#include "probe.hpp"

using namespace gameserver;

namespace {

// The fleets to run: the command line's one, or a preset's.
std::vector<bot::run_config> fleets_to_run(const app::gamebot_options& options) {
    if (options.preset.empty()) return {options.run};
    auto configs = bot::load_preset(options.preset, options.run);
    for (auto& c : configs) {
        if (options.url_given) c.url = options.run.url;
        if (options.duration_given) c.duration = options.run.duration;
    }
    return configs;
}

bool failed(const bot::run_summary& s) {
    return s.unexpected_errors > 0 || s.desyncs > 0 || s.reconnect_failures > 0 || s.gave_up > 0;
}

// One progress line on a terminal, summed over the fleets.
class progress_line {
  public:
    explicit progress_line(std::size_t fleets) : latest_(fleets) {}

    void update(std::size_t fleet, const bot::fleet_progress& p) {
        std::lock_guard lock(mutex_);
        latest_[fleet] = p;
        bot::fleet_progress sum;
        for (const auto& f : latest_) {
            sum.games += f.games;
            sum.moves += f.moves;
            sum.connected += f.connected;
            sum.active_bots += f.active_bots;
            sum.errors += f.errors;
            sum.reconnects += f.reconnects;
        }
        std::fprintf(stderr,
                     "\r\x1b[2Kgames %lld  moves %lld  bots %lld/%lld connected  errors %lld  "
                     "reconnects %lld",
                     static_cast<long long>(sum.games), static_cast<long long>(sum.moves),
                     static_cast<long long>(sum.connected), static_cast<long long>(sum.active_bots),
                     static_cast<long long>(sum.errors), static_cast<long long>(sum.reconnects));
        std::fflush(stderr);
    }

  private:
    std::mutex mutex_;
    std::vector<bot::fleet_progress> latest_;
};

}  // namespace

int main(int argc, char** argv) {
    int exit_code = 0;
    auto options = app::parse_gamebot_args(argc, argv, exit_code);
    if (!options) return exit_code;
    std::vector<bot::run_config> configs;
    try {
        configs = fleets_to_run(*options);
    } catch (const bot::preset_error& e) {
        std::cerr << "gamebot: --preset " << e.what() << "\n";
        return 2;
    }

    core::game_registry registry;
    games::register_all_games(registry);
    std::vector<const sdk::game_plugin*> plugins;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const bot::run_config& config = configs[i];
        const std::string where =
            options->preset.empty() ? "" : "fleets[" + std::to_string(i) + "]: ";
        const sdk::game_plugin* plugin = registry.find(config.game);
        if (!plugin) {
            std::string known;
            for (const auto* p : registry.list()) {
                known += (known.empty() ? "" : ", ") + p->info().id;
            }
            std::cerr << "gamebot: " << where << "unknown game '" << config.game
                      << "' (known: " << known << ")\n";
            return 2;
        }
        if (auto error = bot::fleet::check(config, *plugin)) {
            std::cerr << "gamebot: " << where << *error << "\n";
            return 2;
        }
        plugins.push_back(plugin);
    }
    std::set<std::string> probed;
    for (const auto& config : configs) {
        if (!probed.insert(config.url).second) continue;
        const auto endpoint = bot::parse_ws_url(config.url);
        if (const std::string error = app::probe_server(*endpoint); !error.empty()) {
            std::cerr << "gamebot: cannot reach " << config.url << ": " << error << "\n";
            return 2;
        }
    }

    std::vector<std::unique_ptr<bot::fleet>> fleets;
    const bool tty = isatty(STDERR_FILENO) == 1;
    progress_line line(configs.size());
    for (std::size_t i = 0; i < configs.size(); ++i) {
        fleets.push_back(std::make_unique<bot::fleet>(configs[i], *plugins[i]));
        fleets.back()->handle_signals(true);
        if (tty) {
            fleets.back()->on_progress(
                [&line, i](const bot::fleet_progress& p) { line.update(i, p); });
        }
    }
    std::vector<bot::run_summary> summaries(fleets.size());
    std::vector<std::thread> others;
    for (std::size_t i = 1; i < fleets.size(); ++i) {
        others.emplace_back([&, i] { summaries[i] = fleets[i]->run(); });
    }
    summaries[0] = fleets[0]->run();
    for (auto& t : others) t.join();
    if (tty) std::fputs("\r\x1b[2K", stderr);

    bool any_failed = false;
    for (const auto& s : summaries) any_failed = any_failed || failed(s);
    if (options->json) {
        if (options->preset.empty()) {
            std::cout << summaries[0].to_json().dump() << std::endl;
        } else {
            sdk::json all = sdk::json::array();
            for (const auto& s : summaries) all.push_back(s.to_json());
            std::cout << sdk::json{{"fleets", std::move(all)}, {"failed", any_failed}}.dump()
                      << std::endl;
        }
    } else {
        for (const auto& s : summaries) std::cout << s.to_text();
        std::cout << std::flush;
    }
    return any_failed ? 1 : 0;
}
