// net::server's thread cache release (set_thread_cache_release): it runs on every event loop's
// own thread, again and again on server.memory_release_interval, and never when that is 0.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "gameserver/core/game_registry.hpp"
#include "gameserver/core/session_store.hpp"
#include "gameserver/core/storage.hpp"
#include "gameserver/net/server.hpp"

namespace gameserver::net {
namespace {

using namespace std::chrono_literals;

struct release_calls {
    std::mutex mutex;
    std::set<std::thread::id> threads;
    int count = 0;
};

// Runs a 2-thread server with `interval` for `how_long` (or until every loop released twice)
// and returns what the release hook saw.
void run_server(std::chrono::milliseconds interval, std::chrono::milliseconds how_long,
                release_calls& calls) {
    core::config cfg = core::default_config();
    cfg.server.port = 0;
    cfg.server.threads = 2;
    cfg.server.memory_release_interval = interval;
    core::game_registry games;
    auto storage = core::make_memory_storage();
    auto sessions = core::make_memory_session_store(cfg.sessions.ttl);
    server s(cfg, games, *sessions, *storage);
    s.set_thread_cache_release([&calls] {
        std::lock_guard lock(calls.mutex);
        calls.threads.insert(std::this_thread::get_id());
        ++calls.count;
    });
    s.start();
    std::thread loop([&s] { s.run(); });
    const auto until = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < until) {
        {
            std::lock_guard lock(calls.mutex);
            if (calls.threads.size() == 2 && calls.count >= 4) break;
        }
        std::this_thread::sleep_for(5ms);
    }
    s.stop();
    loop.join();
}

TEST(MemoryRelease, RunsOnEveryEventLoopThreadAgainAndAgain) {
    release_calls calls;
    run_server(20ms, 10s, calls);
    EXPECT_EQ(calls.threads.size(), 2u) << "one release per event loop, on its own thread";
    EXPECT_GE(calls.count, 4) << "re-armed after each release";
    EXPECT_EQ(calls.threads.count(std::this_thread::get_id()), 0u);
}

TEST(MemoryRelease, ZeroIntervalNeverReleases) {
    release_calls calls;
    run_server(0ms, 200ms, calls);
    EXPECT_EQ(calls.count, 0);
}

}  // namespace
}  // namespace gameserver::net
