// The in-memory transport of a room's own bots: the room delivers to it the envelopes it would
// write to a client's socket, and the bot's actions reach the game as a client's messages would,
// with the same replies. The bot itself is libbot's bot_player, the same one gamebot runs over
// WebSocket. Everything runs on the room's strand.
#pragma once

#include <memory>
#include <string>

#include "gameserver/bot/bot_player.hpp"
#include "gameserver/core/outbound.hpp"
#include "gameserver/core/room.hpp"

namespace gameserver::core {

class room_bot_link final : public member_link, public bot::bot_host {
  public:
    room_bot_link(room& owner, std::string id, std::shared_ptr<const sdk::bot_policy> policy,
                  sdk::rng& random, bot::think_rule think, bool turn_based);

    // Seated: the bot may act from now on.
    void start();
    // Its think timer fired (room::fire_timer).
    void think() { player_.on_think(); }
    std::int64_t desyncs() const { return player_.desyncs(); }

    // member_link: what the room sends this seat.
    void deliver(outbound_batch batch) override;
    void left_room(const std::string& room_id) override;
    void kicked(const std::string& room_id, const std::string& reason) override;

    // bot_host: what the bot does.
    void send(const sdk::json& envelope) override;
    void start_think(std::chrono::milliseconds delay) override;
    void cancel_think() override;
    void desync(const sdk::json& before, const sdk::json& after,
                const std::string& reason) override;
    void policy_failed(const std::string& what) override;

  private:
    room& room_;
    std::string id_;
    bot::bot_player player_;
};

}  // namespace gameserver::core
