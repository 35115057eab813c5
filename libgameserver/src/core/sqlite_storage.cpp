// The embedded storage: one SQLite file in WAL mode. Writes go through a bounded queue to one
// writer thread with its own connection, which gathers them for a short delay and commits each
// batch in one transaction; reads use a second connection, so a reader never waits for a batch
// to commit.
#include "gameserver/core/storage.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <variant>

namespace gameserver::core {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using std::chrono::system_clock;

constexpr int k_busy_timeout_ms = 5000;
// Writes taken off the queue per transaction.
constexpr std::size_t k_max_batch = 512;
// Queue limit: past it, new writes are dropped and counted as failures rather than letting a
// stalled disk eat all memory.
constexpr std::size_t k_max_pending = 100'000;

std::int64_t to_ms(system_clock::time_point t) {
    return std::chrono::floor<milliseconds>(t.time_since_epoch()).count();
}

system_clock::time_point from_ms(std::int64_t ms) {
    return system_clock::time_point{milliseconds{ms}};
}

// Never throws: a string holding invalid UTF-8 is stored with U+FFFD instead of failing the write.
std::string to_text(const sdk::json& value) {
    return value.dump(-1, ' ', false, sdk::json::error_handler_t::replace);
}

std::runtime_error open_error(const std::filesystem::path& db_path, const std::string& why) {
    return std::runtime_error("storage: cannot open " + db_path.string() + ": " + why);
}

SQLite::Database open_writer(const std::filesystem::path& data_dir,
                             const std::filesystem::path& db_path) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) throw open_error(db_path, ec.message());
    try {
        SQLite::Database db(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                            k_busy_timeout_ms);
        const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
        if (mode != "wal") {
            spdlog::default_logger()->warn("storage: {} runs in journal mode '{}', not WAL",
                                           db_path.string(), mode);
        }
        db.exec("PRAGMA synchronous=NORMAL");
        db.exec(
            "CREATE TABLE IF NOT EXISTS records ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " kind TEXT NOT NULL,"
            " room_id TEXT NOT NULL,"
            " data TEXT NOT NULL,"  // JSON
            " recorded_at_ms INTEGER NOT NULL)");
        db.exec("CREATE INDEX IF NOT EXISTS records_kind_id ON records(kind, id)");
        db.exec(
            "CREATE TABLE IF NOT EXISTS documents ("
            " collection TEXT,"
            " key TEXT,"
            " data TEXT,"  // JSON
            " updated_at_ms INTEGER,"
            " PRIMARY KEY(collection, key))");
        return db;
    } catch (const SQLite::Exception& e) {
        throw open_error(db_path, e.what());
    }
}

SQLite::Database open_reader(const std::filesystem::path& db_path) {
    try {
        return SQLite::Database(db_path, SQLite::OPEN_READONLY, k_busy_timeout_ms);
    } catch (const SQLite::Exception& e) {
        throw open_error(db_path, e.what());
    }
}

struct document_write {
    std::string collection;
    std::string key;
    sdk::json data;
    system_clock::time_point updated_at;
};

struct document_update {
    std::string collection;
    std::string key;
    sdk::document_change change;
    system_clock::time_point updated_at;
};

// Reads ride the write queue so that they see every write queued before them.
struct document_read {
    std::string collection;
    std::string key;
    storage::load_callback done;
};

using write_op = std::variant<stored_record, document_write, document_update, document_read>;

class sqlite_storage final : public storage {
  public:
    sqlite_storage(const std::filesystem::path& data_dir, milliseconds commit_delay)
        : commit_delay_(commit_delay),
          db_path_(data_dir / "gameserver.db"),
          write_db_(open_writer(data_dir, db_path_)),
          read_db_(open_reader(db_path_)) {
        try {
            insert_record_.emplace(write_db_,
                                   "INSERT INTO records (kind, room_id, data, recorded_at_ms) "
                                   "VALUES (?, ?, ?, ?)");
            upsert_document_.emplace(
                write_db_,
                "INSERT INTO documents (collection, key, data, updated_at_ms) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(collection, key) DO UPDATE SET data = excluded.data, "
                "updated_at_ms = excluded.updated_at_ms");
        } catch (const SQLite::Exception& e) {
            throw open_error(db_path_, e.what());
        }
        // Last: nothing after this may throw, or the running thread would terminate us.
        writer_ = std::thread([this] { run(); });
    }

    sqlite_storage(const sqlite_storage&) = delete;
    sqlite_storage& operator=(const sqlite_storage&) = delete;

    ~sqlite_storage() override {
        {
            std::lock_guard lock(queue_mutex_);
            stopping_ = true;
        }
        work_cv_.notify_all();
        writer_.join();  // the writer drains the queue before it exits
    }

    void append(stored_record record) override {
        if (record.recorded_at == system_clock::time_point{}) {
            record.recorded_at = system_clock::now();
        }
        enqueue(std::move(record));
    }

    std::vector<stored_record> recent(const std::string& kind, std::size_t limit) override {
        std::vector<stored_record> out;
        if (limit == 0) return out;
        const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
        std::lock_guard lock(read_mutex_);
        SQLite::Statement query(read_db_,
                                "SELECT id, room_id, data, recorded_at_ms FROM records "
                                "WHERE kind = ? ORDER BY id DESC LIMIT ?");
        query.bind(1, kind);
        query.bind(2, static_cast<std::int64_t>(std::min(limit, max)));
        while (query.executeStep()) {
            stored_record record;
            record.id = query.getColumn(0).getInt64();
            record.kind = kind;
            record.room_id = query.getColumn(1).getString();
            auto data = sdk::json::parse(query.getColumn(2).getString(), nullptr, false);
            if (data.is_discarded()) {
                spdlog::default_logger()->error("storage: record {} holds invalid JSON, skipped",
                                                record.id);
                continue;
            }
            record.data = std::move(data);
            record.recorded_at = from_ms(query.getColumn(3).getInt64());
            out.push_back(std::move(record));
        }
        return out;
    }

    void put_document(const std::string& collection, const std::string& key,
                      sdk::json document) override {
        enqueue(document_write{collection, key, std::move(document), system_clock::now()});
    }

    std::optional<sdk::json> get_document(const std::string& collection,
                                          const std::string& key) override {
        std::lock_guard lock(read_mutex_);
        return select_document(read_db_, collection, key);
    }

    void update_document(const std::string& collection, const std::string& key,
                         sdk::document_change change) override {
        enqueue(document_update{collection, key, std::move(change), system_clock::now()});
    }

    void load_document(const std::string& collection, const std::string& key,
                       load_callback done) override {
        // A full queue refuses the read as it drops a write: the caller hears of it at once.
        auto callback = std::make_shared<load_callback>(std::move(done));
        if (!enqueue(document_read{collection, key, [callback](sdk::loaded_document result) {
                                       (*callback)(std::move(result));
                                   }})) {
            (*callback)(sdk::loaded_document{false, nullptr});
        }
    }

    void flush() override {
        std::unique_lock lock(queue_mutex_);
        ++flush_waiters_;  // the writer stops gathering for us
        work_cv_.notify_one();
        idle_cv_.wait(lock, [this] { return queue_.empty() && in_flight_ == 0; });
        --flush_waiters_;
    }

    std::uint64_t write_failures() const override { return failures_.load(); }
    bool healthy() const override { return last_batch_ok_.load(); }

    std::size_t pending() const override {
        std::lock_guard lock(queue_mutex_);
        return queue_.size() + in_flight_;
    }

  private:
    // Null when absent or unreadable (invalid JSON is logged).
    static std::optional<sdk::json> select_document(SQLite::Database& db,
                                                    const std::string& collection,
                                                    const std::string& key) {
        SQLite::Statement query(db, "SELECT data FROM documents WHERE collection = ? AND key = ?");
        query.bind(1, collection);
        query.bind(2, key);
        if (!query.executeStep()) return std::nullopt;
        auto data = sdk::json::parse(query.getColumn(0).getString(), nullptr, false);
        if (data.is_discarded()) {
            spdlog::default_logger()->error("storage: document {}/{} holds invalid JSON",
                                            collection, key);
            return std::nullopt;
        }
        return data;
    }

    bool enqueue(write_op op) {
        {
            std::lock_guard lock(queue_mutex_);
            if (queue_.size() + in_flight_ < k_max_pending) {
                if (std::holds_alternative<document_read>(op)) ++reads_queued_;
                queue_.push_back(std::move(op));
                // A writer gathering a batch is woken only when the batch must go now: each
                // wake-up is a context switch, which cost more than the write itself.
                if (!gathering_ || must_commit_now()) work_cv_.notify_one();
                return true;
            }
        }
        // Log the first drop of a burst and then every thousandth, not each one.
        if (failures_.fetch_add(1) % 1000 == 0) {
            spdlog::default_logger()->error("storage: write queue full ({} writes), write dropped",
                                            k_max_pending);
        }
        return false;
    }

    // Someone waits for the queue (a read, flush(), shutdown) or a batch is full.
    bool must_commit_now() const {
        return stopping_ || reads_queued_ > 0 || flush_waiters_ > 0 || queue_.size() >= k_max_batch;
    }

    void run() {
        std::unique_lock lock(queue_mutex_);
        for (;;) {
            work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything is written
            // Group commit: a commit costs more than the rows in it (WAL frames, and a wake-up
            // of this thread), and finished games arrive one at a time.
            if (commit_delay_.count() > 0 && !must_commit_now()) {
                gathering_ = true;
                work_cv_.wait_until(lock, steady_clock::now() + commit_delay_,
                                    [this] { return must_commit_now(); });
                gathering_ = false;
            }
            std::vector<write_op> batch;
            const std::size_t n = std::min(queue_.size(), k_max_batch);
            batch.reserve(n);
            for (std::size_t i = 0; i < n; ++i) {
                if (std::holds_alternative<document_read>(queue_.front())) --reads_queued_;
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            in_flight_ = n;
            lock.unlock();
            write_batch(batch);
            lock.lock();
            in_flight_ = 0;
            if (queue_.empty()) idle_cv_.notify_all();
        }
    }

    void write_batch(const std::vector<write_op>& batch) {
        std::lock_guard lock(write_mutex_);
        std::uint64_t failed = 0;
        try {
            std::optional<SQLite::Transaction> transaction;
            if (batch.size() > 1) transaction.emplace(write_db_);
            for (const auto& op : batch) {
                try {
                    std::visit([this](const auto& w) { write(w); }, op);
                } catch (const std::exception& e) {
                    ++failed;
                    spdlog::default_logger()->error("storage: write to {} failed: {}",
                                                    db_path_.string(), e.what());
                }
            }
            if (transaction) transaction->commit();
        } catch (const std::exception& e) {
            // Begin or commit failed: nothing of this batch is in the file.
            failed = batch.size();
            spdlog::default_logger()->error(
                "storage: transaction on {} failed ({} writes lost): {}", db_path_.string(),
                batch.size(), e.what());
        }
        failures_ += failed;
        last_batch_ok_ = failed == 0;
    }

    void write(const stored_record& record) {
        auto& stmt = *insert_record_;
        stmt.tryReset();  // a failed earlier step leaves its error in reset(); it is logged
        stmt.bind(1, record.kind);
        stmt.bind(2, record.room_id);
        stmt.bind(3, to_text(record.data));
        stmt.bind(4, to_ms(record.recorded_at));
        stmt.exec();
    }

    void write(const document_write& doc) {
        upsert(doc.collection, doc.key, doc.data, doc.updated_at);
    }

    void write(const document_update& update) {
        const auto current = select_document(write_db_, update.collection, update.key);
        upsert(update.collection, update.key, update.change(current.value_or(sdk::json())),
               update.updated_at);
    }

    // Not a write, but ordered with them; its failure is the reader's, not a lost write.
    void write(const document_read& read) noexcept {
        sdk::loaded_document result;
        try {
            if (auto found = select_document(write_db_, read.collection, read.key)) {
                result.document = std::move(*found);
            }
        } catch (const std::exception& e) {
            result.ok = false;
            spdlog::default_logger()->error("storage: read of {}/{} failed: {}", read.collection,
                                            read.key, e.what());
        }
        try {
            read.done(std::move(result));
        } catch (const std::exception& e) {
            spdlog::default_logger()->error("storage: load callback threw: {}", e.what());
        }
    }

    void upsert(const std::string& collection, const std::string& key, const sdk::json& data,
                system_clock::time_point updated_at) {
        auto& stmt = *upsert_document_;
        stmt.tryReset();
        stmt.bind(1, collection);
        stmt.bind(2, key);
        stmt.bind(3, to_text(data));
        stmt.bind(4, to_ms(updated_at));
        stmt.exec();
    }

    const milliseconds commit_delay_;
    const std::filesystem::path db_path_;

    // Used only by the writer thread once it runs; the mutex keeps that explicit.
    std::mutex write_mutex_;
    SQLite::Database write_db_;
    std::optional<SQLite::Statement> insert_record_;
    std::optional<SQLite::Statement> upsert_document_;

    std::mutex read_mutex_;
    SQLite::Database read_db_;

    mutable std::mutex queue_mutex_;
    std::condition_variable work_cv_;  // the writer waits for work
    std::condition_variable idle_cv_;  // flush() waits for an empty queue
    std::deque<write_op> queue_;
    std::size_t in_flight_ = 0;
    std::size_t reads_queued_ = 0;   // document_read entries in queue_
    std::size_t flush_waiters_ = 0;  // threads in flush()
    bool gathering_ = false;         // the writer waits out commit_delay_ for more writes
    bool stopping_ = false;
    std::atomic<std::uint64_t> failures_{0};
    std::atomic<bool> last_batch_ok_{true};

    std::thread writer_;
};

}  // namespace

std::unique_ptr<storage> make_sqlite_storage(const std::filesystem::path& data_dir,
                                             std::chrono::milliseconds commit_delay) {
    return std::make_unique<sqlite_storage>(data_dir, commit_delay);
}

}  // namespace gameserver::core
