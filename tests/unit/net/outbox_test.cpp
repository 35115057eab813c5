// A connection's outbox (ARCHITECTURE.md §3 backpressure): order kept, bytes counted, the limit
// reported but nothing dropped silently, and a newer game_state replacing an unsent older one.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "outbox.hpp"

namespace gameserver::net {
namespace {

core::outbound message(std::string text, bool full_state = false) {
    return core::outbound{std::make_shared<const std::string>(std::move(text)), full_state};
}

std::vector<std::string> texts(const core::outbound_batch& batch) {
    std::vector<std::string> out;
    for (const auto& m : batch) out.push_back(*m.payload);
    return out;
}

TEST(OutboxTest, KeepsOrderAndCountsBytes) {
    outbox box(1024);
    EXPECT_TRUE(box.empty());
    EXPECT_EQ(box.push(message("one")), outbox::push_result::queued);
    EXPECT_EQ(box.push(message("two!")), outbox::push_result::queued);
    EXPECT_EQ(box.push(message("three")), outbox::push_result::queued);
    EXPECT_FALSE(box.empty());
    EXPECT_EQ(box.size(), 3u);
    EXPECT_EQ(box.bytes(), 3u + 4u + 5u);

    core::outbound_batch out;
    box.take_all(out);
    EXPECT_EQ(texts(out), (std::vector<std::string>{"one", "two!", "three"}));
}

TEST(OutboxTest, TakeAllEmptiesAndReplacesTheBatch) {
    outbox box(1024);
    (void)box.push(message("a"));
    (void)box.push(message("b", true));
    core::outbound_batch out{message("stale")};
    box.take_all(out);
    EXPECT_EQ(texts(out), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(box.empty());
    EXPECT_EQ(box.size(), 0u);
    EXPECT_EQ(box.bytes(), 0u);

    box.take_all(out);
    EXPECT_TRUE(out.empty());
}

TEST(OutboxTest, SharesThePayloadInsteadOfCopyingIt) {
    outbox box(1024);
    const core::outbound m = message("shared");
    (void)box.push(m);
    core::outbound_batch out;
    box.take_all(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].payload, m.payload);
}

TEST(OutboxTest, PastTheLimitIsReportedAndTheMessageStaysQueued) {
    outbox box(10);
    EXPECT_EQ(box.push(message("123456")), outbox::push_result::queued);
    EXPECT_EQ(box.push(message("7890")), outbox::push_result::queued);  // exactly the limit
    EXPECT_EQ(box.bytes(), 10u);

    EXPECT_EQ(box.push(message("x")), outbox::push_result::over_limit);
    EXPECT_EQ(box.size(), 3u);  // never dropped silently: the caller closes the connection
    EXPECT_EQ(box.bytes(), 11u);
    EXPECT_EQ(box.push(message("y")), outbox::push_result::over_limit);
    EXPECT_EQ(box.size(), 4u);

    core::outbound_batch out;
    box.take_all(out);
    EXPECT_EQ(texts(out), (std::vector<std::string>{"123456", "7890", "x", "y"}));
    EXPECT_EQ(box.push(message("z")), outbox::push_result::queued);  // drained: below again
}

TEST(OutboxTest, OneMessageLargerThanTheLimitIsReported) {
    outbox box(4);
    EXPECT_EQ(box.push(message("too large")), outbox::push_result::over_limit);
    EXPECT_EQ(box.size(), 1u);
}

TEST(OutboxTest, NewerFullStateReplacesTheUnsentOlderOne) {
    outbox box(1024);
    (void)box.push(message("a"));
    (void)box.push(message("state-1", true));
    (void)box.push(message("b"));
    (void)box.push(message("state-22", true));
    (void)box.push(message("c"));
    EXPECT_EQ(box.size(), 4u);
    EXPECT_EQ(box.bytes(), 1u + 1u + 8u + 1u);
    (void)box.push(message("state-333", true));
    EXPECT_EQ(box.bytes(), 1u + 1u + 1u + 9u);

    core::outbound_batch out;
    box.take_all(out);
    // The newest state goes where it was pushed: after everything queued before it.
    EXPECT_EQ(texts(out), (std::vector<std::string>{"a", "b", "c", "state-333"}));
    int states = 0;
    for (const auto& m : out) states += m.full_state ? 1 : 0;
    EXPECT_EQ(states, 1);
}

TEST(OutboxTest, ReplacingTheStateCanKeepTheQueueUnderTheLimit) {
    outbox box(10);
    EXPECT_EQ(box.push(message("state-1", true)), outbox::push_result::queued);
    EXPECT_EQ(box.push(message("state-2", true)), outbox::push_result::queued);
    EXPECT_EQ(box.push(message("state-3", true)), outbox::push_result::queued);
    EXPECT_EQ(box.size(), 1u);
    EXPECT_EQ(box.bytes(), 7u);
}

TEST(OutboxTest, OtherMessagesAreNeverReplaced) {
    outbox box(1024);
    (void)box.push(message("same"));
    (void)box.push(message("same"));
    (void)box.push(message("state", true));
    (void)box.push(message("same"));
    EXPECT_EQ(box.size(), 4u);
}

TEST(OutboxTest, AStateAlreadyTakenIsNotAffected) {
    outbox box(1024);
    (void)box.push(message("state-1", true));
    core::outbound_batch in_flight;
    box.take_all(in_flight);
    (void)box.push(message("state-2", true));
    EXPECT_EQ(texts(in_flight), (std::vector<std::string>{"state-1"}));
    core::outbound_batch next;
    box.take_all(next);
    EXPECT_EQ(texts(next), (std::vector<std::string>{"state-2"}));
}

TEST(OutboxTest, ANewerRoomListReplacesAnUnsentOneAndLeavesTheStateAlone) {
    outbox box(1024);
    auto list = [](std::string text) {
        return core::outbound{std::make_shared<const std::string>(std::move(text)), false, true};
    };
    (void)box.push(list("rooms-1"));
    (void)box.push(message("state-1", true));
    (void)box.push(message("event"));
    (void)box.push(list("rooms-2"));
    (void)box.push(list("rooms-3"));
    EXPECT_EQ(box.bytes(), 7u + 5u + 7u);

    core::outbound_batch out;
    box.take_all(out);
    EXPECT_EQ(texts(out), (std::vector<std::string>{"state-1", "event", "rooms-3"}));
}

}  // namespace
}  // namespace gameserver::net
