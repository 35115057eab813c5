#include "invariants.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace gameserver::load {

using std::chrono::milliseconds;

void check_result::merge(check_result other) {
    for (auto& v : other.violations) violations.push_back(std::move(v));
    for (auto& n : other.notes) notes.push_back(std::move(n));
}

namespace {

// Counters are whole numbers; a double from the text format rounds exactly up to 2^53.
std::int64_t whole(double value) {
    return static_cast<std::int64_t>(std::llround(value));
}

// after - before of a counter, remembering the first one that went back (a restart).
class counter_delta {
  public:
    counter_delta(const std::vector<metric_sample>& before, const std::vector<metric_sample>& after)
        : before_(before), after_(after) {}

    std::int64_t operator()(std::string_view name,
                            const std::map<std::string, std::string>& filter = {}) {
        const std::int64_t d = whole(total(after_, name, filter) - total(before_, name, filter));
        if (d < 0 && went_back.empty()) went_back = std::string(name);
        return d;
    }

    std::string went_back;  // the first counter that did; empty: none

  private:
    const std::vector<metric_sample>& before_;
    const std::vector<metric_sample>& after_;
};

std::string range_text(std::int64_t low, std::int64_t high) {
    return "[" + std::to_string(low) + ", " + std::to_string(high) + "]";
}

// One "within [low, high]" comparison; `why` explains the bounds for the reader.
void expect_within(check_result& out, const std::string& what, std::int64_t server,
                   std::int64_t low, std::int64_t high, const std::string& why) {
    if (server >= low && server <= high) return;
    out.violations.push_back({"metrics", what + ": the server counted " + std::to_string(server) +
                                             ", gameload expects " + range_text(low, high) + " (" +
                                             why + ")"});
}

}  // namespace

check_result check_metrics(const std::vector<metric_sample>& before,
                           const std::vector<metric_sample>& after, const client_counts& counts) {
    check_result out;
    if (counts.server_kills > 0) {
        out.notes.push_back(
            "metrics: not compared: a kill_server fault restarted the server, whose counters "
            "started again from 0 (" +
            std::to_string(counts.server_kills) + " kill(s))");
        out.skipped = true;
        return out;
    }
    if (before.empty() || after.empty()) {
        out.notes.push_back("metrics: not compared: a /metrics scrape is missing");
        out.skipped = true;
        return out;
    }
    counter_delta delta{before, after};
    const std::int64_t connections = delta("gameserver_connections_total");
    const std::int64_t actions = delta("gameserver_messages_in_total", {{"type", "game_action"}}) +
                                 delta("gameserver_messages_in_total", {{"type", "game_message"}});
    const std::int64_t unknown = delta("gameserver_messages_in_total", {{"type", "unknown"}});
    const std::int64_t reconnects_ok = delta("gameserver_reconnects_total", {{"result", "ok"}});
    const std::int64_t frames_in =
        delta("gameserver_messages_in_total") + delta("gameserver_rate_limited_total");
    if (!delta.went_back.empty()) {
        out.notes.push_back("metrics: not compared: " + delta.went_back +
                            " went back between the scrapes (the server restarted)");
        out.skipped = true;
        return out;
    }

    // The server counts a connection once its handshake succeeded, before the 101 reaches the
    // client: a client that gave up at that moment is counted by the server only; one the
    // server refused (per-IP limit, draining) is counted by neither.
    expect_within(out, "connections (gameserver_connections_total)", connections,
                  counts.handshakes_completed,
                  counts.handshakes_started.value_or(std::numeric_limits<std::int64_t>::max()),
                  "from the handshakes gameload completed to those it started");

    // Bots' actions reach the server as game_action, or as the game's own types, which it counts
    // as game_message in a room and "unknown" outside one. It cannot count more than were sent;
    // it misses those refused by the rate limit (counted apart), those that never left, and one
    // in flight per cut link.
    const std::int64_t actions_low =
        counts.bot_actions - counts.bot_rate_limited - counts.bot_send_failures - counts.links_cut;
    if (actions > counts.bot_actions) {
        out.violations.push_back(
            {"metrics",
             "bot actions (messages_in_total game_action + game_message): the server "
             "counted " +
                 std::to_string(actions) + ", more than the " + std::to_string(counts.bot_actions) +
                 " the bots sent"});
    } else if (actions + unknown < actions_low) {
        out.violations.push_back(
            {"metrics", "bot actions (messages_in_total game_action + game_message, + unknown " +
                            std::to_string(unknown) + "): the server counted " +
                            std::to_string(actions) + " of " + std::to_string(counts.bot_actions) +
                            " sent; at most " + std::to_string(counts.bot_actions - actions_low) +
                            " may be missing (" + std::to_string(counts.bot_rate_limited) +
                            " rate limited, " + std::to_string(counts.bot_send_failures) +
                            " never sent, " + std::to_string(counts.links_cut) + " links cut)"});
    }

    // The server counts a reconnect as ok before its answer goes out: the answer can be lost on
    // a link cut right then (the bot then tries again with the new session, or loses the seat).
    expect_within(out, "reconnects (gameserver_reconnects_total{result=\"ok\"})", reconnects_ok,
                  counts.reconnects_ok, counts.reconnects_ok + counts.links_cut,
                  "seats the bots regained, plus one answer lost per cut link");

    if (counts.frames_sent) {
        // Every frame the server reads is counted once: by type (invalid ones as "invalid") or
        // as rate limited. Frames above max_frame_bytes or not UTF-8 end the connection unread.
        const std::int64_t readable = *counts.frames_sent - counts.frames_refused_unread;
        expect_within(out, "frames (messages_in_total + rate_limited_total)", frames_in,
                      readable - counts.fire_and_forget_frames - counts.links_cut, readable,
                      std::to_string(*counts.frames_sent) + " sent, " +
                          std::to_string(counts.frames_refused_unread) + " refused unread, " +
                          std::to_string(counts.fire_and_forget_frames) +
                          " sent without waiting for an answer, " +
                          std::to_string(counts.links_cut) + " links cut");
    } else {
        out.notes.push_back(
            "metrics: frames in total not compared (gameload does not count every frame its bots "
            "send)");
    }
    std::ostringstream figures;
    figures << "metrics: the server counted " << connections << " connections, " << actions
            << " bot actions, " << reconnects_ok << " reconnects, " << frames_in << " frames in";
    out.notes.push_back(figures.str());
    return out;
}

milliseconds room_close_margin(milliseconds grace) {
    return milliseconds(2'000) + grace / 10;
}

check_result check_rooms_after_grace(const std::vector<room_info>& rooms, milliseconds grace,
                                     milliseconds waited, std::string_view room_prefix) {
    check_result out;
    const milliseconds due = grace + room_close_margin(grace);
    if (waited < due) {
        out.notes.push_back("rooms: not checked: listed " + std::to_string(waited.count()) +
                            " ms after the last client left, before the grace and its margin (" +
                            std::to_string(due.count()) + " ms)");
        out.skipped = true;
        return out;
    }
    std::int64_t checked = 0;
    for (const auto& r : rooms) {
        if (!r.id.starts_with(room_prefix)) continue;
        ++checked;
        const std::string room = "room " + r.id + " (" + r.game + ", " +
                                 (r.started ? "started" : "not started") + ", age " +
                                 std::to_string(r.age.count()) + " ms)";
        if (r.members.empty()) {
            out.violations.push_back(
                {"rooms", room + " has no members " + std::to_string(waited.count()) +
                              " ms after every client left; it should have closed after the " +
                              std::to_string(grace.count()) + " ms grace"});
            continue;
        }
        std::string humans;
        for (const auto& m : r.members) {
            if (m.bot) continue;
            humans += (humans.empty() ? "" : ", ") + m.client_id + " (" + m.name + ")";
        }
        if (!humans.empty()) {
            out.violations.push_back(
                {"rooms", room + " still lists " + humans + " " + std::to_string(waited.count()) +
                              " ms after every client left: members without a connection"});
        }
    }
    out.notes.push_back("rooms: " + std::to_string(checked) + " room(s) open " +
                        std::to_string(waited.count()) + " ms after the run (grace " +
                        std::to_string(grace.count()) + " ms)");
    return out;
}

check_result check_memory(std::int64_t baseline_kib, std::int64_t end_kib, std::int64_t peak_kib,
                          std::int64_t connections) {
    check_result out;
    constexpr std::int64_t floor_kib = 8 * 1024;
    const std::int64_t growth = std::max<std::int64_t>(0, peak_kib - baseline_kib);
    const std::int64_t kept = end_kib - baseline_kib;
    const std::int64_t allowed = std::max(floor_kib, growth / 4);
    std::ostringstream figures;
    figures << "baseline " << baseline_kib << " KiB, peak " << peak_kib << " KiB, end " << end_kib
            << " KiB: kept " << kept << " KiB of " << growth << " KiB grown (allowed " << allowed
            << " KiB = max(8 MiB, 25% of the growth))";
    if (connections > 0 && kept > 0) {
        figures << ", " << (kept * 1024 / connections) << " bytes per connection over "
                << connections << " connections";
    }
    if (kept > allowed) {
        out.violations.push_back({"memory", "resident memory did not come back: " + figures.str()});
    } else {
        out.notes.push_back("memory: " + figures.str());
    }
    return out;
}

check_result check_seat_restores(const bot::run_summary& summary, std::string_view behaviour,
                                 std::int64_t server_kills) {
    check_result out;
    const std::int64_t lost = summary.reconnect_failures + summary.gave_up;
    if (lost == 0) return out;
    std::ostringstream detail;
    detail << behaviour << " (" << summary.game << ", " << summary.bots << " bots): " << lost
           << " seat(s) not restored by a reconnect (" << summary.reconnect_failures
           << " refused by the server, " << summary.gave_up << " gave up after their attempts; "
           << summary.reconnects << " restored";
    if (summary.abandoned_games > 0)
        detail << "; " << summary.abandoned_games << " games left unfinished";
    detail << ")";
    std::string codes;
    for (const auto& [code, n] : summary.errors) {
        if (code == "SESSION_EXPIRED" || code == "ROOM_NOT_FOUND" || code == "CONNECT_FAILED") {
            codes += (codes.empty() ? "" : ", ") + code + " x" + std::to_string(n);
        }
    }
    if (!codes.empty()) detail << "; errors seen: " << codes;
    if (server_kills > 0) {
        out.notes.push_back("seats: " + detail.str() + "; interrupted by " +
                            std::to_string(server_kills) +
                            " server kill(s), whose sessions died with the process");
    } else {
        out.violations.push_back({"seats", detail.str()});
    }
    return out;
}

}  // namespace gameserver::load
