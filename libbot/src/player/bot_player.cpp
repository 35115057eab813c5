#include "gameserver/bot/bot_player.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "gameserver/bot/rate_limit.hpp"

namespace gameserver::bot {

bot_player::bot_player(const sdk::game_plugin& plugin,
                       std::shared_ptr<const sdk::bot_policy> policy, sdk::rng& random,
                       bot_host& host, think_rule think, bool turn_based)
    : plugin_(plugin),
      policy_(std::move(policy)),
      random_(random),
      host_(host),
      think_(std::move(think)),
      turn_based_(turn_based) {}

void bot_player::seat(sdk::player_id self) {
    self_ = std::move(self);
    // Views that came before the id was known (with the join) are decided on now.
    dirty_ = has_view_;
}

void bot_player::set_active(bool active) {
    active_ = active;
    if (active_) return maybe_decide();
    // An inactive bot has no pending think: it decides afresh when it may act again.
    if (thinking_) {
        thinking_ = false;
        dirty_ = has_view_;
        host_.cancel_think();
    }
}

void bot_player::forget_view() {
    view_ = sdk::json();
    checked_ = sdk::json();
    has_view_ = false;
    dirty_ = false;
}

bool bot_player::on_envelope(const sdk::json& envelope) {
    // Reduced in place: most envelopes (joins, chat, refusals) change nothing and cost no copy.
    bool changed = false;
    try {
        changed = plugin_.reduce_view(view_, envelope, self_);
    } catch (const std::exception& e) {
        view_ = checked_;  // the last whole view, not a half-folded one
        host_.policy_failed(std::string("reduce_view: ") + e.what());
        return false;
    }
    if (changed) {
        if (has_view_) check_transition(checked_);
        checked_ = view_;
        has_view_ = true;
        dirty_ = true;
    } else {
        // A refusal of a turn-based move: decide again (the view did not change, but the
        // policy may choose differently, e.g. a random one). A real-time game sends a new state
        // every tick, which is when its bots decide.
        // A rate-limited one is sent again after a pause, or the bot would keep sending into the
        // empty bucket until the server closes the connection.
        const auto success = envelope.find("success");
        const bool failed =
            success != envelope.end() && success->is_boolean() && !success->get<bool>();
        if (!failed || !turn_based_) return false;
        const auto code = envelope.find("code");
        paused_ = code != envelope.end() && *code == rate_limited_code;
        dirty_ = true;
    }
    maybe_decide();
    return changed;
}

void bot_player::check_transition(const sdk::json& before) {
    std::optional<std::string> error;
    try {
        error = plugin_.transition_error(before, view_, self_);
    } catch (const std::exception& e) {
        error = std::string("the oracle threw: ") + e.what();
    }
    if (!error) return;
    ++desyncs_;
    host_.desync(before, view_, *error);
}

std::optional<sdk::bot_action> bot_player::decide() {
    try {
        return policy_->decide(view_, self_, random_);
    } catch (const std::exception& e) {
        host_.policy_failed(std::string("decide: ") + e.what());
        return std::nullopt;
    }
}

void bot_player::maybe_decide() {
    if (!active_ || thinking_ || !dirty_ || !has_view_) return;
    dirty_ = false;
    const auto action = decide();
    if (!action) return;
    thinking_ = true;
    auto delay = think_ ? think_(action->think, random_) : action->think;
    if (std::exchange(paused_, false)) delay = std::max(delay, rate_limited_pause);
    host_.start_think(delay);
}

void bot_player::on_think() {
    if (!thinking_ || !active_) return;  // a timer the host could not cancel in time
    thinking_ = false;
    // Decide again on the view as it is now: it may have changed while the bot was thinking.
    if (auto action = decide()) {
        sdk::json envelope = {{"type", action->type}};
        if (!sdk::is_absent(action->data)) envelope["data"] = action->data;
        ++moves_;
        host_.send(envelope);
    }
    maybe_decide();
}

}  // namespace gameserver::bot
