#include "room_bot_link.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace gameserver::core {

room_bot_link::room_bot_link(room& owner, std::string id,
                             std::shared_ptr<const sdk::bot_policy> policy, sdk::rng& random,
                             bot::think_rule think, bool turn_based)
    : room_(owner),
      id_(std::move(id)),
      player_(owner.plugin_, std::move(policy), random, *this, std::move(think), turn_based) {}

void room_bot_link::start() {
    player_.seat(id_);
    player_.set_active(true);
}

void room_bot_link::deliver(outbound_batch batch) {
    for (const auto& message : batch) {
        // The room encoded these itself: a parse failure would be a bug in the room, not input.
        sdk::json envelope = sdk::json::parse(*message.payload, nullptr, false);
        if (envelope.is_discarded()) {
            spdlog::error("room {} bot {}: unreadable envelope {}", room_.id_, id_,
                          *message.payload);
            continue;
        }
        player_.on_envelope(envelope);
    }
}

void room_bot_link::left_room(const std::string& /*room_id*/) {
    player_.set_active(false);
}

void room_bot_link::kicked(const std::string& /*room_id*/, const std::string& /*reason*/) {
    player_.set_active(false);
}

void room_bot_link::send(const sdk::json& envelope) {
    room_.bot_sent(id_, envelope);
}

void room_bot_link::start_think(std::chrono::milliseconds delay) {
    room_.start_bot_think(id_, delay);
}

void room_bot_link::cancel_think() {
    room_.cancel_bot_think(id_);
}

void room_bot_link::desync(const sdk::json& before, const sdk::json& after,
                           const std::string& reason) {
    room_.metrics_.bot_desync(room_.game_type());
    spdlog::warn("room {} bot {}: desync: {}\n  before: {}\n  after:  {}", room_.id_, id_, reason,
                 before.dump(), after.dump());
}

void room_bot_link::policy_failed(const std::string& what) {
    room_.metrics_.game_exception();
    spdlog::error("room {} game {}: bot {} {}", room_.id_, room_.game_type(), id_, what);
}

}  // namespace gameserver::core
