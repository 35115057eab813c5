#include "io_pool.hpp"

#include <gtest/gtest.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>

namespace gameserver::net {
namespace {

namespace asio = boost::asio;

TEST(IoPool, NextGoesRoundTheContexts) {
    io_pool pool(3);
    ASSERT_EQ(pool.size(), 3u);
    asio::io_context* first = &pool.next();
    asio::io_context* second = &pool.next();
    asio::io_context* third = &pool.next();
    EXPECT_NE(first, second);
    EXPECT_NE(second, third);
    EXPECT_NE(first, third);
    EXPECT_EQ(&pool.next(), first);
}

// A handler never run in one context may own an object with a timer of another context (a
// room held by a pending completion, its members' sessions on other threads). Freeing the pool
// must not free that timer's context before the handler is gone; AddressSanitizer reported a
// heap-use-after-free here when the contexts were destroyed one after the other.
TEST(IoPool, PendingHandlersMayOwnTimersOfAnotherContext) {
    auto destroyed = std::make_shared<bool>(false);
    {
        io_pool pool(2);
        asio::io_context& first = pool.next();
        asio::io_context& second = pool.next();
        struct owner {
            explicit owner(asio::io_context& io, std::shared_ptr<bool> flag)
                : timer(io), destroyed(std::move(flag)) {}
            ~owner() { *destroyed = true; }
            asio::steady_timer timer;
            std::shared_ptr<bool> destroyed;
        };
        auto on_first = std::make_shared<owner>(first, destroyed);
        on_first->timer.expires_after(std::chrono::hours(1));
        on_first->timer.async_wait([keep = on_first](boost::system::error_code) {});
        asio::post(second, [keep = std::move(on_first)] {});
    }
    EXPECT_TRUE(*destroyed);
}

}  // namespace
}  // namespace gameserver::net
