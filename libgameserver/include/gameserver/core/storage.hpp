// Storage for what games persist (finished results, statistics, stories). Writes are queued and
// performed on the storage's own thread, never on a room's strand; a failure is logged and
// counted, never thrown at the caller.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/sdk/context.hpp"
#include "gameserver/sdk/json.hpp"

namespace gameserver::core {

struct stored_record {
    std::int64_t id = 0;
    std::string kind;  // e.g. "tictactoe_result"
    std::string room_id;
    sdk::json data;                                     // the game's record
    std::chrono::system_clock::time_point recorded_at;  // stamped when queued
};

class storage {
  public:
    virtual ~storage() = default;
    // Queues a record and returns at once.
    virtual void append(stored_record record) = 0;
    // Newest first, at most `limit`; reads what has been written so far (call flush() first to
    // see everything queued).
    virtual std::vector<stored_record> recent(const std::string& kind, std::size_t limit) = 0;
    // Per-key documents (statistics): put is queued like append; get reads synchronously and
    // must not be called on a room's strand.
    virtual void put_document(const std::string& collection, const std::string& key,
                              sdk::json document) = 0;
    virtual std::optional<sdk::json> get_document(const std::string& collection,
                                                  const std::string& key) = 0;
    // A read-modify-write queued like put_document: `change` gets the stored document (null when
    // there is none) and returns the new one, on the storage's thread. A change that throws is
    // a failed write (logged and counted); the document stays as it was.
    virtual void update_document(const std::string& collection, const std::string& key,
                                 sdk::document_change change) = 0;
    // Reads a document without blocking the caller, after every write queued before it; `done`
    // runs on the storage's thread (or at once) with ok=false when the read failed.
    using load_callback = std::function<void(sdk::loaded_document)>;
    virtual void load_document(const std::string& collection, const std::string& key,
                               load_callback done) = 0;
    // Blocks until every queued write is done (or failed). Called at shutdown and by tests.
    virtual void flush() = 0;
    virtual std::uint64_t write_failures() const = 0;
    virtual std::size_t pending() const = 0;
    // False while writes fail (the last batch lost records); /readyz reports it.
    virtual bool healthy() const { return true; }
};

// SQLite file `<data_dir>/gameserver.db` (the directory is created). Throws std::runtime_error
// with a clear message when the file cannot be opened: that is a start-up failure. Writes that
// arrive within `commit_delay` of the first share its transaction (group commit).
inline constexpr std::chrono::milliseconds default_commit_delay{10};
std::unique_ptr<storage> make_sqlite_storage(
    const std::filesystem::path& data_dir,
    std::chrono::milliseconds commit_delay = default_commit_delay);
// Keeps documents and the newest `records_per_kind` records of each kind in memory (tests, or
// `storage.backend: memory`).
inline constexpr std::size_t default_memory_records = 1000;
std::unique_ptr<storage> make_memory_storage(std::size_t records_per_kind = default_memory_records);

}  // namespace gameserver::core
