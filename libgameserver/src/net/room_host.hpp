// Runs one core::room as an actor on one event loop: every call and every steady timer runs on
// executor(). Others reach the room only by posting to executor(); nothing hands out references
// to its state. The loop is an io_context run by exactly one thread (io_pool), so its executor
// already runs handlers one at a time, in order: a strand on top would only add a lock and a
// queue to every hop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <unordered_map>

#include "gameserver/core/room.hpp"
#include "gameserver/core/storage.hpp"
#include "gameserver/core/telemetry.hpp"
#include "room_traffic.hpp"

namespace gameserver::net {

class server_state;

class room_host final : public core::room_environment,
                        public std::enable_shared_from_this<room_host> {
  public:
    using executor_type = boost::asio::io_context::executor_type;

    room_host(boost::asio::io_context& ioc, server_state& state);
    ~room_host() override;
    // Builds the room and runs the game's on_create; must run before the host is shared.
    sdk::status init(std::string id, const sdk::game_plugin& plugin, const sdk::json& options,
                     core::room_settings settings);

    const executor_type& executor() const { return executor_; }
    core::room& room() { return *room_; }  // only on executor()
    const core::room& room() const { return *room_; }
    room_traffic& traffic() { return traffic_; }  // only on executor()

    // core::room_environment
    core::room_clock::time_point now() const override { return core::room_clock::now(); }
    void start_timer(std::uint64_t key, std::chrono::milliseconds delay) override;
    void cancel_timer(std::uint64_t key) override;
    void record(std::string_view kind, sdk::json record) override;
    void load_document(std::string_view collection, std::string key,
                       std::uint64_t request) override;
    void update_document(std::string_view collection, std::string key,
                         sdk::document_change change) override;
    void closed() override;

  private:
    // The server's telemetry, plus this room's messages out counted into traffic_.
    class counting_telemetry final : public core::telemetry {
      public:
        counting_telemetry(core::telemetry& inner, room_traffic& traffic)
            : inner_(inner), traffic_(traffic) {}
        void message_out(std::string_view type, std::size_t recipients) override {
            traffic_.add_out(room_traffic::clock::now(), recipients);
            inner_.message_out(type, recipients);
        }
        void error_sent(sdk::error_code code) override { inner_.error_sent(code); }
        void game_exception() override { inner_.game_exception(); }
        void bot_action(bool accepted) override { inner_.bot_action(accepted); }
        void bot_desync(std::string_view game) override { inner_.bot_desync(game); }
        void room_created(std::string_view game) override { inner_.room_created(game); }
        void room_closed(std::string_view game) override { inner_.room_closed(game); }
        void members_changed(std::string_view game, long delta) override {
            inner_.members_changed(game, delta);
        }
        void reconnect(bool ok) override { inner_.reconnect(ok); }
        void ticks(std::string_view game, std::uint64_t run, std::uint64_t late) override {
            inner_.ticks(game, run, late);
        }

      private:
        core::telemetry& inner_;
        room_traffic& traffic_;
    };

    executor_type executor_;
    server_state& state_;
    room_traffic traffic_;
    counting_telemetry telemetry_;
    std::unique_ptr<core::room> room_;
    std::unordered_map<std::uint64_t, std::unique_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace gameserver::net

namespace gameserver::net {

struct open_result {
    std::shared_ptr<room_host> host;  // the room under that id (new or concurrently created)
    bool created = false;
    sdk::status error;  // the game refused its options, or the room limit was reached
};

// Creates a room of `plugin` under `room_id` (a fresh UUID when empty) unless one exists,
// seats `bots` bots of `bot_policy` in it, registers it and tells the lobby. Safe to call from
// any thread.
// The room lives on `home` (the opener's event loop, so its first member's traffic stays on one
// thread).
open_result open_room(server_state& state, boost::asio::io_context& home, std::string room_id,
                      const sdk::game_plugin& plugin, const sdk::json& options, int bots = 0,
                      std::string_view bot_policy = {});

}  // namespace gameserver::net
