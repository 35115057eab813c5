#include "commands.hpp"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "gameserver/sdk/json.hpp"
#include "table.hpp"

namespace gameserver::gamectl {

using sdk::json;

namespace {

struct fetched {
    int exit_code = 0;
    int status = 0;
    std::string body;
    json doc;  // the body as JSON, when it is JSON
};

// One request with the messages a script's user needs when it goes wrong.
fetched fetch(const context& ctx, const std::string& method, const std::string& target,
              const json& body = nullptr) {
    fetched out;
    std::string error;
    auto answer =
        http_call(ctx.server, method, target, body.is_null() ? "" : body.dump(), ctx.token, error);
    if (!answer) {
        std::cerr << "gamectl: cannot reach " << ctx.url << ": " << error << "\n";
        out.exit_code = 2;
        return out;
    }
    out.status = answer->status;
    out.body = answer->body;
    out.doc = json::parse(answer->body, nullptr, false);
    if (out.status < 400) return out;
    out.exit_code = 1;
    const std::string said = out.doc.is_object() && out.doc.contains("error")
                                 ? out.doc["error"].get<std::string>()
                                 : answer->body;
    if (out.status == 401) {
        std::cerr << "gamectl: the server refused the admin token (401: " << said
                  << "); give --token or GAMECTL_TOKEN\n";
    } else if (out.status == 403) {
        std::cerr << "gamectl: the admin API is off on this server (403: " << said
                  << "); start it with admin.token set (GAMESERVER_ADMIN_TOKEN)\n";
    } else {
        std::cerr << "gamectl: " << method << " " << target << ": " << out.status << " " << said
                  << "\n";
    }
    return out;
}

std::string text_of(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "-";
    return value.dump();
}

std::string rate(const json& value) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << (value.is_number() ? value.get<double>() : 0.0);
    return out.str();
}

std::string age(const json& ms) {
    const auto seconds = ms.is_number() ? static_cast<std::int64_t>(ms.get<double>()) / 1000 : 0;
    std::ostringstream out;
    if (seconds >= 3600) out << seconds / 3600 << "h";
    if (seconds >= 60) out << (seconds % 3600) / 60 << "m";
    out << seconds % 60 << "s";
    return out.str();
}

void print_json(const fetched& f) {
    std::cout << (f.doc.is_discarded() ? json(f.body) : f.doc).dump(2) << "\n";
}

table rooms_table(const json& rooms) {
    table t({"ROOM", "GAME", "PLAYERS", "STARTED", "AGE", "IN/S", "OUT/S", "MEMBERS"});
    for (const auto& r : rooms) {
        std::string members;
        for (const auto& m : r.value("members", json::array())) {
            members += (members.empty() ? "" : ", ") + m.value("name", std::string("?")) +
                       (m.value("bot", false) ? " (bot)" : "");
        }
        const int max = r.value("maxPlayers", 0);
        t.add({r.value("roomId", ""), r.value("gameType", ""),
               std::to_string(r.value("playerCount", 0)) + "/" +
                   (max > 0 ? std::to_string(max) : std::string("-")),
               r.value("started", false) ? "yes" : "no", age(r.value("ageMs", json(0))),
               rate(r.value("messagesInPerSecond", json(0))),
               rate(r.value("messagesOutPerSecond", json(0))), members});
    }
    return t;
}

}  // namespace

int health(const context& ctx) {
    const fetched live = fetch(ctx, "GET", "/healthz");
    if (live.exit_code == 2) return 2;
    std::string error;
    const auto ready = http_call(ctx.server, "GET", "/readyz", "", "", error);
    if (!ready) {
        std::cerr << "gamectl: cannot reach " << ctx.url << ": " << error << "\n";
        return 2;
    }
    const bool is_live = live.status == 200;
    const bool is_ready = ready->status == 200;
    if (ctx.json) {
        std::cout << json{{"live", is_live}, {"ready", is_ready}}.dump() << "\n";
    } else {
        std::cout << "live:  " << (is_live ? "ok" : "NO")
                  << "\nready: " << (is_ready ? "ok" : "NO (" + std::to_string(ready->status) + ")")
                  << "\n";
    }
    return is_live && is_ready ? 0 : 1;
}

int info(const context& ctx) {
    const fetched f = fetch(ctx, "GET", "/api/v1/admin/info");
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    const json& d = f.doc;
    const json counts = d.value("counts", json::object());
    std::cout << "version:     " << text_of(d.value("version", json())) << "\n"
              << "uptime:      " << age(json(d.value("uptimeSeconds", 0.0) * 1000)) << "\n"
              << "connections: " << counts.value("connections", 0) << "\n"
              << "rooms:       " << counts.value("rooms", 0) << "\n"
              << "members:     " << counts.value("members", 0) << "\n"
              << "sessions:    " << counts.value("sessions", 0) << "\n"
              << "draining:    "
              << (d.value("drain", json::object()).value("draining", false) ? "yes" : "no") << "\n";
    table by_game({"GAME", "ROOMS"});
    const json by_game_counts = counts.value("roomsByGame", json::object());
    for (const auto& [game, n] : by_game_counts.items()) {
        by_game.add({game, text_of(n)});
    }
    std::cout << "\n";
    by_game.print(std::cout);
    return 0;
}

int games(const context& ctx) {
    const fetched f = fetch(ctx, "GET", "/api/v1/games");
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    table t({"GAME", "NAME", "PLAYERS", "TICK/S", "BOT POLICIES"});
    for (const auto& g : f.doc.value("games", json::array())) {
        std::string policies;
        for (const auto& p : g.value("botPolicies", json::array())) {
            policies += (policies.empty() ? "" : ", ") + text_of(p);
        }
        const int max = g.value("maxPlayers", 0);
        t.add({g.value("id", ""), g.value("name", ""),
               std::to_string(g.value("minPlayers", 0)) + "-" +
                   (max > 0 ? std::to_string(max) : std::string("any")),
               std::to_string(g.value("tickRate", 0)), policies.empty() ? "-" : policies});
    }
    t.print(std::cout);
    return 0;
}

int rooms(const context& ctx, const std::string& game) {
    const fetched f =
        fetch(ctx, "GET", "/api/v1/admin/rooms" + (game.empty() ? "" : "?game=" + game));
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    const table t = rooms_table(f.doc.value("rooms", json::array()));
    if (t.empty()) {
        std::cout << "no rooms\n";
    } else {
        t.print(std::cout);
    }
    return 0;
}

int room_show(const context& ctx, const std::string& id) {
    const fetched f = fetch(ctx, "GET", "/api/v1/admin/rooms/" + id);
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    const json& d = f.doc;
    for (const char* key : {"roomId", "gameType", "playerCount", "maxPlayers", "started", "over",
                            "closed", "seed", "messagesIn", "messagesOut"}) {
        std::cout << std::left << std::setw(13) << (std::string(key) + ":")
                  << text_of(d.value(key, json())) << "\n";
    }
    std::cout << std::setw(13) << "age:" << age(d.value("ageMs", json(0))) << "\n\n";
    table members({"CLIENT", "NAME", "BOT"});
    for (const auto& m : d.value("members", json::array())) {
        members.add(
            {m.value("clientId", ""), m.value("name", ""), m.value("bot", false) ? "yes" : "no"});
    }
    members.print(std::cout);
    std::cout << "\nstate: " << d.value("state", json()).dump() << "\n";
    return 0;
}

int room_close(const context& ctx, const std::string& id) {
    const fetched f = fetch(ctx, "POST", "/api/v1/admin/rooms/" + id + "/close");
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    std::cout << "closed room " << id << " (its members stay connected)\n";
    return 0;
}

int kick(const context& ctx, const std::string& client, const std::string& reason) {
    json body = json::object();
    if (!reason.empty()) body["reason"] = reason;
    const fetched f = fetch(ctx, "POST", "/api/v1/admin/clients/" + client + "/kick", body);
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    std::cout << "kicked " << client << " (" << f.doc.value("reason", std::string()) << ")\n";
    return 0;
}

int drain(const context& ctx, std::optional<int> timeout_seconds) {
    json body = json::object();
    if (timeout_seconds) body["timeoutSeconds"] = *timeout_seconds;
    const fetched f = fetch(ctx, "POST", "/api/v1/admin/drain", body);
    if (f.exit_code) return f.exit_code;
    if (ctx.json) return print_json(f), 0;
    const json& d = f.doc;
    std::cout << (f.status == 202 ? "draining" : "already draining") << ": no new rooms, "
              << d.value("roomsLeft", 0) << " room(s) left, every room closed in "
              << d.value("remainingSeconds", 0) << " s at the latest\n";
    return 0;
}

int metrics(const context& ctx) {
    const fetched f = fetch(ctx, "GET", "/metrics");
    if (f.exit_code) return f.exit_code;
    // Prometheus text: sum every series of a metric (histogram buckets are left out; their
    // _sum and _count are metrics of their own).
    struct family {
        double total = 0;
        int series = 0;
    };
    std::map<std::string, family> families;
    std::istringstream lines(f.body);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        if (space == std::string::npos) continue;
        std::string name = line.substr(0, std::min(line.find('{'), space));
        if (name.ends_with("_bucket")) continue;
        try {
            families[name].total += std::stod(line.substr(space + 1));
            ++families[name].series;
        } catch (const std::exception&) {
            continue;  // not a sample line
        }
    }
    if (ctx.json) {
        json out = json::object();
        for (const auto& [name, fam] : families) {
            out[name] = {{"total", fam.total}, {"series", fam.series}};
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    table t({"METRIC", "TOTAL", "SERIES"});
    for (const auto& [name, fam] : families) {
        std::ostringstream total;
        total << std::setprecision(12) << fam.total;
        t.add({name, total.str(), std::to_string(fam.series)});
    }
    t.print(std::cout);
    return 0;
}

namespace {

volatile std::sig_atomic_t interrupted = 0;

// The terminal in raw mode while `top` runs, so that `q` needs no Enter; restored on exit.
class raw_terminal {
  public:
    raw_terminal() {
        if (isatty(STDIN_FILENO) != 1 || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios raw = saved_;
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    ~raw_terminal() {
        if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    raw_terminal(const raw_terminal&) = delete;
    raw_terminal& operator=(const raw_terminal&) = delete;

    // Waits up to `timeout` for a key; true when it was q.
    bool quit_pressed(std::chrono::milliseconds timeout) const {
        if (!active_) {
            std::this_thread::sleep_for(timeout);
            return false;
        }
        pollfd in{STDIN_FILENO, POLLIN, 0};
        if (poll(&in, 1, static_cast<int>(timeout.count())) <= 0) return false;
        char c = 0;
        return read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q');
    }

  private:
    termios saved_{};
    bool active_ = false;
};

}  // namespace

int top(const context& ctx, std::chrono::milliseconds interval, std::optional<int> count) {
    std::signal(SIGINT, [](int) { interrupted = 1; });
    raw_terminal terminal;
    const bool screen = isatty(STDOUT_FILENO) == 1;
    for (int n = 0; !count || n < *count; ++n) {
        const fetched info = fetch(ctx, "GET", "/api/v1/admin/info");
        if (info.exit_code) return info.exit_code;
        const fetched listed = fetch(ctx, "GET", "/api/v1/admin/rooms");
        if (listed.exit_code) return listed.exit_code;
        json rooms = listed.doc.value("rooms", json::array());
        std::sort(rooms.begin(), rooms.end(), [](const json& a, const json& b) {
            return a.value("messagesOutPerSecond", 0.0) > b.value("messagesOutPerSecond", 0.0);
        });
        const json counts = info.doc.value("counts", json::object());
        if (screen) std::cout << "\x1b[H\x1b[2J";  // home, clear
        std::cout << "gamectl top  " << ctx.url << "  up "
                  << age(json(info.doc.value("uptimeSeconds", 0.0) * 1000)) << "\n"
                  << "connections " << counts.value("connections", 0) << "  rooms "
                  << counts.value("rooms", 0) << "  members " << counts.value("members", 0)
                  << "  sessions " << counts.value("sessions", 0)
                  << (info.doc.value("drain", json::object()).value("draining", false)
                          ? "  DRAINING"
                          : "")
                  << "\n\n";
        rooms_table(rooms).print(std::cout);
        if (screen) std::cout << "\n(q or Ctrl-C to quit)\n";
        std::cout << std::flush;
        if (count && n + 1 >= *count) break;
        if (terminal.quit_pressed(interval) || interrupted) break;
    }
    return 0;
}

}  // namespace gameserver::gamectl
