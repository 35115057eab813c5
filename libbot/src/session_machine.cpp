#include "gameserver/bot/session_machine.hpp"

#include <utility>

namespace gameserver::bot {
namespace {

std::string string_field(const sdk::json& data, const char* key) {
    if (!data.is_object()) return {};
    const auto it = data.find(key);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool succeeded(const sdk::json& envelope) {
    const auto it = envelope.find("success");
    return it != envelope.end() && it->is_boolean() && it->get<bool>();
}

sdk::json envelope(const char* type, sdk::json data) {
    return sdk::json{{"type", type}, {"data", std::move(data)}};
}

}  // namespace

session_step session_machine::send_join() {
    const join_request& r = *pending_join_;
    sdk::json data = {{"gameType", r.game_type}, {"playerName", r.player_name}};
    if (!r.room_id.empty()) data["roomId"] = r.room_id;
    if (!r.options.is_null()) data["options"] = r.options;
    phase_ = session_phase::joining;
    return {envelope("join_room", std::move(data)), session_event::none};
}

session_step session_machine::send_reconnect() {
    phase_ = session_phase::reconnecting;
    sdk::json data = {{"clientId", seat_->client_id}, {"roomId", seat_->room_id}};
    if (!seat_->reconnect_token.empty()) data["reconnectToken"] = seat_->reconnect_token;
    return {envelope("reconnect", std::move(data)), session_event::none};
}

session_step session_machine::retry_reconnect() {
    if (phase_ != session_phase::reconnect_wait || !seat_) return {};
    return send_reconnect();
}

session_step session_machine::resend() {
    if (!std::exchange(resend_armed_, false)) return {};
    switch (phase_) {
        case session_phase::joining:
            return pending_join_ ? send_join() : session_step{};
        case session_phase::reconnecting:
            return seat_ ? send_reconnect() : session_step{};
        case session_phase::leaving:
            return {sdk::json{{"type", "leave_room"}}, session_event::none};
        default:
            return {};  // answered meanwhile
    }
}

session_step session_machine::on_welcome() {
    resend_armed_ = false;  // a new connection: nothing of the old one is resent
    if (phase_ == session_phase::closed || phase_ == session_phase::gave_up) return {};
    if (seat_) return send_reconnect();
    if (pending_join_) return send_join();
    // Nothing to rejoin: the connection itself is the success.
    backoff_.reset();
    phase_ = session_phase::idle;
    if (std::exchange(leave_lost_, false)) return {std::nullopt, session_event::left};
    return {};
}

session_step session_machine::join(join_request request) {
    pending_join_ = std::move(request);
    if (phase_ != session_phase::idle) return {};  // sent on the next welcome
    return send_join();
}

session_step session_machine::leave() {
    pending_join_.reset();
    if (phase_ != session_phase::seated) return {};
    phase_ = session_phase::leaving;
    return {sdk::json{{"type", "leave_room"}}, session_event::none};
}

session_step session_machine::on_envelope(const sdk::json& env) {
    if (!env.is_object()) return {};
    const std::string type = string_field(env, "type");
    const sdk::json data = env.contains("data") ? env["data"] : sdk::json();
    const bool awaiting_answer = phase_ == session_phase::joining ||
                                 phase_ == session_phase::reconnecting ||
                                 phase_ == session_phase::leaving;
    if (type == "error" && awaiting_answer && string_field(env, "code") == rate_limited_code) {
        // The server dropped a message unread; while a join, reconnect or leave is out, that
        // answer would otherwise never come and the bot would wait forever.
        if (std::exchange(resend_armed_, true)) return {};
        retry_delay_ = rate_limited_pause;
        return {std::nullopt, session_event::request_retry};
    }
    if (type == "join_room_result" && phase_ == session_phase::joining) {
        pending_join_.reset();
        if (!succeeded(env)) {
            phase_ = session_phase::idle;
            return {std::nullopt, session_event::join_failed};
        }
        seat_ = seat_info{string_field(data, "clientId"), string_field(data, "roomId"),
                          string_field(data, "reconnectToken")};
        phase_ = session_phase::seated;
        backoff_.reset();
        return {std::nullopt, session_event::seated};
    }
    if (type == "reconnect_result" && phase_ == session_phase::reconnecting) {
        if (!succeeded(env) && string_field(env, "code") == "SESSION_EXPIRED") {
            // Right after a drop the server may not have seen the old connection go yet (it
            // stores the session when it does): ask again after a backoff delay.
            if (auto delay = backoff_.next(random_for_retry_)) {
                retry_delay_ = *delay;
                phase_ = session_phase::reconnect_wait;
                return {std::nullopt, session_event::reconnect_retry};
            }
        }
        if (!succeeded(env) && string_field(env, "code") == "GAME_OVER") {
            // The others finished the game while we were away (dicegame refuses a reconnect
            // into an ended game, as the Go server did); we are in no room.
            seat_.reset();
            phase_ = session_phase::idle;
            return {std::nullopt, session_event::game_ended_away};
        }
        if (!succeeded(env)) {
            // The seat is gone (expired, ...); the server leaves us in no room.
            seat_.reset();
            ++reconnect_failures_;
            phase_ = session_phase::idle;
            return {std::nullopt, session_event::reconnect_failed};
        }
        seat_info next{string_field(data, "clientId"), string_field(data, "roomId"),
                       string_field(data, "reconnectToken")};
        if (next.room_id.empty()) next.room_id = seat_->room_id;
        seat_ = std::move(next);
        ++reconnects_;
        phase_ = session_phase::seated;
        backoff_.reset();
        return {std::nullopt, session_event::reseated};
    }
    if (type == "leave_room_result" && phase_ == session_phase::leaving) {
        seat_.reset();
        phase_ = session_phase::idle;
        return {std::nullopt, session_event::left};
    }
    if (type == "room_closed" && seat_) {
        seat_.reset();
        phase_ = session_phase::idle;
        return {std::nullopt, session_event::left};
    }
    return {};
}

std::optional<std::chrono::milliseconds> session_machine::on_disconnected(sdk::rng& random) {
    if (phase_ == session_phase::closed || phase_ == session_phase::gave_up) return std::nullopt;
    if (phase_ == session_phase::leaving) {
        // We were on our way out: do not reclaim the seat, just report the leave once back.
        seat_.reset();
        leave_lost_ = true;
    }
    auto delay = backoff_.next(random);
    phase_ = delay ? session_phase::connecting : session_phase::gave_up;
    return delay;
}

}  // namespace gameserver::bot
