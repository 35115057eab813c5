// Tell-It game flow on the harness (SEED-SPEC §6.4, GAMES.md "tellit"): the Go game tests
// (§8.13) and integration tests (§8.16), every event and its order, every error string, the
// fixes (each test named Fix_... fails on the Go server's behaviour), reconnect re-keying, kicks,
// persistence records and snapshots.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "games/expect.hpp"
#include "games/harness.hpp"
#include "tellit/game.hpp"
#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

using testkit::expect_error;
using testkit::message_to;

using sdk::error_code;
using sdk::json;
using testkit::outbound;

// Every member of `to` gets the same message, in member order (what a broadcast records).
std::vector<outbound> to_all(std::initializer_list<const char*> to, const std::string& type,
                             const std::string& data) {
    std::vector<outbound> result;
    for (const char* id : to) result.push_back(message_to(id, type, data));
    return result;
}

std::vector<outbound> concat(std::initializer_list<std::vector<outbound>> parts) {
    std::vector<outbound> result;
    for (const auto& part : parts) result.insert(result.end(), part.begin(), part.end());
    return result;
}

struct user_row {
    std::string id;
    std::string name;
    bool disconnected = false;
    std::string kick_votes = "[]";
    int queued = 0;
};

std::string users_update(const std::vector<user_row>& rows) {
    std::string out = R"({"users":[)";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        if (i > 0) out += ",";
        out += R"({"id":")" + r.id + R"(","name":")" + r.name + R"(","disconnected":)" +
               (r.disconnected ? "true" : "false") + R"(,"afk":false,"kickVotes":)" + r.kick_votes +
               R"(,"queuedStories":)" + std::to_string(r.queued) + "}";
    }
    return out + "]}";
}

// A StoryDTO as the Go server writes it (avgReadingTime = words / 200 × 60 as a float64).
std::string story_json(const std::string& text, const std::string& author, int words, int turns) {
    return json{{"text", text},
                {"author", author},
                {"stats", json{{"avgReadingTime", static_cast<double>(words) / 200 * 60},
                               {"words", words},
                               {"turns", turns}}}}
        .dump();
}

std::vector<std::string> types_of(const std::vector<outbound>& messages) {
    std::vector<std::string> types;
    for (const auto& m : messages) types.push_back(m.type);
    return types;
}

class tellit_test : public ::testing::Test {
  protected:
    tellit_test() { h_.attach(game_); }

    void create(const json& options = nullptr) { ASSERT_FALSE(h_.create(options)); }
    // Joins u1..un as Alice, Bob, Carol, Dave, Eve and drops the messages.
    void seat(int n) {
        static const char* names[] = {"Alice", "Bob", "Carol", "Dave", "Eve"};
        for (int i = 0; i < n; ++i) {
            ASSERT_FALSE(h_.join(id(i + 1), names[i]));
        }
        h_.take();
    }
    static std::string id(int n) { return "u" + std::to_string(n); }
    void start() {
        ASSERT_FALSE(h_.act("u1", "start"));
        ASSERT_EQ(game_.current_status(), status::started);
        h_.take();
    }
    void started_room(int n, const json& options = nullptr) {
        create(options);
        seat(n);
        start();
    }
    void submit(const std::string& player, const std::string& text) {
        const auto status = h_.act(player, "submit_text", json{{"text", text}});
        ASSERT_FALSE(status) << player << ": " << testkit::describe(status);
    }
    const user& user_of(const std::string& player) const {
        for (const auto& u : game_.users()) {
            if (u.id == player) return u;
        }
        ADD_FAILURE() << "no user " << player;
        static const user none;
        return none;
    }
    std::size_t queued(const std::string& player) const { return user_of(player).queue.size(); }
    std::string current_owner(const std::string& player) const {
        const story* s = game_.current_story(player);
        return s ? s->owner : std::string("<none>");
    }
    std::vector<std::string> order() const {
        std::vector<std::string> ids;
        for (const auto& u : game_.users()) ids.push_back(u.id);
        return ids;
    }
    bool got(const std::string& player, const std::string& type) const {
        for (const auto& m : h_.outbox()) {
            if (m.to == player && m.type == type) return true;
        }
        return false;
    }
    // Expects that nothing changed and nothing was sent.
    // Go's failure shape: only `{"type":"submit_text","success":false,"error":...}` to the writer,
    // the game unchanged.
    void expect_submit_failure(const sdk::player_id& player, const std::string& text,
                               error_code code, const std::string& message) {
        const auto before = game_.snapshot().dump();
        EXPECT_FALSE(h_.act(player, "submit_text", json{{"text", text}}));
        EXPECT_EQ(game_.snapshot().dump(), before) << message;
        EXPECT_EQ(h_.take(), (std::vector<testkit::outbound>{{player,
                                                              {},
                                                              "submit_text",
                                                              {},
                                                              false,
                                                              message,
                                                              std::string(sdk::to_string(code))}}));
    }

    void expect_quiet(const std::string& before, const std::string& what) {
        EXPECT_EQ(game_.snapshot().dump(), before) << what;
        EXPECT_TRUE(h_.outbox().empty()) << what;
    }

    testkit::harness h_{7};
    game game_;
};

// ---- §8.13 game_test.go ----

TEST_F(tellit_test, AddUserAppendsToTheOrderAndBroadcastsUsers) {
    create();
    ASSERT_FALSE(h_.join("u1", "Alice"));
    EXPECT_EQ(h_.take(), to_all({"u1"}, "users_update", users_update({{"u1", "Alice"}})));
    ASSERT_FALSE(h_.join("u2", "Bob"));
    EXPECT_EQ(h_.take(),
              to_all({"u1", "u2"}, "users_update", users_update({{"u1", "Alice"}, {"u2", "Bob"}})));
    EXPECT_EQ(order(), (std::vector<std::string>{"u1", "u2"}));
    EXPECT_EQ(user_of("u2").name, "Bob");
}

TEST_F(tellit_test, JoinAfterTheStartStillAddsAUser) {
    started_room(2);
    ASSERT_FALSE(h_.join("u3", "Carol"));
    EXPECT_EQ(order(), (std::vector<std::string>{"u1", "u2", "u3"}));
}

TEST_F(tellit_test, GetStoriesJoinsPartsAndNamesAuthors) {
    started_room(2);
    submit("u1", "Once upon a time");
    submit("u2", "In a galaxy far away");
    submit("u1", "there was a knight");
    h_.take();
    ASSERT_FALSE(h_.act("u1", "request_stories"));
    // u1's second text continues Bob's story, which Bob passed on to u1.
    const std::string expected =
        R"({"stories":[)" + story_json("Once upon a time", "Alice", 4, 1) + "," +
        story_json("In a galaxy far away. there was a knight", "Bob", 9, 2) + "]}";
    EXPECT_EQ(h_.take(), (std::vector<outbound>{message_to("u1", "final_stories", expected)}));
}

TEST_F(tellit_test, StartGameBroadcastsStatusOnly) {
    create();
    seat(2);
    ASSERT_FALSE(h_.act("u2", "start"));
    EXPECT_EQ(game_.current_status(), status::started);
    EXPECT_TRUE(game_.is_started());
    EXPECT_FALSE(game_.is_over());
    EXPECT_TRUE(game_.finish_votes().empty());
    EXPECT_TRUE(game_.restart_votes().empty());
    EXPECT_EQ(h_.take(), to_all({"u1", "u2"}, "game_status", R"({"status":"started"})"));
}

TEST_F(tellit_test, StartIsIgnoredWhenStartedOrTooFewUsers) {
    create();
    seat(1);
    auto before = game_.snapshot().dump();
    EXPECT_FALSE(h_.act("u1", "start"));
    expect_quiet(before, "one user, minUsers 2");
    ASSERT_FALSE(h_.join("u2", "Bob"));
    h_.take();
    start();
    before = game_.snapshot().dump();
    EXPECT_FALSE(h_.act("u2", "start"));
    expect_quiet(before, "already started");
}

TEST_F(tellit_test, DisconnectedUsersCountForMinUsers) {
    create();
    seat(2);
    h_.disconnect("u2");
    h_.take();
    ASSERT_FALSE(h_.act("u1", "start"));
    EXPECT_EQ(game_.current_status(), status::started);
}

TEST_F(tellit_test, IsUserStoryOwnerOnceTheUserHasAStory) {
    started_room(2);
    EXPECT_FALSE(game_.is_story_owner("u1"));
    submit("u1", "Hello");
    EXPECT_TRUE(game_.is_story_owner("u1"));
    EXPECT_FALSE(game_.is_story_owner("u2"));
}

TEST_F(tellit_test, ReconnectRekeysMapOrderVotesKickVotesAndStoryOwner) {
    started_room(3);
    submit("u1", "First");
    submit("u2", "Second");
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    ASSERT_FALSE(h_.act("u3", "vote_kick", json{{"kickUserID", "u2"}}));
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u1", "vote_restart"));
    h_.disconnect("u1");
    EXPECT_TRUE(user_of("u1").disconnected);
    h_.take();

    ASSERT_FALSE(h_.reconnect("u1", "n1"));
    EXPECT_EQ(order(), (std::vector<std::string>{"n1", "u2", "u3"}));
    EXPECT_FALSE(user_of("n1").disconnected);
    EXPECT_EQ(user_of("n1").name, "Alice");
    EXPECT_TRUE(game_.finish_votes().contains("n1"));
    EXPECT_FALSE(game_.finish_votes().contains("u1"));
    EXPECT_TRUE(game_.restart_votes().contains("n1"));
    EXPECT_EQ(user_of("u3").kick_votes, (std::vector<std::string>{"n1"}));
    EXPECT_EQ(game_.stories()[0].owner, "n1");
    EXPECT_TRUE(game_.is_story_owner("n1"));
    EXPECT_FALSE(game_.is_story_owner("u1"));

    // request_update for the new id, then users_update again.
    const std::string users = users_update({{"n1", "Alice", false, "[]", 0},
                                            {"u2", "Bob", false, R"(["u3"])", 1},
                                            {"u3", "Carol", false, R"(["n1"])", 1}});
    const auto sent = h_.take();
    EXPECT_EQ(sent, concat({to_all({"u2", "u3", "n1"}, "users_update", users),
                            {message_to("n1", "game_status", R"({"status":"started"})"),
                             message_to("n1", "story_update", "null")},
                            to_all({"u2", "u3", "n1"}, "users_update", users)}));
}

TEST_F(tellit_test, ReconnectSendsTheStoryToContinue) {
    started_room(2);
    submit("u1", "one two");
    submit("u2", "three");
    h_.disconnect("u1");
    h_.take();
    ASSERT_FALSE(h_.reconnect("u1", "n1"));
    const auto sent = h_.sent_to("n1");
    ASSERT_EQ(types_of(sent), (std::vector<std::string>{"users_update", "game_status",
                                                        "story_update", "users_update"}));
    EXPECT_EQ(sent[2].data, story_json("three", "Bob", 1, 1));
}

TEST_F(tellit_test, ReconnectAfterTheEndSendsFinalStories) {
    started_room(2);
    submit("u1", "one");
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    h_.disconnect("u2");
    h_.take();
    ASSERT_FALSE(h_.reconnect("u2", "n2"));
    EXPECT_EQ(
        types_of(h_.sent_to("n2")),
        (std::vector<std::string>{"users_update", "game_status", "final_stories", "users_update"}));
    EXPECT_EQ(h_.sent_to("n2")[1].data, R"({"status":"ended"})");
}

TEST_F(tellit_test, ReconnectOfAnUnknownUserFails) {
    started_room(2);
    const auto before = game_.snapshot().dump();
    expect_error(h_.reconnect("ghost", "n9"), error_code::player_not_found, "user not found");
    expect_quiet(before, "unknown old id");
    expect_error(h_.reconnect("u1", "u2"), error_code::already_in_room,
                 "client is already in a room");
    expect_quiet(before, "new id taken");
}

// ---- §8.16 game_integration_test.go (the Go tests force `started`; we start) ----

TEST_F(tellit_test, CreateNewStory) {
    started_room(2);
    EXPECT_TRUE(game_.stories().empty());
    submit("u1", "First story that is.");
    EXPECT_EQ(game_.stories().size(), 1u);
}

TEST_F(tellit_test, CreateMultipleStories) {
    started_room(3);
    for (int i = 1; i <= 3; ++i) submit(id(i), "First story that is.");
    EXPECT_EQ(game_.stories().size(), 3u);
}

TEST_F(tellit_test, OneStoryPerUser) {
    started_room(2);
    submit("u1", "First story that is.");
    submit("u2", "First story that is.");
    EXPECT_EQ(game_.stories().size(), 2u);
}

TEST_F(tellit_test, ErrorWhenNoStoryQueued) {
    started_room(2);
    submit("u1", "First story that is.");
    h_.take();
    expect_submit_failure("u1", "Second story that is.", error_code::not_your_turn,
                          "can't wait - no story to continue");
}

TEST_F(tellit_test, CircleStories) {
    started_room(3);
    for (int i = 1; i <= 3; ++i) submit(id(i), "First story that is.");
    EXPECT_EQ(current_owner("u1"), "u3");
    EXPECT_EQ(queued("u1"), 1u);
    for (int round = 2; round <= 3; ++round) {
        for (int i = 1; i <= 3; ++i) {
            submit(id(i), "Round " + std::to_string(round) + " of " + std::to_string(i));
        }
    }
    EXPECT_EQ(current_owner("u1"), "u1");
    EXPECT_EQ(queued("u1"), 1u);
    for (const auto& s : game_.stories()) EXPECT_EQ(s.parts.size(), 3u);
}

TEST_F(tellit_test, NoStoryAfterSubmitting) {
    started_room(2);
    submit("u1", "First story of 1");
    submit("u2", "First story of 2");
    submit("u1", "Second story of 1");
    EXPECT_EQ(game_.current_story("u1"), nullptr);
}

TEST_F(tellit_test, NoStorySwitching) {
    started_room(2);
    submit("u1", "First story of 1");
    submit("u2", "First story of 2");
    ASSERT_NE(game_.current_story("u1"), nullptr);
    EXPECT_EQ(game_.current_story("u1")->latest_text(), "First story of 2");
    ASSERT_NE(game_.current_story("u2"), nullptr);
    EXPECT_EQ(game_.current_story("u2")->latest_text(), "First story of 1");
    submit("u2", "Second story of 2");
    EXPECT_EQ(queued("u1"), 2u);
    EXPECT_EQ(game_.current_story("u1")->latest_text(), "First story of 2");
    EXPECT_EQ(game_.current_story("u2"), nullptr);
}

TEST_F(tellit_test, MultipleStoriesQueued) {
    started_room(3);
    for (int i = 1; i <= 3; ++i) submit(id(i), "First story of " + std::to_string(i));
    EXPECT_EQ(queued("u1"), 1u);
    submit("u2", "Second story of 2");
    submit("u3", "Second story of 3");
    EXPECT_EQ(queued("u1"), 2u);
    submit("u3", "Third story of 3");
    EXPECT_EQ(queued("u1"), 3u);
}

TEST_F(tellit_test, NoStoryUpdateForNonOwnersFirstRound) {
    started_room(2);
    submit("u1", "First story from user1");
    EXPECT_FALSE(got("u2", "story_update"));
    EXPECT_EQ(queued("u2"), 1u);
}

TEST_F(tellit_test, StoryUpdateForOwnersAfterFirstRound) {
    started_room(2);
    submit("u1", "First story from user1");
    submit("u2", "First story from user2");
    h_.take();
    submit("u1", "Second story from user1");
    EXPECT_TRUE(got("u2", "story_update"));
}

TEST_F(tellit_test, MultipleUsersUpdateLogic) {
    started_room(3);
    submit("u1", "Story 1");
    EXPECT_FALSE(got("u2", "story_update"));
    EXPECT_FALSE(got("u3", "story_update"));
    EXPECT_TRUE(got("u1", "story_update"));  // an owner with an empty queue gets null
    h_.take();
    submit("u2", "Story 2");
    EXPECT_TRUE(got("u1", "story_update"));
    EXPECT_TRUE(got("u2", "story_update"));
    EXPECT_FALSE(got("u3", "story_update"));
    h_.take();
    submit("u3", "Story 3");
    for (int i = 1; i <= 3; ++i) EXPECT_TRUE(got(id(i), "story_update")) << i;
}

// ---- event payloads and orders ----

TEST_F(tellit_test, SubmitSendsStoryUpdatesToOwnersInOrderThenUsers) {
    started_room(3);
    submit("u1", "Once upon a time");
    EXPECT_EQ(
        h_.take(),
        concat({{message_to("u1", "story_update", "null")},
                to_all({"u1", "u2", "u3"}, "users_update",
                       users_update(
                           {{"u1", "Alice"}, {"u2", "Bob", false, "[]", 1}, {"u3", "Carol"}}))}));
    submit("u3", "A dark night");
    EXPECT_EQ(h_.take(),
              concat({{message_to("u1", "story_update", story_json("A dark night", "Carol", 3, 1)),
                       message_to("u3", "story_update", "null")},
                      to_all({"u1", "u2", "u3"}, "users_update",
                             users_update({{"u1", "Alice", false, "[]", 1},
                                           {"u2", "Bob", false, "[]", 1},
                                           {"u3", "Carol"}}))}));
    submit("u1", "the end of it");
    // story_update carries only the latest part, with the stats of the whole story.
    const auto to_u2 = h_.sent_to("u2");
    ASSERT_EQ(types_of(to_u2), (std::vector<std::string>{"users_update"})) << "u2 owns nothing";
    const auto to_u3 = h_.sent_to("u3");
    ASSERT_EQ(types_of(to_u3), (std::vector<std::string>{"story_update", "users_update"}));
    EXPECT_EQ(to_u3[0].data, "null");
    ASSERT_EQ(game_.stories().size(), 2u);
    EXPECT_EQ(game_.stories()[1].serialize(), "A dark night. the end of it");
}

TEST_F(tellit_test, SingleUserRoomPassesStoriesToItself) {
    started_room(1, json{{"minUsers", 1}});
    submit("u1", "alone");
    EXPECT_EQ(current_owner("u1"), "u1");
    submit("u1", "still alone");
    EXPECT_EQ(game_.stories().size(), 1u);
    EXPECT_EQ(game_.stories()[0].serialize(), "alone. still alone");
}

TEST_F(tellit_test, SubmitPayloadDecodingFollowsGo) {
    started_room(2);
    const auto before = game_.snapshot().dump();
    // Unparseable payloads are ignored without a reply.
    for (const json& bad : {json(sdk::json::value_t::discarded), json(5), json("text"),
                            json::array({"x"}), json{{"text", 5}}, json{{"TEXT", json::array()}}}) {
        EXPECT_FALSE(h_.act("u1", "submit_text", bad)) << bad.dump();
        expect_quiet(before, bad.dump());
    }
    // null decodes to an empty text; keys match case-insensitively; unknown keys are ignored.
    EXPECT_FALSE(h_.act("u1", "submit_text", nullptr));
    EXPECT_EQ(game_.stories().back().parts, (std::vector<std::string>{""}));
    EXPECT_FALSE(h_.act("u2", "submit_text", json{{"Text", "Hi"}, {"extra", 1}}));
    EXPECT_EQ(game_.stories().back().parts, (std::vector<std::string>{"Hi"}));
    EXPECT_FALSE(
        h_.act("u1", "submit_text", json{{"text", "a"}, {"TEXT", "b"}, {"tExt", nullptr}}));
    EXPECT_EQ(game_.stories()[1].parts, (std::vector<std::string>{"Hi", "b"}));
}

TEST_F(tellit_test, SubmitFromANonUserFails) {
    started_room(2);
    h_.add_member("spectator");
    expect_submit_failure("spectator", "x", error_code::not_a_player, "user not found");
}

TEST_F(tellit_test, VoteFinishTogglesAndEndsWhenEveryoneVoted) {
    started_room(2);
    submit("u1", "Once upon a time");
    submit("u2", "there was a brave knight");
    submit("u1", "who fought a dragon");
    h_.take();
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    EXPECT_EQ(h_.take(), to_all({"u1", "u2"}, "finish_vote_update", R"({"votes":["u1"]})"));
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    EXPECT_EQ(h_.take(), to_all({"u1", "u2"}, "finish_vote_update", R"({"votes":[]})"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    h_.take();
    EXPECT_TRUE(h_.records().empty());
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    const std::string stories =
        R"({"stories":[{"text":"Once upon a time","author":"Alice",)"
        R"("stats":{"avgReadingTime":1.2,"words":4,"turns":1}},)"
        R"({"text":"there was a brave knight. who fought a dragon","author":"Bob",)"
        R"("stats":{"avgReadingTime":2.6999999999999997,"words":9,"turns":2}}]})";
    EXPECT_EQ(h_.take(),
              concat({to_all({"u1", "u2"}, "finish_vote_update", R"({"votes":["u1","u2"]})"),
                      to_all({"u1", "u2"}, "final_stories", stories),
                      to_all({"u1", "u2"}, "game_status", R"({"status":"ended"})")}));
    EXPECT_EQ(game_.current_status(), status::ended);
    EXPECT_TRUE(game_.is_over());
    EXPECT_FALSE(game_.is_started());
}

TEST_F(tellit_test, PersistenceRecordsOneStoryEachWithTextAndAuthor) {
    // §8.17 "store 2 stories and read back": the records written at the end.
    started_room(2);
    submit("u1", "Once upon a time");
    submit("u2", "In a galaxy far away");
    submit("u1", "there was a knight");
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    ASSERT_EQ(h_.records().size(), 2u);
    EXPECT_EQ(
        h_.records()[0],
        (testkit::recorded{"tellit_story", R"({"text":"Once upon a time","author":"Alice"})"}));
    EXPECT_EQ(
        h_.records()[1],
        (testkit::recorded{"tellit_story", R"({"text":"In a galaxy far away. there was a knight",)"
                                           R"("author":"Bob"})"}));
}

TEST_F(tellit_test, NoStoriesMeansNoRecordsAndEmptyFinalStories) {
    started_room(2);
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    h_.take();
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    EXPECT_TRUE(h_.records().empty());
    EXPECT_EQ(h_.sent_to("u1")[1], message_to("u1", "final_stories", R"({"stories":[]})"));
}

TEST_F(tellit_test, RestartSendsTheGoShapesInOrder) {
    started_room(2);
    submit("u1", "one");
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u2"}}));
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    h_.take();
    ASSERT_FALSE(h_.act("u2", "vote_restart"));
    EXPECT_EQ(h_.take(), to_all({"u1", "u2"}, "restart_vote_update", R"({"votes":["u2"]})"));
    ASSERT_FALSE(h_.act("u1", "vote_restart"));
    EXPECT_EQ(h_.take(),
              concat({to_all({"u1", "u2"}, "restart_vote_update", R"({"votes":["u1","u2"]})"),
                      to_all({"u1", "u2"}, "users_update",
                             users_update({{"u1", "Alice"}, {"u2", "Bob"}})),
                      to_all({"u1", "u2"}, "game_status", R"({"status":"waiting"})"),
                      to_all({"u1", "u2"}, "story_update", R"({"story":null})"),
                      to_all({"u1", "u2"}, "finish_vote_update", R"({"votes":{}})"),
                      to_all({"u1", "u2"}, "restart_vote_update", R"({"votes":{}})")}));
    EXPECT_EQ(game_.current_status(), status::waiting);
    EXPECT_TRUE(game_.stories().empty());
    EXPECT_TRUE(game_.finish_votes().empty());
    EXPECT_TRUE(game_.restart_votes().empty());
    EXPECT_EQ(user_of("u1").written, 0);
    // And the group plays again.
    start();
    submit("u1", "again");
    EXPECT_EQ(game_.stories().size(), 1u);
}

TEST_F(tellit_test, KickNeedsMoreThanHalfOfAllUsers) {
    started_room(3);
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    EXPECT_EQ(h_.take(),
              to_all({"u1", "u2", "u3"}, "users_update",
                     users_update(
                         {{"u1", "Alice"}, {"u2", "Bob"}, {"u3", "Carol", false, R"(["u1"])"}})));
    // Toggling withdraws the vote.
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    EXPECT_TRUE(user_of("u3").kick_votes.empty());
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    h_.take();
    ASSERT_FALSE(h_.act("u2", "vote_kick", json{{"kickUserID", "u3"}}));
    EXPECT_EQ(h_.take(),
              concat({to_all({"u1", "u2", "u3"}, "user_kicked", R"({"kickedUser":"Carol"})"),
                      to_all({"u1", "u2", "u3"}, "users_update",
                             users_update({{"u1", "Alice"}, {"u2", "Bob"}}))}));
    EXPECT_EQ(order(), (std::vector<std::string>{"u1", "u2"}));
    ASSERT_EQ(h_.kicks().size(), 1u);
    EXPECT_EQ(h_.kicks()[0], (testkit::kicked{"u3", "kicked by vote"}));
    EXPECT_FALSE(h_.is_member("u3"));
    // A later reconnect of the kicked id fails.
    expect_error(h_.reconnect("u3", "n3"), error_code::player_not_found, "user not found");
}

TEST_F(tellit_test, KickWithTwoUsersNeedsBothIncludingTheTarget) {
    started_room(2);
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u2"}}));
    EXPECT_EQ(order().size(), 2u);
    ASSERT_FALSE(h_.act("u2", "vote_kick", json{{"kickUserID", "u2"}}));
    EXPECT_EQ(order(), (std::vector<std::string>{"u1"}));
}

TEST_F(tellit_test, KickVotesFromOrAgainstUnknownUsersAreIgnored) {
    started_room(2);
    h_.add_member("spectator");
    const auto before = game_.snapshot().dump();
    for (const auto& [voter, data] :
         std::vector<std::pair<std::string, json>>{{"spectator", json{{"kickUserID", "u1"}}},
                                                   {"u1", json{{"kickUserID", "nobody"}}},
                                                   {"u1", nullptr},
                                                   {"u1", json(sdk::json::value_t::discarded)},
                                                   {"u1", json{{"kickUserID", 3}}}}) {
        EXPECT_FALSE(h_.act(voter, "vote_kick", data));
        expect_quiet(before, voter + " " + data.dump());
    }
    EXPECT_FALSE(h_.act("u1", "vote_kick", json{{"KICKUSERID", "u2"}}));
    EXPECT_EQ(user_of("u2").kick_votes, (std::vector<std::string>{"u1"}));
}

TEST_F(tellit_test, RequestUpdateBroadcastsUsersAndAnswersTheSender) {
    create();
    seat(2);
    ASSERT_FALSE(h_.act("u2", "request_update"));
    const std::string users = users_update({{"u1", "Alice"}, {"u2", "Bob"}});
    EXPECT_EQ(h_.take(), concat({to_all({"u1", "u2"}, "users_update", users),
                                 {message_to("u2", "game_status", R"({"status":"waiting"})")}}));
    start();
    submit("u1", "one");
    submit("u2", "two");
    h_.take();
    ASSERT_FALSE(h_.act("u1", "request_update"));
    EXPECT_EQ(types_of(h_.sent_to("u1")),
              (std::vector<std::string>{"users_update", "game_status", "story_update"}));
    EXPECT_EQ(h_.sent_to("u1")[2].data, story_json("two", "Bob", 1, 1));
    h_.take();
    // A spectator gets the status, no story.
    h_.add_member("spectator");
    ASSERT_FALSE(h_.act("spectator", "request_update"));
    EXPECT_EQ(types_of(h_.sent_to("spectator")),
              (std::vector<std::string>{"users_update", "game_status"}));
}

TEST_F(tellit_test, RequestStoriesAnswersTheSenderOnlyAtAnyTime) {
    started_room(2);
    submit("u1", "one");
    h_.take();
    ASSERT_FALSE(h_.act("u2", "request_stories"));
    EXPECT_EQ(
        h_.take(),
        (std::vector<outbound>{message_to(
            "u2", "final_stories", R"({"stories":[)" + story_json("one", "Alice", 1, 1) + "]}")}));
}

TEST_F(tellit_test, LeaveMarksTheUserDisconnectedAndKeepsItInTheRotation) {
    started_room(3);
    h_.leave("u2");
    EXPECT_EQ(h_.take(),
              to_all({"u1", "u2", "u3"}, "users_update",
                     users_update({{"u1", "Alice"}, {"u2", "Bob", true}, {"u3", "Carol"}})));
    EXPECT_EQ(order(), (std::vector<std::string>{"u1", "u2", "u3"}));
    submit("u1", "still passes to Bob");
    EXPECT_EQ(queued("u2"), 1u);
}

TEST_F(tellit_test, UnknownTypesAreIgnoredWithoutAReply) {
    started_room(2);
    const auto before = game_.snapshot().dump();
    for (const char* type : {"game_action", "make_move", "START", "vote"}) {
        EXPECT_FALSE(h_.act("u1", type, json{{"text", "x"}})) << type;
        expect_quiet(before, type);
    }
}

TEST_F(tellit_test, LeaveAndDisconnectOfNonUsersDoNothing) {
    started_room(2);
    h_.add_member("spectator");
    const auto before = game_.snapshot().dump();
    h_.disconnect("spectator");
    h_.leave("spectator");
    expect_quiet(before, "spectator");
}

// ---- fixes (GAMES.md "tellit"; SEED-SPEC §9 items 8 and 18) ----

TEST_F(tellit_test, Fix_SubmitTextIsRefusedWhileWaiting) {
    // Go accepts texts before the start.
    create();
    seat(2);
    expect_submit_failure("u1", "early", error_code::invalid_move, "game has not started");
    EXPECT_TRUE(game_.stories().empty());
}

TEST_F(tellit_test, Fix_SubmitTextIsRefusedAfterTheEnd) {
    started_room(2);
    submit("u1", "one");
    submit("u2", "two");
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    h_.take();
    expect_submit_failure("u1", "late", error_code::game_over, "game has ended");
}

TEST_F(tellit_test, Fix_FinishVotesAreIgnoredWhileWaiting) {
    // Go would end a game that never started (and persist nothing).
    create();
    seat(2);
    const auto before = game_.snapshot().dump();
    EXPECT_FALSE(h_.act("u1", "vote_finish"));
    EXPECT_FALSE(h_.act("u2", "vote_finish"));
    expect_quiet(before, "waiting");
    EXPECT_EQ(game_.current_status(), status::waiting);
}

TEST_F(tellit_test, Fix_RestartVotesAreIgnoredWhileWaitingButWorkAfterTheEnd) {
    create();
    seat(2);
    const auto before = game_.snapshot().dump();
    EXPECT_FALSE(h_.act("u1", "vote_restart"));
    expect_quiet(before, "waiting");
    start();
    submit("u1", "one");
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    ASSERT_EQ(game_.current_status(), status::ended);
    ASSERT_FALSE(h_.act("u1", "vote_restart"));
    ASSERT_FALSE(h_.act("u2", "vote_restart"));
    EXPECT_EQ(game_.current_status(), status::waiting);
    EXPECT_TRUE(game_.stories().empty());
}

TEST_F(tellit_test, Fix_TheGameEndsOnceAndPersistsOnce) {
    // Go: votes stay after the end, so toggling a vote off and on "ends" it again and stores
    // every story a second time.
    started_room(2);
    submit("u1", "one");
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    ASSERT_EQ(h_.records().size(), 1u);
    h_.take();
    const auto before = game_.snapshot().dump();
    EXPECT_FALSE(h_.act("u2", "vote_finish"));
    EXPECT_FALSE(h_.act("u2", "vote_finish"));
    expect_quiet(before, "votes after the end");
    EXPECT_EQ(h_.records().size(), 1u);
}

TEST_F(tellit_test, Fix_AKickedUsersQueuedStoriesMoveOnToTheNextUser) {
    // Go drops the kicked user's queue: those stories never continue.
    started_room(3);
    for (int i = 1; i <= 3; ++i) submit(id(i), "Start " + std::to_string(i));
    submit("u1", "More");    // u1 continues Carol's story and passes it to Bob: Bob holds 2
    submit("u3", "More 3");  // Carol continues Bob's story: her queue is empty
    ASSERT_EQ(queued("u2"), 2u);
    ASSERT_EQ(queued("u3"), 0u);
    h_.take();
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u2"}}));
    ASSERT_FALSE(h_.act("u3", "vote_kick", json{{"kickUserID", "u2"}}));
    EXPECT_EQ(order(), (std::vector<std::string>{"u1", "u3"}));
    EXPECT_EQ(queued("u3"), 2u);
    EXPECT_EQ(current_owner("u3"), "u1");
    // Carol, an owner whose queue was empty, is told about the story she now continues, after
    // user_kicked and before users_update.
    const auto to_u3 = h_.sent_to("u3");
    ASSERT_EQ(types_of(to_u3), (std::vector<std::string>{"users_update", "user_kicked",
                                                         "story_update", "users_update"}));
    EXPECT_EQ(to_u3[2].data, story_json("Start 1", "Alice", 2, 1));
    submit("u3", "Carol goes on");
    submit("u3", "and on");
    EXPECT_EQ(queued("u3"), 0u);
    EXPECT_EQ(queued("u1"), 3u);
}

TEST_F(tellit_test, Fix_AKickedOwnersStoryKeepsGoingAsUnknown) {
    started_room(3);
    for (int i = 1; i <= 3; ++i) submit(id(i), "Start " + std::to_string(i));
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    ASSERT_FALSE(h_.act("u2", "vote_kick", json{{"kickUserID", "u3"}}));
    // u3's queue (u2's story) went to u1; u3's own story waits at u1 too.
    EXPECT_EQ(queued("u1"), 2u);
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    ASSERT_EQ(h_.records().size(), 3u);
    EXPECT_EQ(h_.records()[2].data, R"({"text":"Start 3","author":"Unknown"})");
}

TEST_F(tellit_test, Fix_AKickedUsersVotesGoWithThem) {
    started_room(3);
    ASSERT_FALSE(h_.act("u3", "vote_finish"));
    ASSERT_FALSE(h_.act("u3", "vote_kick", json{{"kickUserID", "u1"}}));
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    ASSERT_FALSE(h_.act("u2", "vote_kick", json{{"kickUserID", "u3"}}));
    EXPECT_TRUE(game_.finish_votes().empty());
    EXPECT_TRUE(user_of("u1").kick_votes.empty());
}

TEST_F(tellit_test, Fix_MaxUsersIsEnforcedOnJoin) {
    // Go appends every joiner.
    create(json{{"maxUsers", 2}});
    seat(2);
    const auto before = game_.snapshot().dump();
    expect_error(h_.join("u3", "Carol"), error_code::room_full, "Game is full");
    expect_quiet(before, "full");
    EXPECT_TRUE(h_.is_member("u3")) << "the joiner stays, as a spectator";
    expect_error(game_.can_add_bot(h_), error_code::room_full, "Game is full");
    // A spectator cannot start the game or vote.
    EXPECT_FALSE(h_.act("u3", "start"));
    expect_quiet(before, "spectator start");
}

TEST_F(tellit_test, MaxUsersZeroMeansNoLimit) {
    create(json{{"maxUsers", 0}});
    seat(5);
    EXPECT_EQ(order().size(), 5u);
    EXPECT_FALSE(game_.can_add_bot(h_));
}

TEST_F(tellit_test, Fix_StartFromANonUserIsIgnored) {
    // Go starts the game for any sender.
    create();
    seat(2);
    h_.add_member("spectator");
    const auto before = game_.snapshot().dump();
    EXPECT_FALSE(h_.act("spectator", "start"));
    expect_quiet(before, "spectator");
    EXPECT_EQ(game_.current_status(), status::waiting);
}

TEST_F(tellit_test, Fix_DisconnectMarksTheUserSoVotesCountConnectedUsersOnly) {
    // Go never hears of a dropped socket: the finish vote waits for it forever.
    started_room(3);
    h_.disconnect("u3");
    EXPECT_TRUE(user_of("u3").disconnected);
    EXPECT_EQ(h_.take(),
              to_all({"u1", "u2"}, "users_update",
                     users_update({{"u1", "Alice"}, {"u2", "Bob"}, {"u3", "Carol", true}})));
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    EXPECT_EQ(game_.current_status(), status::started);
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    EXPECT_EQ(game_.current_status(), status::ended);
}

TEST_F(tellit_test, Fix_ADisconnectThatCompletesTheVotesEndsTheGame) {
    started_room(3);
    submit("u1", "one");
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    h_.take();
    h_.disconnect("u3");
    EXPECT_EQ(game_.current_status(), status::ended);
    EXPECT_EQ(types_of(h_.sent_to("u1")),
              (std::vector<std::string>{"users_update", "final_stories", "game_status"}));
    EXPECT_EQ(h_.records().size(), 1u);
}

TEST_F(tellit_test, Fix_ADisconnectThatCompletesTheRestartVotesRestarts) {
    started_room(3);
    ASSERT_FALSE(h_.act("u1", "vote_restart"));
    ASSERT_FALSE(h_.act("u2", "vote_restart"));
    h_.leave("u3");
    EXPECT_EQ(game_.current_status(), status::waiting);
}

TEST_F(tellit_test, Fix_NobodyConnectedEndsNothing) {
    started_room(2);
    h_.disconnect("u1");
    h_.disconnect("u2");
    EXPECT_EQ(game_.current_status(), status::started);
    EXPECT_TRUE(h_.records().empty());
}

TEST_F(tellit_test, Fix_ReconnectClearsDisconnectedSoTheVoteWaitsAgain) {
    started_room(3);
    h_.disconnect("u3");
    ASSERT_FALSE(h_.reconnect("u3", "n3"));
    EXPECT_FALSE(user_of("n3").disconnected);
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    EXPECT_EQ(game_.current_status(), status::started);
    ASSERT_FALSE(h_.act("n3", "vote_finish"));
    EXPECT_EQ(game_.current_status(), status::ended);
}

TEST_F(tellit_test, Fix_KickCompletingTheFinishVoteEndsTheGame) {
    started_room(3);
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    h_.take();
    ASSERT_FALSE(h_.act("u2", "vote_kick", json{{"kickUserID", "u3"}}));
    EXPECT_EQ(game_.current_status(), status::ended);
    EXPECT_EQ(
        types_of(h_.sent_to("u1")),
        (std::vector<std::string>{"user_kicked", "users_update", "final_stories", "game_status"}));
}

// ---- options, views, snapshots ----

TEST_F(tellit_test, OptionsMinUsersApplies) {
    create(json{{"minUsers", 3}});
    seat(2);
    EXPECT_FALSE(h_.act("u1", "start"));
    EXPECT_EQ(game_.current_status(), status::waiting);
    ASSERT_FALSE(h_.join("u3", "Carol"));
    EXPECT_FALSE(h_.act("u1", "start"));
    EXPECT_EQ(game_.current_status(), status::started);
}

TEST_F(tellit_test, BadOptionsKeepTheDefaultsAndNeverRefuseCreation) {
    EXPECT_FALSE(h_.create(json("not an object")));
    EXPECT_EQ(game_.options(), room_options{});
}

TEST_F(tellit_test, ViewForAUser) {
    started_room(2, json{{"botRounds", 2}});
    submit("u1", "Once upon a time");
    submit("u2", "there was");
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    EXPECT_EQ(
        game_.view_for("u1").dump(),
        R"({"status":"started","users":[)"
        R"({"id":"u1","name":"Alice","disconnected":false,"afk":false,"kickVotes":[],"queuedStories":1},)"
        R"({"id":"u2","name":"Bob","disconnected":false,"afk":false,"kickVotes":[],"queuedStories":1}],)"
        R"("story":)" +
            story_json("there was", "Bob", 2, 1) +
            R"(,"isStoryOwner":true,"written":1,"finishVotes":["u2"],"restartVotes":[],)"
            R"("options":{"spectatorsAllowed":true,"isPublic":true,"minUsers":2,)"
            R"("maxUsers":30,"afkDelay":30000,"botRounds":2},"finalStories":[]})");
}

TEST_F(tellit_test, ViewForANonUserOrANonOwnerHidesStories) {
    started_room(2);
    submit("u1", "secret");
    for (const std::string& who : {std::string("u2"), std::string(""), std::string("stranger")}) {
        const json view = game_.view_for(who);
        EXPECT_TRUE(view["story"].is_null()) << who;
        EXPECT_FALSE(view["isStoryOwner"].get<bool>()) << who;
        EXPECT_EQ(view["finalStories"], json::array()) << who;
        EXPECT_EQ(view["users"].size(), 2u);
    }
    ASSERT_FALSE(h_.act("u1", "vote_finish"));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    EXPECT_EQ(game_.view_for("").at("finalStories").size(), 1u);
    EXPECT_EQ(game_.view_for("")["status"], "ended");
}

TEST_F(tellit_test, SnapshotRoundTripKeepsEverythingAndPlaysOnIdentically) {
    started_room(3, json{{"minUsers", 2}, {"botRounds", 4}});
    for (int i = 1; i <= 3; ++i) submit(id(i), "Start " + std::to_string(i));
    submit("u2", "more");
    ASSERT_FALSE(h_.act("u1", "vote_kick", json{{"kickUserID", "u3"}}));
    ASSERT_FALSE(h_.act("u2", "vote_finish"));
    h_.disconnect("u3");
    h_.take();

    game copy;
    const auto snapshot = game_.snapshot();
    ASSERT_FALSE(copy.restore(json::parse(snapshot.dump())));
    EXPECT_EQ(copy.snapshot(), snapshot);
    for (const char* who : {"u1", "u2", "u3", ""}) {
        EXPECT_EQ(copy.view_for(who), game_.view_for(who)) << who;
    }
    testkit::harness other(7);
    other.attach(copy);
    for (const char* member : {"u1", "u2", "u3"}) other.add_member(member);
    other.set_connected("u3", false);
    for (auto* target : {&h_, &other}) {
        ASSERT_FALSE(target->act("u1", "submit_text", json{{"text", "next"}}));
        ASSERT_FALSE(target->act("u1", "vote_finish"));
    }
    EXPECT_EQ(other.take(), h_.take());
    EXPECT_EQ(other.records(), h_.records());
    EXPECT_EQ(copy.snapshot(), game_.snapshot());
}

TEST_F(tellit_test, RestoreRefusesInconsistentQueues) {
    started_room(2);
    submit("u1", "one");
    const json good = game_.snapshot();
    game target;
    ASSERT_FALSE(target.restore(good));
    const auto before = target.snapshot().dump();

    json out_of_range = good;
    out_of_range["users"][0]["queue"] = json::array({5});
    json twice = good;
    twice["users"][0]["queue"] = json::array({0});  // already queued at u2
    json duplicate_user = good;
    duplicate_user["users"][1]["id"] = "u1";
    json bad_status = good;
    bad_status["status"] = "paused";
    json negative_written = good;
    negative_written["users"][0]["written"] = -1;
    for (const json& bad : {out_of_range, twice, duplicate_user, bad_status, negative_written}) {
        EXPECT_TRUE(target.restore(bad)) << bad.dump();
        EXPECT_EQ(target.snapshot().dump(), before);
    }
}

}  // namespace
}  // namespace gameserver::games::tellit
