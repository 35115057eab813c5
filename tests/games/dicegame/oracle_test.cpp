// dicegame desync oracle tests: every pair of views from real games (with a reconnect, busts and
// the win) is accepted, and each kind of impossible view or transition, built by tampering with
// real views, is refused with a reason that names what is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dicegame/game.hpp"
#include "dicegame/oracle.hpp"
#include "dicegame/plugin.hpp"
#include "dicegame/rules.hpp"
#include "games/harness.hpp"

namespace gameserver::games::dicegame {
namespace {

using sdk::json;
using ::testing::HasSubstr;

// One view of seat 0 and the id it was received under.
struct received {
    json view;
    sdk::player_id self;
};

// A game of two random bots, seat 0 ("a", "Ann") reconnecting as "a2" after `reconnect_at`
// rounds; every view seat 0 holds after each event is recorded.
class played_game {
  public:
    explicit played_game(std::uint64_t seed, int reconnect_at = 4)
        : plugin_(make_plugin()), h_(seed, "room-1") {
        h_.attach(game_);
        EXPECT_FALSE(h_.create(json{{"bustDelayMs", 100}}));
        EXPECT_FALSE(h_.join("a", "Ann", true));
        record();
        EXPECT_FALSE(h_.join("b", "Bob", true));
        record();
        const auto policy = plugin_->bot("random");
        for (int round = 0; round < 2000 && !game_.is_over(); ++round) {
            if (round == reconnect_at) {
                EXPECT_FALSE(h_.reconnect(ids_[0], "a2"));
                ids_[0] = "a2";
                reconnected_ = true;
                record();
            }
            bool acted = false;
            for (const auto& id : ids_) {
                const auto action = policy->decide(game_.view_for(id), id, h_.bot_random());
                if (!action || game_.is_over()) continue;
                h_.act(id, action->type, action->data);
                acted = true;
                record();
            }
            if (!acted && !h_.advance_to_next()) break;
            if (!acted) record();
        }
    }

    void record() { views_.push_back({game_.view_for(ids_[0]), ids_[0]}); }

    const sdk::game_plugin& plugin() const { return *plugin_; }
    testkit::harness& harness() { return h_; }
    game& state() { return game_; }
    const std::vector<received>& views() const { return views_; }
    const std::vector<sdk::player_id>& ids() const { return ids_; }
    bool reconnected() const { return reconnected_; }

  private:
    std::unique_ptr<sdk::game_plugin> plugin_;
    testkit::harness h_;
    game game_;
    std::vector<sdk::player_id> ids_{"a", "b"};
    std::vector<received> views_;
    bool reconnected_ = false;
};

std::optional<std::string> check(const json& before, const json& after,
                                 const sdk::player_id& self = "a") {
    return transition_error(before, after, self);
}

TEST(dicegame_oracle, AcceptsEveryPairOfARealGameWithAReconnect) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        played_game g(seed);
        ASSERT_TRUE(g.state().is_over()) << "seed " << seed;
        ASSERT_TRUE(g.reconnected()) << "seed " << seed;
        const auto& views = g.views();
        // Any number of views may be skipped, so every later view must be reachable.
        for (std::size_t i = 0; i < views.size(); ++i) {
            for (std::size_t j = i; j < views.size(); ++j) {
                const auto error =
                    g.plugin().transition_error(views[i].view, views[j].view, views[j].self);
                ASSERT_FALSE(error) << *error << " (seed " << seed << ", view " << i << " to " << j
                                    << ")\nbefore: " << views[i].view.dump()
                                    << "\nafter:  " << views[j].view.dump();
            }
        }
    }
}

TEST(dicegame_oracle, AFinishedGameStaysFinished) {
    played_game g(3);
    ASSERT_TRUE(g.state().is_over());
    const json over = g.views().back().view;
    // Nothing moves a finished game: a reconnect is refused, actions are not anyone's turn.
    EXPECT_TRUE(g.harness().reconnect(g.ids()[1], "b2"));
    EXPECT_TRUE(g.harness().act(g.ids()[0], "roll"));
    EXPECT_FALSE(check(over, g.state().view_for(g.ids()[0])));

    // An earlier real view, valid on its own, cannot come after the end.
    const json undone = g.views()[g.views().size() / 2].view;
    const auto error = check(over, undone);
    ASSERT_TRUE(error);
    EXPECT_THAT(*error, HasSubstr("was over"));
}

// Two seated players, "a" to move with a real roll on the table.
class dicegame_oracle_tamper : public ::testing::Test {
  protected:
    dicegame_oracle_tamper() {
        h_.attach(game_);
        EXPECT_FALSE(h_.create(nullptr));
        EXPECT_FALSE(h_.join("a", "Ann"));
        EXPECT_FALSE(h_.join("b", "Bob"));
        json snapshot = game_.snapshot();
        snapshot["currentTurn"] = "a";
        EXPECT_FALSE(game_.restore(snapshot));
        start_ = game_.view_for("a");
        EXPECT_FALSE(h_.act("a", "roll"));
        rolled_ = game_.view_for("a");
    }

    // The reason `after` cannot follow `before`, expected to exist.
    std::string refused(const json& before, const json& after) {
        const auto error = check(before, after);
        EXPECT_TRUE(error) << "accepted: " << after.dump();
        return error.value_or("");
    }

    testkit::harness h_{11, "room-1"};
    game game_;
    json start_;
    json rolled_;
};

TEST_F(dicegame_oracle_tamper, TheRealStepsAreAccepted) {
    EXPECT_FALSE(check(start_, rolled_));
    EXPECT_EQ(rolled_["dice"].size(), 6u);
}

TEST_F(dicegame_oracle_tamper, UnreadableViews) {
    json missing = rolled_;
    missing.erase("dice");
    EXPECT_THAT(refused(start_, missing), HasSubstr("after: dice"));
    json mistyped = rolled_;
    mistyped["players"]["b"]["score"] = "0";
    EXPECT_THAT(refused(start_, mistyped), HasSubstr("player b lacks"));
    EXPECT_THAT(refused(json::array(), rolled_), HasSubstr("before: the view is not an object"));
    json wrong_id = rolled_;
    wrong_id["players"]["b"]["id"] = "c";
    EXPECT_THAT(refused(start_, wrong_id), HasSubstr("player b has the id c"));
    json face = rolled_;
    face["dice"][0] = 7;
    EXPECT_THAT(refused(start_, face), HasSubstr("not an array of die faces"));
    json target = rolled_;
    target["targetScore"] = 5000;
    EXPECT_THAT(refused(start_, target), HasSubstr("targetScore is 5000"));
}

// `view` with seat `from` re-keyed as `to` (what a reconnect does), the turn following it.
json rekeyed(json view, const std::string& from, const std::string& to) {
    json players = json::object();
    for (auto& [id, seat] : view["players"].items()) {
        if (id == from) seat["id"] = to;
        players[id == from ? to : id] = seat;
    }
    view["players"] = players;
    if (view["currentTurn"] == from) view["currentTurn"] = to;
    return view;
}

TEST_F(dicegame_oracle_tamper, SeatsComeAndStayAndAreRenamedOnlyByReconnect) {
    const json moved = rekeyed(rolled_, "a", "a2");
    EXPECT_FALSE(transition_error(start_, moved, "a2")) << "a reconnect keeps the seat";

    json alone = start_;
    alone["players"].erase("b");
    alone["started"] = false;
    alone["currentTurn"] = "";
    json empty = alone;
    empty["players"] = json::object();
    EXPECT_FALSE(check(alone, start_)) << "a join";
    EXPECT_THAT(refused(alone, empty), HasSubstr("a seat disappeared"));
    EXPECT_THAT(refused(rolled_, alone), HasSubstr("un-started"));

    json renamed = rolled_;
    renamed["players"]["b"]["name"] = "Zed";
    EXPECT_THAT(refused(start_, renamed), HasSubstr("renamed from 'Bob' to 'Zed'"));
    json third = rolled_;
    third["players"]["c"] = rolled_["players"]["b"];
    third["players"]["c"]["id"] = "c";
    EXPECT_THAT(refused(start_, third), HasSubstr("3 players"));
    json stranger = rolled_;
    stranger["currentTurn"] = "z";
    EXPECT_THAT(refused(start_, stranger), HasSubstr("the turn is z's, who is not seated"));
    json lone_start = alone;
    lone_start["started"] = true;
    EXPECT_THAT(refused(alone, lone_start), HasSubstr("started with 1 players"));
}

TEST_F(dicegame_oracle_tamper, ScoresThatNoMoveMakes) {
    json before = rolled_;
    before["players"]["a"]["score"] = 500;
    before["players"]["b"]["score"] = 300;
    ASSERT_FALSE(check(start_, before));
    json lower = before;
    lower["players"]["a"]["score"] = 450;
    EXPECT_THAT(refused(before, lower), HasSubstr("score of player a went down from 500 to 450"));
    // Under a new id too: the seat is found by what a reconnect keeps.
    const auto renamed = transition_error(before, rekeyed(lower, "a", "a2"), "a2");
    ASSERT_TRUE(renamed);
    EXPECT_THAT(*renamed, HasSubstr("score of player a (now a2) went down from 500 to 450"));

    json odd = rolled_;
    odd["players"]["b"]["score"] = 30;
    EXPECT_THAT(refused(start_, odd), HasSubstr("player b has score 30"));
    json negative = rolled_;
    negative["players"]["a"]["roundScore"] = -50;
    EXPECT_THAT(refused(start_, negative), HasSubstr("player a has roundScore -50"));
    json off_turn = rolled_;
    off_turn["players"]["b"]["roundScore"] = 100;
    EXPECT_THAT(refused(start_, off_turn),
                HasSubstr("player b has turnScore 0 and roundScore 100 outside its turn"));
    json unfinished = rolled_;
    unfinished["players"]["a"]["score"] = target_score;
    EXPECT_THAT(refused(start_, unfinished), HasSubstr("reached 3000 but the game is not over"));
    json early = rolled_;
    early["winner"] = "Ann";
    EXPECT_THAT(refused(start_, early), HasSubstr("winner 'Ann' while the game is not over"));

    json over = rolled_;
    over["players"]["a"]["score"] = target_score;
    over["currentTurn"] = "";
    over["winner"] = "Ann";
    EXPECT_FALSE(check(start_, over));
    json wrong_winner = over;
    wrong_winner["winner"] = "Bob";
    EXPECT_THAT(refused(start_, wrong_winner),
                HasSubstr("player a reached 3000 but the winner is 'Bob'"));
    json twins_start = start_;
    twins_start["players"]["b"]["name"] = "Ann";
    json two_winners = over;
    two_winners["players"]["b"]["name"] = "Ann";
    two_winners["players"]["b"]["score"] = target_score + 50;
    EXPECT_THAT(refused(twins_start, two_winners), HasSubstr("over with 2 winners"));
}

TEST_F(dicegame_oracle_tamper, DiceThatNoMoveShows) {
    json mixed = rolled_;
    mixed["dice"] = json::array({0, 1, 2, 3, 4, 5});
    EXPECT_THAT(refused(start_, mixed), HasSubstr("mix rolled and unrolled"));
    json unsorted = rolled_;
    unsorted["dice"] = json::array({6, 5, 4, 3, 2, 1});
    EXPECT_THAT(refused(start_, unsorted), HasSubstr("[6,5,4,3,2,1] are not sorted"));
    json five = rolled_;
    five["dice"].erase(five["dice"].size() - 1);
    EXPECT_THAT(refused(start_, five), HasSubstr("set aside are not six dice"));
    json twice = rolled_;
    twice["selectedDice"] = json::array({0, 0});
    EXPECT_THAT(refused(start_, twice), HasSubstr("selectedDice [0,0] are not distinct indexes"));
    json beyond = five;
    beyond["setAside"] = json::array({1});
    beyond["players"]["a"]["roundScore"] = 100;
    ASSERT_FALSE(check(start_, beyond));
    beyond["selectedDice"] = json::array({5});
    EXPECT_THAT(refused(start_, beyond), HasSubstr("selectedDice [5] are not distinct indexes"));

    json selected = rolled_;
    selected["selectedDice"] = json::array({0});
    const int face = rolled_["dice"][0].get<int>();
    const auto points = score(std::vector<int>{face}).points;
    selected["players"]["a"]["turnScore"] = points;
    EXPECT_FALSE(check(start_, selected)) << "a real selection";
    selected["players"]["a"]["turnScore"] = points + 50;
    EXPECT_THAT(refused(start_, selected),
                HasSubstr("turnScore of a is " + std::to_string(points + 50)));

    json unpaid = five;
    unpaid["setAside"] = json::array({5});
    EXPECT_THAT(refused(start_, unpaid), HasSubstr("dice [5] set aside but roundScore of a is 0"));

    json gone = rolled_;
    gone["dice"] = json::array();
    EXPECT_FALSE(check(start_, gone)) << "no dice before the first roll is a real view";
    EXPECT_THAT(refused(rolled_, gone), HasSubstr("the dice disappeared"));

    json waiting = start_;
    waiting["players"].erase("b");
    waiting["started"] = false;
    waiting["currentTurn"] = "";
    waiting["dice"] = rolled_["dice"];
    EXPECT_THAT(refused(start_, waiting), HasSubstr("dice in play before the game started"));
}

}  // namespace
}  // namespace gameserver::games::dicegame
