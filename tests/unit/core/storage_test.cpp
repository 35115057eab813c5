// Storage: the behaviour every backend shares, run against a real SQLite file in a fresh
// temporary directory and against the in-memory backend; then what only the file can do.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <future>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gameserver/core/storage.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::core {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sdk::json;
using std::chrono::system_clock;

using gameserver::testing::temp_dir;

struct backend {
    std::string name;
    std::function<std::unique_ptr<storage>(const fs::path& data_dir)> make;
};

void PrintTo(const backend& b, std::ostream* os) {
    *os << b.name;
}

stored_record make_record(std::string kind, std::string room_id, json data,
                          system_clock::time_point recorded_at = {}) {
    stored_record record;
    record.kind = std::move(kind);
    record.room_id = std::move(room_id);
    record.data = std::move(data);
    record.recorded_at = recorded_at;
    return record;
}

// Keys deliberately out of alphabetical order: an ordered_json object must come back as written.
json sample_data(int n) {
    json data = json::object();
    data["winner"] = "player-" + std::to_string(n);
    data["moves"] = json::array({n, n + 1, n + 2});
    data["board"] = json::object();
    data["board"]["z"] = nullptr;
    data["board"]["a"] = "X";
    data["board"]["m"] = 1.5;
    data["draw"] = false;
    data["big"] = 9'007'199'254'740'993LL;
    data["text"] = "\xc3\xa9t\xc3\xa9 \"quoted\" \\ \n \xf0\x9f\x8e\xb2";
    return data;
}

class StorageTest : public ::testing::TestWithParam<backend> {
  protected:
    void SetUp() override { storage_ = GetParam().make(dir_.path() / "data"); }
    void TearDown() override { storage_.reset(); }

    temp_dir dir_;
    std::unique_ptr<storage> storage_;
};

TEST_P(StorageTest, AppendedRecordsComeBackNewestFirstAndExact) {
    const auto fixed = system_clock::time_point{} + 1'700'000'000'123ms;
    const auto before = std::chrono::floor<std::chrono::milliseconds>(system_clock::now());
    storage_->append(make_record("tictactoe_result", "room-a", sample_data(0), fixed));
    storage_->append(make_record("other_kind", "room-x", json{{"ignored", true}}));
    storage_->append(make_record("tictactoe_result", "room-b", sample_data(1)));
    storage_->append(make_record("tictactoe_result", "room-c", sample_data(2)));
    storage_->flush();
    const auto after = system_clock::now();

    EXPECT_EQ(storage_->pending(), 0u);
    EXPECT_EQ(storage_->write_failures(), 0u);

    auto records = storage_->recent("tictactoe_result", 10);
    ASSERT_EQ(records.size(), 3u);
    const char* rooms[] = {"room-c", "room-b", "room-a"};
    for (std::size_t i = 0; i < records.size(); ++i) {
        SCOPED_TRACE(i);
        const int n = 2 - static_cast<int>(i);
        EXPECT_EQ(records[i].kind, "tictactoe_result");
        EXPECT_EQ(records[i].room_id, rooms[i]);
        EXPECT_EQ(records[i].data, sample_data(n));
        EXPECT_EQ(records[i].data.dump(), sample_data(n).dump());  // same key order
        EXPECT_GT(records[i].id, 0);
        if (i > 0) {
            EXPECT_LT(records[i].id, records[i - 1].id);
        }
    }
    // An explicit time is kept (to the millisecond); a default one is stamped at append().
    EXPECT_EQ(records[2].recorded_at, fixed);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_GE(records[i].recorded_at, before);
        EXPECT_LE(records[i].recorded_at, after);
    }

    auto others = storage_->recent("other_kind", 10);
    ASSERT_EQ(others.size(), 1u);
    EXPECT_EQ(others[0].data, (json{{"ignored", true}}));
    EXPECT_TRUE(storage_->recent("unknown_kind", 10).empty());
}

TEST_P(StorageTest, RecentHonoursTheLimit) {
    for (int i = 0; i < 5; ++i) {
        storage_->append(make_record("dicegame_result", "room", json{{"n", i}}));
    }
    storage_->flush();

    auto two = storage_->recent("dicegame_result", 2);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].data, (json{{"n", 4}}));
    EXPECT_EQ(two[1].data, (json{{"n", 3}}));
    EXPECT_EQ(storage_->recent("dicegame_result", 5).size(), 5u);
    EXPECT_EQ(storage_->recent("dicegame_result", 1000).size(), 5u);
    EXPECT_TRUE(storage_->recent("dicegame_result", 0).empty());
}

TEST_P(StorageTest, DocumentsPutGetOverwriteAndMissing) {
    EXPECT_FALSE(storage_->get_document("stats", "player-1").has_value());

    json first = {{"wins", 1}, {"losses", 0}};
    storage_->put_document("stats", "player-1", first);
    storage_->put_document("stats", "player-2", json{{"wins", 7}});
    storage_->put_document("other", "player-1", json::array({1, 2, 3}));
    storage_->flush();

    auto got = storage_->get_document("stats", "player-1");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, first);
    EXPECT_EQ(got->dump(), first.dump());
    EXPECT_EQ(storage_->get_document("other", "player-1"), json::array({1, 2, 3}));

    json second = {{"zeta", "last"}, {"alpha", "first"}};
    storage_->put_document("stats", "player-1", second);
    storage_->flush();
    got = storage_->get_document("stats", "player-1");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->dump(), second.dump());
    EXPECT_EQ(storage_->get_document("stats", "player-2"), (json{{"wins", 7}}));

    EXPECT_FALSE(storage_->get_document("stats", "player-3").has_value());
    EXPECT_FALSE(storage_->get_document("missing", "player-1").has_value());
    EXPECT_EQ(storage_->write_failures(), 0u);
}

// Waits for a load_document answer, which may arrive on the storage's own thread.
sdk::loaded_document load(storage& store, const std::string& collection, const std::string& key) {
    std::promise<sdk::loaded_document> answer;
    auto result = answer.get_future();
    store.load_document(collection, key,
                        [&answer](sdk::loaded_document found) { answer.set_value(found); });
    return result.get();
}

TEST_P(StorageTest, UpdatesMergeIntoTheStoredDocumentInOrder) {
    const auto add_win = [](const json& current) {
        json next = current.is_null() ? json{{"wins", 0}, {"games", 0}} : current;
        next["wins"] = next["wins"].get<int>() + 1;
        next["games"] = next["games"].get<int>() + 1;
        return next;
    };
    storage_->update_document("stats", "uid-1", add_win);  // created from nothing
    storage_->update_document("stats", "uid-1", add_win);
    storage_->update_document("stats", "uid-1", [](const json& current) {
        json next = current;
        next["games"] = next["games"].get<int>() + 1;
        return next;
    });
    // A read queued after the writes sees all of them, without a flush.
    const auto found = load(*storage_, "stats", "uid-1");
    EXPECT_TRUE(found.ok);
    EXPECT_EQ(found.document.dump(), R"({"wins":2,"games":3})");
    storage_->flush();
    EXPECT_EQ(storage_->get_document("stats", "uid-1")->dump(), R"({"wins":2,"games":3})");
    EXPECT_EQ(storage_->write_failures(), 0u);
}

TEST_P(StorageTest, LoadOfAMissingDocumentIsOkAndNull) {
    const auto found = load(*storage_, "stats", "nobody");
    EXPECT_TRUE(found.ok);
    EXPECT_TRUE(found.document.is_null());
}

TEST_P(StorageTest, AThrowingUpdateIsAFailedWriteAndChangesNothing) {
    storage_->put_document("stats", "uid-1", json{{"wins", 1}});
    storage_->update_document("stats", "uid-1",
                              [](const json&) -> json { throw std::runtime_error("bad merge"); });
    storage_->update_document("stats", "uid-2",
                              [](const json&) -> json { throw std::runtime_error("bad merge"); });
    storage_->flush();
    EXPECT_EQ(storage_->get_document("stats", "uid-1"), (json{{"wins", 1}}));
    EXPECT_FALSE(storage_->get_document("stats", "uid-2").has_value());
    EXPECT_EQ(storage_->write_failures(), 2u);
}

TEST_P(StorageTest, ConcurrentAppendsAreAllWritten) {
    constexpr int k_threads = 4;
    constexpr int k_per_thread = 500;
    std::atomic<bool> writing{true};

    // A reader runs beside the writers: reads must not block or corrupt writes.
    std::thread reader([&] {
        while (writing.load()) {
            auto some = storage_->recent("load", 5);
            EXPECT_LE(some.size(), 5u);
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < k_threads; ++t) {
        writers.emplace_back([this, t] {
            for (int i = 0; i < k_per_thread; ++i) {
                storage_->append(make_record("load", "room-" + std::to_string(t),
                                             json{{"thread", t}, {"i", i}}));
                if (i % 100 == 0) storage_->put_document("load", std::to_string(t), json{{"i", i}});
            }
        });
    }
    for (auto& writer : writers) writer.join();
    storage_->flush();
    writing = false;
    reader.join();

    EXPECT_EQ(storage_->pending(), 0u);
    EXPECT_EQ(storage_->write_failures(), 0u);
    auto all = storage_->recent("load", 10'000);
    ASSERT_EQ(all.size(), static_cast<std::size_t>(k_threads * k_per_thread));
    std::set<std::int64_t> ids;
    std::set<std::pair<int, int>> seen;
    for (const auto& record : all) {
        ids.insert(record.id);
        seen.emplace(record.data.at("thread").get<int>(), record.data.at("i").get<int>());
    }
    EXPECT_EQ(ids.size(), all.size());
    EXPECT_EQ(seen.size(), all.size());
    for (int t = 0; t < k_threads; ++t) {
        EXPECT_EQ(storage_->get_document("load", std::to_string(t)), (json{{"i", 400}}));
    }
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StorageTest,
    ::testing::Values(
        backend{"sqlite", [](const fs::path& dir) { return make_sqlite_storage(dir); }},
        backend{"sqlite_commit_at_once",
                [](const fs::path& dir) { return make_sqlite_storage(dir, 0ms); }},
        // Room for every record these tests write (the cap has its own test).
        backend{"memory", [](const fs::path&) { return make_memory_storage(100'000); }}),
    [](const ::testing::TestParamInfo<backend>& param_info) { return param_info.param.name; });

// The memory backend keeps the newest records of each kind, so a long run does not grow with
// every game played; one kind's volume never pushes out another kind's records.
TEST(MemoryStorage, KeepsTheNewestRecordsOfEachKind) {
    auto store = make_memory_storage(3);
    store->append(make_record("snake_result", "room", json{{"n", -1}}));
    for (int i = 0; i < 10; ++i) {
        store->append(make_record("dicegame_result", "room", json{{"n", i}}));
    }
    const auto kept = store->recent("dicegame_result", 100);
    ASSERT_EQ(kept.size(), 3u);
    EXPECT_EQ(kept[0].data, (json{{"n", 9}}));
    EXPECT_EQ(kept[2].data, (json{{"n", 7}}));
    EXPECT_EQ(kept[0].id, 11) << "ids keep counting every record appended";
    ASSERT_EQ(store->recent("snake_result", 100).size(), 1u);
    EXPECT_EQ(store->recent("snake_result", 100)[0].data, (json{{"n", -1}}));
}

// What only the SQLite file does.
class SqliteStorageTest : public ::testing::Test {
  protected:
    temp_dir dir_;
};

TEST_F(SqliteStorageTest, DataSurvivesReopening) {
    const auto data_dir = dir_.path() / "nested" / "data";
    {
        auto storage = make_sqlite_storage(data_dir);
        storage->append(make_record("story", "room-1", sample_data(5)));
        storage->put_document("stats", "p", json{{"b", 2}, {"a", 1}});
        // No flush: the destructor writes what is queued.
    }
    EXPECT_TRUE(fs::is_regular_file(data_dir / "gameserver.db"));

    auto reopened = make_sqlite_storage(data_dir);
    auto records = reopened->recent("story", 10);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].room_id, "room-1");
    EXPECT_EQ(records[0].data.dump(), sample_data(5).dump());
    auto doc = reopened->get_document("stats", "p");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->dump(), R"({"b":2,"a":1})");

    // New ids continue after the old ones.
    reopened->append(make_record("story", "room-2", json{{"n", 2}}));
    reopened->flush();
    records = reopened->recent("story", 10);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_GT(records[0].id, records[1].id);
    EXPECT_EQ(records[0].room_id, "room-2");
}

// Group commit: the writer gathers writes for the commit delay, but a read queued behind them,
// flush() and shutdown commit what is queued at once. The delay is an hour: a step that waited
// for it would hang the test until ctest's timeout.
TEST_F(SqliteStorageTest, WritesWaitForTheCommitDelayButReadsFlushAndShutdownDoNot) {
    const auto data_dir = dir_.path() / "data";
    std::promise<sdk::loaded_document> loaded;  // outlives the storage that fulfils it
    auto storage = make_sqlite_storage(data_dir, 1h);
    storage->append(make_record("story", "room-1", sample_data(1)));
    std::this_thread::sleep_for(50ms);
    EXPECT_TRUE(storage->recent("story", 10).empty()) << "committed before the delay";
    EXPECT_EQ(storage->pending(), 1u);

    storage->load_document("stats", "p",
                           [&](sdk::loaded_document d) { loaded.set_value(std::move(d)); });
    ASSERT_EQ(loaded.get_future().wait_for(30s), std::future_status::ready)
        << "the read waited for the commit delay";
    // The read runs inside its batch's transaction, which commits right after it.
    for (int i = 0; i < 3000 && storage->pending() > 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(storage->recent("story", 10).size(), 1u) << "the read's batch held the record";

    storage->append(make_record("story", "room-2", sample_data(2)));
    storage->flush();
    EXPECT_EQ(storage->recent("story", 10).size(), 2u);

    storage->append(make_record("story", "room-3", sample_data(3)));
    storage.reset();
    EXPECT_EQ(make_sqlite_storage(data_dir)->recent("story", 10).size(), 3u);
}

TEST_F(SqliteStorageTest, OpensInWalModeWithTheDocumentedTables) {
    const auto data_dir = dir_.path() / "data";
    auto storage = make_sqlite_storage(data_dir);
    storage->append(make_record("k", "r", json{{"x", 1}}));
    storage->flush();

    SQLite::Database db(data_dir / "gameserver.db", SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_TRUE(db.tableExists("records"));
    EXPECT_TRUE(db.tableExists("documents"));
    SQLite::Statement row(db, "SELECT kind, room_id, data, recorded_at_ms FROM records");
    ASSERT_TRUE(row.executeStep());
    EXPECT_EQ(row.getColumn(0).getString(), "k");
    EXPECT_EQ(row.getColumn(1).getString(), "r");
    EXPECT_EQ(row.getColumn(2).getString(), R"({"x":1})");
    EXPECT_GT(row.getColumn(3).getInt64(), 0);
}

TEST_F(SqliteStorageTest, AFailedWriteIsCountedNotThrown) {
    const auto data_dir = dir_.path() / "data";
    auto storage = make_sqlite_storage(data_dir);
    {
        SQLite::Database other(data_dir / "gameserver.db", SQLite::OPEN_READWRITE);
        other.exec("DROP TABLE records");
    }

    EXPECT_NO_THROW(storage->append(make_record("k", "r", json{{"x", 1}})));
    storage->put_document("stats", "p", json{{"still", "written"}});
    EXPECT_NO_THROW(storage->flush());

    EXPECT_EQ(storage->write_failures(), 1u);
    EXPECT_EQ(storage->pending(), 0u);
    EXPECT_EQ(storage->get_document("stats", "p"), (json{{"still", "written"}}));
}

TEST_F(SqliteStorageTest, HealthFollowsTheLastBatch) {
    const auto data_dir = dir_.path() / "data";
    auto storage = make_sqlite_storage(data_dir);
    EXPECT_TRUE(storage->healthy());
    {
        SQLite::Database other(data_dir / "gameserver.db", SQLite::OPEN_READWRITE);
        other.exec("DROP TABLE records");
    }
    storage->append(make_record("k", "r", json{{"x", 1}}));
    storage->flush();
    EXPECT_FALSE(storage->healthy());
    storage->put_document("stats", "p", json{{"ok", true}});
    storage->flush();
    EXPECT_TRUE(storage->healthy()) << "a batch that commits makes it healthy again";
}

TEST_F(SqliteStorageTest, DataDirThatIsARegularFileThrows) {
    const auto not_a_dir = dir_.path() / "plain-file";
    std::ofstream(not_a_dir) << "not a directory";
    try {
        auto storage = make_sqlite_storage(not_a_dir);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("storage: cannot open"), std::string::npos) << message;
        EXPECT_NE(message.find(not_a_dir.string()), std::string::npos) << message;
    }
}

TEST_F(SqliteStorageTest, DatabasePathThatIsADirectoryThrows) {
    const auto data_dir = dir_.path() / "data";
    fs::create_directories(data_dir / "gameserver.db");
    try {
        auto storage = make_sqlite_storage(data_dir);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find((data_dir / "gameserver.db").string()), std::string::npos)
            << message;
    }
}

}  // namespace
}  // namespace gameserver::core
