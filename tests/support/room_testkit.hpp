// Test doubles for driving a core::room without sockets or real time: a room_environment on a
// virtual clock and a member_link that records what a connection would have received.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "gameserver/core/json_codec.hpp"
#include "gameserver/core/room.hpp"
#include "gameserver/core/storage.hpp"

namespace gameserver::core::testkit {

using namespace std::chrono_literals;
using sdk::json;

// A room_environment on a virtual clock: timers fire only when a test advances time.
class virtual_environment final : public room_environment {
  public:
    struct record_call {
        std::string kind;
        json data;
    };

    void attach(room& r) { room_ = &r; }

    room_clock::time_point now() const override { return now_; }
    void start_timer(std::uint64_t key, milliseconds delay) override {
        timers_.push_back({now_ + delay, next_order_++, key});
    }
    void cancel_timer(std::uint64_t key) override {
        std::erase_if(timers_, [&](const pending& t) { return t.key == key; });
    }
    void record(std::string_view kind, json data) override {
        records.push_back({std::string(kind), std::move(data)});
    }
    void closed() override {
        ++closed_calls;
        closed_at = elapsed();
    }
    // Documents live in a memory storage; a load is answered when the test calls
    // deliver_loads() or advances the clock (as a real storage answers a little later).
    void load_document(std::string_view collection, std::string key,
                       std::uint64_t request) override {
        loads_.push_back({std::string(collection), std::move(key), request});
    }
    void update_document(std::string_view collection, std::string key,
                         sdk::document_change change) override {
        store->update_document(std::string(collection), key, std::move(change));
    }
    void deliver_loads() {
        for (auto& load : std::exchange(loads_, {})) {
            store->load_document(load.collection, load.key, [&](sdk::loaded_document result) {
                if (room_) room_->document_loaded(load.request, std::move(result));
            });
        }
    }

    // Moves the clock forward by `by`, firing every timer that falls due on the way in due order
    // (ties in start order), including timers started while firing.
    void advance(milliseconds by) {
        deliver_loads();
        const room_clock::time_point until = now_ + by;
        for (;;) {
            auto next = std::min_element(
                timers_.begin(), timers_.end(), [](const pending& a, const pending& b) {
                    return std::tie(a.due, a.order) < std::tie(b.due, b.order);
                });
            if (next == timers_.end() || next->due > until) break;
            now_ = next->due;
            const std::uint64_t key = next->key;
            timers_.erase(next);
            if (room_) room_->fire_timer(key);
        }
        now_ = until;
    }

    // The strand is busy for `by`: every timer falling due meanwhile fires only at its end.
    void stall_timers(milliseconds by) {
        for (auto& t : timers_) t.due = std::max(t.due, now_ + by);
    }

    std::size_t pending_timers() const { return timers_.size(); }
    milliseconds elapsed() const { return std::chrono::duration_cast<milliseconds>(now_ - start_); }

    std::vector<record_call> records;
    std::unique_ptr<storage> store = make_memory_storage();
    int closed_calls = 0;
    milliseconds closed_at{-1};

  private:
    struct pending {
        room_clock::time_point due;
        std::uint64_t order;
        std::uint64_t key;
    };

    struct pending_load {
        std::string collection;
        std::string key;
        std::uint64_t request;
    };

    room* room_ = nullptr;
    std::vector<pending_load> loads_;
    const room_clock::time_point start_ = room_clock::time_point{} + 1h;
    room_clock::time_point now_ = start_;
    std::vector<pending> timers_;
    std::uint64_t next_order_ = 0;
};

inline std::vector<json> parse(const outbound_batch& batch) {
    std::vector<json> out;
    for (const outbound& message : batch) {
        json envelope = json::parse(*message.payload);
        // Only a `game_state` may be replaced by a newer one in a connection's outbox.
        EXPECT_EQ(message.full_state, envelope.at("type") == "game_state") << envelope.dump();
        out.push_back(std::move(envelope));
    }
    return out;
}

inline std::vector<std::string> types_of(const std::vector<json>& envelopes) {
    std::vector<std::string> out;
    for (const json& e : envelopes) out.push_back(e.at("type").get<std::string>());
    return out;
}

// Records every batch a member's connection would have received, parsed.
class recording_link final : public member_link {
  public:
    void deliver(outbound_batch batch) override {
        EXPECT_FALSE(batch.empty()) << "a room never delivers an empty batch";
        batches.push_back(parse(batch));
    }
    void left_room(const std::string& room_id) override { left.push_back(room_id); }
    void kicked(const std::string& room_id, const std::string& reason) override {
        kicks.push_back(room_id + ":" + reason);
    }

    std::vector<json> all() const {
        std::vector<json> out;
        for (const auto& batch : batches) out.insert(out.end(), batch.begin(), batch.end());
        return out;
    }
    std::vector<std::string> types() const { return types_of(all()); }
    void clear() {
        batches.clear();
        left.clear();
        kicks.clear();
    }

    std::vector<std::vector<json>> batches;
    std::vector<std::string> left;
    std::vector<std::string> kicks;  // "room:reason"
};

// A room with its virtual environment and a recording link per member it was given.
class test_room {
  public:
    explicit test_room(const sdk::game_plugin& plugin, room_settings settings = {},
                       const json& options = json::object())
        : room_("room-1", plugin, settings, env_, null_telemetry()) {
        env_.attach(room_);
        EXPECT_FALSE(room_.create(options));
    }

    room* operator->() { return &room_; }
    room& get() { return room_; }
    virtual_environment& env() { return env_; }
    recording_link& link(const std::string& id) { return *links_.at(id); }
    void clear_links() {
        for (auto& [id, l] : links_) l->clear();
    }

    room_reply join(const std::string& id, const std::string& name = "player") {
        auto l = std::make_shared<recording_link>();
        links_[id] = l;
        success_reply = std::make_shared<const std::string>(
            encode_envelope("join_room_result", json{{"clientId", id}, {"roomId", room_.id()}}));
        return room_.join(id, l, name, success_reply);
    }
    room_reply reconnect(const std::string& new_id, const std::string& old_id) {
        auto l = std::make_shared<recording_link>();
        links_[new_id] = l;
        success_reply = std::make_shared<const std::string>(encode_envelope(
            "reconnect_result", json{{"roomId", room_.id()}, {"clientId", new_id}}));
        return room_.reconnect(new_id, l, old_id, success_reply);
    }
    room_reply leave(const std::string& id) {
        success_reply = std::make_shared<const std::string>(encode_envelope("leave_room_result"));
        return room_.leave(id, success_reply);
    }

    std::vector<std::string> member_ids() const {
        std::vector<std::string> out;
        for (const auto& m : room_.members()) out.push_back(m.id);
        return out;
    }

    // The game as the room sees it (its public view).
    json state() const { return room_.describe().at("state"); }
    std::string bot_id() const {
        for (const auto& m : room_.members()) {
            if (m.bot) return m.id;
        }
        return {};
    }

    // The last success reply handed to the room (the reply must end with this very payload).
    std::shared_ptr<const std::string> success_reply;

  private:
    virtual_environment env_;  // before room_: it must outlive the room
    room room_;
    std::map<std::string, std::shared_ptr<recording_link>> links_;
};

}  // namespace gameserver::core::testkit
