// Tell-It bots and plugin: the "writer" and "random" policies on handcrafted views, rooms of
// 2 to 4 bots that play to `ended` by themselves on the harness, bots following a restart vote,
// and the plugin's info.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "games/harness.hpp"
#include "tellit/bot.hpp"
#include "tellit/game.hpp"
#include "tellit/plugin.hpp"

namespace gameserver::games::tellit {
namespace {

using sdk::json;

// A room driven the way the server drives bots: each bot decides on its own view, its action
// goes into on_action at once and the clock moves on by its think delay.
class bot_room {
  public:
    bot_room(std::uint64_t seed, const json& options) : h_(seed) {
        h_.attach(game_);
        EXPECT_FALSE(h_.create(options));
    }

    void add_bot(const std::string& id, const sdk::bot_policy& policy) {
        EXPECT_FALSE(h_.join(id, plugin_->bot_name(h_.bot_random()), true));
        bots_.push_back({id, &policy});
    }
    void add_human(const std::string& id) { EXPECT_FALSE(h_.join(id, "Human " + id)); }

    // One round over the bots; false when none of them acted.
    bool step() {
        bool acted = false;
        for (const auto& [id, policy] : bots_) {
            const auto action = policy->decide(game_.view_for(id), id, h_.bot_random());
            if (!action) continue;
            EXPECT_GE(action->think.count(), 0);
            const auto status = h_.act(id, action->type, action->data);
            if (status) ++refused_;
            h_.advance(action->think);
            ++actions_;
            acted = true;
        }
        return acted;
    }
    // Rounds until nobody acts (or the limit).
    void run(int max_rounds = 2000) {
        for (int i = 0; i < max_rounds; ++i) {
            if (!step()) return;
        }
        ADD_FAILURE() << "bots still acting after " << max_rounds << " rounds";
    }

    game& g() { return game_; }
    testkit::harness& h() { return h_; }
    int actions() const { return actions_; }
    int refused() const { return refused_; }

  private:
    struct seat {
        std::string id;
        const sdk::bot_policy* policy;
    };
    std::unique_ptr<sdk::game_plugin> plugin_ = make_plugin();
    testkit::harness h_;
    game game_;
    std::vector<seat> bots_;
    int actions_ = 0;
    int refused_ = 0;
};

const writer_policy writer;
const random_policy randomly;

// ---- whole games ----

TEST(tellit_bots, RoomsOfWriterBotsPlayToTheEnd) {
    for (int bots = 2; bots <= 4; ++bots) {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            bot_room room(seed, nullptr);
            for (int i = 1; i <= bots; ++i) room.add_bot("b" + std::to_string(i), writer);
            room.run();
            ASSERT_TRUE(room.g().is_over()) << bots << " bots, seed " << seed;
            EXPECT_EQ(room.refused(), 0) << "a writer only sends what the game accepts";
            // Every bot wrote its 3 rounds (the default) before voting.
            for (const auto& u : room.g().users()) EXPECT_GE(u.written, 3) << u.id;
            // One story per bot, each recorded once with its author.
            ASSERT_EQ(room.g().stories().size(), static_cast<std::size_t>(bots));
            ASSERT_EQ(room.h().records().size(), static_cast<std::size_t>(bots));
            for (std::size_t i = 0; i < room.h().records().size(); ++i) {
                const auto record = json::parse(room.h().records()[i].data);
                EXPECT_EQ(room.h().records()[i].kind, "tellit_story");
                const auto& owner = room.g().stories()[i].owner;
                const auto& users = room.g().users();
                const auto it = std::find_if(users.begin(), users.end(),
                                             [&](const user& u) { return u.id == owner; });
                ASSERT_NE(it, users.end());
                EXPECT_EQ(record["author"], it->name);
                EXPECT_EQ(record["text"], room.g().stories()[i].serialize());
                EXPECT_FALSE(record["text"].get<std::string>().empty());
            }
            EXPECT_EQ(room.g().finish_votes().size(), static_cast<std::size_t>(bots));
        }
    }
}

TEST(tellit_bots, BotRoundsOptionSetsWhenWritersVoteToFinish) {
    for (const int rounds : {1, 5}) {
        bot_room room(3, json{{"botRounds", rounds}});
        for (int i = 1; i <= 3; ++i) room.add_bot("b" + std::to_string(i), writer);
        room.run();
        ASSERT_TRUE(room.g().is_over());
        for (const auto& u : room.g().users()) EXPECT_GE(u.written, rounds) << u.id;
        std::size_t parts = 0;
        for (const auto& s : room.g().stories()) parts += s.parts.size();
        EXPECT_GE(parts, static_cast<std::size_t>(3 * rounds));
    }
}

TEST(tellit_bots, RoomsOfRandomBotsPlayToTheEnd) {
    for (int bots = 2; bots <= 4; ++bots) {
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            bot_room room(seed, nullptr);
            for (int i = 1; i <= bots; ++i) room.add_bot("b" + std::to_string(i), randomly);
            room.run();
            EXPECT_TRUE(room.g().is_over()) << bots << " bots, seed " << seed;
            EXPECT_EQ(room.refused(), 0);
        }
    }
}

TEST(tellit_bots, WritersWaitForMinUsers) {
    bot_room room(1, json{{"minUsers", 3}});
    room.add_bot("b1", writer);
    room.add_bot("b2", writer);
    room.run();
    EXPECT_EQ(room.actions(), 0);
    EXPECT_EQ(room.g().current_status(), status::waiting);
}

TEST(tellit_bots, WritersFollowARestartVoteAndPlayAgain) {
    bot_room room(2, json{{"botRounds", 1}});
    room.add_human("h1");
    room.add_bot("b1", writer);
    room.add_bot("b2", writer);
    room.run();  // the bots start the game and write their first texts
    ASSERT_EQ(room.g().current_status(), status::started);
    ASSERT_FALSE(room.h().act("h1", "submit_text", json{{"text", "A human writes"}}));
    room.run();
    ASSERT_FALSE(room.h().act("h1", "vote_finish"));
    room.run();
    ASSERT_TRUE(room.g().is_over());
    const auto records = room.h().records().size();
    // Idle after the end, until someone asks to play again.
    EXPECT_FALSE(room.step());
    ASSERT_FALSE(room.h().act("h1", "vote_restart"));
    room.run();
    // Both bots agreed, the game restarted, and a bot started the next one.
    EXPECT_EQ(room.g().current_status(), status::started);
    EXPECT_TRUE(room.g().restart_votes().empty());
    EXPECT_EQ(room.h().records().size(), records);
}

// ---- decisions on handcrafted states ----

class tellit_writer_test : public ::testing::Test {
  protected:
    tellit_writer_test() {
        h_.attach(game_);
        EXPECT_FALSE(h_.create(json{{"botRounds", 2}}));
    }
    std::optional<sdk::bot_action> decide(const std::string& who) {
        return writer.decide(game_.view_for(who), who, random_);
    }
    std::string decided_type(const std::string& who) {
        const auto action = decide(who);
        return action ? action->type : std::string("<none>");
    }
    void act(const std::string& who, const char* type, const json& data = nullptr) {
        ASSERT_FALSE(h_.act(who, type, data)) << who << " " << type;
    }

    testkit::harness h_{5};
    game game_;
    sdk::rng random_{11};
};

TEST_F(tellit_writer_test, StartsOnlyWithEnoughUsers) {
    ASSERT_FALSE(h_.join("b1", "Aesop", true));
    EXPECT_EQ(decided_type("b1"), "<none>");
    ASSERT_FALSE(h_.join("h1", "Human"));
    const auto action = decide("b1");
    ASSERT_TRUE(action);
    EXPECT_EQ(action->type, "start");
    EXPECT_GE(action->think, min_vote_think);
    EXPECT_LE(action->think, max_vote_think);
}

TEST_F(tellit_writer_test, WritesContinuesVotesAndWaits) {
    ASSERT_FALSE(h_.join("b1", "Aesop", true));
    ASSERT_FALSE(h_.join("h1", "Human"));
    act("h1", "start");
    // Not an owner yet: write the first text.
    auto action = decide("b1");
    ASSERT_TRUE(action);
    EXPECT_EQ(action->type, "submit_text");
    ASSERT_TRUE(action->data["text"].is_string());
    EXPECT_FALSE(action->data["text"].get<std::string>().empty());
    EXPECT_GE(action->think, min_write_think);
    EXPECT_LE(action->think, max_write_think);
    act("b1", "submit_text", action->data);
    // Nothing to continue: wait (a refused submit would only be retried).
    EXPECT_EQ(decided_type("b1"), "<none>");
    act("h1", "submit_text", json{{"text", "A human story"}});
    EXPECT_EQ(decided_type("b1"), "submit_text");
    act("b1", "submit_text", json{{"text", "second"}});
    // Two texts written = botRounds: vote to finish, once.
    EXPECT_EQ(decided_type("b1"), "vote_finish");
    act("b1", "vote_finish");
    EXPECT_EQ(decided_type("b1"), "<none>");
    // Still continues the stories that reach it, so people never wait on a bot.
    act("h1", "submit_text", json{{"text", "more"}});
    EXPECT_EQ(decided_type("b1"), "submit_text");
}

TEST_F(tellit_writer_test, FollowsRestartVotesAndIdlesAfterTheEnd) {
    ASSERT_FALSE(h_.join("b1", "Aesop", true));
    ASSERT_FALSE(h_.join("h1", "Human"));
    act("h1", "start");
    act("h1", "vote_restart");
    EXPECT_EQ(decided_type("b1"), "vote_restart");
    act("h1", "vote_restart");  // withdrawn
    act("h1", "vote_finish");
    act("b1", "vote_finish");
    ASSERT_TRUE(game_.is_over());
    EXPECT_EQ(decided_type("b1"), "<none>");
    act("h1", "vote_restart");
    EXPECT_EQ(decided_type("b1"), "vote_restart");
}

TEST_F(tellit_writer_test, NonUsersAndMalformedViewsGetNothing) {
    ASSERT_FALSE(h_.join("h1", "Human"));
    ASSERT_FALSE(h_.join("h2", "Human"));
    EXPECT_EQ(decided_type("spectator"), "<none>");
    for (const json& bad : {json(nullptr), json::array(), json{{"status", "waiting"}},
                            json{{"status", 3}, {"users", json::array()}}}) {
        EXPECT_FALSE(writer.decide(bad, "h1", random_)) << bad.dump();
        EXPECT_FALSE(randomly.decide(bad, "h1", random_)) << bad.dump();
    }
    json broken = game_.view_for("h1");
    broken["options"] = json::object();
    EXPECT_FALSE(writer.decide(broken, "h1", random_));
}

TEST_F(tellit_writer_test, ReadViewExtractsTheSeat) {
    ASSERT_FALSE(h_.join("b1", "Aesop", true));
    ASSERT_FALSE(h_.join("h1", "Human"));
    act("h1", "start");
    act("b1", "submit_text", json{{"text", "one"}});
    act("h1", "submit_text", json{{"text", "two"}});
    act("h1", "vote_finish");
    const auto seat = read_view(game_.view_for("b1"), "b1");
    ASSERT_TRUE(seat);
    EXPECT_EQ(seat->status, "started");
    EXPECT_EQ(seat->users, 2u);
    EXPECT_EQ(seat->bot_rounds, 2);
    EXPECT_TRUE(seat->story_owner);
    EXPECT_TRUE(seat->has_story);
    EXPECT_EQ(seat->written, 1);
    EXPECT_FALSE(seat->voted_finish);
    EXPECT_FALSE(seat->restart_requested);
    EXPECT_TRUE(seat->can_write());
    EXPECT_FALSE(read_view(game_.view_for("b1"), "nobody"));
}

TEST(tellit_bots, RandomPolicyChoosesOnlyLegalMoves) {
    testkit::harness h(3);
    game g;
    h.attach(g);
    ASSERT_FALSE(h.create(nullptr));
    ASSERT_FALSE(h.join("b1", "Aesop", true));
    ASSERT_FALSE(h.join("h1", "Human"));
    sdk::rng random(9);
    EXPECT_EQ(randomly.decide(g.view_for("b1"), "b1", random)->type, "start");
    ASSERT_FALSE(h.act("h1", "start"));
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) seen.insert(randomly.decide(g.view_for("b1"), "b1", random)->type);
    EXPECT_EQ(seen, (std::set<std::string>{"submit_text", "vote_finish"}));
    ASSERT_FALSE(h.act("b1", "submit_text", json{{"text", "x"}}));
    // Nothing to continue: only the vote is left.
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(randomly.decide(g.view_for("b1"), "b1", random)->type, "vote_finish");
    }
    ASSERT_FALSE(h.act("b1", "vote_finish"));
    EXPECT_FALSE(randomly.decide(g.view_for("b1"), "b1", random));
}

TEST(tellit_bots, SentencesComeFromThePhraseListsAndTheEngine) {
    sdk::rng a(42);
    sdk::rng b(42);
    std::set<std::string> distinct;
    for (int i = 0; i < 20; ++i) {
        const auto sentence = compose_sentence(a);
        EXPECT_EQ(sentence, compose_sentence(b));
        EXPECT_GE(std::count(sentence.begin(), sentence.end(), ' '), 3);
        distinct.insert(sentence);
    }
    EXPECT_GT(distinct.size(), 10u);
}

// ---- plugin ----

TEST(tellit_plugin, InfoPoliciesAndNames) {
    const auto plugin = make_plugin();
    const auto& info = plugin->info();
    EXPECT_EQ(info.id, "tellit");
    EXPECT_EQ(info.display_name, "Tell it");
    EXPECT_EQ(info.min_players, 2);
    EXPECT_EQ(info.max_players, 0);
    EXPECT_EQ(info.tick_rate_hz, 0);
    EXPECT_TRUE(info.supports_bots);
    EXPECT_EQ(info.option_schema["maxUsers"]["default"], 30);
    EXPECT_EQ(info.option_schema["botRounds"]["default"], 3);
    EXPECT_EQ(plugin->bot_policies(), (std::vector<std::string>{"writer", "random"}));
    EXPECT_EQ(plugin->bot({})->name(), "writer");
    EXPECT_EQ(plugin->bot("random")->name(), "random");
    EXPECT_EQ(plugin->bot("minimax"), nullptr);
    sdk::rng random(1);
    for (int i = 0; i < 20; ++i) {
        const auto name = plugin->bot_name(random);
        EXPECT_NE(std::find(bot_names().begin(), bot_names().end(), name), bot_names().end());
    }
}

}  // namespace
}  // namespace gameserver::games::tellit
