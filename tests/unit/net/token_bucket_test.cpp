// The per-connection message rate limit: a burst, then refusal, refilled by rate over the time
// passed in (never the real clock), capped at the burst.
#include <gtest/gtest.h>

#include <chrono>

#include "token_bucket.hpp"

namespace gameserver::net {
namespace {

using namespace std::chrono_literals;

const token_bucket::clock::time_point t0 = token_bucket::clock::time_point{} + 1h;

int take_all(token_bucket& bucket, token_bucket::clock::time_point now) {
    int taken = 0;
    while (taken < 1000 && bucket.try_take(now)) ++taken;
    return taken;
}

TEST(TokenBucketTest, BurstThenRefusal) {
    token_bucket bucket(4.0, 5.0, t0);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.try_take(t0)) << i;
    EXPECT_FALSE(bucket.try_take(t0));
    EXPECT_FALSE(bucket.try_take(t0));
}

TEST(TokenBucketTest, RefillsByRateOverThePassedTime) {
    token_bucket bucket(4.0, 5.0, t0);  // one token per 250 ms
    EXPECT_EQ(take_all(bucket, t0), 5);
    EXPECT_FALSE(bucket.try_take(t0 + 249ms));
    EXPECT_TRUE(bucket.try_take(t0 + 250ms));
    EXPECT_FALSE(bucket.try_take(t0 + 250ms));
    EXPECT_EQ(take_all(bucket, t0 + 875ms), 2);   // 2.5 tokens: two, and half a token kept
    EXPECT_EQ(take_all(bucket, t0 + 1000ms), 1);  // the half plus another half
}

TEST(TokenBucketTest, RefillIsCappedAtTheBurst) {
    token_bucket bucket(4.0, 5.0, t0);
    EXPECT_EQ(take_all(bucket, t0), 5);
    EXPECT_EQ(take_all(bucket, t0 + 1h), 5);
    EXPECT_EQ(take_all(bucket, t0 + 2h), 5);
}

TEST(TokenBucketTest, ManySmallStepsAddUp) {
    token_bucket bucket(10.0, 1.0, t0);
    EXPECT_TRUE(bucket.try_take(t0));
    int taken = 0;
    for (int ms = 1; ms <= 1000; ++ms) {
        taken += bucket.try_take(t0 + std::chrono::milliseconds(ms)) ? 1 : 0;
    }
    EXPECT_GE(taken, 9);
    EXPECT_LE(taken, 10);
}

TEST(TokenBucketTest, TimeGoingBackwardsIsHarmless) {
    token_bucket bucket(4.0, 2.0, t0 + 10s);
    EXPECT_EQ(take_all(bucket, t0 + 10s), 2);
    // An earlier instant grants nothing and takes nothing away...
    EXPECT_FALSE(bucket.try_take(t0));
    // ...and the same interval is not credited twice when time comes back.
    EXPECT_FALSE(bucket.try_take(t0 + 10s));
    EXPECT_TRUE(bucket.try_take(t0 + 10s + 250ms));
    EXPECT_FALSE(bucket.try_take(t0 + 10s + 250ms));
}

}  // namespace
}  // namespace gameserver::net
