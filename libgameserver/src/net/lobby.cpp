#include "lobby.hpp"

#include <algorithm>

#include "gameserver/core/json_codec.hpp"
#include "metrics.hpp"
#include "room_directory.hpp"

namespace gameserver::net {

void lobby::subscribe(const std::string& game, const std::shared_ptr<core::member_link>& link) {
    if (game.empty()) return;
    std::lock_guard lock(mutex_);
    subscribers_[game].push_back(link);
}

void lobby::unsubscribe(const std::string& game, const core::member_link* link) {
    if (game.empty()) return;
    std::lock_guard lock(mutex_);
    auto it = subscribers_.find(game);
    if (it == subscribers_.end()) return;
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [link](const auto& weak) {
                                  auto strong = weak.lock();
                                  return !strong || strong.get() == link;
                              }),
               list.end());
    if (list.empty()) subscribers_.erase(it);
}

core::outbound lobby::room_list_update(const std::string& game) const {
    auto payload = std::make_shared<const std::string>(rooms_.room_list_update(game));
    return core::outbound{std::move(payload), false};
}

void lobby::push(const std::string& game) {
    std::vector<std::shared_ptr<core::member_link>> targets;
    {
        std::lock_guard lock(mutex_);
        auto it = subscribers_.find(game);
        if (it == subscribers_.end()) return;
        targets.reserve(it->second.size());
        for (const auto& weak : it->second) {
            if (auto strong = weak.lock()) targets.push_back(std::move(strong));
        }
    }
    if (targets.empty()) return;
    core::outbound update = room_list_update(game);
    update.room_list = true;  // a push, unlike a get_room_list answer: the newest is enough
    metrics_.message_out("room_list_update", targets.size());
    for (const auto& target : targets) target->deliver({update});
}

}  // namespace gameserver::net
