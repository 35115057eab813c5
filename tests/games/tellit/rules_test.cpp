// Tell-It rule values (SEED-SPEC §6.4): the Go story tests (§8.14), user tests (§8.15), the
// word count and reading time, and the room options decoding.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

using sdk::json;

// ---- §8.14 story_test.go ----

TEST(tellit_story, NewStoryHasOwnerAndNoParts) {
    const story s{"user1", {}};
    EXPECT_EQ(s.owner, "user1");
    EXPECT_TRUE(s.parts.empty());
}

TEST(tellit_story, AddText) {
    story s{"user1", {}};
    s.add_text("Once upon a time");
    s.add_text("there was a brave knight");
    ASSERT_EQ(s.parts.size(), 2u);
    EXPECT_EQ(s.parts[0], "Once upon a time");
}

TEST(tellit_story, LatestTextIsEmptyForAnEmptyStory) {
    story s{"user1", {}};
    EXPECT_EQ(s.latest_text(), "");
    s.add_text("First text");
    s.add_text("Second text");
    EXPECT_EQ(s.latest_text(), "Second text");
}

TEST(tellit_story, SerializeJoinsPartsWithDotSpace) {
    const story s{"user1", {"Once upon a time", "there was a brave knight", "who fought a dragon"}};
    EXPECT_EQ(s.serialize(), "Once upon a time. there was a brave knight. who fought a dragon");
    EXPECT_EQ((story{"u", {}}).serialize(), "");
    EXPECT_EQ((story{"u", {"A", "B", "C"}}).serialize(), "A. B. C");
}

TEST(tellit_story, StatsCountTurnsWordsAndReadingTime) {
    const story s{"user1", {"Once upon a time", "there was a brave knight", "who fought a dragon"}};
    const auto stats = s.stats();
    EXPECT_EQ(stats.turns, 3);
    EXPECT_EQ(stats.words, 13);
    // float64(13) / 200 * 60, exactly as Go computes it (not 3.9).
    EXPECT_EQ(stats.avg_reading_time, 13.0 / 200 * 60);
    EXPECT_NE(stats.avg_reading_time, 3.9);
    EXPECT_EQ(json(stats.avg_reading_time).dump(), "3.9000000000000004");
}

TEST(tellit_story, DtoShape) {
    const story s{"user1", {"Once upon a time", "there was a brave knight", "who fought a dragon"}};
    EXPECT_EQ(story_dto(s.serialize(), "Alice", s.stats()).dump(),
              R"({"text":"Once upon a time. there was a brave knight. who fought a dragon",)"
              R"("author":"Alice","stats":{"avgReadingTime":3.9000000000000004,"words":13,)"
              R"("turns":3}})");
}

TEST(tellit_story, WordsAreCountedPerPartLikeStringsFields) {
    // Per part: an empty part adds no word, even though the joined text would read ". b".
    EXPECT_EQ((story{"u", {"", "b"}}).stats().words, 1);
    EXPECT_EQ((story{"u", {"  two   words  ", "\tthree\nmore words\r\n"}}).stats().words, 5);
}

TEST(tellit_words, UnicodeWhiteSpaceSeparatesWords) {
    EXPECT_EQ(count_words(""), 0u);
    EXPECT_EQ(count_words("   "), 0u);
    EXPECT_EQ(count_words("one"), 1u);
    EXPECT_EQ(count_words("a\vb\fc"), 3u);
    EXPECT_EQ(count_words("a\u00a0b"), 2u);         // NO-BREAK SPACE
    EXPECT_EQ(count_words("a\u3000b\u2003c"), 3u);  // IDEOGRAPHIC SPACE, EM SPACE
    EXPECT_EQ(count_words("a\u2028b\u0085c"), 3u);  // LINE SEPARATOR, NEXT LINE
    EXPECT_EQ(count_words("a\u200bb"), 1u);         // ZERO WIDTH SPACE is not a space in Go
    EXPECT_EQ(count_words("Grüße aus Köln"), 3u);
    EXPECT_EQ(count_words("bad \xff\xfe bytes"), 3u);  // invalid UTF-8 is a (non-space) rune
}

// ---- §8.15 user_test.go ----

TEST(tellit_user, NewUserStartsWithDefaults) {
    user u;
    u.id = "user1";
    u.name = "Alice";
    EXPECT_FALSE(u.disconnected);
    EXPECT_FALSE(u.afk);
    EXPECT_TRUE(u.kick_votes.empty());
    EXPECT_TRUE(u.queue.empty());
    EXPECT_EQ(u.dto().dump(),
              R"({"id":"user1","name":"Alice","disconnected":false,"afk":false,"kickVotes":[],)"
              R"("queuedStories":0})");
}

TEST(tellit_user, QueueIsFifoAndDequeueFromEmptyFails) {
    user u;
    u.enqueue(4);
    u.enqueue(7);
    EXPECT_EQ(u.queue.size(), 2u);
    std::size_t out = 0;
    ASSERT_TRUE(u.dequeue(out));
    EXPECT_EQ(out, 4u);
    EXPECT_EQ(u.queue.size(), 1u);
    ASSERT_TRUE(u.dequeue(out));
    EXPECT_EQ(out, 7u);
    EXPECT_FALSE(u.dequeue(out));
}

TEST(tellit_user, CurrentStoryIsTheFront) {
    user u;
    EXPECT_EQ(u.current(), nullptr);
    u.enqueue(2);
    u.enqueue(3);
    ASSERT_NE(u.current(), nullptr);
    EXPECT_EQ(*u.current(), 2u);
}

TEST(tellit_user, ResetClearsAfkKickVotesQueueAndWritten) {
    user u;
    u.id = "user1";
    u.disconnected = true;
    u.afk = true;
    u.kick_votes = {"user2", "user3"};
    u.enqueue(0);
    u.written = 4;
    u.reset();
    EXPECT_FALSE(u.afk);
    EXPECT_TRUE(u.kick_votes.empty());
    EXPECT_TRUE(u.queue.empty());
    EXPECT_EQ(u.written, 0);
    EXPECT_TRUE(u.disconnected) << "a restart does not reconnect anybody";
}

// ---- options ----

TEST(tellit_options, DefaultsAreGos) {
    EXPECT_EQ(to_json(parse_options(nullptr)).dump(),
              R"({"spectatorsAllowed":true,"isPublic":true,"minUsers":2,"maxUsers":30,)"
              R"("afkDelay":30000,"botRounds":3})");
}

TEST(tellit_options, PartialObjectsMergeOverTheDefaults) {
    const auto options = parse_options(json{{"minUsers", 3}, {"botRounds", 5}});
    EXPECT_EQ(options.min_users, 3);
    EXPECT_EQ(options.bot_rounds, 5);
    EXPECT_EQ(options.max_users, 30);
    EXPECT_TRUE(options.spectators_allowed);
}

TEST(tellit_options, KeysMatchCaseInsensitivelyAndTheLastWins) {
    const auto options = parse_options(json::parse(R"({"MINUSERS":4,"minusers":5,"MaxUsers":6})"));
    EXPECT_EQ(options.min_users, 5);
    EXPECT_EQ(options.max_users, 6);
    // Go folds the Kelvin sign onto k and the long s onto s.
    EXPECT_EQ(parse_options(json::parse("{\"afkDelay\":1,\"af\u212Adelay\":9}")).afk_delay, 9);
    EXPECT_EQ(parse_options(json::parse("{\"minU\u017Fers\":7}")).min_users, 7);
}

TEST(tellit_options, AWrongTypeKeepsThatDefaultOnly) {
    const auto options = parse_options(
        json::parse(R"({"minUsers":"3","maxUsers":2.0,"afkDelay":1e3,"isPublic":1,"botRounds":4,)"
                    R"("spectatorsAllowed":null,"unknown":true})"));
    EXPECT_EQ(options.min_users, 2);
    EXPECT_EQ(options.max_users, 30);
    EXPECT_EQ(options.afk_delay, 30000);
    EXPECT_TRUE(options.is_public);
    EXPECT_TRUE(options.spectators_allowed);
    EXPECT_EQ(options.bot_rounds, 4);
}

TEST(tellit_options, NonObjectsKeepEveryDefault) {
    const room_options defaults;
    for (const json& bad : {json(nullptr), json("x"), json(3), json::array({1, 2}), json(true),
                            json(sdk::json::value_t::discarded)}) {
        EXPECT_EQ(parse_options(bad), defaults) << bad.dump();
    }
}

TEST(tellit_options, JsonRoundTripIsStrict) {
    room_options options;
    options.min_users = 4;
    options.bot_rounds = 1;
    room_options back;
    ASSERT_TRUE(options_from_json(to_json(options), back));
    EXPECT_EQ(back, options);
    json missing = to_json(options);
    missing.erase("botRounds");
    EXPECT_FALSE(options_from_json(missing, back));
    json wrong = to_json(options);
    wrong["isPublic"] = 1;
    EXPECT_FALSE(options_from_json(wrong, back));
}

TEST(tellit_status, NamesRoundTrip) {
    for (const status s : {status::waiting, status::started, status::ended}) {
        status back = status::waiting;
        ASSERT_TRUE(parse_status(to_string(s), back));
        EXPECT_EQ(back, s);
    }
    status out = status::ended;
    EXPECT_FALSE(parse_status("Started", out));
    EXPECT_EQ(out, status::ended);
}

}  // namespace
}  // namespace gameserver::games::tellit
