// Tell-It over real sockets (SEED-SPEC §6.4 with GAMES.md's fixes): three writers start a game,
// pass stories around, one drops and takes its seat back with its token, a kick vote removes a
// user and closes its connection (close code 4000, no seat to come back to), and the finish vote
// ends the game with every story recorded in the SQLite file.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gameserver/core/storage.hpp"
#include "integration_helpers.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

struct writer {
    ws_test_client ws;
    std::string id;
    std::string token;
};

void seat(writer& w, std::uint16_t port, const std::string& name) {
    connect_past_welcome(w.ws, port);
    auto joined = w.ws.join("tellit", name, std::string("tales"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    w.id = joined["data"]["clientId"];
    w.token = joined["data"]["reconnectToken"];
}

// The data of the next `type` envelope the writer gets.
json next_data(writer& w, const std::string& type) {
    auto e = w.ws.wait_for(type);
    EXPECT_TRUE(e.has_value()) << "no " << type;
    return e ? (*e)["data"] : json();
}

TEST(Tellit, WritersPassStoriesReconnectKickAndFinish) {
    temp_dir dir("gameserver-tellit");
    test_server server({}, core::make_sqlite_storage(dir.path()));
    writer ann, bob, cat;
    seat(ann, server.port(), "Ann");
    seat(bob, server.port(), "Bob");
    seat(cat, server.port(), "Cat");

    ann.ws.send("start");
    for (writer* w : {&ann, &bob, &cat}) {
        EXPECT_EQ(next_data(*w, "game_status"), (json{{"status", "started"}}));
    }

    // Round 1: everyone starts a story; it is queued for the next writer in join order.
    ann.ws.send("submit_text", json{{"text", "Once upon a time"}});
    EXPECT_TRUE(next_data(ann, "story_update").is_null());  // Ann owns a story, her queue is empty
    bob.ws.send("submit_text", json{{"text", "A dragon slept"}});
    EXPECT_EQ(next_data(bob, "story_update")["text"], "Once upon a time");  // Ann's, from Ann
    cat.ws.send("submit_text", json{{"text", "Rain fell"}});
    EXPECT_EQ(next_data(cat, "story_update")["text"], "A dragon slept");
    auto users = next_data(ann, "users_update")["users"];
    ASSERT_EQ(users.size(), 3u);

    // Bob's connection drops mid-game; the others see client_left; he comes back by token and
    // gets his status and his story back (request_update on reconnect).
    bob.ws.drop();
    ASSERT_TRUE(wait_for_session(server, bob.id));
    ASSERT_TRUE(ann.ws.wait_for("client_left"));
    writer bob2;
    connect_past_welcome(bob2.ws, server.port());
    bob2.ws.send("reconnect", json{{"clientId", bob.id}, {"reconnectToken", bob.token}});
    auto back = bob2.ws.wait_for("reconnect_result");
    ASSERT_TRUE(is_success(back, "reconnect_result")) << back->dump();
    bob2.id = (*back)["data"]["clientId"];
    bob2.token = (*back)["data"]["reconnectToken"];
    const auto replayed = bob2.ws.skipped();
    std::vector<std::string> replayed_types = types_of(replayed);
    EXPECT_NE(std::find(replayed_types.begin(), replayed_types.end(), "game_status"),
              replayed_types.end());
    for (const auto& e : replayed) {
        if (e["type"] == "story_update") {
            EXPECT_EQ(e["data"]["text"], "Once upon a time");
        }
    }
    bob2.ws.send("submit_text", json{{"text", "and then a knight came"}});
    EXPECT_TRUE(is_success(bob2.ws.wait_for("users_update"), "users_update"));

    // Ann and Bob vote Cat out: more than half of 3. Cat hears it, then her socket closes.
    ann.ws.send("vote_kick", json{{"kickUserID", cat.id}});
    bob2.ws.send("vote_kick", json{{"kickUserID", cat.id}});
    EXPECT_EQ(next_data(cat, "user_kicked"), (json{{"kickedUser", "Cat"}}));
    ASSERT_TRUE(cat.ws.wait_closed());
    EXPECT_EQ(cat.ws.close_code(), 4000);
    EXPECT_EQ(next_data(ann, "user_kicked"), (json{{"kickedUser", "Cat"}}));
    auto left = ann.ws.wait_for("client_left");
    ASSERT_TRUE(left);
    EXPECT_EQ((*left)["data"]["clientId"], cat.id);
    // No seat to come back to.
    writer cat2;
    connect_past_welcome(cat2.ws, server.port());
    cat2.ws.send("reconnect", json{{"clientId", cat.id}, {"reconnectToken", cat.token}});
    auto refused = cat2.ws.wait_for("reconnect_result");
    ASSERT_TRUE(refused);
    EXPECT_FALSE((*refused)["success"].get<bool>()) << refused->dump();

    // The two remaining writers finish: final stories, then the end; the stories are stored.
    ann.ws.send("vote_finish");
    bob2.ws.send("vote_finish");
    auto finals = next_data(ann, "final_stories")["stories"];
    EXPECT_EQ(finals.size(), 3u);
    EXPECT_EQ(next_data(ann, "game_status"), (json{{"status", "ended"}}));
    EXPECT_TRUE(eventually([&] { return server.storage().recent("tellit_story", 10).size() == 3; }))
        << server.storage().recent("tellit_story", 10).size();
    for (const auto& record : server.storage().recent("tellit_story", 10)) {
        EXPECT_EQ(record.room_id, "tales");
        EXPECT_TRUE(record.data.contains("text"));
        EXPECT_TRUE(record.data.contains("author"));
    }
}

// With two users both must vote, so the last vote can be the target's own: the kick then comes
// from that user's own message, and it still hears `user_kicked` before its socket closes.
TEST(Tellit, AUserWhoseOwnVoteKicksItHearsItBeforeTheClose) {
    test_server server;
    writer ann, bob;
    seat(ann, server.port(), "Ann");
    seat(bob, server.port(), "Bob");
    ann.ws.send("vote_kick", json{{"kickUserID", bob.id}});
    ASSERT_TRUE(bob.ws.wait_for("users_update"));
    bob.ws.send("vote_kick", json{{"kickUserID", bob.id}});
    EXPECT_EQ(next_data(bob, "user_kicked"), (json{{"kickedUser", "Bob"}}));
    ASSERT_TRUE(bob.ws.wait_closed());
    EXPECT_EQ(bob.ws.close_code(), 4000);
    EXPECT_EQ(next_data(ann, "user_kicked"), (json{{"kickedUser", "Bob"}}));
}

}  // namespace
}  // namespace gameserver::testing
