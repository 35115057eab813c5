// A test-only room for driving one game without a server: a virtual clock with timers and ticks,
// a seeded engine, a recorded outbox, recorded results and membership. Every input it feeds the
// game is logged, so a run can be replayed into a fresh game and compared byte for byte.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gameserver/sdk/sdk.hpp"

namespace gameserver::games::testkit {

// One envelope the game asked to send. Broadcasts are expanded: one entry per connected member,
// in member order (so a test can assert what each player got); only while the harness has no
// members at all does a broadcast appear once with `to` "*". Direct sends are recorded whether or
// not the recipient is a member: they show what the game addressed, not what a socket got.
struct outbound {
    std::string to;
    std::string except;  // broadcast_except's excluded id, "" otherwise
    std::string type;
    std::string data;  // data.dump(); "" when has_data is false
    bool has_data = false;
    std::string error;  // send_error only: the message and the wire code
    std::string code;

    friend bool operator==(const outbound&, const outbound&) = default;
    friend std::ostream& operator<<(std::ostream& out, const outbound& o) {
        out << "{to=" << o.to;
        if (!o.except.empty()) out << " except=" << o.except;
        out << " type=" << o.type;
        if (o.has_data) out << " data=" << o.data;
        if (!o.error.empty() || !o.code.empty()) out << " error=" << o.error << " code=" << o.code;
        return out << "}";
    }
};

// A context::record() call.
struct recorded {
    std::string kind;
    std::string data;  // record.dump()

    friend bool operator==(const recorded&, const recorded&) = default;
    friend std::ostream& operator<<(std::ostream& out, const recorded& r) {
        return out << "{kind=" << r.kind << " data=" << r.data << "}";
    }
};

// A context::kick() call.
struct kicked {
    sdk::player_id player;
    std::string reason;

    friend bool operator==(const kicked&, const kicked&) = default;
};

// One call the harness made into the game (or a clock advance), replayable with apply().
struct input {
    enum class kind { create, join, leave, disconnect, reconnect, action, advance };
    kind what = kind::action;
    sdk::player_id player;  // reconnect: the old id
    sdk::player_id other;   // reconnect: the new id
    std::string text;       // join: the name; action: the type
    sdk::json data;         // create: the options; action: the data
    bool is_bot = false;
    sdk::millis delay{0};  // advance

    friend bool operator==(const input&, const input&) = default;
};

// "ok" or "CODE: message", for comparing and printing statuses.
inline std::string describe(const sdk::status& status) {
    if (!status) return "ok";
    return std::string(sdk::to_string(status->code)) + ": " + status->message;
}

class harness final : public sdk::context {
  public:
    explicit harness(std::uint64_t seed = 1, std::string room_id = "room-1")
        : seed_(seed),
          random_(seed),
          bot_random_(seed ^ 0x5eedb075u),
          room_id_(std::move(room_id)) {}

    harness(const harness&) = delete;
    harness& operator=(const harness&) = delete;

    // The game that timers and ticks fire into (not owned; must outlive the harness's use).
    // A real-time game passes its tick rate: ticks then interleave with timers on the clock.
    void attach(sdk::game& game, int tick_rate_hz = 0) {
        game_ = &game;
        tick_period_ =
            tick_rate_hz > 0 ? sdk::millis{std::max(1, 1000 / tick_rate_hz)} : sdk::millis{0};
        if (tick_period_.count() > 0) push_event(now_ + tick_period_, 0, {}, true);
    }

    // ---- driving the game, as the room would; every call is logged in inputs() ----

    sdk::status create(const sdk::json& options = nullptr) {
        log({input::kind::create, {}, {}, {}, options, false, {}});
        return target().on_create(*this, options);
    }
    // The member joins first, so the game's broadcasts reach it; an error leaves it a member
    // (a spectator), as the server does.
    sdk::status join(const sdk::player_id& player, const std::string& name = "Player",
                     bool is_bot = false) {
        log({input::kind::join, player, {}, name, {}, is_bot, {}});
        add_member(player);
        return target().on_join(*this, player, name, is_bot);
    }
    // The leaver is still a member while the hook runs, then is removed.
    void leave(const sdk::player_id& player) {
        log({input::kind::leave, player, {}, {}, {}, false, {}});
        target().on_leave(*this, player);
        remove_member(player);
    }
    // The member stays but stops receiving broadcasts until a reconnect takes its seat.
    void disconnect(const sdk::player_id& player) {
        log({input::kind::disconnect, player, {}, {}, {}, false, {}});
        set_connected(player, false);
        target().on_disconnect(*this, player);
    }
    // The new id joins before the hook (it gets the hook's broadcasts); on success the old id
    // leaves the member list, on error the new one does.
    sdk::status reconnect(const sdk::player_id& old_id, const sdk::player_id& new_id) {
        log({input::kind::reconnect, old_id, new_id, {}, {}, false, {}});
        const bool was_member = is_member(new_id);
        add_member(new_id);
        auto status = target().on_reconnect(*this, old_id, new_id);
        if (status) {
            if (!was_member) remove_member(new_id);
        } else if (old_id != new_id) {
            remove_member(old_id);
        }
        return status;
    }
    sdk::status act(const sdk::player_id& player, std::string_view type,
                    const sdk::json& data = nullptr) {
        log({input::kind::action, player, {}, std::string(type), data, false, {}});
        auto status = target().on_action(*this, player, type, data);
        settle();
        return status;
    }
    // Moves the clock forward, firing every due timer and tick in time order (FIFO among equal
    // times), including ones scheduled while firing.
    void advance(sdk::millis duration) {
        log({input::kind::advance, {}, {}, {}, {}, false, duration});
        deliver_loads();
        const sdk::millis until = now_ + std::max(duration, sdk::millis{0});
        while (auto due = next_due()) {
            if (*due > until) break;
            fire_next();
        }
        now_ = until;
    }
    // Answers every pending load_document() from documents() (as storage would, a little later).
    // advance() does this first; a test may call it to answer loads without moving the clock.
    void deliver_loads() {
        while (!loads_.empty()) {
            pending_load load = std::move(loads_.front());
            loads_.erase(loads_.begin());
            sdk::loaded_document result;
            if (fail_loads) {
                result.ok = false;
            } else if (auto it = documents_.find({load.collection, load.key});
                       it != documents_.end()) {
                result.document = it->second;
            }
            target().on_loaded(*this, load.tag, result);
            settle();
        }
    }
    // Advances exactly to the next timer or tick and fires it; false when nothing is pending.
    bool advance_to_next() {
        deliver_loads();
        const auto due = next_due();
        if (!due) return false;
        advance(*due - now_);
        return true;
    }
    // Replays one logged input.
    sdk::status apply(const input& in) {
        switch (in.what) {
            case input::kind::create:
                return create(in.data);
            case input::kind::join:
                return join(in.player, in.text, in.is_bot);
            case input::kind::leave:
                leave(in.player);
                return sdk::ok();
            case input::kind::disconnect:
                disconnect(in.player);
                return sdk::ok();
            case input::kind::reconnect:
                return reconnect(in.player, in.other);
            case input::kind::action:
                return act(in.player, in.text, in.data);
            case input::kind::advance:
                advance(in.delay);
                return sdk::ok();
        }
        return sdk::ok();
    }

    // ---- membership (join/leave/reconnect keep it up to date; tests may also edit it) ----

    void add_member(const sdk::player_id& player) {
        if (auto* m = find_member(player)) {
            m->connected = true;
            return;
        }
        members_.push_back({player, true});
    }
    void remove_member(const sdk::player_id& player) {
        std::erase_if(members_, [&](const member& m) { return m.id == player; });
    }
    void set_connected(const sdk::player_id& player, bool connected) {
        if (auto* m = find_member(player)) m->connected = connected;
    }
    bool is_member(const sdk::player_id& player) const {
        return std::any_of(members_.begin(), members_.end(),
                           [&](const member& m) { return m.id == player; });
    }
    std::vector<sdk::player_id> members() const {
        std::vector<sdk::player_id> ids;
        for (const auto& m : members_) ids.push_back(m.id);
        return ids;
    }

    // ---- what the game did ----

    const std::vector<outbound>& outbox() const { return outbox_; }
    // The outbox so far, which is then emptied (the full history stays in history()).
    std::vector<outbound> take() { return std::exchange(outbox_, {}); }
    const std::vector<outbound>& history() const { return history_; }
    std::vector<outbound> sent_to(const sdk::player_id& player) const {
        std::vector<outbound> result;
        for (const auto& o : outbox_) {
            if (o.to == player) result.push_back(o);
        }
        return result;
    }
    const std::vector<recorded>& records() const { return records_; }
    // Every broadcast_encoded payload's text, in order.
    const std::vector<std::string>& encoded() const { return encoded_; }
    const std::vector<input>& inputs() const { return inputs_; }
    const std::vector<kicked>& kicks() const { return kicks_; }
    // The document store behind load_document/update_document, by (collection, key).
    std::map<std::pair<std::string, std::string>, sdk::json>& documents() { return documents_; }
    std::size_t pending_loads() const { return loads_.size(); }
    // When set, loads answer `ok: false` (a failing storage).
    bool fail_loads = false;
    bool closed() const { return closed_; }
    // Timers scheduled and not yet fired or cancelled (ticks not counted).
    std::size_t pending_timers() const {
        return static_cast<std::size_t>(
            std::count_if(events_.begin(), events_.end(), [](const event& e) { return !e.tick; }));
    }
    std::uint64_t seed() const { return seed_; }
    std::uint64_t ticks() const { return tick_; }
    // A second engine for bot policies, so that what bots draw never shifts the room's engine
    // (a replay that feeds logged actions, without asking the bots, then sees the same numbers).
    sdk::rng& bot_random() { return bot_random_; }
    sdk::rng bot_random_copy() const { return bot_random_; }

    // ---- sdk::context ----

    sdk::millis now() const override { return now_; }
    sdk::rng& random() override { return random_; }

    void send(const sdk::player_id& to, std::string_view type, sdk::json data) override {
        push({to, {}, std::string(type), dump(data), true, {}, {}});
    }
    void send(const sdk::player_id& to, std::string_view type) override {
        push({to, {}, std::string(type), {}, false, {}, {}});
    }
    void broadcast(std::string_view type, sdk::json data) override {
        fan_out({}, type, dump(data));
    }
    // The text is kept as the game wrote it, for tests that compare it with the room's encoding
    // of the game's tree; the broadcast itself is recorded like any other.
    void broadcast_encoded(std::string_view type, sdk::encoded_json data) override {
        encoded_.push_back(data.text);
        broadcast(type, sdk::json::parse(data.text));
    }
    void broadcast_except(const sdk::player_id& except, std::string_view type,
                          sdk::json data) override {
        fan_out(except, type, dump(data));
    }
    void send_error(const sdk::player_id& to, const sdk::game_error& error) override {
        send_error(to, "error", error);
    }
    void send_error(const sdk::player_id& to, std::string_view type,
                    const sdk::game_error& error) override {
        push({to,
              {},
              std::string(type),
              {},
              false,
              error.message,
              std::string(sdk::to_string(error.code))});
    }

    sdk::timer_id schedule(sdk::millis delay, std::string tag) override {
        const sdk::timer_id id = ++last_timer_;
        push_event(now_ + std::max(delay, sdk::millis{0}), id, std::move(tag), false);
        return id;
    }
    void cancel(sdk::timer_id id) override {
        std::erase_if(events_, [&](const event& e) { return !e.tick && e.id == id; });
    }

    void close_room() override { closed_ = true; }
    void record(std::string_view kind, sdk::json record) override {
        records_.push_back({std::string(kind), dump(record)});
    }
    void load_document(std::string_view collection, std::string key, std::string tag) override {
        loads_.push_back({std::string(collection), std::move(key), std::move(tag)});
    }
    void update_document(std::string_view collection, std::string key,
                         sdk::document_change change) override {
        auto& stored = documents_[{std::string(collection), std::move(key)}];
        stored = change(stored);
    }
    // Like the room, the member leaves after the current hook returns.
    void kick(const sdk::player_id& player, std::string reason) override {
        pending_kicks_.push_back({player, std::move(reason)});
    }
    const std::string& room_id() const override { return room_id_; }

  private:
    struct pending_load {
        std::string collection;
        std::string key;
        std::string tag;
    };

    void settle() {
        for (auto& k : std::exchange(pending_kicks_, {})) {
            remove_member(k.player);
            kicks_.push_back(std::move(k));
        }
    }

    struct member {
        sdk::player_id id;
        bool connected = true;
    };
    struct event {
        sdk::millis due;
        std::uint64_t seq;  // FIFO among equal due times
        sdk::timer_id id;
        std::string tag;
        bool tick;
    };

    static std::string dump(const sdk::json& value) {
        return value.dump(-1, ' ', false, sdk::json::error_handler_t::replace);
    }

    sdk::game& target() {
        assert(game_ != nullptr && "harness::attach() a game first");
        return *game_;
    }
    void log(input in) { inputs_.push_back(std::move(in)); }
    void push(outbound o) {
        history_.push_back(o);
        outbox_.push_back(std::move(o));
    }
    void fan_out(const sdk::player_id& except, std::string_view type, std::string data) {
        if (members_.empty()) {
            push({"*", except, std::string(type), std::move(data), true, {}, {}});
            return;
        }
        for (const auto& m : members_) {
            if (m.connected && m.id != except)
                push({m.id, except, std::string(type), data, true, {}, {}});
        }
    }
    member* find_member(const sdk::player_id& player) {
        const auto it = std::find_if(members_.begin(), members_.end(),
                                     [&](const member& m) { return m.id == player; });
        return it == members_.end() ? nullptr : &*it;
    }

    void push_event(sdk::millis due, sdk::timer_id id, std::string tag, bool tick) {
        events_.push_back({due, ++last_seq_, id, std::move(tag), tick});
    }
    std::vector<event>::iterator earliest() {
        return std::min_element(events_.begin(), events_.end(), [](const event& a, const event& b) {
            return a.due != b.due ? a.due < b.due : a.seq < b.seq;
        });
    }
    std::optional<sdk::millis> next_due() {
        if (events_.empty()) return std::nullopt;
        return earliest()->due;
    }
    void fire_next() {
        const auto it = earliest();
        event e = std::move(*it);
        events_.erase(it);
        now_ = e.due;
        if (e.tick) {
            push_event(e.due + tick_period_, 0, {}, true);
            target().on_tick(*this, ++tick_, 0);
        } else {
            target().on_timer(*this, e.tag);
        }
        settle();
    }

    std::uint64_t seed_;
    sdk::rng random_;
    sdk::rng bot_random_;
    std::string room_id_;
    sdk::game* game_ = nullptr;
    sdk::millis now_{0};
    sdk::millis tick_period_{0};
    std::uint64_t tick_ = 0;
    std::vector<event> events_;
    sdk::timer_id last_timer_ = 0;
    std::uint64_t last_seq_ = 0;
    std::vector<member> members_;
    std::vector<outbound> outbox_;
    std::vector<outbound> history_;
    std::vector<recorded> records_;
    std::vector<std::string> encoded_;
    std::vector<input> inputs_;
    std::vector<pending_load> loads_;
    std::map<std::pair<std::string, std::string>, sdk::json> documents_;
    std::vector<kicked> pending_kicks_;
    std::vector<kicked> kicks_;
    bool closed_ = false;
};

}  // namespace gameserver::games::testkit
