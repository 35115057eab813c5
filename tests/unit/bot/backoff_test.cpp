#include "gameserver/bot/backoff.hpp"

#include <gtest/gtest.h>

namespace gameserver::bot {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, CeilingGrowsByFactorUpToTheCap) {
    backoff b(
        {.base = milliseconds(100), .factor = 2.0, .cap = milliseconds(1000), .max_attempts = 10});
    EXPECT_EQ(b.ceiling(0), milliseconds(100));
    EXPECT_EQ(b.ceiling(1), milliseconds(200));
    EXPECT_EQ(b.ceiling(3), milliseconds(800));
    EXPECT_EQ(b.ceiling(4), milliseconds(1000));
    EXPECT_EQ(b.ceiling(1000), milliseconds(1000));  // no overflow
}

TEST(Backoff, FullJitterStaysWithinTheCeiling) {
    backoff b(
        {.base = milliseconds(50), .factor = 3.0, .cap = milliseconds(2000), .max_attempts = 6});
    sdk::rng random(7);
    for (int n = 0; n < 6; ++n) {
        auto delay = b.next(random);
        ASSERT_TRUE(delay.has_value());
        EXPECT_GE(delay->count(), 0);
        EXPECT_LE(*delay, b.ceiling(n));
    }
    EXPECT_FALSE(b.next(random).has_value()) << "gives up after max_attempts";
    EXPECT_EQ(b.attempts(), 6);
}

TEST(Backoff, JitterSpreadsTheDraws) {
    sdk::rng random(1);
    std::int64_t low = std::int64_t{1} << 30;
    std::int64_t high = 0;
    for (int i = 0; i < 200; ++i) {
        backoff b({.base = milliseconds(1000),
                   .factor = 2.0,
                   .cap = milliseconds(1000),
                   .max_attempts = 1});
        const std::int64_t d = b.next(random)->count();
        low = std::min(low, d);
        high = std::max(high, d);
    }
    EXPECT_LT(low, 100);
    EXPECT_GT(high, 900);
}

TEST(Backoff, SameSeedSameDelays) {
    sdk::rng a(99);
    sdk::rng b(99);
    backoff x;
    backoff y;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(x.next(a), y.next(b));
}

TEST(Backoff, ResetStartsOver) {
    backoff b(
        {.base = milliseconds(10), .factor = 2.0, .cap = milliseconds(100), .max_attempts = 2});
    sdk::rng random(3);
    ASSERT_TRUE(b.next(random));
    ASSERT_TRUE(b.next(random));
    ASSERT_FALSE(b.next(random));
    b.reset();
    EXPECT_EQ(b.attempts(), 0);
    EXPECT_TRUE(b.next(random));
}

TEST(Backoff, ZeroAttemptsNeverRetries) {
    backoff b(
        {.base = milliseconds(10), .factor = 2.0, .cap = milliseconds(100), .max_attempts = 0});
    sdk::rng random(3);
    EXPECT_FALSE(b.next(random));
}

}  // namespace
}  // namespace gameserver::bot
