#include "bot_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/error.hpp>
#include <exception>

#include "fleet_impl.hpp"
#include "gameserver/bot/frames.hpp"

namespace gameserver::bot {

namespace asio = boost::asio;

namespace {
const std::string k_no_id;
}

bot_session::bot_session(fleet_impl& fleet, bot_group& group, int index, std::string policy_name,
                         std::shared_ptr<const sdk::bot_policy> policy, std::uint64_t seed)
    : fleet_(fleet),
      group_(group),
      index_(index),
      policy_name_(std::move(policy_name)),
      policy_(std::move(policy)),
      strand_(asio::make_strand(fleet.ioc)),
      rng_(seed),
      machine_(fleet.config.reconnect, seed ^ 0x9e3779b97f4a7c15ULL),
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
        self->maybe_decide();
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
    stopping_ = true;
    machine_.close();
    think_timer_.cancel();
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
    while (!stopping_) {
        conn_ = std::make_shared<ws_connection>(strand_, fleet_.config.connection);
        boost::system::error_code ec = co_await conn_->connect(fleet_.endpoint);
        if (!ec && !stopping_) {
            if (!std::exchange(connected_once_, true)) ++fleet_.connected;
            ec = co_await read_loop();
        }
        if (stopping_) break;
        const auto delay = machine_.on_disconnected(rng_);
        if (!delay) {
            std::lock_guard lock(fleet_.mutex);
            ++fleet_.summary.gave_up;
            break;
        }
        retry_timer_.expires_after(*delay);
        co_await retry_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    think_timer_.cancel();
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
        if (step.send) send(*step.send);
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
    if (step.event != session_event::none) {
        on_session_event(step.event);
        return;
    }
    if (type == "game_state") {
        const auto data = envelope.find("data");
        if (data != envelope.end()) on_game_state(*data);
        return;
    }
    // A refusal of a turn-based move: decide again (the server's bots retry the same way). A
    // real-time game sends a new state every tick, which is when its bots decide.
    if (failed && fleet_.turn_based && in_game_) {
        dirty_ = true;
        maybe_decide();
    }
}

void bot_session::on_session_event(session_event event) {
    switch (event) {
        case session_event::none:
            return;
        case session_event::seated:
            in_game_ = true;
            enabled_ = false;
            last_outcome_.reset();
            // Views that came with the join (before our id was known) are decided on now.
            dirty_ = has_view_;
            group_.seated(game_no_);
            if (has_view_) on_game_state(view_);
            return;
        case session_event::reseated:
            ++fleet_.reconnects;
            {
                std::lock_guard lock(fleet_.mutex);
                ++fleet_.summary.reconnects;
            }
            dirty_ = has_view_;
            maybe_decide();
            return;
        case session_event::join_failed:
        case session_event::reconnect_failed:
            if (event == session_event::reconnect_failed) {
                std::lock_guard lock(fleet_.mutex);
                ++fleet_.summary.reconnect_failures;
            }
            // The seat is gone: this bot cannot finish its game, so it leaves the run.
            in_game_ = false;
            stop();
            return;
        case session_event::reconnect_retry:
            retry_timer_.expires_after(machine_.retry_delay());
            retry_timer_.async_wait(asio::bind_executor(
                strand_, [self = shared_from_this(), conn = conn_](boost::system::error_code ec) {
                    if (ec || self->stopping_ || conn != self->conn_ || !conn->is_open()) return;
                    session_step retry = self->machine_.retry_reconnect();
                    if (retry.send) self->send(*retry.send);
                }));
            return;
        case session_event::left:
            join_next_game();
            return;
    }
}

void bot_session::on_game_state(const sdk::json& view) {
    if (&view != &view_) view_ = view;
    has_view_ = true;
    if (!in_game_ || machine_.phase() != session_phase::seated) return;
    std::optional<sdk::seat_outcome> outcome;
    try {
        outcome = fleet_.plugin.outcome(view_, client_id());
    } catch (const std::exception&) {
        outcome.reset();  // a view the plugin cannot read: keep playing, the policy decides
    }
    if (fleet_.config.room == "auto") {
        if (outcome) return finish_game(*outcome);
    } else if (outcome && !last_outcome_) {
        last_outcome_ = outcome;
        fleet_.count_outcome(policy_name_, *outcome);
        group_.saw_over(true);
    } else if (!outcome && last_outcome_) {
        last_outcome_.reset();
        group_.saw_over(false);
    }
    dirty_ = true;
    maybe_decide();
}

std::optional<sdk::bot_action> bot_session::decide() {
    try {
        return policy_->decide(view_, client_id(), rng_);
    } catch (const std::exception&) {
        std::lock_guard lock(fleet_.mutex);
        ++fleet_.summary.policy_exceptions;
        ++fleet_.summary.unexpected_errors;
        return std::nullopt;
    }
}

void bot_session::maybe_decide() {
    if (stopping_ || !enabled_ || !in_game_ || thinking_ || !dirty_ || !has_view_ ||
        machine_.phase() != session_phase::seated) {
        return;
    }
    dirty_ = false;
    const auto action = decide();
    if (!action) return;
    std::chrono::milliseconds think = action->think;
    if (fleet_.config.think) {
        think = std::chrono::milliseconds(
            rng_.between(fleet_.config.think->low.count(), fleet_.config.think->high.count()));
    }
    thinking_ = true;
    think_timer_.expires_after(think);
    think_timer_.async_wait(asio::bind_executor(
        strand_,
        [self = shared_from_this()](const boost::system::error_code& ec) { self->on_think(ec); }));
}

void bot_session::on_think(const boost::system::error_code& ec) {
    thinking_ = false;
    if (ec || stopping_) return;
    if (!enabled_ || !in_game_ || machine_.phase() != session_phase::seated) {
        dirty_ = true;  // decide once we are back in the game
        return;
    }
    // Decide again on the view as it is now: it may have changed while the bot was thinking.
    if (auto action = decide()) {
        sdk::json envelope = {{"type", action->type}};
        if (!sdk::is_absent(action->data)) envelope["data"] = action->data;
        send(envelope);
        ++fleet_.moves;
    }
    maybe_decide();
}

void bot_session::finish_game(sdk::seat_outcome outcome) {
    in_game_ = false;
    enabled_ = false;
    think_timer_.cancel();
    fleet_.count_outcome(policy_name_, outcome);
    group_.finished(game_no_);
    session_step step = machine_.leave();
    if (step.send) send(*step.send);
}

void bot_session::join_next_game() {
    has_view_ = false;
    view_ = sdk::json();
    if (stopping_ || fleet_.config.room != "auto") return stop();
    ++game_no_;
    auto room = group_.room_for(game_no_);
    if (!room) return stop();
    session_step step = machine_.join(
        {fleet_.config.game, "bot-" + std::to_string(index_), *room, fleet_.config.options});
    if (step.send) send(*step.send);
}

void bot_session::send(const sdk::json& envelope) {
    if (!conn_ || !conn_->send(envelope.dump())) {
        // The link is down (the reconnect resends what matters) or the queue is full.
        std::lock_guard lock(fleet_.mutex);
        ++fleet_.summary.errors["CLIENT_SEND_FAILED"];
    }
}

}  // namespace gameserver::bot
