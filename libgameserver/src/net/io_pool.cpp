#include "io_pool.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>

#include <algorithm>
#include <thread>

namespace gameserver::net {

io_pool::io_pool(int threads) {
    const auto count = static_cast<std::size_t>(std::max(threads, 1));
    contexts_.reserve(count);
    guards_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        contexts_.push_back(std::make_unique<context>(1));
        guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
    }
}

io_pool::~io_pool() {
    guards_.clear();
    for (auto& c : contexts_) c->shutdown();
}

boost::asio::io_context& io_pool::next() {
    return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void io_pool::run() {
    std::vector<std::thread> threads;
    threads.reserve(contexts_.size() - 1);
    for (std::size_t i = 1; i < contexts_.size(); ++i) {
        threads.emplace_back([this, i] { contexts_[i]->run(); });
    }
    contexts_.front()->run();
    for (auto& t : threads) t.join();
}

void io_pool::stop() {
    for (auto& c : contexts_) c->stop();
}

boost::asio::io_context& context_of(const boost::asio::any_io_executor& executor) {
    // Every executor in the server comes from an io_context of the pool.
    return static_cast<boost::asio::io_context&>(
        boost::asio::query(executor, boost::asio::execution::context));
}

}  // namespace gameserver::net
