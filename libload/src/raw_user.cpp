#include "raw_user.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gameserver/bot/frames.hpp"
#include "requests.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once a coroutine
// inlines enough (the frame's own operator new and delete are a matched pair).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace gameserver::load {

namespace asio = boost::asio;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr auto reply_timeout = 5s;
constexpr auto reconnect_pause = 1s;

// JSON built outside the coroutines: GCC 12 miscompiles initializer lists inside them.
sdk::json game_type_data(const std::string& game) {
    return sdk::json{{"gameType", game}};
}

std::chrono::microseconds period_of(double rate) {
    return std::chrono::microseconds(static_cast<std::int64_t>(1e6 / std::max(rate, 0.001)));
}

}  // namespace

raw_user::raw_user(asio::io_context& ioc, user_group& group, int index,
                   std::chrono::microseconds start_at, std::uint64_t seed, latency_book& latency,
                   histogram& connect_us, std::mutex& connect_mutex, const user_clock& clock)
    : group_(group),
      index_(index),
      start_at_(start_at),
      strand_(asio::make_strand(ioc)),
      rng_(seed),
      latency_(latency),
      connect_us_(connect_us),
      connect_mutex_(connect_mutex),
      clock_(clock),
      timer_(strand_),
      reply_timer_(strand_) {}

void raw_user::start() {
    asio::co_spawn(
        strand_, [self = shared_from_this()] { return self->run(); }, asio::detached);
}

void raw_user::post_drop() {
    asio::post(strand_, [self = shared_from_this()] {
        if (self->conn_) self->conn_->drop();
    });
}

void raw_user::post_stop() {
    asio::post(strand_, [self = shared_from_this()] {
        self->timer_.cancel();
        self->reply_timer_.cancel();
        if (self->conn_) self->conn_->close();
    });
}

bool raw_user::over() const {
    return clock_.stopping || steady_clock::now() >= clock_.deadline;
}

bool raw_user::expects_refusals() const {
    return group_.spec.kind == behaviour_kind::spammer ||
           group_.spec.kind == behaviour_kind::malformed;
}

asio::awaitable<bool> raw_user::pause(std::chrono::microseconds delay) {
    timer_.expires_at(std::min(steady_clock::now() + delay, clock_.deadline));
    co_await timer_.async_wait(use_tuple);
    co_return !over();
}

asio::awaitable<void> raw_user::run() {
    if (!co_await pause(start_at_)) co_return;
    while (!over()) {
        conn_ = std::make_shared<bot::ws_connection>(strand_, bot::connection_settings{});
        const auto asked = steady_clock::now();
        const auto ec = co_await conn_->connect(group_.endpoint);
        if (ec) {
            if (over()) break;
            {
                std::lock_guard lock(group_.mutex);
                ++group_.counts.errors["CONNECT_FAILED"];
                ++(clock_.server_down ? group_.counts.expected_refusals
                                      : group_.counts.unexpected_errors);
            }
            co_await pause(reconnect_pause);
            continue;
        }
        {
            const auto took =
                std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - asked);
            std::lock_guard lock(connect_mutex_);
            connect_us_.record(static_cast<std::uint64_t>(took.count()));
        }
        {
            std::lock_guard lock(group_.mutex);
            if (!std::exchange(connected_once_, true)) ++group_.counts.connected;
            ++group_.open;
            ++group_.handshakes;
        }
        asio::co_spawn(strand_, read_loop(conn_), asio::detached);
        co_await behave();
        {
            std::lock_guard lock(group_.mutex);
            --group_.open;
        }
        if (over()) break;
        // The server closed us (a spammer past the limit, a malformed frame) or a fault cut the
        // link: come back, as a client would.
        {
            std::lock_guard lock(group_.mutex);
            ++group_.counts.reconnects;
        }
        // Also when the read side already ended: a write the server stopped reading (after an
        // oversize frame) must not stay pending until the server's own timeout.
        conn_->close();
        co_await pause(reconnect_pause);
    }
    if (conn_) conn_->close();
}

asio::awaitable<void> raw_user::read_loop(std::shared_ptr<bot::ws_connection> conn) {
    std::string text;
    for (;;) {
        if (co_await conn->read(text)) break;
        if (auto list = scan_room_list_frame(text)) {
            on_room_list(std::move(list->rooms));
            if (list->rest.empty()) continue;
            text = std::move(list->rest);
        }
        bot::parsed_frame frame = bot::parse_frame(text);
        if (!frame.ok()) {
            std::lock_guard lock(group_.mutex);
            ++group_.counts.errors["BAD_FRAME"];
            ++group_.counts.unexpected_errors;
            continue;
        }
        for (const auto& envelope : frame.envelopes) on_envelope(envelope);
    }
    if (conn == conn_) {
        // Wake the behaviour loop: its link is gone.
        timer_.cancel();
        reply_timer_.cancel();
        if (expects_refusals() && !over()) {
            std::lock_guard lock(group_.mutex);
            ++group_.counts.expected_refusals;  // closed for what it sent, as it should be
        }
    }
}

void raw_user::on_envelope(const sdk::json& envelope) {
    const auto type_it = envelope.find("type");
    const std::string type =
        type_it != envelope.end() && type_it->is_string() ? type_it->get<std::string>() : "";
    const auto success = envelope.find("success");
    if (success != envelope.end() && success->is_boolean() && !success->get<bool>()) {
        const auto code_it = envelope.find("code");
        const std::string code =
            code_it != envelope.end() && code_it->is_string() ? code_it->get<std::string>() : "";
        // A spectator's join into a full or running game answers with an `error` (it watches).
        const bool expected = expects_refusals() ||
                              (group_.spec.kind == behaviour_kind::spectator && type == "error");
        std::lock_guard lock(group_.mutex);
        ++group_.counts.errors[code.empty() ? "NO_CODE" : code];
        ++(expected ? group_.counts.expected_refusals : group_.counts.unexpected_errors);
    }
    if (type == "client_left" || type == "room_closed") someone_left_ = true;
    if (type == "room_list_update" && type == awaiting_) {
        const auto data = envelope.find("data");
        last_rooms_ = listed_rooms(data == envelope.end() ? sdk::json() : *data);
    }
    if (type == awaiting_) reply_arrived();
}

// A room_list_update the scanner read (always a success, so no error to count).
void raw_user::on_room_list(std::vector<listed_room> rooms) {
    if (awaiting_ != "room_list_update") return;  // a push; no behaviour reads those
    last_rooms_ = std::move(rooms);
    reply_arrived();
}

void raw_user::reply_arrived() {
    if (awaiting_.empty()) return;
    latency_.add(asked_type_, std::chrono::duration_cast<std::chrono::microseconds>(
                                  steady_clock::now() - asked_at_));
    awaiting_.clear();
    reply_timer_.cancel();
}

bool raw_user::send_text(const std::string& text) {
    if (!conn_ || !conn_->send(text)) return false;
    std::lock_guard lock(group_.mutex);
    ++group_.counts.sent;
    return true;
}

asio::awaitable<bool> raw_user::request(const std::string& type, sdk::json data,
                                        const std::string& reply_type) {
    sdk::json envelope{{"type", type}};
    if (!data.is_null()) envelope["data"] = std::move(data);
    last_rooms_.clear();
    awaiting_ = reply_type;
    asked_type_ = type;
    asked_at_ = steady_clock::now();
    if (!send_text(envelope.dump())) {
        awaiting_.clear();
        co_return false;
    }
    reply_timer_.expires_after(reply_timeout);
    co_await reply_timer_.async_wait(use_tuple);
    if (awaiting_.empty()) co_return true;
    awaiting_.clear();
    if (!over() && conn_->is_open()) {
        std::lock_guard lock(group_.mutex);
        ++group_.counts.errors["NO_REPLY"];
        ++group_.counts.unexpected_errors;
    }
    co_return false;
}

// Frames a server must refuse without harm, in turn (docs/gameload.md).
std::string raw_user::malformed_frame() {
    switch (sequence_++ % 8) {
        case 0:
            return "this is not json";
        case 1:
            return R"({"type": 5})";
        case 2:
            return R"({"type":"__no_such_type__"})";
        case 3:
            return R"([{"type":"join_room")";
        case 4:
            return std::string(100, '[') + std::string(100, ']');  // deeper than max_json_depth
        case 5:
            return R"({"type":"join_room","data":"not an object"})";
        case 6:
            return "\xff\xfe\xfd garbage";  // not UTF-8: the server closes with 1007
        default:
            // Larger than limits.max_frame_bytes (64 KiB by default): closed with 1009.
            return R"({"type":"get_room_list","data":")" + std::string(70'000, 'a') + R"("})";
    }
}

asio::awaitable<void> raw_user::behave() {
    const behaviour_spec& spec = group_.spec;
    const sdk::json game_type = game_type_data(spec.game);
    auto up = [&] { return !over() && conn_ && conn_->is_open(); };
    switch (spec.kind) {
        case behaviour_kind::lobby_watcher:
            while (up()) {
                co_await request("get_room_list", game_type, "room_list_update");
                if (!co_await pause(spec.interval)) break;
            }
            break;
        case behaviour_kind::spammer:
        case behaviour_kind::malformed:
            while (up()) {
                send_text(spec.kind == behaviour_kind::spammer ? room_list_request(spec.game)
                                                               : malformed_frame());
                if (!co_await pause(period_of(spec.rate))) break;
            }
            break;
        case behaviour_kind::churner:
            while (up()) {
                const std::string room = group_.room_prefix + "-churn-" + std::to_string(index_) +
                                         "-" + std::to_string(sequence_++);
                const bool joined = co_await request(
                    "join_room", join_data(spec.game, "churner", room, spec.options),
                    "join_room_result");
                if (joined && up()) co_await request("leave_room", nullptr, "leave_room_result");
                if (!co_await pause(spec.interval)) break;
            }
            break;
        case behaviour_kind::spectator:
            // Watch a started room, the least watched first (so spectators spread evenly), until
            // someone leaves it (its game ended and the players moved on), then find another.
            while (up()) {
                std::string room;
                if (co_await request("get_room_list", game_type, "room_list_update")) {
                    room = least_watched_started_room(last_rooms_);
                }
                if (room.empty() ||
                    !co_await request("join_room", join_data(spec.game, "spectator", room),
                                      "join_room_result")) {
                    if (!co_await pause(500ms)) break;
                    continue;
                }
                someone_left_ = false;
                while (up() && !someone_left_) {
                    if (!co_await pause(200ms)) break;
                }
                if (up()) co_await request("leave_room", nullptr, "leave_room_result");
            }
            break;
        default:  // idler: keep-alive pings only
            while (up()) {
                if (!co_await pause(1s)) break;
            }
            break;
    }
}

}  // namespace gameserver::load
