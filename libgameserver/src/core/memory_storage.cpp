// Storage kept in memory (tests, `storage.backend: memory`). Same observable behaviour as the
// SQLite backend, except that writes happen at once, so flush() has nothing to wait for, and
// only the newest records of each kind are kept: a server that runs for days on this backend
// must not grow with every game it ever played.
#include "gameserver/core/storage.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <utility>

namespace gameserver::core {

namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

class memory_storage final : public storage {
  public:
    explicit memory_storage(std::size_t records_per_kind) : records_per_kind_(records_per_kind) {}

    void append(stored_record record) override {
        // Stamped like the SQLite backend, which keeps milliseconds.
        if (record.recorded_at == system_clock::time_point{}) {
            record.recorded_at = system_clock::now();
        }
        record.recorded_at = std::chrono::floor<milliseconds>(record.recorded_at);
        kept_record compact{0, std::move(record.room_id),
                            record.data.dump(-1, ' ', false, sdk::json::error_handler_t::replace),
                            record.recorded_at};
        std::lock_guard lock(mutex_);
        compact.id = ++last_id_;
        auto& kept = records_[record.kind];
        kept.push_back(std::move(compact));
        if (kept.size() > records_per_kind_) kept.pop_front();
    }

    std::vector<stored_record> recent(const std::string& kind, std::size_t limit) override {
        std::vector<stored_record> out;
        std::lock_guard lock(mutex_);
        const auto found = records_.find(kind);
        if (found == records_.end()) return out;
        const auto& kept = found->second;
        for (auto it = kept.rbegin(); it != kept.rend() && out.size() < limit; ++it) {
            out.push_back({it->id, kind, it->room_id, sdk::json::parse(it->data), it->recorded_at});
        }
        return out;
    }

    void put_document(const std::string& collection, const std::string& key,
                      sdk::json document) override {
        std::lock_guard lock(mutex_);
        documents_.insert_or_assign(std::pair{collection, key}, std::move(document));
    }

    std::optional<sdk::json> get_document(const std::string& collection,
                                          const std::string& key) override {
        std::lock_guard lock(mutex_);
        auto it = documents_.find(std::pair{collection, key});
        if (it == documents_.end()) return std::nullopt;
        return it->second;
    }

    void update_document(const std::string& collection, const std::string& key,
                         sdk::document_change change) override {
        std::lock_guard lock(mutex_);
        auto it = documents_.find(std::pair{collection, key});
        try {
            sdk::json next = change(it == documents_.end() ? sdk::json() : it->second);
            documents_.insert_or_assign(std::pair{collection, key}, std::move(next));
        } catch (const std::exception& e) {
            ++failures_;
            spdlog::error("storage: update of {}/{} failed: {}", collection, key, e.what());
        }
    }

    void load_document(const std::string& collection, const std::string& key,
                       load_callback done) override {
        sdk::loaded_document result;
        if (auto found = get_document(collection, key)) result.document = std::move(*found);
        done(std::move(result));
    }

    void flush() override {}
    std::uint64_t write_failures() const override { return failures_.load(); }
    std::size_t pending() const override { return 0; }

  private:
    // A record as its JSON text, as the SQLite backend keeps it: a game's record is a tree of
    // small allocations as sdk::json, several times its text, and a thousand of them kept for
    // good spread over the heap stop the allocator giving pages back after a load peak.
    struct kept_record {
        std::int64_t id;
        std::string room_id;
        std::string data;
        system_clock::time_point recorded_at;
    };

    std::mutex mutex_;
    std::atomic<std::uint64_t> failures_{0};
    std::int64_t last_id_ = 0;
    const std::size_t records_per_kind_;
    // By kind, oldest first.
    std::map<std::string, std::deque<kept_record>, std::less<>> records_;
    std::map<std::pair<std::string, std::string>, sdk::json> documents_;
};

}  // namespace

std::unique_ptr<storage> make_memory_storage(std::size_t records_per_kind) {
    return std::make_unique<memory_storage>(records_per_kind);
}

}  // namespace gameserver::core
