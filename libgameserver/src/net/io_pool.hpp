// The server's event loops: one io_context per thread (each with concurrency hint 1), rather
// than one io_context shared by every thread. With a shared context every completion posted by
// one thread wakes another (an epoll_ctl on the interrupter, a context switch, cold caches): in
// a profile of 1,000 tic-tac-toe players that ping-pong cost about a third of the server's CPU.
// Here a connection and the rooms it opens live on one context, so most completions stay on the
// thread that caused them; only traffic between a room and members on other contexts crosses.
// Each context is run by exactly one thread, and the server relies on it: connections and rooms
// use a context's executor directly, without strands.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace gameserver::net {

class io_pool {
  public:
    explicit io_pool(int threads);
    io_pool(const io_pool&) = delete;
    io_pool& operator=(const io_pool&) = delete;
    // Shuts every context down before freeing any: a handler left in one context may own an
    // object (a room, a session) whose timers and sockets belong to another.
    ~io_pool();

    // The first context: the acceptor, signals and server-wide timers.
    boost::asio::io_context& control() { return *contexts_.front(); }
    // Round robin over the contexts, for a new connection.
    boost::asio::io_context& next();
    std::size_t size() const { return contexts_.size(); }
    boost::asio::io_context& at(std::size_t index) { return *contexts_.at(index); }

    // Runs every context, one on the calling thread and each other on a thread of its own;
    // returns once stop() was called and every thread finished.
    void run();
    // Thread-safe: ends run().
    void stop();

  private:
    // An io_context whose shutdown (destroying its pending handlers, keeping its services) can
    // be called before the destructor; io_context keeps it protected.
    struct context : boost::asio::io_context {
        using boost::asio::io_context::io_context;
        using boost::asio::io_context::shutdown;
    };
    using guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<std::unique_ptr<context>> contexts_;
    std::vector<guard> guards_;  // a context with no connection yet must not return from run()
    std::atomic<std::size_t> next_{0};
};

// The io_context an executor of one of the pool's contexts runs on.
boost::asio::io_context& context_of(const boost::asio::any_io_executor& executor);

}  // namespace gameserver::net
