#include "bot_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/error.hpp>

#include <algorithm>
#include <exception>

#include "fleet_impl.hpp"
#include "gameserver/bot/frames.hpp"

namespace gameserver::bot {

namespace asio = boost::asio;

namespace {

const std::string k_no_id;

// The `error` a game sends a member it could not seat (the member stays as a spectator).
bool is_seat_refusal(const sdk::json& envelope) {
    const auto type = envelope.find("type");
    const auto success = envelope.find("success");
    return type != envelope.end() && *type == "error" && success != envelope.end() &&
           *success == false;
}

}  // namespace

bot_session::bot_session(fleet_impl& fleet, bot_group& group, int index, std::string policy_name,
                         std::shared_ptr<const sdk::bot_policy> policy, std::uint64_t seed)
    : fleet_(fleet),
      group_(group),
      index_(index),
      policy_name_(std::move(policy_name)),
      strand_(asio::make_strand(fleet.ioc)),
      rng_(seed),
      machine_(fleet.config.reconnect, seed ^ 0x9e3779b97f4a7c15ULL),
      player_(fleet.plugin, std::move(policy), rng_, *this, fleet.think, fleet.turn_based),
      think_timer_(strand_),
      retry_timer_(strand_) {}

const std::string& bot_session::client_id() const {
    return machine_.seat() ? machine_.seat()->client_id : k_no_id;
}

void bot_session::start() {
    asio::co_spawn(
        strand_, [self = shared_from_this()] { return self->run(); }, asio::detached);
}

void bot_session::post_stop() {
    asio::post(strand_, [self = shared_from_this()] { self->stop(); });
}

void bot_session::post_enable(int game_no) {
    asio::post(strand_, [self = shared_from_this(), game_no] {
        if (game_no != self->game_no_ || !self->in_game_) return;
        self->enabled_ = true;
        self->update_active();
    });
}

void bot_session::post_regroup(int game_no) {
    asio::post(strand_, [self = shared_from_this(), game_no] {
        if (self->stopping_ || game_no != self->game_no_) return;  // moved on already
        self->abandoned_game_ = game_no;
        self->leave_abandoned_game();
    });
}

void bot_session::post_drop() {
    asio::post(strand_, [self = shared_from_this()] {
        if (self->conn_ && self->in_game_ && self->machine_.phase() == session_phase::seated) {
            self->conn_->drop();
        }
    });
}

void bot_session::stop() {
    if (stopping_) return;
    count_unanswered();
    stopping_ = true;
    machine_.close();
    update_active();
    retry_timer_.cancel();
    if (conn_) conn_->close();
}

asio::awaitable<void> bot_session::run() {
    // The first room: in --room auto the group's first game, else the named room.
    if (auto room = group_.room_for(game_no_)) {
        machine_.join(
            {fleet_.config.game, "bot-" + std::to_string(index_), *room, fleet_.config.options});
    } else {
        stopping_ = true;
    }
    if (const auto spacing = fleet_.config.start_spacing; spacing.count() > 0 && !stopping_) {
        retry_timer_.expires_after(spacing * index_);  // the ramp-up: bot i starts at i x spacing
        co_await retry_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    while (!stopping_) {
        conn_ = std::make_shared<ws_connection>(strand_, fleet_.config.connection);
        boost::system::error_code ec = co_await conn_->connect(fleet_.endpoint);
        if (!ec && !stopping_) {
            if (!std::exchange(connected_once_, true)) ++fleet_.connected;
            ec = co_await read_loop();
        }
        update_active();   // no link: no moves until the seat is back
        pending_.reset();  // what was in flight went down with the link; the reconnect resyncs
        if (stopping_) break;
        const auto delay = machine_.on_disconnected(rng_);
        if (!delay) {
            {
                std::lock_guard lock(fleet_.mutex);
                ++fleet_.summary.gave_up;
            }
            if (in_game_) group_.member_gone(game_no_, true);
            break;
        }
        retry_timer_.expires_after(*delay);
        co_await retry_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    stopping_ = true;
    update_active();
    conn_.reset();
    fleet_.bot_finished();
}

asio::awaitable<boost::system::error_code> bot_session::read_loop() {
    std::string text;
    for (;;) {
        // Ends on a drop, a timeout (no pong), or websocket::error::closed after our close.
        boost::system::error_code ec = co_await conn_->read(text);
        if (ec) co_return ec;
        on_frame(text);
    }
}

void bot_session::on_frame(const std::string& text) {
    parsed_frame frame = parse_frame(text);
    if (!frame.ok()) {
        std::lock_guard lock(fleet_.mutex);
        ++fleet_.summary.bad_frames;
        ++fleet_.summary.unexpected_errors;
        return;
    }
    for (const auto& envelope : frame.envelopes) {
        if (stopping_) return;
        on_envelope(envelope);
    }
}

void bot_session::on_envelope(const sdk::json& envelope) {
    const auto type_it = envelope.find("type");
    const std::string type =
        type_it != envelope.end() && type_it->is_string() ? type_it->get<std::string>() : "";
    const auto success = envelope.find("success");
    const bool failed = success != envelope.end() && success->is_boolean() && !success->get<bool>();
    if (type == "welcome") {
        session_step step = machine_.on_welcome();
        if (step.send) send_envelope(*step.send);
        on_session_event(step.event);
        return;
    }
    session_step step = machine_.on_envelope(envelope);
    if (failed) {
        const auto code = envelope.find("code");
        // A retried reconnect is not a failure yet: only a final refusal counts as unexpected.
        fleet_.count_error(
            code != envelope.end() && code->is_string() ? code->get<std::string>() : "NO_CODE",
            step.event == session_event::reconnect_retry);
    }
    if (step.event != session_event::none) return on_session_event(step.event);
    const auto phase = machine_.phase();
    if (phase == session_phase::joining || phase == session_phase::reconnecting ||
        phase == session_phase::reconnect_wait) {
        before_seat_.push_back(envelope);  // the join's or reconnect's own events
        return;
    }
    if (phase != session_phase::seated || !in_game_) return;
    const bool changed = player_.on_envelope(envelope);
    if (changed || failed) answered();
    if (changed) on_view_changed();
}

void bot_session::answered() {
    if (!pending_) return;
    const auto waited = std::chrono::steady_clock::now() - pending_->second;
    if (fleet_.latency_callback) {
        fleet_.latency_callback(pending_->first,
                                std::chrono::duration_cast<std::chrono::microseconds>(waited));
    }
    pending_.reset();
}

// An action still waiting for its answer after answer_timeout: the server lost it (or never
// acted on it). One that is younger may simply be in flight and is not counted.
void bot_session::count_unanswered() {
    if (!pending_) return;
    if (std::chrono::steady_clock::now() - pending_->second >= fleet_.config.answer_timeout) {
        std::lock_guard lock(fleet_.mutex);
        ++fleet_.summary.unanswered_actions;
        spdlog::warn("bot {} ({}): {} got no answer within {} ms", index_, client_id(),
                     pending_->first, fleet_.config.answer_timeout.count());
    }
    pending_.reset();
}

void bot_session::take_seat() {
    player_.seat(client_id());
    for (auto& early : std::exchange(before_seat_, {})) {
        if (!in_game_) break;
        if (player_.on_envelope(early)) on_view_changed();
    }
    update_active();
}

void bot_session::on_session_event(session_event event) {
    switch (event) {
        case session_event::none:
            return;
        case session_event::seated:
            if (abandoned_game_ == game_no_) {  // the group moved on while our join was out
                before_seat_.clear();
                return leave_abandoned_game();
            }
            if (fleet_.config.room == "auto" &&
                std::any_of(before_seat_.begin(), before_seat_.end(), is_seat_refusal)) {
                // The room let us in without a seat (full, or its game started): the group
                // cannot play its game there.
                before_seat_.clear();
                group_.member_gone(game_no_, true);
                return stop();
            }
            in_game_ = true;
            enabled_ = false;
            last_outcome_.reset();
            player_.forget_view();
            take_seat();
            group_.seated(game_no_);
            return;
        case session_event::reseated:
            ++fleet_.reconnects;
            {
                std::lock_guard lock(fleet_.mutex);
                ++fleet_.summary.reconnects;
            }
            if (abandoned_game_ == game_no_) return leave_abandoned_game();
            take_seat();  // the view carries over: the oracle checks across the gap too
            return;
        case session_event::join_failed:
            before_seat_.clear();
            in_game_ = false;
            group_.member_gone(game_no_,
                               true);  // the server refuses the room: the group cannot play
            return stop();
        case session_event::reconnect_failed: {
            {
                std::lock_guard lock(fleet_.mutex);
                ++fleet_.summary.reconnect_failures;
            }
            before_seat_.clear();
            const bool was_playing = in_game_ || abandoned_game_ == game_no_;
            in_game_ = false;
            update_active();
            // The seat is gone but the link is up: give the game up with the group and play on
            // in the next room (a named room has no next room).
            if (fleet_.config.room != "auto") return stop();
            if (was_playing) group_.member_lost(game_no_);
            return join_next_game();
        }
        case session_event::game_ended_away: {
            std::lock_guard lock(fleet_.mutex);
            ++fleet_.summary.games_ended_away;
        }
            before_seat_.clear();
            pending_.reset();
            in_game_ = false;
            enabled_ = false;
            update_active();
            group_.finished(game_no_);
            return join_next_game();
        case session_event::reconnect_retry:
        case session_event::request_retry:
            retry_timer_.expires_after(machine_.retry_delay());
            retry_timer_.async_wait(asio::bind_executor(
                strand_,
                [self = shared_from_this(), conn = conn_, event](boost::system::error_code ec) {
                    if (ec || self->stopping_ || conn != self->conn_ || !conn->is_open()) return;
                    session_step retry = event == session_event::reconnect_retry
                                             ? self->machine_.retry_reconnect()
                                             : self->machine_.resend();
                    if (retry.send) self->send_envelope(*retry.send);
                }));
            return;
        case session_event::left:
            join_next_game();
            return;
    }
}

void bot_session::update_active() {
    player_.set_active(!stopping_ && enabled_ && in_game_ &&
                       machine_.phase() == session_phase::seated && conn_ && conn_->is_open());
}

void bot_session::on_view_changed() {
    std::optional<sdk::seat_outcome> outcome;
    try {
        outcome = fleet_.plugin.outcome(player_.view(), client_id());
    } catch (const std::exception&) {
        outcome.reset();  // a view the plugin cannot read: keep playing, the policy decides
    }
    if (fleet_.config.room == "auto") {
        if (outcome) finish_game(*outcome);
    } else if (outcome && !last_outcome_) {
        last_outcome_ = outcome;
        fleet_.count_outcome(policy_name_, *outcome);
        group_.saw_over(true);
    } else if (!outcome && last_outcome_) {
        last_outcome_.reset();
        group_.saw_over(false);
    }
}

void bot_session::finish_game(sdk::seat_outcome outcome) {
    pending_.reset();  // the final view answered it
    in_game_ = false;
    enabled_ = false;
    update_active();
    fleet_.count_outcome(policy_name_, outcome);
    group_.finished(game_no_);
    session_step step = machine_.leave();
    if (step.send) send_envelope(*step.send);
}

void bot_session::join_next_game() {
    player_.forget_view();
    if (stopping_ || fleet_.config.room != "auto") return stop();
    ++game_no_;
    auto room = group_.room_for(game_no_);
    if (!room) return stop();
    session_step step = machine_.join(
        {fleet_.config.game, "bot-" + std::to_string(index_), *room, fleet_.config.options});
    if (step.send) send_envelope(*step.send);
}

// Our seat in an abandoned game is worth nothing: leave the room (its `left` event joins the
// next game), or join the next game now when we hold no seat. A join, reconnect or leave still
// out decides when its result arrives (on_session_event).
void bot_session::leave_abandoned_game() {
    pending_.reset();
    in_game_ = false;
    enabled_ = false;
    update_active();
    if (machine_.phase() == session_phase::seated) {
        session_step step = machine_.leave();
        if (step.send) send_envelope(*step.send);
    } else if (machine_.phase() == session_phase::idle) {
        join_next_game();
    }
}

void bot_session::send_envelope(const sdk::json& envelope) {
    if (!conn_ || !conn_->send(envelope.dump())) {
        // The link is down (the reconnect resends what matters) or the queue is full.
        std::lock_guard lock(fleet_.mutex);
        ++fleet_.summary.errors["CLIENT_SEND_FAILED"];
    }
}

// ---- bot_host: what the player does ----

void bot_session::send(const sdk::json& envelope) {
    ++fleet_.moves;
    if (pending_) count_unanswered();  // counts it only when it is overdue
    if (!pending_) {
        const auto type = envelope.find("type");
        pending_.emplace(
            type != envelope.end() && type->is_string() ? type->get<std::string>() : std::string(),
            std::chrono::steady_clock::now());
    }
    send_envelope(envelope);
}

void bot_session::start_think(std::chrono::milliseconds delay) {
    const std::uint64_t generation = ++think_generation_;
    think_timer_.expires_after(delay);
    think_timer_.async_wait(asio::bind_executor(
        strand_, [self = shared_from_this(), generation](const boost::system::error_code& ec) {
            if (ec || self->stopping_ || generation != self->think_generation_) return;
            self->player_.on_think();
        }));
}

void bot_session::cancel_think() {
    ++think_generation_;
    think_timer_.cancel();
}

void bot_session::desync(const sdk::json& before, const sdk::json& after,
                         const std::string& reason) {
    fleet_.count_desync(before, after, reason);
    spdlog::warn("bot {} ({}): desync: {}\n  before: {}\n  after:  {}", index_, client_id(), reason,
                 before.dump(), after.dump());
}

void bot_session::policy_failed(const std::string& what) {
    std::lock_guard lock(fleet_.mutex);
    ++fleet_.summary.policy_exceptions;
    ++fleet_.summary.unexpected_errors;
    spdlog::warn("bot {}: policy {}: {}", index_, policy_name_, what);
}

}  // namespace gameserver::bot
