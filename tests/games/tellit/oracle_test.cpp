// The tellit desync oracle (oracle.hpp): every pair of views from a real game (a reconnect with a
// new id, a kick, the end, a restart and a second game) is accepted, for the game's own views and
// for the views the clients fold from their envelopes; views tampered in each way the oracle
// checks are refused with a reason that names the problem.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "games/harness.hpp"
#include "games/tellit/clients.hpp"
#include "tellit/game.hpp"
#include "tellit/oracle.hpp"
#include "tellit/plugin.hpp"

namespace gameserver::games::tellit {
namespace {

using sdk::json;

// One view of a seat, and the id it was received under.
struct seen {
    sdk::player_id self;
    json view;
};

class tellit_oracle_test : public ::testing::Test {
  protected:
    tellit_oracle_test() {
        h_.attach(game_);
        (void)h_.create(nullptr);
        for (const auto& [id, name] : {std::pair{"p1", "Ann"}, {"p2", "Ben"}, {"p3", "Cal"}}) {
            clients_.push_back(test_clients::client(id, h_.history().size()));
            (void)h_.join(id, name);
        }
        record();
        waiting_ = game_.view_for("p1");
    }

    // The script: a game with a reconnect and a kick, its end, a restart and a second game.
    void play() {
        act("p1", "start");
        submit("p1", "Once upon a time");
        submit("p2", "there was a fox");
        submit("p3", "in the woods");
        started_ = game_.view_for("p1");  // Ann continues Cal's story next
        submit("p1", "who sang");
        act("p2", "vote_finish");
        h_.disconnect("p2");
        clients_[1].listening = false;
        record();
        clients_[1].catch_up(h_.history());
        clients_[1].id = "p2b";
        clients_[1].listening = true;
        ASSERT_FALSE(h_.reconnect("p2", "p2b"));
        record();
        submit("p2b", "at night");
        act("p1", "vote_kick", json{{"kickUserID", "p3"}});
        act("p3", "vote_kick", json{{"kickUserID", "p3"}});
        clients_[2].listening = false;
        act("p1", "vote_finish");
        ASSERT_EQ(game_.current_status(), status::ended);
        ended_ = game_.view_for("p1");
        act("p1", "vote_restart");
        act("p2b", "vote_restart");
        ASSERT_EQ(game_.current_status(), status::waiting);
        act("p2b", "start");
        submit("p2b", "Again");
        submit("p1", "and again");
    }

    void act(const std::string& id, const std::string& type, const json& data = nullptr) {
        (void)h_.act(id, type, data);
        record();
    }
    void submit(const std::string& id, const std::string& text) {
        act(id, "submit_text", json{{"text", text}});
    }
    // Each seat's game view and, while it listens, its folded view.
    void record() {
        for (std::size_t i = 0; i < clients_.size(); ++i) {
            auto& c = clients_[i];
            c.catch_up(h_.history());
            game_views_[i].push_back({c.id, game_.view_for(c.id)});
            if (c.listening) folded_views_[i].push_back({c.id, c.view});
        }
    }

    // Every later view may follow every earlier one of the same seat.
    static void expect_all_accepted(const std::vector<seen>& history, const std::string& what) {
        ASSERT_GT(history.size(), 2u);
        for (std::size_t i = 0; i < history.size(); ++i) {
            for (std::size_t j = i + 1; j < history.size(); ++j) {
                const auto error =
                    transition_error(history[i].view, history[j].view, history[j].self);
                ASSERT_FALSE(error) << what << ": " << *error << " (view " << i << " to " << j
                                    << ")\nbefore: " << history[i].view.dump()
                                    << "\nafter:  " << history[j].view.dump();
            }
        }
    }

    testkit::harness h_;
    game game_;
    std::deque<test_clients::client> clients_;
    std::vector<seen> game_views_[3];
    std::vector<seen> folded_views_[3];
    json waiting_;
    json started_;
    json ended_;
};

// `after` is refused, and the reason mentions `expected`.
void expect_refused(const json& before, const json& after, const std::string& self,
                    const std::string& expected) {
    const auto error = transition_error(before, after, self);
    ASSERT_TRUE(error) << "accepted: " << after.dump();
    EXPECT_NE(error->find(expected), std::string::npos)
        << "reason '" << *error << "' does not mention '" << expected << "'";
}

TEST_F(tellit_oracle_test, AcceptsEveryPairOfARealHistory) {
    play();
    const char* seats[] = {"p1", "p2 (p2b after its reconnect)", "p3 (kicked)"};
    for (std::size_t i = 0; i < 3; ++i) {
        expect_all_accepted(game_views_[i], std::string("game views of ") + seats[i]);
        expect_all_accepted(folded_views_[i], std::string("folded views of ") + seats[i]);
    }
    EXPECT_EQ(game_views_[1].back().self, "p2b");
}

// The bot runner checks every view it folds, between the envelopes of one event too.
TEST_F(tellit_oracle_test, AcceptsEveryViewFoldedFromTheEnvelopes) {
    play();
    for (const auto& c : clients_) {
        EXPECT_TRUE(c.desyncs.empty())
            << c.id << ": " << c.desyncs.size() << " refused, first " << c.desyncs.front();
    }
}

TEST_F(tellit_oracle_test, RefusesUnreadableViews) {
    play();
    json after = started_;
    after.erase("status");
    expect_refused(started_, after, "p1", "status");
    after = started_;
    after["users"] = "everyone";
    expect_refused(started_, after, "p1", "users");
    after = started_;
    after["users"][0].erase("queuedStories");
    expect_refused(started_, after, "p1", "user entry");
    after = started_;
    after["story"] = json{{"text", "x"}};
    expect_refused(started_, after, "p1", "story");
    expect_refused(json(42), started_, "p1", "earlier view");
}

TEST_F(tellit_oracle_test, RefusesAWaitingRoomWithGameState) {
    play();
    json after = waiting_;
    after["finishVotes"] = json::array({"p1"});
    expect_refused(waiting_, after, "p1", "votes while waiting");
    after = waiting_;
    after["users"][0]["queuedStories"] = 1;
    expect_refused(waiting_, after, "p1", "queued stories while waiting");
    after = waiting_;
    after["written"] = 1;
    after["isStoryOwner"] = true;
    expect_refused(waiting_, after, "p1", "while waiting");
    after = started_;
    after["status"] = "waiting";
    expect_refused(started_, after, "p1", "while waiting");
}

TEST_F(tellit_oracle_test, RefusesImpossibleVotes) {
    play();
    json after = started_;
    after["restartVotes"] = json::array({"ghost"});
    expect_refused(started_, after, "p1", "restart vote by ghost, who is not a user");
    after = started_;
    after["finishVotes"] = json::array({"p2", "p2"});
    expect_refused(started_, after, "p1", "counted twice");
    after = started_;
    after["users"][1]["kickVotes"] = json::array({"ghost"});
    expect_refused(started_, after, "p1", "kick vote against p2 by ghost");
}

TEST_F(tellit_oracle_test, RefusesImpossibleUsersAndStories) {
    play();
    json after = started_;
    after["users"][1]["afk"] = true;
    expect_refused(started_, after, "p1", "afk");
    after = started_;
    after["users"][1]["queuedStories"] = -1;
    expect_refused(started_, after, "p1", "negative queue");
    after = started_;
    after["users"][1] = after["users"][0];
    expect_refused(started_, after, "p1", "listed twice");
    ASSERT_TRUE(started_["story"].is_object());
    after = started_;
    after["story"]["stats"]["turns"] = 0;
    expect_refused(started_, after, "p1", "turns");
    after = started_;
    after["story"]["stats"]["avgReadingTime"] = 99.5;
    expect_refused(started_, after, "p1", "reading time");
    after = started_;
    after["finalStories"] = ended_["finalStories"];
    expect_refused(started_, after, "p1", "final stories before the end");
}

TEST_F(tellit_oracle_test, RefusesASeatThatContradictsItself) {
    play();
    json after = started_;
    after["isStoryOwner"] = false;
    expect_refused(started_, after, "p1", "owns none");
    after = started_;
    after["isStoryOwner"] = false;
    after["story"] = nullptr;
    expect_refused(started_, after, "p1", "owns no story");
    expect_refused(started_, started_, "ghost", "a story shown to ghost, who is not a user");
}

TEST_F(tellit_oracle_test, RefusesAnEndThatDoesNotAddUp) {
    play();
    ASSERT_EQ(ended_["status"], "ended");
    json after = ended_;
    after["users"][0]["queuedStories"] = 10;
    expect_refused(ended_, after, "p1", "queued stories but");
    after = ended_;
    after["finalStories"][0]["author"] = "Zed";
    expect_refused(ended_, after, "p1", "'Zed', who is no user");
}

TEST_F(tellit_oracle_test, RefusesChangedOptionsAndReorderedUsers) {
    play();
    json after = started_;
    after["options"]["minUsers"] = 3;
    expect_refused(started_, after, "p1", "options changed");
    after = waiting_;
    std::swap(after["users"][0], after["users"][1]);
    expect_refused(waiting_, after, "p1", "moved before");
    after = waiting_;
    after["users"][1]["name"] = "Zed";
    expect_refused(waiting_, after, "p1", "renamed from 'Ben' to 'Zed'");
    // A newcomer ahead of a user who was there before (joins append).
    after = waiting_;
    json newcomer = after["users"][2];
    newcomer["id"] = "p9";
    newcomer["name"] = "Nia";
    after["users"].insert(after["users"].begin(), newcomer);
    expect_refused(waiting_, after, "p1", "listed after p9");
    // A reconnect keeps the seat's place and name under a new id; a kick removes it: accepted.
    after = waiting_;
    after["users"][1]["id"] = "p2b";
    after["users"].erase(2);
    after["users"].push_back(newcomer);
    EXPECT_FALSE(transition_error(waiting_, after, "p1"));
}

TEST(tellit_oracle, ThePluginUsesIt) {
    const auto plugin = make_plugin();
    EXPECT_TRUE(plugin->transition_error(json(1), json(2), "p1"));
    game g;
    EXPECT_FALSE(plugin->transition_error(g.view_for("p1"), g.view_for("p1"), "p1"));
}

}  // namespace
}  // namespace gameserver::games::tellit
