// The in-memory session store: SEED-SPEC §8.6 plus expiry at the ttl boundary, purge, erase and
// concurrent use. Time is always passed in; nothing sleeps.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "gameserver/core/session_store.hpp"

namespace gameserver::core {
namespace {

using namespace std::chrono_literals;

// A fixed instant, so expiry is tested without the real clock.
const wall_clock::time_point t0 = wall_clock::time_point{} + 1'700'000'000s;

session_record make_record(std::string client_id, std::string room_id,
                           wall_clock::time_point left_at = t0) {
    return session_record{std::move(client_id), std::move(room_id), "tictactoe", "token-1",
                          left_at};
}

TEST(SessionStoreTest, StoresAndRetrieves) {
    auto store = make_memory_session_store(900s);
    store->put(make_record("client-1", "room-1"));

    auto found = store->find("client-1", t0 + 1s);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->client_id, "client-1");
    EXPECT_EQ(found->room_id, "room-1");
    EXPECT_EQ(found->game_type, "tictactoe");
    EXPECT_EQ(found->token, "token-1");
    EXPECT_EQ(found->left_at, t0);
    EXPECT_EQ(store->size(), 1u);
}

TEST(SessionStoreTest, MissingIdIsAbsent) {
    auto store = make_memory_session_store(900s);
    EXPECT_FALSE(store->find("nobody", t0).has_value());
    store->put(make_record("client-1", "room-1"));
    EXPECT_FALSE(store->find("client-2", t0).has_value());
}

TEST(SessionStoreTest, OverwriteReplacesTheRecord) {
    auto store = make_memory_session_store(900s);
    store->put(make_record("client-1", "room-1"));
    auto second = make_record("client-1", "room-2", t0 + 10s);
    second.game_type = "dicegame";
    second.token = "token-2";
    store->put(second);

    auto found = store->find("client-1", t0 + 11s);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->room_id, "room-2");
    EXPECT_EQ(found->game_type, "dicegame");
    EXPECT_EQ(found->token, "token-2");
    EXPECT_EQ(found->left_at, t0 + 10s);
    EXPECT_EQ(store->size(), 1u);
}

TEST(SessionStoreTest, ValidAtExactlyTtlAndGoneOneMillisecondLater) {
    auto store = make_memory_session_store(900s);
    store->put(make_record("client-1", "room-1"));

    EXPECT_TRUE(store->find("client-1", t0).has_value());
    EXPECT_TRUE(store->find("client-1", t0 + 900s).has_value());
    EXPECT_FALSE(store->find("client-1", t0 + 900s + 1ms).has_value());
    // find() does not remove: the record stays until purge() or erase().
    EXPECT_EQ(store->size(), 1u);
}

TEST(SessionStoreTest, PurgeRemovesOnlyExpiredRecordsAndCountsThem) {
    auto store = make_memory_session_store(2s);
    store->put(make_record("old-1", "room-1", t0));
    store->put(make_record("old-2", "room-1", t0 + 500ms));
    store->put(make_record("edge", "room-2", t0 + 1s));  // exactly ttl old at t0 + 3s
    store->put(make_record("fresh", "room-2", t0 + 2s));

    const auto now = t0 + 3s;
    EXPECT_EQ(store->purge(now), 2u);
    EXPECT_EQ(store->size(), 2u);
    EXPECT_FALSE(store->find("old-1", now).has_value());
    EXPECT_FALSE(store->find("old-2", now).has_value());
    EXPECT_TRUE(store->find("edge", now).has_value());
    EXPECT_TRUE(store->find("fresh", now).has_value());

    EXPECT_EQ(store->purge(now), 0u);
    EXPECT_EQ(store->purge(t0 + 10s), 2u);
    EXPECT_EQ(store->size(), 0u);
}

TEST(SessionStoreTest, EraseRemovesTheRecord) {
    auto store = make_memory_session_store(900s);
    store->put(make_record("client-1", "room-1"));
    store->put(make_record("client-2", "room-1"));

    store->erase("client-1");
    EXPECT_FALSE(store->find("client-1", t0).has_value());
    EXPECT_TRUE(store->find("client-2", t0).has_value());
    EXPECT_EQ(store->size(), 1u);

    store->erase("client-1");  // erasing a missing id is harmless
    store->erase("never-stored");
    EXPECT_EQ(store->size(), 1u);
}

TEST(SessionStoreTest, ConcurrentPutFindEraseOnOverlappingIds) {
    auto store = make_memory_session_store(900s);
    constexpr int k_threads = 4;
    constexpr int k_iterations = 5000;
    constexpr int k_ids = 16;

    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t) {
        threads.emplace_back([&store, t] {
            for (int i = 0; i < k_iterations; ++i) {
                const std::string id = "client-" + std::to_string((i + t) % k_ids);
                switch ((i + t) % 4) {
                    case 0:
                        store->put(make_record(id, "room-" + std::to_string(t)));
                        break;
                    case 1:
                        if (auto found = store->find(id, t0 + 1s)) {
                            EXPECT_EQ(found->client_id, id);
                        }
                        break;
                    case 2:
                        store->erase(id);
                        break;
                    default:
                        store->purge(t0 + 1s);
                        EXPECT_LE(store->size(), static_cast<std::size_t>(k_ids));
                        break;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();

    const std::size_t remaining = store->size();
    EXPECT_LE(remaining, static_cast<std::size_t>(k_ids));
    EXPECT_EQ(store->purge(t0 + 901s), remaining);
    EXPECT_EQ(store->size(), 0u);
}

}  // namespace
}  // namespace gameserver::core
