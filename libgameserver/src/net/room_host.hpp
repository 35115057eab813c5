// Runs one core::room as an actor: its own strand for every call, steady timers on that strand.
// Others reach the room only by posting to strand(); nothing hands out references to its state.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <unordered_map>

#include "gameserver/core/room.hpp"
#include "gameserver/core/storage.hpp"

namespace gameserver::net {

class server_state;

class room_host final : public core::room_environment,
                        public std::enable_shared_from_this<room_host> {
  public:
    using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;

    room_host(boost::asio::io_context& ioc, server_state& state);
    ~room_host() override;
    // Builds the room and runs the game's on_create; must run before the host is shared.
    sdk::status init(std::string id, const sdk::game_plugin& plugin, const sdk::json& options,
                     core::room_settings settings);

    strand_type& strand() { return strand_; }
    core::room& room() { return *room_; }  // only on strand()
    const core::room& room() const { return *room_; }

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
    strand_type strand_;
    server_state& state_;
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
open_result open_room(server_state& state, std::string room_id, const sdk::game_plugin& plugin,
                      const sdk::json& options, int bots = 0, std::string_view bot_policy = {});

}  // namespace gameserver::net
