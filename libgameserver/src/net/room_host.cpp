#include "room_host.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "gameserver/core/ids.hpp"
#include "server_state.hpp"

namespace gameserver::net {

room_host::room_host(boost::asio::io_context& ioc, server_state& state)
    : executor_(ioc.get_executor()), state_(state), telemetry_(state.stats, traffic_) {}

room_host::~room_host() = default;

sdk::status room_host::init(std::string id, const sdk::game_plugin& plugin,
                            const sdk::json& options, core::room_settings settings) {
    room_ = std::make_unique<core::room>(std::move(id), plugin, settings, *this, telemetry_);
    return room_->create(options);
}

void room_host::start_timer(std::uint64_t key, std::chrono::milliseconds delay) {
    auto timer = std::make_unique<boost::asio::steady_timer>(executor_, delay);
    timer->async_wait([weak = weak_from_this(), key](boost::system::error_code ec) {
        if (ec) return;  // cancelled
        auto self = weak.lock();
        if (!self) return;
        self->timers_.erase(key);
        self->room_->fire_timer(key);
    });
    timers_[key] = std::move(timer);
}

void room_host::cancel_timer(std::uint64_t key) {
    timers_.erase(key);
}

void room_host::record(std::string_view kind, sdk::json data) {
    core::stored_record rec;
    rec.kind = std::string(kind);
    rec.room_id = room_->id();
    rec.data = std::move(data);
    rec.recorded_at = std::chrono::system_clock::now();
    state_.storage.append(std::move(rec));  // queued; written on the storage's own thread
}

void room_host::load_document(std::string_view collection, std::string key, std::uint64_t request) {
    // The answer comes back on the storage's thread; the room takes it on its event loop (a room
    // closed meanwhile ignores it).
    state_.storage.load_document(
        std::string(collection), key,
        [weak = weak_from_this(), request](sdk::loaded_document result) {
            auto self = weak.lock();
            if (!self) return;
            boost::asio::post(self->executor_,
                              [self, request, result = std::move(result)]() mutable {
                                  self->room_->document_loaded(request, std::move(result));
                              });
        });
}

void room_host::update_document(std::string_view collection, std::string key,
                                sdk::document_change change) {
    state_.storage.update_document(std::string(collection), key, std::move(change));
}

void room_host::closed() {
    spdlog::info("room closed room={} game={}", room_->id(), room_->game_type());
    if (state_.rooms.remove(room_->id(), this)) state_.lobby.push(room_->game_type());
}

}  // namespace gameserver::net

namespace gameserver::net {

open_result open_room(server_state& state, boost::asio::io_context& home, std::string room_id,
                      const sdk::game_plugin& plugin, const sdk::json& options, int bots,
                      std::string_view bot_policy) {
    open_result result;
    if (state.drain.active()) {
        state.stats.rejected("draining_room");
        result.error = sdk::fail(sdk::error_code::server_busy, std::string(draining_message));
        return result;
    }
    if (state.rooms.size() >= state.cfg.limits.max_rooms) {
        state.stats.rejected("max_rooms");
        result.error = sdk::fail(sdk::error_code::server_busy, "too many rooms");
        return result;
    }
    if (room_id.empty()) room_id = core::random_uuid();
    auto fresh = std::make_shared<room_host>(home, state);
    core::room_settings settings;
    settings.close_grace = state.cfg.rooms.close_grace;
    settings.bots_only_limit = state.cfg.rooms.bots_only_limit;
    settings.bot_think_min = state.cfg.bots.think_min;
    settings.bot_think_max = state.cfg.bots.think_max;
    settings.seed = core::random_seed();
    if (auto refused = fresh->init(room_id, plugin, options, settings)) {
        result.error = sdk::fail(sdk::error_code::bad_request, "game options are invalid");
        return result;
    }
    // Not shared yet, so the room may be used from this thread.
    if (bots > 0) {
        if (auto refused = fresh->room().add_bots(bots, bot_policy)) {
            result.error = std::move(refused);
            return result;
        }
    }
    result.host = state.rooms.insert_if_absent(room_id, std::move(fresh), result.created);
    if (result.created) {
        spdlog::info("room created room={} game={}", room_id, plugin.info().id);
        state.lobby.push(plugin.info().id);
    }
    return result;
}

}  // namespace gameserver::net
