// gameserverd's network server: one io_context on N threads, the listener, WebSocket and HTTP
// sessions, rooms as actors. Construct, start() (binds; port 0 picks a free port), then run()
// until stop() (graceful: stop accepting, close every WebSocket with 1001, flush storage).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "gameserver/core/config.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/core/session_store.hpp"
#include "gameserver/core/storage.hpp"

namespace gameserver::net {

class server {
  public:
    server(core::config cfg, const core::game_registry& games, core::session_store& sessions,
           core::storage& storage);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds and listens; throws std::system_error with a clear message when it cannot.
    std::uint16_t start();
    // Runs the io_context on the configured threads (the caller's thread included) until the
    // server has stopped. Returns true when everything closed within shutdown_timeout.
    bool run();
    // Starts the graceful shutdown; safe from any thread and from a signal handler's strand.
    void stop();
    // Also stops on SIGINT/SIGTERM.
    void handle_signals();
    // `release` runs on every event loop's own thread every server.memory_release_interval, to
    // hand back what the allocator caches for that thread (apps/allocator: jemalloc's thread
    // cache, which an idle thread never returns). Set before start(); none by default.
    void set_thread_cache_release(std::function<void()> release);

    std::uint16_t port() const;

  private:
    class impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace gameserver::net
