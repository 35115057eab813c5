#include "gameserver/load/engine.hpp"

#include <sys/resource.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cmath>
#include <random>
#include <sstream>
#include <thread>

#include "gameserver/bot/fleet.hpp"
#include "gameserver/core/ids.hpp"
#include "invariants.hpp"
#include "latency_book.hpp"
#include "raw_user.hpp"
#include "server_probe.hpp"
#include "server_process.hpp"
#include "slow_reader.hpp"

namespace gameserver::load {

namespace asio = boost::asio;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

std::uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

namespace {

bool is_bot(behaviour_kind kind) {
    return kind == behaviour_kind::player || kind == behaviour_kind::reconnector;
}

// Connections per mix entry by weight (largest remainder), summing to `total`.
std::vector<int> share_out(const std::vector<behaviour_spec>& mix, int total) {
    double weights = 0;
    for (const auto& b : mix) weights += b.weight;
    std::vector<int> counts;
    std::vector<std::pair<double, std::size_t>> remainders;
    int given = 0;
    for (std::size_t i = 0; i < mix.size(); ++i) {
        const double exact = total * mix[i].weight / weights;
        counts.push_back(static_cast<int>(std::floor(exact)));
        given += counts.back();
        remainders.emplace_back(exact - std::floor(exact), i);
    }
    std::sort(remainders.begin(), remainders.end(), std::greater<>());
    for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given) {
        ++counts[remainders[k].second];
    }
    return counts;
}

// A check's result as the report shows it; the notes lose their "check: " prefix (the report
// names the check).
invariant_outcome outcome_of(const std::string& check, check_result r) {
    invariant_outcome out;
    out.check = check;
    out.result = !r.violations.empty() ? "violated" : r.skipped ? "skipped" : "passed";
    for (auto& v : r.violations) out.violations.push_back(std::move(v.detail));
    for (auto& n : r.notes) {
        if (n.starts_with(check + ": ")) n.erase(0, check.size() + 2);
        out.notes.push_back(std::move(n));
    }
    return out;
}

check_result skipped_because(const std::string& why) {
    check_result r;
    r.skipped = true;
    r.notes.push_back(why);
    return r;
}

double cpu_seconds_of_self() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

// One player or reconnector entry: a libbot fleet on its own threads.
struct bot_entry {
    std::size_t mix_index = 0;
    std::unique_ptr<bot::fleet> fleet;
    bot::run_summary summary;
    int bots = 0;
    double drops_per_second = 0;  // reconnector: sockets it cuts, over all its bots
};

class engine_impl {
  public:
    engine_impl(scenario s, const std::function<const sdk::game_plugin*(const std::string&)>& find)
        : spec(std::move(s)),
          work(asio::make_work_guard(ioc)),
          strand(asio::make_strand(ioc)),
          progress_timer(strand),
          fault_timer(strand),
          drop_timer(strand),
          timeline_timer(strand) {
        admin_token = spec.target.admin_token;
        if (!spec.target.binary.empty()) {
            // Its admin API is how the rooms are listed after the run.
            admin_token = core::random_token();
            std::vector<std::string> args = spec.target.args;
            args.insert(args.end(), {"--set", "admin.token=" + admin_token});
            server = std::make_unique<server_process>(spec.target.binary, std::move(args));
            try {
                server_port = server->start(0, start_timeout);
            } catch (const std::runtime_error& e) {
                throw scenario_error(std::string("target.server: ") + e.what());
            }
            spec.target.url = "ws://127.0.0.1:" + std::to_string(server_port) + "/ws";
            usage.emplace();
            usage->rss_start_kib = server->rss_kib().value_or(0);
            usage->rss_peak_kib = usage->rss_start_kib;
            rss_baseline_kib = rss_peak_since_baseline_kib = usage->rss_start_kib;
            server_cpu_start = server->cpu().value_or(cpu_time{});
        }
        std::string url_error;
        const auto endpoint = bot::parse_ws_url(spec.target.url, &url_error);
        if (!endpoint) throw scenario_error("target.url: " + url_error);
        // gameload is for the machine it runs on: a mistyped URL must not load someone's server.
        if (endpoint->host != "127.0.0.1" && endpoint->host != "localhost" &&
            endpoint->host != "[::1]" && endpoint->host != "::1") {
            throw scenario_error("target.url: " + endpoint->host +
                                 " is not a loopback address (gameload only loads this machine)");
        }

        const auto counts = share_out(spec.mix, spec.connections);
        const auto ramp_window = std::chrono::microseconds(static_cast<std::int64_t>(
            1e6 * spec.connections / std::max(spec.ramp_up_per_second, 1e-3)));
        std::random_device device;
        const std::string run_tag =
            "load-" + std::to_string(spec.seed) + "-" + std::to_string(device() & 0xffffu);
        // A server gameload started has only its rooms; on a shared one, only this run's count.
        room_prefix = server ? std::string() : run_tag + "-";
        sdk::rng seeds(spec.seed);
        int bot_entries = 0;
        for (const auto& b : spec.mix) bot_entries += is_bot(b.kind) ? 1 : 0;
        for (std::size_t i = 0; i < spec.mix.size(); ++i) {
            const behaviour_spec& b = spec.mix[i];
            const int count = counts[i];
            auto& group = *groups.emplace_back(std::make_unique<user_group>());
            group.spec = b;
            group.endpoint = *endpoint;
            group.counts.behaviour = to_string(b.kind);
            group.counts.game = b.game;
            group.counts.connections = count;
            group.room_prefix = run_tag + "-" + std::to_string(i);
            if (count == 0) continue;
            const auto spacing = ramp_window / count;
            if (is_bot(b.kind)) {
                const sdk::game_plugin* plugin = find(b.game);
                const std::string where = "mix[" + std::to_string(i) + "]";
                if (!plugin) throw scenario_error(where + ".game: unknown game '" + b.game + "'");
                bot::run_config c;
                c.url = spec.target.url;
                c.game = b.game;
                c.bots = count;
                c.policies = b.policies;
                c.think = b.think;
                c.options = b.options;
                c.seed = seeds.next_u64();
                c.threads = std::max(1, spec.threads / std::max(1, bot_entries));
                c.duration = spec.duration;
                c.start_spacing = spacing;
                c.room_prefix = run_tag + "-" + std::to_string(i);
                if (auto error = bot::fleet::check(c, *plugin))
                    throw scenario_error(where + ": " + *error);
                auto& entry = bots.emplace_back();
                entry.mix_index = i;
                entry.bots = count;
                entry.fleet = std::make_unique<bot::fleet>(c, *plugin);
                entry.fleet->on_latency(
                    [this](const std::string& type, std::chrono::microseconds us) {
                        latency.add(type, us);
                    });
                if (b.kind == behaviour_kind::reconnector) entry.drops_per_second = b.rate * count;
            } else {
                // Slow readers subscribe to the lobby too: its pushes are traffic they leave
                // unread.
                if (b.kind == behaviour_kind::lobby_watcher ||
                    b.kind == behaviour_kind::slow_reader) {
                    group.endpoint.target +=
                        (group.endpoint.target.find('?') == std::string::npos ? "?" : "&");
                    group.endpoint.target += "game=" + b.game;
                }
                for (int k = 0; k < count; ++k) {
                    if (b.kind == behaviour_kind::slow_reader) {
                        users.push_back(std::make_shared<slow_reader>(
                            ioc, group, k, spacing * k, run_tag + "-" + std::to_string(i) + "-slow",
                            connect_us, connect_mutex, clock));
                        continue;
                    }
                    users.push_back(std::make_shared<raw_user>(ioc, group, k, spacing * k,
                                                               seeds.next_u64(), latency,
                                                               connect_us, connect_mutex, clock));
                }
            }
        }
    }

    scenario spec;
    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> work;
    asio::strand<asio::io_context::executor_type> strand;
    asio::steady_timer progress_timer;
    asio::steady_timer fault_timer;
    asio::steady_timer drop_timer;
    asio::steady_timer timeline_timer;
    std::function<void(const progress_sample&)> progress_callback;
    std::vector<std::unique_ptr<user_group>> groups;
    std::vector<std::shared_ptr<virtual_user>> users;
    std::vector<bot_entry> bots;
    latency_book latency;
    histogram connect_us;
    std::mutex connect_mutex;
    user_clock clock;
    steady_clock::time_point started;
    sdk::rng chaos{1};
    std::size_t next_fault = 0;
    // target.server: the gameserverd this run started, its port, and what it cost.
    std::unique_ptr<server_process> server;
    std::uint16_t server_port = 0;
    std::optional<server_usage> usage;
    cpu_time server_cpu_start;
    cpu_time server_cpu_of_killed;  // CPU of the processes a kill_server fault ended
    std::mutex usage_mutex;
    std::thread restarter;
    std::int64_t kills = 0;
    std::string restart_error;
    // The invariant checks: the admin token, the rooms that are this run's, /metrics before the
    // first connection, sockets cut by faults, and the memory baseline (after the last restart).
    std::string admin_token;
    std::string room_prefix;
    metrics_probe metrics_before;
    std::int64_t links_dropped = 0;  // drop faults and reconnectors' drops (on the strand)
    std::int64_t rss_baseline_kib = 0;
    std::int64_t rss_peak_since_baseline_kib = 0;
    // The timeline: a sample a second, and what the previous one saw (deltas per second).
    std::vector<timeline_sample> timeline;
    steady_clock::time_point last_sample_at;
    std::int64_t last_sent = 0;
    std::int64_t last_errors = 0;
    std::optional<double> last_server_cpu;
    static constexpr std::chrono::seconds start_timeout{15};

    void schedule_progress();
    void schedule_timeline();
    void sample_timeline();
    std::int64_t open_connections();
    std::optional<double> server_cpu_total();
    void kill_and_restart(milliseconds restart_after);
    void sample_server();
    void schedule_fault();
    void schedule_drops();
    void drop_share(double share);
    progress_sample sample();
    report collect(std::chrono::milliseconds elapsed, double cpu);
    client_counts counted(const report& r) const;
    void check_invariants(report& r, steady_clock::time_point clients_gone);
};

progress_sample engine_impl::sample() {
    progress_sample p;
    p.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started);
    for (auto& g : groups) {
        std::lock_guard lock(g->mutex);
        p.connected += g->counts.connected;
        p.sent += g->counts.sent;
        p.errors += g->counts.unexpected_errors;
    }
    for (auto& b : bots) {
        const auto f = b.fleet->progress();
        p.connected += f.connected;
        p.sent += f.moves;
        p.errors += f.errors;
    }
    p.p99_us = latency.p99_all();
    return p;
}

void engine_impl::sample_server() {
    if (!server) return;
    std::lock_guard lock(usage_mutex);
    if (const auto rss = server->rss_kib()) {
        usage->rss_peak_kib = std::max(usage->rss_peak_kib, *rss);
        rss_peak_since_baseline_kib = std::max(rss_peak_since_baseline_kib, *rss);
    }
}

// The fault: kill -9 (no shutdown, no flush), then the same binary on the same port after
// `restart_after`. Connections in between fail (expected while it is down); bots reconnect.
void engine_impl::kill_and_restart(milliseconds restart_after) {
    if (!server) return;
    if (restarter.joinable()) restarter.join();
    restarter = std::thread([this, restart_after] {
        {
            std::lock_guard lock(usage_mutex);
            server_cpu_of_killed += server->cpu().value_or(cpu_time{});
            ++kills;
        }
        ++clock.kills;
        clock.server_down = true;
        server->kill_hard();
        std::this_thread::sleep_for(restart_after);
        try {
            server->start(server_port, start_timeout);
            std::lock_guard lock(usage_mutex);
            rss_baseline_kib = rss_peak_since_baseline_kib = server->rss_kib().value_or(0);
        } catch (const std::runtime_error& e) {
            std::lock_guard lock(usage_mutex);
            restart_error = e.what();
        }
        clock.server_down = false;
    });
}

// Raw users with a socket open now, plus bots that connected and still run (libbot counts no
// open sockets; a bot between a drop and its reconnect counts as open).
std::int64_t engine_impl::open_connections() {
    std::int64_t open = 0;
    for (auto& g : groups) {
        std::lock_guard lock(g->mutex);
        open += g->open;
    }
    for (auto& b : bots) {
        const auto f = b.fleet->progress();
        open += std::min(f.connected, f.active_bots);
    }
    return open;
}

// The server's CPU seconds since gameload started it, over every process a kill ended.
std::optional<double> engine_impl::server_cpu_total() {
    if (!server) return std::nullopt;
    const auto now = server->cpu();
    if (!now) return std::nullopt;  // between a kill and the restart
    std::lock_guard lock(usage_mutex);
    cpu_time used = server_cpu_of_killed;
    used += *now - server_cpu_start;
    return used.total();
}

void engine_impl::sample_timeline() {
    const auto now = steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_sample_at).count();
    last_sample_at = now;
    if (seconds <= 0) return;
    const progress_sample p = sample();
    const histogram answered = latency.take_interval();
    timeline_sample t;
    t.at = p.elapsed;
    t.open = open_connections();
    t.sent_per_second = double(p.sent - last_sent) / seconds;
    t.answered_per_second = double(answered.count()) / seconds;
    t.p50_us = answered.percentile(50);
    t.p99_us = answered.percentile(99);
    t.errors = p.errors - last_errors;
    last_sent = p.sent;
    last_errors = p.errors;
    if (server) {
        const auto cpu = server_cpu_total();
        // A kill between two samples can make the sum step back: no reading for that second.
        if (cpu && last_server_cpu && *cpu >= *last_server_cpu) {
            t.server_cpu_percent = (*cpu - *last_server_cpu) / seconds * 100.0;
        }
        if (cpu) last_server_cpu = cpu;
        t.server_rss_kib = server->rss_kib();
    }
    timeline.push_back(t);
}

void engine_impl::schedule_timeline() {
    timeline_timer.expires_at(last_sample_at + 1s);
    timeline_timer.async_wait(asio::bind_executor(strand, [this](boost::system::error_code ec) {
        if (ec || clock.stopping) return;
        sample_timeline();
        schedule_timeline();
    }));
}

void engine_impl::schedule_progress() {
    progress_timer.expires_after(500ms);
    progress_timer.async_wait(asio::bind_executor(strand, [this](boost::system::error_code ec) {
        if (ec || clock.stopping) return;
        sample_server();
        if (progress_callback) progress_callback(sample());
        schedule_progress();
    }));
}

// Cuts `share` of the open connections at once, bots and raw users alike (they reconnect).
void engine_impl::drop_share(double share) {
    for (auto& b : bots) {
        for (int i = 0; i < b.bots; ++i) {
            if (chaos.chance(share)) {
                b.fleet->drop_connection(i);
                ++links_dropped;
            }
        }
    }
    for (auto& u : users) {
        if (chaos.chance(share)) {
            u->post_drop();
            ++links_dropped;
        }
    }
}

void engine_impl::schedule_fault() {
    if (next_fault >= spec.faults.size()) return;
    fault_timer.expires_at(started + spec.faults[next_fault].at);
    fault_timer.async_wait(asio::bind_executor(strand, [this](boost::system::error_code ec) {
        if (ec || clock.stopping) return;
        const fault_spec& f = spec.faults[next_fault++];
        if (f.what == fault_spec::kind::drop_connections) drop_share(f.share);
        if (f.what == fault_spec::kind::kill_server) kill_and_restart(f.restart_after);
        schedule_fault();
    }));
}

// Reconnectors: each second, on average `drops_per_second` of their bots lose their socket.
void engine_impl::schedule_drops() {
    double total = 0;
    for (const auto& b : bots) total += b.drops_per_second;
    if (total <= 0) return;
    drop_timer.expires_after(100ms);
    drop_timer.async_wait(asio::bind_executor(strand, [this](boost::system::error_code ec) {
        if (ec || clock.stopping) return;
        for (auto& b : bots) {
            const double expected = b.drops_per_second * 0.1;  // drops due in this 100 ms
            int drops = static_cast<int>(expected);
            if (chaos.chance(expected - drops)) ++drops;
            for (int k = 0; k < drops; ++k) {
                b.fleet->drop_connection(
                    static_cast<int>(chaos.index(static_cast<std::size_t>(b.bots))));
                ++links_dropped;
            }
        }
        schedule_drops();
    }));
}

report engine_impl::collect(std::chrono::milliseconds elapsed, double cpu) {
    report r;
    r.scenario = spec.name;
    r.elapsed = elapsed;
    r.connections = spec.connections;
    r.latency_us = latency.by_type();
    {
        std::lock_guard lock(connect_mutex);
        r.connect_us = connect_us;
    }
    r.own_cpu_seconds = cpu;
    for (auto& g : groups) {
        std::lock_guard lock(g->mutex);
        r.behaviours.push_back(g->counts);
        r.slow_reader_cut_us.merge(g->cut_us);
    }
    r.timeline = timeline;
    r.server_kills = kills;
    for (auto& b : bots) {
        behaviour_report& out = r.behaviours[b.mix_index];
        const bot::run_summary& s = b.summary;
        out.connected = s.connected;
        out.sent = s.moves;
        out.games = s.games;
        out.reconnects = s.reconnects;
        out.errors = s.errors;
        // A killed server forgets its sessions: the seats the kill took are reported as
        // interrupted by it, not as failures of the server.
        const std::int64_t lost_seats = s.reconnect_failures + s.gave_up;
        if (kills > 0) {
            out.interrupted_by_kill = lost_seats;
            r.interrupted_by_kill += lost_seats;
            out.unexpected_errors = s.unexpected_errors;
            if (auto it = s.errors.find("SESSION_EXPIRED"); it != s.errors.end()) {
                out.unexpected_errors -= std::min(out.unexpected_errors, it->second);
            }
        } else {
            out.unexpected_errors = s.unexpected_errors + lost_seats;
        }
        r.desyncs += s.desyncs;
        r.lost_actions += s.unanswered_actions;
        for (const auto& d : s.desync_samples) {
            r.desync_samples.push_back(
                {{"reason", d.reason}, {"before", d.before}, {"after", d.after}});
        }
    }
    for (const auto& b : r.behaviours) {
        r.sent += b.sent;
        r.unexpected_errors += b.unexpected_errors;
    }
    if (server) {
        std::lock_guard lock(usage_mutex);
        cpu_time used = server_cpu_of_killed;
        used += server->cpu().value_or(cpu_time{}) - server_cpu_start;
        usage->cpu_seconds = used.total();
        usage->system_cpu_seconds = used.system;
        usage->rss_end_kib = server->rss_kib().value_or(0);
        usage->rss_peak_kib = std::max(usage->rss_peak_kib, usage->rss_end_kib);
        r.server = usage;
        if (!restart_error.empty()) r.breaches_extra.push_back("server restart: " + restart_error);
    }
    return r;
}

client_counts engine_impl::counted(const report& r) const {
    client_counts c;
    for (const auto& g : groups) c.handshakes_completed += g->handshakes;
    for (const auto& b : r.behaviours) c.links_cut += b.slow_reader_disconnects;
    for (const auto& b : bots) {
        const bot::run_summary& s = b.summary;
        auto errors = [&s](const std::string& code) {
            const auto it = s.errors.find(code);
            return it == s.errors.end() ? std::int64_t{0} : it->second;
        };
        // A refused reconnect completed its handshake too; a bot that rejoined (dropped before
        // its seat) is not counted: a lower bound, which is what the check takes.
        c.handshakes_completed += s.connected + s.reconnects + s.reconnect_failures;
        c.bot_actions += s.moves;
        c.bot_rate_limited += errors("RATE_LIMITED");
        c.bot_send_failures += errors("CLIENT_SEND_FAILED");
        c.reconnects_ok += s.reconnects;
        c.links_cut += b.bots;  // each may have had an action in flight when the run stopped
    }
    c.links_cut += links_dropped;
    c.server_kills = kills;
    return c;
}

// After every client left: wait for the rooms' close grace (when the rooms are checked), then
// compare /metrics with what gameload counted, list the rooms, read the memory, and look at the
// seats the reconnects restored. Each violation becomes a breach (report::check).
void engine_impl::check_invariants(report& r, steady_clock::time_point clients_gone) {
    const std::string& url = spec.target.url;
    check_result rooms;
    const bool rooms_wanted = spec.invariants.rooms_after_grace.value_or(server != nullptr);
    milliseconds grace{0};
    bool list_rooms = false;  // the grace is known and waited for
    if (!rooms_wanted) {
        rooms = skipped_because(spec.invariants.rooms_after_grace
                                    ? "not checked (invariants.rooms_after_grace: false)"
                                    : "not checked: not asked for against a target.url server "
                                      "(invariants.rooms_after_grace: true, with its admin token)");
    } else if (admin_token.empty()) {
        rooms = skipped_because(
            "not checked: no admin token (target.admin_token, --admin-token or "
            "GAMELOAD_ADMIN_TOKEN)");
    } else {
        std::string error;
        const auto read = admin_close_grace(url, admin_token, error);
        if (!read) {
            rooms = skipped_because("not checked: " + error);
        } else if (*read + room_close_margin(*read) > spec.invariants.max_wait) {
            rooms =
                skipped_because("not checked: the close grace (" + std::to_string(read->count()) +
                                " ms) and its margin are longer than invariants.max_wait (" +
                                std::to_string(spec.invariants.max_wait.count()) + " ms)");
        } else {
            grace = *read;
            list_rooms = true;
            std::this_thread::sleep_until(clients_gone + grace + room_close_margin(grace));
        }
    }
    const auto waited =
        std::chrono::duration_cast<milliseconds>(steady_clock::now() - clients_gone);
    const metrics_probe after = scrape_metrics(url);
    if (list_rooms) {
        const rooms_probe listed = admin_rooms(url, admin_token);
        rooms = listed.ok() ? check_rooms_after_grace(listed.rooms, grace, waited, room_prefix)
                            : skipped_because("not checked: " + listed.error);
    }

    check_result metrics;
    if (!metrics_before.ok() || !after.ok()) {
        metrics = skipped_because("not compared: " +
                                  (metrics_before.ok() ? after.error : metrics_before.error));
    } else {
        metrics = check_metrics(metrics_before.samples, after.samples, counted(r));
        if (kills == 0) {  // a restarted server's counters start again from 0
            const char* out = "gameserver_messages_out_total";
            r.server_messages_out = static_cast<std::int64_t>(total(after.samples, out) -
                                                              total(metrics_before.samples, out));
        }
    }

    check_result memory;
    const auto end_kib = server ? server->rss_kib() : std::nullopt;
    if (!server) {
        memory = skipped_because("not checked: gameload did not start the server (no /proc)");
    } else if (!end_kib) {
        memory = skipped_because("not checked: the server is not running");
    } else {
        // The allocator gives pages back over seconds (jemalloc purges a second after they go
        // unused; each event loop returns its cache every server.memory_release_interval):
        // read again each second until the memory is within the limit or memory_settle passed.
        const auto settle_until = steady_clock::now() + spec.invariants.memory_settle;
        std::int64_t rss = *end_kib;
        for (;;) {
            {
                std::lock_guard lock(usage_mutex);
                memory = check_memory(rss_baseline_kib, rss, rss_peak_since_baseline_kib,
                                      counted(r).handshakes_completed);
            }
            if (memory.violations.empty() || steady_clock::now() >= settle_until) break;
            std::this_thread::sleep_for(std::chrono::seconds(1));
            const auto again = server->rss_kib();
            if (!again) break;
            rss = *again;
        }
        const auto read_at =
            std::chrono::duration_cast<milliseconds>(steady_clock::now() - clients_gone);
        memory.notes.push_back("read " + std::to_string(read_at.count()) +
                               " ms after the clients left" +
                               (kills > 0 ? "; baseline: right after the last restart" : ""));
    }

    check_result seats;
    std::int64_t restored = 0;
    for (const auto& b : bots) {
        seats.merge(check_seat_restores(b.summary, to_string(spec.mix[b.mix_index].kind), kills));
        restored += b.summary.reconnects;
    }
    if (bots.empty()) {
        seats = skipped_because("not checked: no players or reconnectors");
    } else {
        seats.notes.push_back(std::to_string(restored) + " seat(s) restored by a reconnect");
    }

    r.invariants.push_back(outcome_of("metrics", std::move(metrics)));
    r.invariants.push_back(outcome_of("rooms", std::move(rooms)));
    r.invariants.push_back(outcome_of("memory", std::move(memory)));
    r.invariants.push_back(outcome_of("seats", std::move(seats)));
}

engine::engine(scenario s, std::function<const sdk::game_plugin*(const std::string&)> find_game)
    : impl_(std::make_unique<engine_impl>(std::move(s), find_game)) {}

engine::~engine() = default;

void engine::on_progress(std::function<void(const progress_sample&)> callback) {
    impl_->progress_callback = std::move(callback);
}

report engine::run() {
    engine_impl& e = *impl_;
    raise_open_file_limit();
    e.metrics_before = scrape_metrics(e.spec.target.url);  // before the first connection
    const double cpu_before = cpu_seconds_of_self();
    e.started = steady_clock::now();
    e.clock.deadline = e.started + e.spec.duration;
    e.last_sample_at = e.started;
    e.last_server_cpu = e.server_cpu_total();
    e.schedule_progress();
    e.schedule_timeline();
    e.schedule_fault();
    e.schedule_drops();
    for (auto& u : e.users) u->start();
    std::vector<std::thread> threads;
    for (auto& b : e.bots) {
        threads.emplace_back([&b] { b.summary = b.fleet->run(); });
    }
    std::vector<std::thread> io_threads;
    for (int i = 0; i < std::max(1, e.spec.threads); ++i) {
        io_threads.emplace_back([&e] { e.ioc.run(); });
    }
    for (auto& t : threads) t.join();  // fleets end at the duration (or stop())
    // Raw users end by the deadline on their own; wait for it, then release the io_context.
    while (steady_clock::now() < e.clock.deadline && !e.clock.stopping) {
        std::this_thread::sleep_for(20ms);
    }
    e.clock.stopping = true;
    for (auto& u : e.users) u->post_stop();
    asio::post(e.strand, [&e] {
        e.progress_timer.cancel();
        e.fault_timer.cancel();
        e.drop_timer.cancel();
        e.timeline_timer.cancel();
    });
    e.work.reset();
    // Clean closes get a short grace; then whatever is still pending is abandoned, so that a
    // run always ends on time (a close handshake a dying server never answers must not hold it).
    const auto grace_end = steady_clock::now() + std::chrono::seconds(3);
    while (!e.ioc.stopped() && steady_clock::now() < grace_end) std::this_thread::sleep_for(20ms);
    e.ioc.stop();
    for (auto& t : io_threads) t.join();
    if (e.restarter.joinable()) e.restarter.join();
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - e.started);
    report r = e.collect(elapsed, cpu_seconds_of_self() - cpu_before);
    e.check_invariants(r, steady_clock::now());
    r.check(e.spec.thresholds);
    if (e.server) e.server->stop();
    return r;
}

void engine::stop() {
    impl_->clock.stopping = true;
    for (auto& b : impl_->bots) b.fleet->stop();
}

}  // namespace gameserver::load
