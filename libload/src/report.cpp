#include "gameserver/load/report.hpp"

#include <iomanip>
#include <sstream>

namespace gameserver::load {

namespace {

std::string ms(std::uint64_t us) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(us < 10'000 ? 2 : 1) << double(us) / 1000.0;
    return out.str();
}

sdk::json timeline_json(const std::vector<timeline_sample>& samples) {
    sdk::json out = sdk::json::array();
    for (const auto& t : samples) {
        sdk::json sample{{"atMs", t.at.count()},
                         {"open", t.open},
                         {"sentPerSecond", t.sent_per_second},
                         {"answeredPerSecond", t.answered_per_second},
                         {"p50Us", t.p50_us},
                         {"p99Us", t.p99_us},
                         {"errors", t.errors}};
        if (t.server_cpu_percent) sample["serverCpuPercent"] = *t.server_cpu_percent;
        if (t.server_rss_kib) sample["serverRssKiB"] = *t.server_rss_kib;
        out.push_back(std::move(sample));
    }
    return out;
}

sdk::json invariants_json(const std::vector<invariant_outcome>& checks) {
    sdk::json results = sdk::json::object();
    sdk::json violations = sdk::json::array();
    sdk::json notes = sdk::json::array();
    for (const auto& c : checks) {
        results[c.check] = c.result;
        for (const auto& v : c.violations)
            violations.push_back({{"check", c.check}, {"detail", v}});
        for (const auto& n : c.notes) notes.push_back(n);
    }
    return {{"checks", std::move(results)},
            {"violations", std::move(violations)},
            {"notes", std::move(notes)}};
}

}  // namespace

void report::check(const threshold_spec& limits) {
    thresholds = limits;
    breaches = breaches_extra;
    histogram all;
    for (const auto& [type, h] : latency_us) all.merge(h);
    for (const auto& [type, limit] : thresholds.p99) {
        const histogram* h = nullptr;
        if (type == "*") {
            h = &all;
        } else if (auto it = latency_us.find(type); it != latency_us.end()) {
            h = &it->second;
        }
        if (!h || h->count() == 0) {
            // A threshold on a type the run never measured is a failed expectation, not a pass.
            breaches.push_back("p99 " + type + ": no samples");
            continue;
        }
        const auto p99 = h->percentile(99);
        const auto limit_us = static_cast<std::uint64_t>(limit.count()) * 1000;
        if (p99 > limit_us) {
            breaches.push_back("p99 " + type + ": " + ms(p99) + " ms > " +
                               std::to_string(limit.count()) + " ms");
        }
    }
    if (thresholds.error_rate && error_rate() > *thresholds.error_rate) {
        std::ostringstream out;
        out << "error rate: " << std::setprecision(3) << error_rate() * 100 << "% > "
            << *thresholds.error_rate * 100 << "%";
        breaches.push_back(out.str());
    }
    if (thresholds.desyncs && desyncs > *thresholds.desyncs) {
        breaches.push_back("desyncs: " + std::to_string(desyncs) + " > " +
                           std::to_string(*thresholds.desyncs));
    }
    if (thresholds.lost_actions && lost_actions > *thresholds.lost_actions) {
        breaches.push_back("lost actions: " + std::to_string(lost_actions) + " > " +
                           std::to_string(*thresholds.lost_actions));
    }
    // An invariant holds or not whatever the thresholds say: every violation fails the run.
    for (const auto& c : invariants) {
        for (const auto& v : c.violations) breaches.push_back("invariant " + c.check + ": " + v);
    }
}

sdk::json report::to_json() const {
    sdk::json latency = sdk::json::object();
    for (const auto& [type, h] : latency_us) latency[type] = h.summary();
    sdk::json behaviour_list = sdk::json::array();
    for (const auto& b : behaviours) {
        sdk::json errors_json = sdk::json::object();
        for (const auto& [code, n] : b.errors) errors_json[code] = n;
        behaviour_list.push_back({{"behaviour", b.behaviour},
                                  {"game", b.game},
                                  {"connections", b.connections},
                                  {"connected", b.connected},
                                  {"sent", b.sent},
                                  {"games", b.games},
                                  {"reconnects", b.reconnects},
                                  {"expectedRefusals", b.expected_refusals},
                                  {"unexpectedErrors", b.unexpected_errors},
                                  {"interruptedByKill", b.interrupted_by_kill},
                                  {"slowReaderDisconnects", b.slow_reader_disconnects},
                                  {"errors", std::move(errors_json)}});
    }
    sdk::json out{{"scenario", scenario},
                  {"elapsedMs", elapsed.count()},
                  {"connections", connections},
                  {"sent", sent},
                  {"throughputPerSecond",
                   elapsed.count() > 0 ? double(sent) * 1000.0 / double(elapsed.count()) : 0.0},
                  {"unexpectedErrors", unexpected_errors},
                  {"errorRate", error_rate()},
                  {"desyncs", desyncs},
                  {"desyncSamples", desync_samples},
                  {"lostActions", lost_actions},
                  {"serverKills", server_kills},
                  {"interruptedByKill", interrupted_by_kill},
                  {"latencyUs", std::move(latency)},
                  {"connectUs", connect_us.summary()},
                  {"slowReaderCutUs", slow_reader_cut_us.summary()},
                  {"timeline", timeline_json(timeline)},
                  {"behaviours", std::move(behaviour_list)},
                  {"ownCpuSeconds", own_cpu_seconds},
                  {"invariants", invariants_json(invariants)},
                  {"breaches", breaches},
                  {"passed", breaches.empty()}};
    if (server) {
        out["server"] = {
            {"cpuSeconds", server->cpu_seconds},
            {"systemCpuSeconds", server->system_cpu_seconds},
            {"cpuMicrosPerMessage", sent > 0 ? server->cpu_seconds * 1e6 / double(sent) : 0.0},
            {"rssStartKiB", server->rss_start_kib},
            {"rssEndKiB", server->rss_end_kib},
            {"rssPeakKiB", server->rss_peak_kib}};
        if (server_messages_out && *server_messages_out > 0) {
            out["server"]["cpuMicrosPerDelivered"] =
                server->cpu_seconds * 1e6 / double(*server_messages_out);
        }
    }
    if (server_messages_out) out["serverMessagesOut"] = *server_messages_out;
    return out;
}

std::string report::to_text() const {
    std::ostringstream out;
    out << "scenario " << scenario << ": " << connections << " connections, "
        << elapsed.count() / 1000.0 << " s, " << sent << " messages sent (" << std::fixed
        << std::setprecision(1)
        << (elapsed.count() > 0 ? double(sent) * 1000.0 / double(elapsed.count()) : 0.0)
        << "/s), gameload CPU " << std::setprecision(2) << own_cpu_seconds << " s\n\n";

    out << std::left << std::setw(16) << "behaviour" << std::setw(11) << "game" << std::right
        << std::setw(8) << "conns" << std::setw(10) << "connected" << std::setw(10) << "sent"
        << std::setw(8) << "games" << std::setw(11) << "reconnects" << std::setw(10) << "refused"
        << std::setw(8) << "errors" << std::setw(6) << "cut"
        << "\n";
    for (const auto& b : behaviours) {
        out << std::left << std::setw(16) << b.behaviour << std::setw(11) << b.game << std::right
            << std::setw(8) << b.connections << std::setw(10) << b.connected << std::setw(10)
            << b.sent << std::setw(8) << b.games << std::setw(11) << b.reconnects << std::setw(10)
            << b.expected_refusals << std::setw(8) << b.unexpected_errors << std::setw(6)
            << b.slow_reader_disconnects << "\n";
    }
    // The codes behind the counts (expected and unexpected alike), so a failure says which.
    for (const auto& b : behaviours) {
        if (b.errors.empty()) continue;
        out << "  " << b.behaviour << " (" << b.game << ") error codes:";
        for (const auto& [code, n] : b.errors) out << " " << code << " x" << n;
        out << "\n";
    }

    out << "\n"
        << std::left << std::setw(18) << "latency (ms)" << std::right << std::setw(9) << "count"
        << std::setw(9) << "p50" << std::setw(9) << "p90" << std::setw(9) << "p99" << std::setw(9)
        << "p99.9" << std::setw(9) << "max"
        << "\n";
    auto row = [&](const std::string& name, const histogram& h) {
        out << std::left << std::setw(18) << name << std::right << std::setw(9) << h.count()
            << std::setw(9) << ms(h.percentile(50)) << std::setw(9) << ms(h.percentile(90))
            << std::setw(9) << ms(h.percentile(99)) << std::setw(9) << ms(h.percentile(99.9))
            << std::setw(9) << ms(h.max()) << "\n";
    };
    for (const auto& [type, h] : latency_us) row(type, h);
    if (connect_us.count() > 0) row("(connect)", connect_us);  // raw users only

    out << "\nunexpected errors " << unexpected_errors << " (" << std::setprecision(3)
        << error_rate() * 100 << "% of sent), desyncs " << desyncs << ", lost actions "
        << lost_actions << "\n";
    if (slow_reader_cut_us.count() > 0) {
        out << "slow readers cut off by the server: " << slow_reader_cut_us.count()
            << " (after p50 " << ms(slow_reader_cut_us.percentile(50)) << " ms, max "
            << ms(slow_reader_cut_us.max()) << " ms of not reading)\n";
    }
    if (server_kills > 0) {
        out << "server killed " << server_kills << " time(s); seats it took (reported, not "
            << "counted as errors): " << interrupted_by_kill << "\n";
    }
    if (server) {
        out << "server: CPU " << std::setprecision(2) << server->cpu_seconds << " s ("
            << server->system_cpu_seconds << " s of it in the kernel), RSS "
            << server->rss_start_kib << " -> " << server->rss_end_kib << " KiB (peak "
            << server->rss_peak_kib << "), " << std::setprecision(1)
            << (sent > 0 ? server->cpu_seconds * 1e6 / double(sent) : 0.0)
            << " us CPU per message sent";
        if (server_messages_out && *server_messages_out > 0) {
            out << ", " << server->cpu_seconds * 1e6 / double(*server_messages_out) << " us per "
                << "message delivered (" << *server_messages_out << " sent by the server)";
        }
        out << "\n";
    }
    if (!invariants.empty()) {
        out << "invariants:\n";
        for (const auto& c : invariants) {
            out << "  " << std::left << std::setw(8) << c.check << std::right << " " << c.result;
            // The figures (or why it was skipped) on the check's line; more on their own.
            for (std::size_t i = 0; i < c.notes.size(); ++i) {
                out << (i == 0 ? ": " : "\n           ") << c.notes[i];
            }
            out << "\n";
            for (const auto& v : c.violations) out << "    VIOLATED: " << v << "\n";
        }
    }
    if (breaches.empty()) {
        out << "thresholds: passed\n";
    } else {
        out << "thresholds: FAILED\n";
        for (const auto& b : breaches) out << "  " << b << "\n";
    }
    return out.str();
}

}  // namespace gameserver::load
