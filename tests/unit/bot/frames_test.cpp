#include "gameserver/bot/frames.hpp"

#include <gtest/gtest.h>

namespace gameserver::bot {
namespace {

TEST(Frames, ArrayOfEnvelopesInOrder) {
    auto frame = parse_frame(R"([{"type":"a","success":true},{"type":"b","success":true}])");
    ASSERT_TRUE(frame.ok()) << frame.error;
    ASSERT_EQ(frame.envelopes.size(), 2u);
    EXPECT_EQ(frame.envelopes[0]["type"], "a");
    EXPECT_EQ(frame.envelopes[1]["type"], "b");
}

TEST(Frames, SingleObjectIsAFrameOfOne) {
    auto frame = parse_frame(R"({"type":"welcome","success":true})");
    ASSERT_TRUE(frame.ok());
    ASSERT_EQ(frame.envelopes.size(), 1u);
    EXPECT_EQ(frame.envelopes[0]["type"], "welcome");
}

TEST(Frames, EmptyArrayIsNoEnvelopes) {
    auto frame = parse_frame("[]");
    EXPECT_TRUE(frame.ok());
    EXPECT_TRUE(frame.envelopes.empty());
}

TEST(Frames, BadFramesAreErrorsNotExceptions) {
    for (const char* text : {"", "not json", "[{\"type\":", "42", "\"text\"", "null",
                             "[{\"type\":\"a\"}, 3]", "[[]]"}) {
        parsed_frame frame;
        EXPECT_NO_THROW(frame = parse_frame(text)) << text;
        EXPECT_FALSE(frame.ok()) << text;
        EXPECT_TRUE(frame.envelopes.empty()) << text;
    }
}

}  // namespace
}  // namespace gameserver::bot
