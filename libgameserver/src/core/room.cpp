#include "gameserver/core/room.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "gameserver/core/ids.hpp"
#include "gameserver/core/json_codec.hpp"
#include "room_bot_link.hpp"

namespace gameserver::core {

using sdk::error_code;

struct room::member {
    std::string id;
    std::string name;
    bool bot = false;
    std::shared_ptr<member_link> link;          // a connection, or the bot's in-memory transport
    outbound_batch pending;                     // collected during the current operation
    std::shared_ptr<room_bot_link> bot_player;  // bots only (also `link`)
    std::optional<std::uint64_t> bot_timer;     // the bot's think timer
};

// The game's window on the room. Every call happens inside a room operation, on the strand.
class room::game_context final : public sdk::context {
  public:
    explicit game_context(room& owner) : room_(owner) {}

    sdk::millis now() const override {
        return std::chrono::duration_cast<sdk::millis>(room_.env_.now() - room_.created_at_);
    }
    sdk::rng& random() override { return room_.rng_; }

    void send(const sdk::player_id& to, std::string_view type, sdk::json data) override {
        if (member* m = room_.find_member(to)) {
            room_.emit_to(*m, type, encode_envelope(type, data));
        }
    }
    void send(const sdk::player_id& to, std::string_view type) override {
        if (member* m = room_.find_member(to)) {
            room_.emit_to(*m, type, encode_envelope(type));
        }
    }
    void broadcast(std::string_view type, sdk::json data) override {
        room_.emit_all(type, encode_envelope(type, data), nullptr);
    }
    void broadcast_encoded(std::string_view type, sdk::encoded_json data) override {
        room_.emit_all(type, encode_envelope(type, data), nullptr);
    }
    void broadcast_except(const sdk::player_id& except, std::string_view type,
                          sdk::json data) override {
        room_.emit_all(type, encode_envelope(type, data), room_.find_member(except));
    }
    void send_error(const sdk::player_id& to, const sdk::game_error& error) override {
        send_error(to, "error", error);
    }
    void send_error(const sdk::player_id& to, std::string_view type,
                    const sdk::game_error& error) override {
        if (member* m = room_.find_member(to)) {
            room_.emit_to(*m, type, encode_error(type, error.message, error.code));
            room_.metrics_.error_sent(error.code);
        }
    }
    sdk::timer_id schedule(sdk::millis delay, std::string tag) override {
        return room_.start_timer(timer_kind::game, std::move(tag), delay);
    }
    void cancel(sdk::timer_id id) override {
        auto it = room_.timers_.find(id);
        if (it == room_.timers_.end() || it->second.kind != timer_kind::game) return;
        room_.timers_.erase(it);
        room_.env_.cancel_timer(id);
    }
    void close_room() override { room_.close_requested_ = true; }
    void record(std::string_view kind, sdk::json record) override {
        room_.env_.record(kind, std::move(record));
    }
    void load_document(std::string_view collection, std::string key, std::string tag) override {
        const std::uint64_t request = room_.next_load_++;
        room_.loads_.emplace(request, std::move(tag));
        room_.env_.load_document(collection, std::move(key), request);
    }
    void update_document(std::string_view collection, std::string key,
                         sdk::document_change change) override {
        room_.env_.update_document(collection, std::move(key), std::move(change));
    }
    void kick(const sdk::player_id& player, std::string reason) override {
        room_.kicks_.emplace_back(player, std::move(reason));
    }
    const std::string& room_id() const override { return room_.id_; }

  private:
    room& room_;
};

namespace {

std::shared_ptr<const std::string> shared(std::string text) {
    return std::make_shared<const std::string>(std::move(text));
}

sdk::json client_id_payload(const std::string& id) {
    return sdk::json{{"clientId", id}};
}

}  // namespace

room::room(std::string id, const sdk::game_plugin& plugin, room_settings settings,
           room_environment& env, telemetry& metrics)
    : id_(std::move(id)),
      plugin_(plugin),
      settings_(settings),
      env_(env),
      metrics_(metrics),
      created_at_(env.now()),
      rng_(settings.seed),
      bot_rng_(settings.seed ^ 0x5bd1e9955bd1e995ULL),
      game_(plugin.create()),
      context_(std::make_unique<game_context>(*this)) {
    if (const int hz = plugin.info().tick_rate_hz; hz > 0) {
        tick_period_ = std::chrono::duration_cast<room_clock::duration>(
            std::chrono::nanoseconds{1'000'000'000 / hz});
    }
    metrics_.room_created(game_type());
}

room::~room() {
    if (!closed_.load()) metrics_.room_closed(game_type());
    if (!members_.empty())
        metrics_.members_changed(game_type(), -static_cast<long>(members_.size()));
}

// A game hook that throws (a bug, or input the game did not expect) must not take the server
// down: log it, count it, and report failure to the caller.
template <typename Hook>
bool room::guarded(std::string_view what, Hook&& hook) {
    try {
        hook();
        return true;
    } catch (const std::exception& e) {
        metrics_.game_exception();
        spdlog::error("room {} game {}: {} threw: {}", id_, game_type(), what, e.what());
        return false;
    }
}

sdk::status room::create(const sdk::json& options) {
    sdk::status result = sdk::ok();
    if (!guarded("on_create", [&] { result = game_->on_create(*context_, options); })) {
        result = sdk::fail(error_code::internal, "game options are invalid");
    }
    maybe_schedule_close();  // a room nobody joins closes after the grace
    flush();
    update_gauges();
    return result;
}

// A join or reconnect that reached the room after it closed (it was found just before).
room_reply room::refused_as_closed(std::string_view reply_type) {
    room_reply refused;
    refused.envelopes.push_back(make(
        reply_type, shared(encode_error(reply_type, "room is closed", error_code::room_closed))));
    metrics_.error_sent(error_code::room_closed);
    metrics_.message_out(reply_type, 1);
    return refused;
}

room_reply room::join(const std::string& client_id, std::shared_ptr<member_link> link,
                      const std::string& name, std::shared_ptr<const std::string> success_reply) {
    if (closed_) return refused_as_closed("join_room_result");
    const std::string* previous = requester_;
    requester_ = &client_id;
    member& joined = add_member(client_id, name, false, std::move(link));
    cancel_close();
    emit_all("client_joined", encode_envelope("client_joined", client_id_payload(client_id)),
             &joined);
    sdk::status result = sdk::ok();
    if (!guarded("on_join", [&] { result = game_->on_join(*context_, client_id, name, false); })) {
        result = sdk::fail(error_code::internal, "internal error");  // joined, but unseated
    }
    if (result) {
        emit_to(joined, "error", encode_error("error", result->message, result->code));
        metrics_.error_sent(result->code);
    }
    reply("join_room_result", std::move(success_reply));
    room_reply outcome = finish(true);
    requester_ = previous;
    return outcome;
}

room_reply room::leave(const std::string& client_id,
                       std::shared_ptr<const std::string> leave_reply) {
    const std::string* previous = requester_;
    requester_ = &client_id;
    if (find_member(client_id) && !closed_) {
        guarded("on_leave", [&] { game_->on_leave(*context_, client_id); });
    }
    remove_member(client_id);
    maybe_schedule_close();
    reply("leave_room_result", std::move(leave_reply));
    room_reply outcome = finish(true);
    requester_ = previous;
    return outcome;
}

void room::disconnect(const std::string& client_id) {
    member* m = find_member(client_id);
    if (!m) return;
    departed_names_[client_id] = m->name;
    remove_member(client_id);
    if (!closed_) guarded("on_disconnect", [&] { game_->on_disconnect(*context_, client_id); });
    maybe_schedule_close();
    finish(false);
}

room_reply room::reconnect(const std::string& new_id, std::shared_ptr<member_link> link,
                           const std::string& old_id,
                           std::shared_ptr<const std::string> success_reply) {
    if (closed_) return refused_as_closed("reconnect_result");
    const std::string* previous = requester_;
    requester_ = &new_id;
    std::string name;
    if (auto it = departed_names_.find(old_id); it != departed_names_.end()) name = it->second;
    member& joined = add_member(new_id, name, false, std::move(link));
    emit_all("client_joined", encode_envelope("client_joined", client_id_payload(new_id)), &joined);
    sdk::status result = sdk::ok();
    if (!guarded("on_reconnect",
                 [&] { result = game_->on_reconnect(*context_, old_id, new_id); })) {
        result = sdk::fail(error_code::internal, "internal error");
    }
    bool ok = !result;
    if (ok) {
        cancel_close();  // only now: a failed reconnect leaves a pending close as it was
        departed_names_.erase(old_id);
        reply("reconnect_result", std::move(success_reply));
    } else {
        // No half-done reconnect: the new connection leaves again and the session stays.
        remove_member(new_id);
        maybe_schedule_close();
        reply("reconnect_result",
              shared(encode_error("reconnect_result", result->message, result->code)));
        metrics_.error_sent(result->code);
    }
    room_reply outcome = finish(ok);
    requester_ = previous;
    return outcome;
}

room_reply room::action(const std::string& client_id, std::string_view type, const sdk::json& data,
                        std::string_view reply_type) {
    const std::string* previous = requester_;
    requester_ = &client_id;
    sdk::status result = sdk::ok();
    if (closed_) {
        result = sdk::fail(error_code::room_closed, "room is closed");
    } else if (!find_member(client_id)) {
        result = sdk::fail(error_code::not_in_room, "client is not in a room");
    } else if (!guarded("on_action",
                        [&] { result = game_->on_action(*context_, client_id, type, data); })) {
        result = sdk::fail(error_code::internal, "internal error");
    }
    if (result) {
        reply(reply_type, shared(encode_error(reply_type, result->message, result->code)));
        metrics_.error_sent(result->code);
    }
    room_reply outcome = finish(!result);
    requester_ = previous;
    return outcome;
}

room_reply room::add_bot(const std::string& client_id, std::string_view policy_name) {
    const std::string* previous = requester_;
    requester_ = &client_id;
    sdk::status result = sdk::ok();
    if (closed_) {
        result = sdk::fail(error_code::room_closed, "room is closed");
    } else if (!find_member(client_id)) {
        result = sdk::fail(error_code::not_in_room, "client is not in a room");
    } else {
        result = seat_bot(policy_name);
    }
    if (result) {
        reply("add_bot_result",
              shared(encode_error("add_bot_result", result->message, result->code)));
        metrics_.error_sent(result->code);
    } else {
        reply("add_bot_result", shared(encode_envelope("add_bot_result")));
    }
    room_reply outcome = finish(!result);
    requester_ = previous;
    return outcome;
}

sdk::status room::add_bots(int count, std::string_view policy_name) {
    sdk::status result = sdk::ok();
    for (int i = 0; i < count && !result; ++i) result = seat_bot(policy_name);
    finish(!result);
    return result;
}

sdk::status room::seat_bot(std::string_view policy_name) {
    if (closed_) return sdk::fail(error_code::room_closed, "room is closed");
    if (!plugin_.info().supports_bots) {
        return sdk::fail(error_code::bots_unsupported, "game does not support bots");
    }
    sdk::status result = sdk::ok();
    if (!guarded("can_add_bot", [&] { result = game_->can_add_bot(*context_); })) {
        return sdk::fail(error_code::internal, "internal error");
    }
    if (result) return result;
    std::shared_ptr<const sdk::bot_policy> policy = plugin_.bot(policy_name);
    if (!policy) return sdk::fail(error_code::bad_request, "unknown bot policy");

    const std::string bot_id = uuid_from(bot_rng_);
    const std::string name = plugin_.bot_name(bot_rng_);
    auto player = std::make_shared<room_bot_link>(
        *this, bot_id, std::move(policy), bot_rng_,
        [this](milliseconds asked, sdk::rng&) { return clamp_think(asked); },
        tick_period_ == room_clock::duration::zero());
    member& bot = add_member(bot_id, name, true, player);
    bot.bot_player = player;
    emit_all("client_joined", encode_envelope("client_joined", client_id_payload(bot_id)), &bot);
    if (!guarded("on_join", [&] { result = game_->on_join(*context_, bot_id, name, true); })) {
        result = sdk::fail(error_code::internal, "internal error");
    }
    if (result) {
        remove_member(bot_id);  // a bot that cannot take a seat would only watch
    } else {
        player->start();  // it decides once the join's envelopes reach it
    }
    return result;
}

void room::close() {
    do_close();
    update_gauges();
}

void room::fire_timer(std::uint64_t key) {
    auto it = timers_.find(key);
    if (it == timers_.end() || closed_) return;  // cancelled meanwhile
    timer_entry entry = std::move(it->second);
    timers_.erase(it);
    switch (entry.kind) {
        case timer_kind::game:
            guarded("on_timer", [&] { game_->on_timer(*context_, entry.tag); });
            break;
        case timer_kind::close:
            close_timer_.reset();
            if (!has_humans()) {
                if (bots_still_playing()) {
                    maybe_schedule_close();  // look again after another grace
                    break;
                }
                do_close();
                update_gauges();
                return;
            }
            break;
        case timer_kind::bot:
            run_bot(entry.tag);
            break;
        case timer_kind::tick:
            tick_timer_.reset();
            run_due_ticks();
            break;
    }
    finish(false);
}

void room::document_loaded(std::uint64_t request, sdk::loaded_document result) {
    auto it = loads_.find(request);
    if (it == loads_.end() || closed_) return;
    const std::string tag = std::move(it->second);
    loads_.erase(it);
    guarded("on_loaded", [&] { game_->on_loaded(*context_, tag, result); });
    finish(false);
}

sdk::json room::describe() const {
    sdk::json members = sdk::json::array();
    for (const auto& m : members_) {
        members.push_back({{"clientId", m->id}, {"name", m->name}, {"bot", m->bot}});
    }
    sdk::json state;
    try {
        state = game_->view_for({});
    } catch (const std::exception& e) {
        state = nullptr;
    }
    const auto age =
        std::chrono::duration_cast<std::chrono::milliseconds>(env_.now() - created_at_);
    return sdk::json{{"roomId", id_},
                     {"gameType", game_type()},
                     {"playerCount", members_.size()},
                     {"started", started()},
                     {"over", game_->is_over()},
                     {"closed", is_closed()},
                     {"ageMs", age.count()},
                     {"seed", settings_.seed},
                     {"members", std::move(members)},
                     {"state", std::move(state)}};
}

sdk::json room::game_snapshot() const {
    try {
        return game_->snapshot();
    } catch (const std::exception&) {
        return nullptr;  // a game that cannot snapshot itself shows none
    }
}

std::vector<member_info> room::members() const {
    std::vector<member_info> out;
    out.reserve(members_.size());
    for (const auto& m : members_) out.push_back({m->id, m->name, m->bot});
    return out;
}

room::member* room::find_member(const std::string& id) {
    for (auto& m : members_) {
        if (m->id == id) return m.get();
    }
    return nullptr;
}

room::member& room::add_member(const std::string& id, std::string name, bool bot,
                               std::shared_ptr<member_link> link) {
    // A client id is in a room at most once; a stale entry (same id) is replaced.
    if (find_member(id)) remove_member(id);
    auto m = std::make_unique<member>();
    m->id = id;
    m->name = std::move(name);
    m->bot = bot;
    m->link = std::move(link);
    members_.push_back(std::move(m));
    metrics_.members_changed(game_type(), 1);
    return *members_.back();
}

void room::remove_member(const std::string& id) {
    auto it =
        std::find_if(members_.begin(), members_.end(), [&](const auto& m) { return m->id == id; });
    if (it == members_.end()) return;
    std::unique_ptr<member> gone = std::move(*it);
    members_.erase(it);
    metrics_.members_changed(game_type(), -1);
    if (gone->bot_timer) {
        timers_.erase(*gone->bot_timer);
        env_.cancel_timer(*gone->bot_timer);
    }
    if (gone->link && !gone->pending.empty()) gone->link->deliver(std::move(gone->pending));
    if (!gone->bot) {
        emit_all("client_left", encode_envelope("client_left", client_id_payload(id)), nullptr);
    }
}

bool room::has_humans() const {
    return std::any_of(members_.begin(), members_.end(), [](const auto& m) { return !m->bot; });
}

// Bots alone may finish the game in progress (a room of bots plays to the end by itself), but
// not start another one: the room closes a grace after that game ends.
bool room::bots_still_playing() {
    const bool any_bot =
        std::any_of(members_.begin(), members_.end(), [](const auto& m) { return m->bot; });
    if (!any_bot || unattended_game_ended_) return false;
    // A game that never ends (or stalls) must not keep the room forever.
    if (unattended_since_ && env_.now() - *unattended_since_ >= settings_.bots_only_limit) {
        return false;
    }
    bool in_progress = false;
    guarded("is_started", [&] { in_progress = game_->is_started() && !game_->is_over(); });
    return in_progress;
}

// After every operation: an unattended game that just ended gets a full grace for anyone
// watching (REST, the lobby) to see the result before the room closes.
void room::watch_unattended_end() {
    if (has_humans()) {
        unattended_game_ended_ = false;
        unattended_since_.reset();
        return;
    }
    if (!unattended_since_) unattended_since_ = env_.now();
    if (unattended_game_ended_) return;
    bool over = false;
    guarded("is_over", [&] { over = game_->is_over(); });
    if (!over) return;
    unattended_game_ended_ = true;
    cancel_close();
    maybe_schedule_close();
}

void room::maybe_schedule_close() {
    if (closed_ || close_timer_ || has_humans()) return;
    close_timer_ = start_timer(timer_kind::close, {}, settings_.close_grace);
}

void room::cancel_close() {
    if (!close_timer_) return;
    timers_.erase(*close_timer_);
    env_.cancel_timer(*close_timer_);
    close_timer_.reset();
}

void room::do_close() {
    if (closed_.exchange(true)) return;
    for (const auto& [key, entry] : timers_) env_.cancel_timer(key);
    timers_.clear();
    close_timer_.reset();
    tick_timer_.reset();
    emit_all("room_closed", encode_envelope("room_closed", sdk::json{{"roomId", id_}}), nullptr);
    flush();
    // Members leave the closed room and stay connected (they may join another).
    for (const auto& m : members_) {
        if (m->link) m->link->left_room(id_);
    }
    metrics_.members_changed(game_type(), -static_cast<long>(members_.size()));
    members_.clear();
    metrics_.room_closed(game_type());
    env_.closed();
}

std::size_t room::queue_to(member& m, const outbound& message) {
    if (requester_ && m.id == *requester_) {
        requester_batch_.push_back(message);
    } else {
        m.pending.push_back(message);
    }
    return m.bot ? 0 : 1;
}

std::size_t room::queue_all(const outbound& message, const member* except) {
    std::size_t delivered = 0;
    for (auto& m : members_) {
        if (m.get() != except) delivered += queue_to(*m, message);
    }
    return delivered;
}

// Envelopes are counted per connection that receives them (bots have none).
void room::emit_to(member& m, std::string_view type, std::string payload) {
    metrics_.message_out(type, queue_to(m, make(type, shared(std::move(payload)))));
}

void room::emit_all(std::string_view type, std::string payload, const member* except) {
    metrics_.message_out(type, queue_all(make(type, shared(std::move(payload))), except));
}

void room::reply(std::string_view type, std::shared_ptr<const std::string> payload) {
    metrics_.message_out(type, 1);
    requester_batch_.push_back(make(type, std::move(payload)));
}

outbound room::make(std::string_view type, std::shared_ptr<const std::string> payload) {
    return outbound{std::move(payload), type == "game_state"};
}

// Runs before an operation clears requester_: a close the game requested reaches the requester
// in its reply, after its game events, instead of overtaking them on its link.
room_reply room::finish(bool ok) {
    apply_kicks();
    if (close_requested_ && !closed_) {
        close_requested_ = false;
        do_close();
    }
    if (!closed_) {
        update_ticking();
        watch_unattended_end();
    }
    update_gauges();
    room_reply reply;
    reply.ok = ok;
    reply.envelopes = std::move(requester_batch_);
    requester_batch_.clear();
    flush();
    return reply;
}

void room::flush() {
    for (auto& m : members_) {
        if (m->pending.empty()) continue;
        if (m->link) m->link->deliver(std::move(m->pending));
        m->pending.clear();
    }
}

std::uint64_t room::start_timer(timer_kind kind, std::string tag, milliseconds delay) {
    const std::uint64_t key = next_timer_key_++;
    timers_.emplace(key, timer_entry{kind, std::move(tag)});
    env_.start_timer(key, std::max(delay, milliseconds{0}));
    return key;
}

// What a client's message would do through the router: a game verb (answered with `error` on
// refusal) or game_action (answered with game_action_result), the game's events first.
void room::bot_sent(const std::string& bot_id, const sdk::json& envelope) {
    member* bot = find_member(bot_id);
    const auto type_it = envelope.find("type");
    if (!bot || closed_ || type_it == envelope.end() || !type_it->is_string()) return;
    const std::string type = type_it->get<std::string>();
    const auto data_it = envelope.find("data");
    const sdk::json& data = data_it == envelope.end() ? sdk::absent_data() : *data_it;
    const std::string_view reply_type = type == "game_action" ? "game_action_result" : "error";
    sdk::status result = sdk::ok();
    if (!guarded("bot on_action",
                 [&] { result = game_->on_action(*context_, bot_id, type, data); })) {
        result = sdk::fail(error_code::internal, "internal error");
    }
    metrics_.bot_action(!result);
    if (!result) return;
    spdlog::debug("room {} bot {}: {} refused: {}", id_, bot_id, type, result->message);
    if (member* still = find_member(bot_id)) {
        emit_to(*still, reply_type, encode_error(reply_type, result->message, result->code));
        metrics_.error_sent(result->code);
    }
}

void room::start_bot_think(const std::string& bot_id, milliseconds delay) {
    member* bot = find_member(bot_id);
    if (!bot || closed_) return;  // gone (its last envelopes still reach it) or closing
    cancel_bot_think(bot_id);
    bot->bot_timer = start_timer(timer_kind::bot, bot_id, delay);
}

void room::cancel_bot_think(const std::string& bot_id) {
    member* bot = find_member(bot_id);
    if (!bot || !bot->bot_timer) return;
    timers_.erase(*bot->bot_timer);
    env_.cancel_timer(*bot->bot_timer);
    bot->bot_timer.reset();
}

void room::run_bot(const std::string& bot_id) {
    member* bot = find_member(bot_id);
    if (!bot || !bot->bot_player) return;
    bot->bot_timer.reset();
    std::shared_ptr<room_bot_link> player = bot->bot_player;  // its action may remove it
    player->think();
}

// Turn-based bots think at least bots.think_min (people must see the moves); real-time bots
// react within a tick, so only the upper bound applies to them.
milliseconds room::clamp_think(milliseconds think) const {
    const milliseconds low =
        tick_period_ == room_clock::duration::zero() ? settings_.bot_think_min : milliseconds{0};
    return std::clamp(think, low, std::max(low, settings_.bot_think_max));
}

void room::apply_kicks() {
    for (auto& [id, reason] : std::exchange(kicks_, {})) {
        member* m = find_member(id);
        departed_names_.erase(id);  // no seat to come back to
        if (!m) continue;
        std::shared_ptr<member_link> link = m->link;
        remove_member(id);  // delivers what it was sent during the hook, then client_left
        if (link) link->kicked(id_, reason);
    }
}

bool room::wants_ticks() {
    if (tick_period_ == room_clock::duration::zero() || closed_) return false;
    bool running = false;
    guarded("is_started", [&] { running = game_->is_started() && !game_->is_over(); });
    return running;
}

// Starts the loop when the game starts; stops it (so a later restart begins a fresh schedule)
// once the game is over.
void room::update_ticking() {
    const bool wanted = wants_ticks();
    if (tick_timer_ && !wanted) {
        timers_.erase(*tick_timer_);
        env_.cancel_timer(*tick_timer_);
        tick_timer_.reset();
    }
    if (tick_timer_ || !wanted) return;
    tick_origin_ = env_.now();
    ticks_run_ = 0;
    arm_next_tick();
}

// Tick n is due at origin + n·period, whenever the previous one ran: the schedule never
// drifts. A timer that fires late runs every tick that fell due, each as its own simulation
// step, and tells the game how many more follow so that it broadcasts only the last.
void room::run_due_ticks() {
    const std::uint64_t due =
        static_cast<std::uint64_t>((env_.now() - tick_origin_) / tick_period_);
    std::uint64_t run = 0;
    const std::uint64_t late = due > ticks_run_ ? due - ticks_run_ - 1 : 0;
    while (ticks_run_ < due && wants_ticks()) {
        ++ticks_run_;
        ++run;
        guarded("on_tick", [&] { game_->on_tick(*context_, ticks_run_, due - ticks_run_); });
    }
    if (run > 0) metrics_.ticks(game_type(), run, late);
    if (late > 0) {
        spdlog::debug("room {} game {}: {} ticks late, caught up", id_, game_type(), late);
    }
    if (wants_ticks()) arm_next_tick();
}

void room::arm_next_tick() {
    const room_clock::time_point next = tick_origin_ + tick_period_ * (ticks_run_ + 1);
    const auto delay = std::chrono::ceil<milliseconds>(next - env_.now());
    tick_timer_ = start_timer(timer_kind::tick, {}, delay);
}

void room::update_gauges() {
    member_count_.store(static_cast<int>(members_.size()), std::memory_order_relaxed);
    bool started = false;
    guarded("is_started", [&] { started = game_->is_started(); });
    started_.store(started, std::memory_order_relaxed);
}

}  // namespace gameserver::core
