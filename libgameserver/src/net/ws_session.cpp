#include "ws_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "gameserver/core/ids.hpp"
#include "gameserver/sdk/json_writer.hpp"
#include "io_pool.hpp"
#include "room_host.hpp"

namespace gameserver::net {

namespace beast = boost::beast;
namespace asio = boost::asio;
using sdk::error_code;

namespace {

std::shared_ptr<const std::string> shared(std::string text) {
    return std::make_shared<const std::string>(std::move(text));
}

core::outbound envelope(std::string text) {
    return core::outbound{shared(std::move(text)), false};
}

// An object of string fields in the order given (the join and reconnect answers), written
// straight to text rather than built as a JSON tree first: every game starts with joins.
sdk::encoded_json string_fields(
    std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    sdk::json_writer out(160);
    out.begin_object();
    for (const auto& [name, value] : fields) out.key(name).value(value);
    out.end_object();
    return std::move(out).take();
}

bool is_core_command(std::string_view type) {
    return type == "join_room" || type == "leave_room" || type == "reconnect" ||
           type == "game_action" || type == "add_bot" || type == "get_room_list";
}

// The router's errors (SEED-SPEC §2.7); the message text is part of the contract.
constexpr std::string_view k_invalid_format = "invalid message format";
constexpr std::string_view k_not_in_room = "client is not in a room";

}  // namespace

namespace {

// The accepted socket, taken from the HTTP session's stream onto its loop's own executor type
// (the transport's operations then skip any_io_executor's type erasure).
ws_transport::socket_type adopt(beast::tcp_stream&& stream) {
    auto& loop = context_of(stream.get_executor());
    auto socket = stream.release_socket();
    // Closed if the socket died meanwhile: the upgrade then fails.
    return ws_transport::attach(ws_transport::detach(socket), loop);
}

ws_transport::options transport_options(const core::config& cfg) {
    ws_transport::options opts;
    opts.max_message_bytes = cfg.limits.max_frame_bytes;
    opts.idle_timeout = cfg.limits.idle_timeout;
    return opts;
}

}  // namespace

ws_session::ws_session(beast::tcp_stream&& stream, server_state& state, ip_slot slot)
    : transport_(adopt(std::move(stream)), transport_options(state.cfg), *this),
      home_(&transport_.socket().get_executor().context()),
      settled_(home_.load()),
      state_(state),
      ip_(std::move(slot)),
      write_watchdog_(home().get_executor()),
      close_deadline_(home().get_executor()),
      client_id_(core::random_uuid()),
      outbox_(state.cfg.limits.outbox_bytes),
      bucket_(state.cfg.limits.messages_per_second, state.cfg.limits.message_burst,
              std::chrono::steady_clock::now()) {}

ws_session::~ws_session() {
    if (registered_) state_.remove_session(this);
}

void ws_session::run(request req, std::string lobby_game, std::string read_ahead) {
    lobby_game_ = std::move(lobby_game);
    transport_.accept(req, weak_from_this(), read_ahead);
}

void ws_session::on_open() {
    registered_ = true;
    state_.add_session(shared_from_this());
    state_.stats.connection_opened();
    state_.lobby.subscribe(lobby_game_, shared_from_this());
    state_.stats.message_out("welcome", 1);
    enqueue(envelope(core::encode_envelope(
        "welcome",
        // clientId is ours (not in the Go server's welcome): a browser page needs its own id
        // to read the game's views that arrive before join_room_result.
        sdk::json{{"message", "Connected to game server. Interested in game: " + lobby_game_},
                  {"clientId", client_id_}})));
    do_read();
}

void ws_session::do_read() {
    transport_.read_next();
}

void ws_session::on_message(std::string_view payload) {
    state_.stats.bytes_in(payload.size());
    read_at_ = std::chrono::steady_clock::now();
    handle(payload);
}

void ws_session::handle(std::string_view frame) {
    if (kicked_by_admin_) return resume();  // nothing it sends is handled any more
    if (!bucket_.try_take(read_at_)) {
        state_.stats.rate_limited();
        reply_error("error", "rate limit exceeded", error_code::rate_limited);
        if (++limited_in_a_row_ >= state_.cfg.limits.rate_limit_close_after) {
            state_.stats.rejected("rate_abuse");
            close_with(ws::close_code::policy_error, "rate limit");
        }
        resume();
        return;
    }
    limited_in_a_row_ = 0;
    core::decode_result decoded = core::decode_inbound(frame, state_.cfg.limits.max_json_depth);
    if (!decoded.message) {
        if (decoded.failure == core::decode_failure::too_deep) state_.stats.rejected("json_depth");
        state_.stats.message_in("invalid");
        reply_error("error", k_invalid_format, error_code::bad_request);
        resume();
        return;
    }
    dispatch(std::move(*decoded.message));
}

void ws_session::dispatch(core::inbound_message&& message) {
    const std::string& type = message.type;
    state_.stats.message_in(is_core_command(type) ? std::string_view(type)
                            : room_               ? std::string_view("game_message")
                                                  : std::string_view("unknown"));
    if (type == "join_room") return join_room(message);
    if (type == "leave_room") return leave_room();
    if (type == "reconnect") return reconnect(message);
    if (type == "add_bot") return add_bot(message);
    if (type == "get_room_list") return get_room_list(message);
    if (type == "game_action") {
        if (!room_) {
            reply_error("game_action_result", k_not_in_room, error_code::not_in_room);
            return resume();
        }
        return forward(std::move(message), "game_action_result");
    }
    if (!room_) {
        reply_error("error", "Unknown message type: " + type, error_code::unknown_type);
        return resume();
    }
    forward(std::move(message), "error");
}

void ws_session::resume() {
    const auto elapsed = std::chrono::steady_clock::now() - read_at_;
    state_.stats.handling_time(std::chrono::duration<double>(elapsed).count());
    if (!closed_) do_read();
}

template <typename Work, typename Done>
void ws_session::in_room(const std::shared_ptr<room_host>& host, Work work, Done done) {
    awaiting_room_ = true;
    auto finish = [self = shared_from_this(),
                   done = std::move(done)](core::room_reply reply) mutable {
        self->awaiting_room_ = false;
        done(std::move(reply));
        self->close_if_kicked();
        self->apply_admin_kick();
        self->resume();
    };
    auto visit = [host, work = std::move(work)]() mutable {
        host->traffic().add_in(room_traffic::clock::now());
        return work(host->room());
    };
    // Same loop: no trip through its queue each way (each costs a turn of the loop, with an
    // epoll_wait of its own).
    if (&host->executor().context() == &home()) return finish(visit());
    // Another loop: the work runs there and the reply comes back here.
    auto hop = [self = shared_from_this(), host](auto in_room_work, auto then) {
        asio::post(host->executor(), [self, in_room_work = std::move(in_room_work),
                                      then = std::move(then)]() mutable {
            self->post_home([reply = in_room_work(), then = std::move(then)]() mutable {
                then(std::move(reply));
            });
        });
    };
    if (!state_.cfg.server.follow_rooms || writing_ || closing_)
        return hop(std::move(visit), std::move(finish));
    // Or move to the room's loop, so that this and later messages need no hop. The transport
    // is still inside the read that brought this message: try once it has unwound.
    asio::post(home(), [self = shared_from_this(), host, hop, visit = std::move(visit),
                        finish = std::move(finish)]() mutable {
        if (!self->can_move()) return hop(std::move(visit), std::move(finish));
        self->move_to(
            host->executor().context(),
            [visit = std::move(visit), finish = std::move(finish)]() mutable { finish(visit()); });
    });
}

template <typename F>
void ws_session::on_own_loop(F f) {
    asio::io_context* settled = settled_.load(std::memory_order_acquire);
    if (settled && settled->get_executor().running_in_this_thread()) return f();
    post_home(std::move(f));
}

template <typename F>
void ws_session::post_home(F f) {
    asio::io_context* loop = home_.load(std::memory_order_acquire);
    asio::post(*loop, [self = shared_from_this(), loop, f = std::move(f)]() mutable {
        // Posted before the connection moved to another loop: follow it there. Or posted to the
        // loop it is moving to, ahead of its arrival: queue again, behind the arrival.
        if (self->home_.load(std::memory_order_acquire) != loop ||
            self->settled_.load(std::memory_order_acquire) != loop) {
            return self->post_home(std::move(f));
        }
        f();
    });
}

bool ws_session::can_move() const {
    return !writing_ && !closing_ && !closed_ && transport_.can_move();
}

// Runs on the current loop, with nothing of this connection pending there (can_move()). The
// socket leaves this loop's epoll set and joins the other's; what was posted here meanwhile
// follows (post_home), and the timers armed here find they were left behind (the transport
// counts the moves).
template <typename F>
void ws_session::move_to(asio::io_context& loop, F then) {
    watchdog_armed_ = false;
    write_watchdog_.cancel();
    close_deadline_.cancel();
    settled_.store(nullptr, std::memory_order_release);
    auto socket = transport_.move_out();
    state_.stats.connection_moved();
    // home_ names the new loop before the continuation can run there: the continuation reads
    // the next messages, and what they start must see where the connection lives. Work others
    // post there meanwhile waits until the connection has arrived (post_home).
    home_.store(&loop, std::memory_order_release);
    asio::post(loop, [self = shared_from_this(), &loop, socket, then = std::move(then)]() mutable {
        self->write_watchdog_ = asio::steady_timer(loop.get_executor());
        self->close_deadline_ = asio::steady_timer(loop.get_executor());
        self->transport_.move_in(loop, socket);
        self->settled_.store(&loop, std::memory_order_release);
        then();
    });
}

void ws_session::join_room(const core::inbound_message& message) {
    if (room_) {
        // SEED-SPEC §2.4 step 1: already in a room answers a successful reconnect_result.
        state_.stats.message_out("reconnect_result", 1);
        enqueue(envelope(core::encode_envelope(
            "reconnect_result",
            string_fields({{"clientId", client_id_}, {"roomId", room_->room().id()}}))));
        return resume();
    }
    const sdk::json& data = message.data;
    std::string game_type;
    std::string player_name;
    const sdk::json* room_field = core::find_field(data, "roomId");
    const bool has_room_id = room_field && !room_field->is_null();
    if (!message.has_data || !core::is_object_or_null(data) ||
        !core::read_string(data, "gameType", game_type) ||
        !core::read_string(data, "playerName", player_name) ||
        (has_room_id && !room_field->is_string())) {
        reply_error("join_room_result", "game options are invalid", error_code::bad_request);
        return resume();
    }
    if (player_name.empty()) {
        reply_error("join_room_result", "player name is required", error_code::bad_request);
        return resume();
    }
    std::string room_id = has_room_id ? room_field->get<std::string>() : std::string();
    std::shared_ptr<room_host> host;
    if (!room_id.empty()) host = state_.rooms.find(room_id);
    if (!host) {
        if (game_type.empty()) {
            reply_error("join_room_result", "game type is required", error_code::bad_request);
            return resume();
        }
        const sdk::game_plugin* plugin = state_.games.find(game_type);
        if (!plugin) {
            reply_error("join_room_result", "unknown game type", error_code::unknown_game);
            return resume();
        }
        const sdk::json* options = core::find_field(data, "options");
        open_result opened = open_room(state_, home(), std::move(room_id), *plugin,
                                       options ? *options : sdk::json());
        if (opened.error) {
            reply_error("join_room_result", opened.error->message, opened.error->code);
            return resume();
        }
        host = std::move(opened.host);
    }
    auto token = core::random_token();
    auto reply = shared(core::encode_envelope(
        "join_room_result",
        string_fields(
            {{"clientId", client_id_}, {"roomId", host->room().id()}, {"reconnectToken", token}})));
    std::shared_ptr<core::member_link> link = shared_from_this();
    in_room(
        host,
        [id = client_id_, link, name = std::move(player_name), reply](core::room& r) mutable {
            return r.join(id, std::move(link), name, std::move(reply));
        },
        [this, host, token = std::move(token)](core::room_reply result) mutable {
            if (result.ok) {
                room_ = host;
                token_ = std::move(token);
            }
            enqueue_all(std::move(result.envelopes));
            if (result.ok) state_.lobby.push(host->room().game_type());
        });
}

void ws_session::leave_room() {
    if (!room_) {
        reply_error("leave_room_result", k_not_in_room, error_code::not_in_room);
        return resume();
    }
    auto host = room_;
    in_room(
        host,
        [id = client_id_, reply = shared(core::encode_envelope("leave_room_result"))](
            core::room& r) { return r.leave(id, reply); },
        [this, host](core::room_reply result) {
            room_.reset();
            token_.clear();
            state_.sessions.erase(client_id_);
            enqueue_all(std::move(result.envelopes));
            state_.lobby.push(host->room().game_type());
        });
}

void ws_session::reconnect(const core::inbound_message& message) {
    if (room_) {
        reply_error("reconnect_result", "client is already in a room", error_code::already_in_room);
        return resume();
    }
    if (!message.has_data) {
        reply_error("reconnect_result", "unexpected end of JSON input", error_code::bad_request);
        return resume();
    }
    std::string old_id;
    std::string wanted_room;
    std::string token;
    if (!core::is_object_or_null(message.data) ||
        !core::read_string(message.data, "clientId", old_id) ||
        !core::read_string(message.data, "roomId", wanted_room) ||
        !core::read_string(message.data, "reconnectToken", token)) {
        reply_error("reconnect_result", "json: cannot unmarshal reconnect request",
                    error_code::bad_request);
        return resume();
    }
    const auto session = state_.sessions.find(old_id, core::wall_clock::now());
    const bool token_required = state_.cfg.sessions.require_token || !token.empty();
    // A session another connection is taking right now counts as consumed.
    if (!session || (token_required && token != session->token) ||
        !state_.claim_reconnect(old_id)) {
        state_.stats.reconnect(false);
        reply_error("reconnect_result", "session expired or not found",
                    error_code::session_expired);
        return resume();
    }
    // Fix of SEED-SPEC §9.6: a roomId that is not the session's room is refused, never used.
    std::shared_ptr<room_host> host;
    if (wanted_room.empty() || wanted_room == session->room_id) {
        host = state_.rooms.find(session->room_id);
    }
    if (!host) {
        state_.release_reconnect(old_id);
        state_.stats.reconnect(false);
        reply_error("reconnect_result", "Room not found", error_code::room_not_found);
        return resume();
    }
    auto new_token = core::random_token();
    auto reply = shared(core::encode_envelope("reconnect_result",
                                              string_fields({{"roomId", host->room().id()},
                                                             {"clientId", client_id_},
                                                             {"gameType", host->room().game_type()},
                                                             {"reconnectToken", new_token}})));
    std::shared_ptr<core::member_link> link = shared_from_this();
    in_room(
        host,
        [id = client_id_, link, old_id, reply](core::room& r) mutable {
            return r.reconnect(id, std::move(link), old_id, std::move(reply));
        },
        [this, host, old_id, new_token = std::move(new_token)](core::room_reply result) mutable {
            state_.stats.reconnect(result.ok);
            if (result.ok) {
                room_ = host;
                token_ = std::move(new_token);
                state_.sessions.erase(old_id);
                spdlog::debug("reconnect client={} old={} room={}", client_id_, old_id,
                              host->room().id());
            }
            state_.release_reconnect(old_id);  // after the erase: the next one finds nothing
            enqueue_all(std::move(result.envelopes));
        });
}

void ws_session::add_bot(const core::inbound_message& message) {
    if (!room_) {
        reply_error("add_bot_result", k_not_in_room, error_code::not_in_room);
        return resume();
    }
    std::string policy;  // optional extension: {"policy": "random"}
    if (message.data.is_object()) (void)core::read_string(message.data, "policy", policy);
    in_room(
        room_,
        [id = client_id_, policy = std::move(policy)](core::room& r) {
            return r.add_bot(id, policy);
        },
        [this](core::room_reply result) { enqueue_all(std::move(result.envelopes)); });
}

void ws_session::get_room_list(const core::inbound_message& message) {
    std::string game_type;
    if (!message.has_data || !core::is_object_or_null(message.data) ||
        !core::read_string(message.data, "gameType", game_type)) {
        reply_error("get_room_list_result", "Invalid request format", error_code::bad_request);
        return resume();
    }
    if (game_type.empty()) {
        reply_error("get_room_list_result", "Game type is required", error_code::bad_request);
        return resume();
    }
    state_.stats.message_out("room_list_update", 1);
    enqueue(state_.lobby.room_list_update(game_type));
    resume();
}

void ws_session::forward(core::inbound_message&& message, std::string_view reply_type) {
    if (!message.has_data) message.data = sdk::absent_data();
    in_room(
        room_,
        // The message moves to the room's event loop (no deep copy of its data); reply_type is one
        // of two literals, so the view stays valid there.
        [this, message = std::move(message), reply_type](core::room& r) {
            return r.action(client_id_, message.type, message.data, reply_type);
        },
        [this](core::room_reply result) { enqueue_all(std::move(result.envelopes)); });
}

void ws_session::reply_error(std::string_view type, std::string_view message, error_code code) {
    state_.stats.error_sent(code);
    state_.stats.message_out(type, 1);
    enqueue(envelope(core::encode_error(type, message, code)));
}

void ws_session::deliver(core::outbound_batch batch) {
    on_own_loop([self = shared_from_this(), batch = std::move(batch)]() mutable {
        self->enqueue_all(std::move(batch));
    });
}

void ws_session::left_room(const std::string& room_id) {
    on_own_loop([self = shared_from_this(), room_id] {
        if (self->room_ && self->room_->room().id() == room_id) {
            self->room_.reset();
            self->token_.clear();
        }
    });
}

// The room already removed us (no session is stored: there is no seat to come back to). What
// the room sent before the kick is written first, then the connection closes.
void ws_session::kicked(const std::string& room_id, const std::string& reason) {
    on_own_loop([self = shared_from_this(), room_id, reason] {
        if (!self->room_ || self->room_->room().id() != room_id) return;
        self->room_.reset();
        self->token_.clear();
        spdlog::info("client kicked client={} room={} reason={}", self->client_id_, room_id,
                     reason);
        self->close_when_sent_ = reason.empty() ? std::string("kicked") : reason;
        self->close_if_kicked();
    });
}

// Closes a kicked connection once everything for it is written, including the reply to its own
// message when that message caused the kick (it comes back from the room after the kick).
void ws_session::close_if_kicked() {
    if (close_when_sent_.empty() || awaiting_room_ || writing_ || !outbox_.empty()) return;
    close_with(kicked_close_code, close_when_sent_);
}

void ws_session::admin_kick(std::string reason) {
    post_home([self = shared_from_this(), reason = std::move(reason)] {
        self->kicked_by_admin_ = true;
        self->admin_kick_ = reason.empty() ? std::string("kicked by admin") : reason;
        self->apply_admin_kick();
    });
}

// Runs when none of our messages is in a room (else after it): the room sees a leave (the game
// may end the member's part), its events for us are still written, the leave_room_result we
// never asked for is dropped, and no session is stored, so a reconnect is refused.
void ws_session::apply_admin_kick() {
    if (admin_kick_.empty() || awaiting_room_ || closing_ || closed_) return;
    close_when_sent_ = std::exchange(admin_kick_, {});
    spdlog::info("client kicked by admin client={} reason={}", client_id_, close_when_sent_);
    if (!room_) return close_if_kicked();
    auto host = std::exchange(room_, nullptr);
    token_.clear();
    awaiting_room_ = true;
    auto unasked = shared(core::encode_envelope("leave_room_result"));
    asio::post(host->executor(), [self = shared_from_this(), host, unasked] {
        core::room_reply reply = host->room().leave(self->client_id_, unasked);
        std::erase_if(reply.envelopes,
                      [&](const core::outbound& e) { return e.payload == unasked; });
        self->post_home([self, host, reply = std::move(reply)]() mutable {
            self->awaiting_room_ = false;
            self->enqueue_all(std::move(reply.envelopes));
            self->state_.lobby.push(host->room().game_type());
            self->close_if_kicked();
        });
    });
}

void ws_session::shutdown() {
    post_home([self = shared_from_this()] {
        self->close_with(ws::close_code::going_away, "server shutting down");
    });
}

bool ws_session::push(core::outbound message) {
    if (closing_ || closed_) return false;  // the session (if any) brings the state back
    if (outbox_.push(std::move(message)) == outbox::push_result::over_limit) {
        state_.stats.slow_consumer();
        spdlog::info("slow consumer closed client={} queued_bytes={}", client_id_, outbox_.bytes());
        close_with(ws::close_code::try_again_later, "slow consumer");
        return false;
    }
    return true;
}

void ws_session::enqueue(core::outbound message) {
    if (push(std::move(message)) && !writing_) do_write();
}

void ws_session::enqueue_all(core::outbound_batch batch) {
    // Queue the whole batch before writing: one operation's envelopes go out in one frame.
    for (auto& message : batch) {
        if (!push(std::move(message))) return;
    }
    if (!writing_ && !outbox_.empty()) do_write();
}

void ws_session::do_write() {
    static constexpr char open = '[';
    static constexpr char comma = ',';
    static constexpr char close = ']';
    outbox_.take_all(in_flight_);
    write_buffers_.clear();
    write_buffers_.reserve(in_flight_.size() * 2 + 1);
    write_buffers_.emplace_back(&open, 1);
    for (std::size_t i = 0; i < in_flight_.size(); ++i) {
        if (i) write_buffers_.emplace_back(&comma, 1);
        write_buffers_.push_back(asio::buffer(*in_flight_[i].payload));
    }
    write_buffers_.emplace_back(&close, 1);
    writing_ = true;
    transport_.write_text(write_buffers_);
    if (!writing_) return;  // the socket took it at once (on_written has run)
    // Waiting for the client to read: the watchdog bounds how long.
    write_started_ = std::chrono::steady_clock::now();
    if (!watchdog_armed_) arm_write_watchdog(write_started_ + state_.cfg.limits.write_timeout);
}

void ws_session::arm_write_watchdog(std::chrono::steady_clock::time_point at) {
    watchdog_armed_ = true;
    write_watchdog_.expires_at(at);
    const std::uint32_t armed_in = transport_.moves();
    write_watchdog_.async_wait([weak = weak_from_this(), armed_in](beast::error_code ec) {
        // Cancelled (closed, or moved: move_to resets watchdog_armed_), or due on a loop the
        // connection has left: nothing here may be touched.
        auto self = weak.lock();
        if (ec || !self || self->transport_.moves() != armed_in) return;
        self->watchdog_armed_ = false;
        self->on_write_watchdog();
    });
}

void ws_session::on_write_watchdog() {
    if (!writing_ || closed_) return;  // idle until the next write arms it again
    const auto due = write_started_ + state_.cfg.limits.write_timeout;
    if (std::chrono::steady_clock::now() < due) return arm_write_watchdog(due);
    state_.stats.slow_consumer();  // a write that cannot finish: the peer stopped reading
    abort_stalled();
}

// A peer that stopped reading is reset, not closed: a close would queue our FIN behind the
// unsent bytes its zero window holds back, so the peer would not learn of it and the kernel
// would keep the orphaned socket and its send buffer in FIN-WAIT-1 for minutes (nginx's
// reset_timedout_connection does the same for the same reason).
void ws_session::abort_stalled() {
    transport_.abort();
}

void ws_session::on_written(std::size_t bytes) {
    writing_ = false;
    in_flight_.clear();
    state_.stats.bytes_out(bytes);
    if (!outbox_.empty() && !closing_) {
        do_write();
    } else {
        close_if_kicked();
    }
}

void ws_session::close_with(std::uint16_t code, std::string_view reason) {
    if (closing_ || closed_) return;
    closing_ = true;
    // The close frame may never get out past a peer that stopped reading: bound the wait.
    close_deadline_.expires_after(std::chrono::seconds(2));
    close_deadline_.async_wait([weak = weak_from_this()](beast::error_code ec) {
        auto self = weak.lock();
        if (ec || !self) return;
        self->abort_stalled();
    });
    transport_.close(code, reason);
}

void ws_session::on_closed(ws_transport::end_cause why) {
    if (why == ws_transport::end_cause::too_big) state_.stats.rejected("frame_too_large");
    if (why == ws_transport::end_cause::handshake) state_.stats.rejected("handshake");
    if (closed_) return;
    closed_ = true;
    write_watchdog_.cancel();
    close_deadline_.cancel();
    if (room_) {
        // SEED-SPEC §1.8 / §4: leave the room, keeping the seat for a reconnect. The session is
        // stored after the disconnect is posted, so a reconnect that finds it reaches the room
        // (same event loop) after the disconnect.
        auto host = std::move(room_);
        asio::post(host->executor(), [host, id = client_id_] { host->room().disconnect(id); });
        state_.sessions.put(core::session_record{client_id_, host->room().id(),
                                                 host->room().game_type(), token_,
                                                 core::wall_clock::now()});
    }
    state_.lobby.unsubscribe(lobby_game_, this);
    if (registered_) {
        state_.remove_session(this);
        registered_ = false;
        state_.stats.connection_closed();
    }
}

}  // namespace gameserver::net
