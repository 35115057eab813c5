// The tellit client view (client_view.hpp) on a real harness game: after every input, what each
// listening client folded from its envelopes equals game::view_for for it. Then the limits the
// wire imposes (options, votes missed while away), pinned so that a change is noticed.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "games/harness.hpp"
#include "games/tellit/clients.hpp"
#include "tellit/client_view.hpp"
#include "tellit/game.hpp"
#include "tellit/oracle.hpp"
#include "tellit/plugin.hpp"
#include "tellit/rules.hpp"

namespace gameserver::games::tellit {
namespace {

using sdk::json;
using test_clients::client;

// The top-level keys where two views differ.
std::vector<std::string> differing_keys(const json& a, const json& b) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : b.items()) {
        if (!a.contains(key) || a.at(key) != value) keys.push_back(key);
    }
    return keys;
}

class client_view_test : public ::testing::Test {
  protected:
    void create(const json& options = nullptr) {
        h_.attach(game_);
        ASSERT_FALSE(h_.create(options));
    }
    void join(const std::string& id, const std::string& name) {
        clients_.push_back(client(id, h_.history().size()));
        (void)h_.join(id, name);
        check("join " + id);
    }
    // A join while the game runs: no game_status comes, so the status is guessed from the
    // queued stories ("started"); request_update then tells it.
    void join_late(const std::string& id, const std::string& name) {
        join(id, name);
        EXPECT_EQ(folded(id, "status"), "started");
        act(id, "request_update");
    }
    void act(const std::string& id, const std::string& type, const json& data = nullptr) {
        (void)h_.act(id, type, data);
        check(id + " " + type + " " + data.dump());
    }
    void submit(const std::string& id, const std::string& text) {
        act(id, "submit_text", json{{"text", text}});
    }
    void kick(const std::string& target, const std::vector<std::string>& voters) {
        for (const auto& voter : voters) act(voter, "vote_kick", json{{"kickUserID", target}});
        ASSERT_EQ(h_.kicks().size(), ++kicks_) << target << " was not kicked";
        // It got the kick's messages (checked above); the room sends it nothing more.
        find(target).listening = false;
    }
    void disconnect(const std::string& id) {
        h_.disconnect(id);
        find(id).listening = false;
        check("disconnect " + id);
    }
    // The same client takes its seat back under a new id, keeping the view it had.
    void reconnect(const std::string& old_id, const std::string& new_id) {
        client& c = find(old_id);
        c.catch_up(h_.history());
        c.id = new_id;
        c.listening = true;
        ASSERT_FALSE(h_.reconnect(old_id, new_id));
        check("reconnect " + old_id + " as " + new_id);
    }

    // What the client folded, apart from the comparison with the game.
    const json& folded(const std::string& id, const char* key) { return find(id).view.at(key); }

    client& find(const std::string& id) {
        for (auto& c : clients_) {
            if (c.id == id) return c;
        }
        ADD_FAILURE() << "no client " << id;
        return clients_.front();
    }

    // Every listening client's folded view is the game's view for it.
    void check(const std::string& step) {
        ++checks_;
        for (auto& c : clients_) {
            c.catch_up(h_.history());
            if (!c.listening) continue;
            EXPECT_TRUE(c.desyncs.empty())
                << "after '" << step << "', the oracle refused a view of " << c.id << ": "
                << c.desyncs.front();
            c.desyncs.clear();
            const json expected = game_.view_for(c.id);
            EXPECT_EQ(c.view, expected)
                << "after '" << step << "', " << c.id << " differs in "
                << ::testing::PrintToString(differing_keys(c.view, expected))
                << "\nfolded: " << c.view.dump() << "\ngame:   " << expected.dump();
        }
    }

    testkit::harness h_;
    game game_;
    std::deque<client> clients_;  // stable references
    std::size_t kicks_ = 0;
    int checks_ = 0;
};

TEST_F(client_view_test, FollowsAGameWithKicksAnEndAndARestart) {
    create();
    join("p1", "Ann");
    join("p2", "Ben");
    join("p3", "Cal");
    submit("p1", "too early");  // refused: waiting
    act("p1", "start");
    submit("p1", "Once upon a time");
    submit("p2", "there was a fox");
    submit("p1", "who can't wait");  // refused: no story to continue
    submit("p3", "in the woods");
    submit("p3", "and a hen");
    submit("p1", "that sang");
    act("p2", "request_stories");  // answered, but no part of the view before the end
    act("p3", "request_update");
    act("p2", "vote_finish");
    act("p2", "vote_finish");  // withdrawn
    act("p1", "vote_finish");
    // Cal owns a story others hold: its author turns "Unknown", its queue moves on to Ann.
    submit("p2", "by the river");  // Ben's next story is Cal's
    kick("p3", {"p1", "p3"});
    EXPECT_EQ(folded("p2", "story").at("author"), "Unknown");
    submit("p2", "at night");
    act("p2", "vote_finish");  // with p1's vote: unanimous, the game ends
    ASSERT_EQ(game_.current_status(), status::ended);
    act("p1", "request_stories");
    act("p1", "request_update");
    act("p2", "vote_restart");
    act("p1", "vote_restart");  // restart: everything but the users goes
    ASSERT_EQ(game_.current_status(), status::waiting);
    act("p1", "start");
    submit("p2", "Again");
    submit("p1", "and again");
    EXPECT_EQ(folded("p1", "written"), 1);
    EXPECT_EQ(folded("p2", "written"), 1);
    EXPECT_GT(checks_, 20);
}

TEST_F(client_view_test, FollowsReconnectsWithNewIdsAndLateJoiners) {
    create();
    join("p1", "Ann");
    join("p2", "Ben");
    act("p2", "start");
    submit("p1", "One");
    // A late joiner learns the status by asking (no message tells a joiner), then writes.
    join_late("p3", "Cal");
    submit("p3", "Two");
    submit("p2", "Three");
    act("p2", "vote_finish");
    // Ben drops and returns under a new id: its vote, written count and story follow the seat.
    disconnect("p2");
    submit("p1", "Four");  // Ben is the successor and misses this; request_update catches up
    reconnect("p2", "p2b");
    EXPECT_EQ(folded("p1", "finishVotes"), json::array({"p2b"}));
    EXPECT_EQ(folded("p2b", "written"), 1);
    submit("p2b", "Five");
    submit("p3", "Six");
    act("p1", "vote_finish");
    act("p3", "vote_finish");
    ASSERT_EQ(game_.current_status(), status::ended);
    EXPECT_EQ(folded("p3", "finalStories").size(), 3u);
    // The other path of a reconnect, after the end: final_stories instead of a story.
    disconnect("p1");
    reconnect("p1", "p1b");
}

TEST_F(client_view_test, CountsTheTextsOfALoneWriter) {
    // With one user a submit leaves users_update unchanged; the story_update shows it.
    create();
    join("p1", "Ann");
    join("p2", "Ben");
    act("p1", "start");
    submit("p1", "One");
    submit("p2", "Two");
    kick("p2", {"p1", "p2"});
    for (const char* text : {"Three", "Four", "Five"}) submit("p1", text);
    EXPECT_EQ(folded("p1", "written"), 4);
}

TEST_F(client_view_test, CountsTheFirstTextOfALoneUser) {
    create(json{{"minUsers", 1}});  // the view keeps default options: compare the rest
    clients_.push_back(client("p1", h_.history().size()));
    (void)h_.join("p1", "Ann");
    (void)h_.act("p1", "start");
    (void)h_.act("p1", "submit_text", json{{"text", "One"}});
    (void)h_.act("p1", "submit_text", json{{"text", "Two"}});
    clients_.front().catch_up(h_.history());
    EXPECT_EQ(differing_keys(clients_.front().view, game_.view_for("p1")),
              std::vector<std::string>{"options"});
    EXPECT_EQ(clients_.front().view["written"], 2);
}

// Limits of the wire, pinned: no message carries the options, and votes cast while a client is
// away are not repeated by request_update.
TEST_F(client_view_test, KnownGap_OptionsAreTheDefaults) {
    create(json{{"botRounds", 5}});
    clients_.push_back(client("p1", h_.history().size()));
    (void)h_.join("p1", "Ann");
    clients_.front().catch_up(h_.history());
    EXPECT_EQ(clients_.front().view["options"], to_json(room_options{}));
    EXPECT_EQ(differing_keys(clients_.front().view, game_.view_for("p1")),
              std::vector<std::string>{"options"});
}

TEST_F(client_view_test, KnownGap_VotesCastWhileAwayAreMissed) {
    create();
    join("p1", "Ann");
    join("p2", "Ben");
    join("p3", "Cal");
    act("p1", "start");
    h_.disconnect("p3");
    find("p3").listening = false;
    (void)h_.act("p1", "vote_finish");
    client& away = find("p3");
    away.catch_up(h_.history());
    away.id = "p3b";
    away.listening = true;
    ASSERT_FALSE(h_.reconnect("p3", "p3b"));
    away.catch_up(h_.history());
    EXPECT_EQ(differing_keys(away.view, game_.view_for("p3b")),
              std::vector<std::string>{"finishVotes"});
}

// Random play with what the bots never do (kicks, restarts, disconnects, reconnects with new ids,
// late joins): every view a client folds passes the oracle, envelope by envelope; the clients that
// listened from the start and were never away hold view_for; every pair of the game's views of a
// seat (gaps of 1, 2 and 5, as the bot runner may skip) passes the oracle.
TEST(tellit_client_view, RandomPlayKeepsFoldedViewsRightAndTheOracleQuiet) {
    struct seat {
        client c;
        bool missed_something = false;  // joined late or was away: known gaps apply
        bool gone = false;              // kicked
        bool away = false;
        std::vector<std::pair<std::string, json>> views;  // (id, view_for) after each step
    };
    int compared = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        testkit::harness h(seed);
        game g;
        h.attach(g);
        ASSERT_FALSE(h.create(nullptr));
        sdk::rng random(seed);
        std::deque<seat> seats;
        int ids = 0;
        auto add = [&](bool late) {
            const std::string id = "s" + std::to_string(++ids);
            seats.push_back(seat{client(id, h.history().size()), late, false, false, {}});
            (void)h.join(id, "Name" + std::to_string(ids));
        };
        for (int i = 0; i < 3; ++i) add(false);
        for (int step = 0; step < 150; ++step) {
            std::vector<seat*> present;
            std::vector<seat*> away;
            for (auto& s : seats) {
                if (s.gone) continue;
                (s.away ? away : present).push_back(&s);
            }
            const std::size_t kicks = h.kicks().size();
            const auto roll = random.index(100);
            if (present.empty() || roll < 4) {
                add(g.current_status() != status::waiting);
            } else if (roll < 12 && !away.empty()) {
                seat& back = *away[random.index(away.size())];
                const std::string old_id = back.c.id;
                back.c.catch_up(h.history());
                back.c.id = old_id + "r";
                back.c.listening = true;
                back.away = false;
                (void)h.reconnect(old_id, back.c.id);
            } else {
                seat& actor = *present[random.index(present.size())];
                const std::string& id = actor.c.id;
                if (roll < 16) {
                    actor.c.catch_up(h.history());
                    h.disconnect(id);
                    actor.away = true;
                    actor.missed_something = true;
                    actor.c.listening = false;
                } else if (roll < 24) {
                    const auto& users = g.users();
                    if (!users.empty()) {
                        const auto target = users[random.index(users.size())].id;
                        (void)h.act(id, "vote_kick", json{{"kickUserID", target}});
                    }
                } else if (roll < 28) {
                    (void)h.act(id, "vote_restart");
                } else if (roll < 32) {
                    (void)h.act(id, random.chance(0.5) ? "request_update" : "request_stories");
                } else if (roll < 42) {
                    (void)h.act(id, "start");
                } else if (roll < 55) {
                    (void)h.act(id, "vote_finish");
                } else {
                    (void)h.act(id, "submit_text",
                                json{{"text", "text " + std::to_string(step) + " by " + id}});
                }
            }
            for (std::size_t k = kicks; k < h.kicks().size(); ++k) {
                for (auto& s : seats) {
                    if (s.c.id != h.kicks()[k].player) continue;
                    s.c.catch_up(h.history());
                    s.gone = true;
                    s.c.listening = false;
                }
            }
            for (auto& s : seats) {
                s.c.catch_up(h.history());
                ASSERT_TRUE(s.c.desyncs.empty())
                    << "seed " << seed << ", step " << step << ": " << s.c.desyncs.front();
                if (s.gone) continue;
                s.views.emplace_back(s.c.id, g.view_for(s.c.id));
                if (s.missed_something || s.away) continue;
                ++compared;
                ASSERT_EQ(s.c.view, s.views.back().second)
                    << "seed " << seed << ", step " << step << ", " << s.c.id << " differs in "
                    << ::testing::PrintToString(differing_keys(s.c.view, s.views.back().second));
            }
        }
        for (const auto& s : seats) {
            for (std::size_t i = 0; i < s.views.size(); ++i) {
                for (const std::size_t gap : {1, 2, 5}) {
                    if (i + gap >= s.views.size()) continue;
                    const auto& [self, after] = s.views[i + gap];
                    const auto error = transition_error(s.views[i].second, after, self);
                    ASSERT_FALSE(error)
                        << *error << " (seed " << seed << ", " << self << ", view " << i << " to "
                        << i + gap << ")\nbefore: " << s.views[i].second.dump()
                        << "\nafter:  " << after.dump();
                }
            }
        }
    }
    EXPECT_GT(compared, 1000);
}

TEST(tellit_client_view, StartsFromTheFirstMessageAndIgnoresOthers) {
    json view;
    EXPECT_FALSE(reduce_view(view, json{{"type", "join_room_result"}, {"success", true}}, "p1"));
    EXPECT_TRUE(view.is_null());
    EXPECT_FALSE(reduce_view(
        view, json{{"type", "submit_text"}, {"success", false}, {"error", "x"}, {"code", "y"}},
        "p1"));
    EXPECT_TRUE(view.is_null());
    EXPECT_TRUE(reduce_view(
        view, json{{"type", "game_status"}, {"success", true}, {"data", {{"status", "started"}}}},
        "p1"));
    json expected = initial_client_view();
    expected["status"] = "started";
    EXPECT_EQ(view, expected);
    EXPECT_FALSE(reduce_view(
        view, json{{"type", "game_status"}, {"success", true}, {"data", {{"status", "started"}}}},
        "p1"))
        << "nothing changed";
    // The plugin folds with the same reducer.
    const auto plugin = make_plugin();
    json through_plugin;
    EXPECT_TRUE(plugin->reduce_view(
        through_plugin,
        json{{"type", "game_status"}, {"success", true}, {"data", {{"status", "started"}}}}, "p1"));
    EXPECT_EQ(through_plugin, expected);
}

}  // namespace
}  // namespace gameserver::games::tellit
