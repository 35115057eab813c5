// A connection's queue of unsent envelopes with a byte limit: the backpressure policy, kept
// apart from the socket so it can be tested alone. Never drops silently: a newer full game
// state replaces an unsent older one (it is obsolete), as does a newer lobby room list (under
// room churn a subscriber that reads a little late would otherwise queue hundreds of lists),
// and past the limit the caller closes the connection (1013) instead of dropping anything.
#pragma once

#include <cstddef>
#include <deque>

#include "gameserver/core/outbound.hpp"

namespace gameserver::net {

class outbox {
  public:
    explicit outbox(std::size_t byte_limit) : limit_(byte_limit) {}

    enum class push_result { queued, over_limit };

    push_result push(core::outbound message) {
        if (message.full_state) drop_unsent(&core::outbound::full_state);
        if (message.room_list) drop_unsent(&core::outbound::room_list);
        bytes_ += message.payload->size();
        queue_.push_back(std::move(message));
        return bytes_ > limit_ ? push_result::over_limit : push_result::queued;
    }

    // Moves everything queued into `out` (the next frame), in order.
    void take_all(core::outbound_batch& out) {
        out.clear();
        out.reserve(queue_.size());
        for (auto& m : queue_) out.push_back(std::move(m));
        queue_.clear();
        bytes_ = 0;
    }

    bool empty() const { return queue_.empty(); }
    std::size_t bytes() const { return bytes_; }
    std::size_t size() const { return queue_.size(); }

  private:
    // Removes the queued envelope of the kind `flag` marks.
    void drop_unsent(bool core::outbound::*flag) {
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
            if ((*it).*flag) {
                bytes_ -= it->payload->size();
                queue_.erase(it);
                return;  // at most one is ever queued, since each push removes the previous
            }
        }
    }

    std::size_t limit_;
    std::size_t bytes_ = 0;
    std::deque<core::outbound> queue_;
};

}  // namespace gameserver::net
