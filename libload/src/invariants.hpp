// gameload's invariant checks after a run (issue 5, item 4): pure functions over what gameload
// counted and what it read from the server (/metrics, the admin room list, /proc), each returning
// the violations it found, worded so that a reader knows which room, clients or counts are
// involved. No I/O here: server_probe.hpp fetches, the engine decides when.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gameserver/bot/summary.hpp"
#include "prometheus_text.hpp"

namespace gameserver::load {

struct violation {
    std::string check;   // "metrics", "rooms", "memory", "seats"
    std::string detail;  // what broke, with the room, clients and counts involved
};

struct check_result {
    std::vector<violation> violations;
    std::vector<std::string> notes;  // checks skipped and why, figures worth reporting
    bool skipped = false;            // the check could not be made (a note says why)
    bool passed() const { return violations.empty(); }
    void merge(check_result other);
};

// ---- the server's counters against gameload's ----

// What gameload itself counted over the run, between the two scrapes.
struct client_counts {
    // WebSocket handshakes: completed (the 101 arrived: raw users, slow readers and bots, every
    // reconnect included) and started (completed + failed). nullopt: not counted (gameload's
    // engine does not count failed handshakes yet, so only the lower bound is checked).
    std::int64_t handshakes_completed = 0;
    std::optional<std::int64_t> handshakes_started;
    // Bots: actions their policies sent (run_summary::moves), and of all the envelopes bots sent
    // those the server refused with RATE_LIMITED (errors["RATE_LIMITED"]) and those that never
    // left (errors["CLIENT_SEND_FAILED"]).
    std::int64_t bot_actions = 0;
    std::int64_t bot_rate_limited = 0;
    std::int64_t bot_send_failures = 0;
    // Bots: seats regained by a reconnect (run_summary::reconnects).
    std::int64_t reconnects_ok = 0;
    // Every frame gameload handed to a socket (raw users, slow readers and bots, every type);
    // nullopt when it cannot count them all (libbot counts only actions): gameload's engine
    // leaves it so today, and the frame comparison below is then skipped with a note.
    std::optional<std::int64_t> frames_sent;
    // Of those: frames the server refuses before it counts anything (above max_frame_bytes: 1009;
    // invalid UTF-8: 1007), and frames of senders that do not wait for answers (spammer,
    // malformed, slow readers: after the server closes them, what they had queued or sent
    // before they noticed is never read).
    std::int64_t frames_refused_unread = 0;
    std::int64_t fire_and_forget_frames = 0;
    // Sockets that ended with a request possibly in flight: drop faults, reconnectors' drops,
    // closes by the server of users that wait for answers, and the bots still playing when the
    // run stopped (each may have had an action queued that never left).
    std::int64_t links_cut = 0;
    std::int64_t server_kills = 0;  // kill_server faults carried out between the scrapes
};

// `before`: scraped before the first connection; `after`: after the last client left. Checks:
// - connections: handshakes_completed <= connections_total <= handshakes_started;
// - bot actions: (game_action + game_message) <= bot_actions, and >= bot_actions minus what the
//   server could not count (rate limited, never sent, in flight on a cut link; an action that
//   arrived when the server had the bot in no room is counted as "unknown");
// - reconnects: reconnects_ok <= reconnects_total{ok} <= reconnects_ok + links_cut;
// - every frame (when frames_sent is known): messages_in_total + rate_limited_total within
//   [sent - refused - fire_and_forget - links_cut, sent - refused].
// Skipped (a note says so) when a kill_server fault restarted the server or a counter went back.
check_result check_metrics(const std::vector<metric_sample>& before,
                           const std::vector<metric_sample>& after, const client_counts& counts);

// ---- rooms left behind ----

struct room_member {
    std::string client_id;
    std::string name;
    bool bot = false;
};

// A room as GET /api/v1/admin/rooms lists it (the fields the checks use).
struct room_info {
    std::string id;
    std::string game;
    bool started = false;
    std::chrono::milliseconds age{0};  // since the room was created
    std::vector<room_member> members;
};

// The time the check allows the server beyond its close grace: its close timer runs on a busy
// room strand, and the listing itself takes a moment: 2 s plus a tenth of the grace.
std::chrono::milliseconds room_close_margin(std::chrono::milliseconds grace);

// `rooms`: listed `waited` after every gameload client had left (the run's end); `grace`: the
// server's rooms.close_grace; `room_prefix`: only rooms whose id starts with it (empty: all,
// when the server is gameload's own). Violations: a room with no members (it should have closed
// a grace after it emptied), and a room still listing a human member (its socket is gone, and a
// disconnect removes the member). Rooms of bots alone may play their game on (the server's
// bots_only_limit): not checked. Skipped with a note when `waited` < grace + margin.
check_result check_rooms_after_grace(const std::vector<room_info>& rooms,
                                     std::chrono::milliseconds grace,
                                     std::chrono::milliseconds waited,
                                     std::string_view room_prefix = {});

// ---- memory back near its baseline ----

// The server's resident memory (KiB, from /proc) when the run started (`baseline`: of the
// process running at the end; after a kill, right after its restart), at its peak, and at the
// end (after every client left and the rooms' grace). "Near the baseline": end - baseline <=
// max(8 MiB, 25% of peak - baseline). glibc keeps freed memory in its arenas and trims only the
// top of the heap, so a run that grew the heap by hundreds of MiB legitimately keeps some of it
// (fragmentation); a leak keeps all of what it leaked, so keeping more than a quarter of the
// growth, and more than 8 MiB, is reported. `connections`: handshakes over the run, for the
// figures (KiB kept per connection).
check_result check_memory(std::int64_t baseline_kib, std::int64_t end_kib, std::int64_t peak_kib,
                          std::int64_t connections);

// ---- seats restored ----

// A reconnect the server refused (reconnect_failures) or one that gave up after its attempts
// (gave_up) lost its seat: a violation, with the error codes the bots saw. When a kill_server
// fault happened, the killed server forgot its sessions, so the lost seats are noted as
// interrupted by the kill instead (the summary cannot tell which drop came before the kill).
check_result check_seat_restores(const bot::run_summary& summary, std::string_view behaviour,
                                 std::int64_t server_kills);

}  // namespace gameserver::load
