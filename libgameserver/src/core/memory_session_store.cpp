// The embedded session store: one map behind one mutex. Sessions are touched only on connect,
// close and reconnect (never per message), so a plain lock is cheap enough.
#include "gameserver/core/session_store.hpp"

#include <mutex>
#include <unordered_map>
#include <utility>

namespace gameserver::core {

namespace {

class memory_session_store final : public session_store {
  public:
    explicit memory_session_store(std::chrono::seconds ttl) : ttl_(ttl) {}

    void put(session_record record) override {
        std::lock_guard lock(mutex_);
        auto key = record.client_id;
        records_.insert_or_assign(std::move(key), std::move(record));
    }

    std::optional<session_record> find(const std::string& client_id,
                                       wall_clock::time_point now) const override {
        std::lock_guard lock(mutex_);
        auto it = records_.find(client_id);
        if (it == records_.end() || expired(it->second, now)) return std::nullopt;
        return it->second;
    }

    void erase(const std::string& client_id) override {
        std::lock_guard lock(mutex_);
        records_.erase(client_id);
    }

    std::size_t purge(wall_clock::time_point now) override {
        std::lock_guard lock(mutex_);
        return std::erase_if(records_,
                             [&](const auto& entry) { return expired(entry.second, now); });
    }

    std::size_t size() const override {
        std::lock_guard lock(mutex_);
        return records_.size();
    }

  private:
    // Valid while now - left_at <= ttl: a lookup at exactly ttl still succeeds.
    bool expired(const session_record& record, wall_clock::time_point now) const {
        return now - record.left_at > ttl_;
    }

    const std::chrono::seconds ttl_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, session_record> records_;
};

}  // namespace

std::unique_ptr<session_store> make_memory_session_store(std::chrono::seconds ttl) {
    return std::make_unique<memory_session_store>(ttl);
}

}  // namespace gameserver::core
