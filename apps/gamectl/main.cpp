// gamectl: the admin command line over gameserverd's REST API (see --help). main only wires:
// flags -> context -> one subcommand -> exit status.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "gameserver/bot/run_config.hpp"

using namespace gameserver;

namespace {

constexpr const char* k_footer = R"(Reads use --json for machine output; tables otherwise.
The admin routes need the server's admin token (its admin.token, e.g. GAMESERVER_ADMIN_TOKEN):
give it with --token or GAMECTL_TOKEN. health, games and metrics need none.

Exit status: 0 ok; 1 the server said no (a refused token, an unknown room or client, an
unready server for `health`); 2 the server cannot be reached or the command line is wrong.)";

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"gamectl: look at and steer a running gameserverd"};
    app.footer(k_footer);
    app.require_subcommand(1);
    std::string url = "http://127.0.0.1:6969";
    std::string token;
    bool json = false;
    app.add_option("--url", url, "Server base URL")->capture_default_str();
    app.add_option("--token", token, "Admin bearer token (default: $GAMECTL_TOKEN)");
    app.add_flag("--json", json, "Print the server's JSON instead of a table");

    auto* health = app.add_subcommand("health", "Liveness and readiness (/healthz, /readyz)");
    auto* info = app.add_subcommand("info", "Version, uptime, config summary and counts");
    auto* games = app.add_subcommand("games", "The games this server hosts");
    std::string game;
    auto* rooms = app.add_subcommand("rooms", "Rooms with members, age and message rates");
    rooms->add_option("--game", game, "Only rooms of this game");
    auto* room = app.add_subcommand("room", "One room: show or close");
    room->require_subcommand(1);
    std::string room_id;
    auto* show = room->add_subcommand("show", "A room's detail and game state");
    show->add_option("ID", room_id, "Room id")->required();
    auto* close = room->add_subcommand("close", "Close a room (members stay connected)");
    close->add_option("ID", room_id, "Room id")->required();
    std::string client;
    std::string reason;
    auto* kick = app.add_subcommand("kick", "Remove a client from the server (close 4000)");
    kick->add_option("CLIENT", client, "Client id")->required();
    kick->add_option("--reason", reason, "Why (sent in the close frame)");
    std::string timeout_text;
    auto* drain = app.add_subcommand(
        "drain", "Stop creating rooms, let games finish up to --timeout, then close every room");
    drain->add_option("--timeout", timeout_text, "e.g. 60s, 5m (server default: 60s)");
    auto* metrics = app.add_subcommand("metrics", "A summary table of /metrics");
    std::string interval_text = "1s";
    int count = 0;
    auto* top = app.add_subcommand("top", "Live view of rooms and connections (q to quit)");
    top->add_option("--interval", interval_text, "Refresh period")->capture_default_str();
    top->add_option("--count", count, "Stop after this many refreshes (0: until q or Ctrl-C)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    auto usage = [](const std::string& message) {
        std::cerr << "gamectl: " << message << "\n";
        return 2;
    };

    gamectl::context ctx;
    ctx.url = url;
    std::string error;
    const auto server = gamectl::parse_server_url(url, error);
    if (!server) return usage("--url: " + error);
    ctx.server = *server;
    ctx.token = token;
    if (ctx.token.empty()) {
        if (const char* env = std::getenv("GAMECTL_TOKEN")) ctx.token = env;
    }
    ctx.json = json;

    if (*health) return gamectl::health(ctx);
    if (*info) return gamectl::info(ctx);
    if (*games) return gamectl::games(ctx);
    if (*rooms) return gamectl::rooms(ctx, game);
    if (*show) return gamectl::room_show(ctx, room_id);
    if (*close) return gamectl::room_close(ctx, room_id);
    if (*kick) return gamectl::kick(ctx, client, reason);
    if (*drain) {
        std::optional<int> seconds;
        if (!timeout_text.empty()) {
            const auto d = bot::parse_duration(timeout_text);
            if (!d) return usage("--timeout: expected e.g. 60s, got " + timeout_text);
            seconds = static_cast<int>(d->count() / 1000);
        }
        return gamectl::drain(ctx, seconds);
    }
    if (*metrics) return gamectl::metrics(ctx);
    if (*top) {
        const auto interval = bot::parse_duration(interval_text);
        if (!interval || interval->count() == 0) {
            return usage("--interval: expected e.g. 1s, got " + interval_text);
        }
        return gamectl::top(ctx, *interval,
                            count > 0 ? std::optional<int>(count) : std::optional<int>());
    }
    return usage("no command (see --help)");
}
