// tic-tac-toe desync oracle tests: every pair of views from real games (a reconnect mid-game, a
// restart, a leave and a newcomer) is accepted, and each kind of impossible view or transition,
// built by tampering with real views, is refused with a reason that names what is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "games/harness.hpp"
#include "tictactoe/game.hpp"
#include "tictactoe/oracle.hpp"
#include "tictactoe/plugin.hpp"

namespace gameserver::games::tictactoe {
namespace {

using sdk::json;
using ::testing::HasSubstr;

// One view of seat 0 and the id it was received under.
struct received {
    json view;
    sdk::player_id self;
};

class tictactoe_oracle : public ::testing::Test {
  protected:
    explicit tictactoe_oracle(std::uint64_t seed = 5) : h_(seed, "room-1") { h_.attach(game_); }

    void record() { views_.push_back({game_.view_for(ids_[0]), ids_[0]}); }
    // Both seats play random moves until the round ends.
    void play_round() {
        const auto policy = plugin_->bot("random");
        for (int i = 0; i < 20 && !game_.is_over(); ++i) {
            for (const auto& id : ids_) {
                const auto action = policy->decide(game_.view_for(id), id, h_.bot_random());
                if (!action) continue;
                ASSERT_FALSE(h_.act(id, action->type, action->data));
                record();
                break;
            }
        }
        ASSERT_TRUE(game_.is_over());
    }
    // The reason `after` cannot follow `before`, expected to exist.
    static std::string refused(const json& before, const json& after) {
        const auto error = transition_error(before, after, "a");
        EXPECT_TRUE(error) << "accepted: " << after.dump();
        return error.value_or("");
    }

    std::unique_ptr<sdk::game_plugin> plugin_ = make_plugin();
    testkit::harness h_;
    game game_;
    std::vector<sdk::player_id> ids_{"a", "b"};
    std::vector<received> views_;
};

TEST_F(tictactoe_oracle, AcceptsEveryPairOfRealRoundsWithReconnectRestartAndLeave) {
    ASSERT_FALSE(h_.join("a"));
    record();
    ASSERT_FALSE(h_.join("b"));
    record();
    const auto first = h_.act(game_.view_for("a")["currentTurn"].get<std::string>(), "make_move",
                              json{{"row", 1}, {"col", 1}});
    ASSERT_FALSE(first);
    record();
    ASSERT_FALSE(h_.reconnect("a", "a2"));  // mid-game: the seat gets a new id
    ids_[0] = "a2";
    record();
    play_round();
    ASSERT_FALSE(h_.act("b", "restart_game"));
    record();
    play_round();
    // A leave ends the next round at once; a newcomer takes the free seat; a restart follows.
    ASSERT_FALSE(h_.act("a2", "restart_game"));
    record();
    h_.leave("b");
    record();
    ASSERT_FALSE(h_.join("c"));
    ids_[1] = "c";
    record();
    ASSERT_FALSE(h_.act("c", "restart_game"));
    record();
    play_round();

    for (std::size_t i = 0; i < views_.size(); ++i) {
        for (std::size_t j = i; j < views_.size(); ++j) {
            const auto error =
                plugin_->transition_error(views_[i].view, views_[j].view, views_[j].self);
            ASSERT_FALSE(error) << *error << " (view " << i << " to " << j
                                << ")\nbefore: " << views_[i].view.dump()
                                << "\nafter:  " << views_[j].view.dump();
        }
    }
}

// A lone seat may move again and again after a restart, so mark counts prove nothing.
TEST_F(tictactoe_oracle, AcceptsALoneSeatMovingAfterARestart) {
    ASSERT_FALSE(h_.join("a"));
    ASSERT_FALSE(h_.join("b"));
    record();
    h_.leave("b");
    ASSERT_FALSE(h_.act("a", "restart_game"));
    ASSERT_FALSE(h_.act("a", "make_move", json{{"row", 0}, {"col", 0}}));
    ASSERT_FALSE(h_.act("a", "make_move", json{{"row", 1}, {"col", 1}}));
    record();
    ASSERT_FALSE(h_.join("c"));
    record();
    for (std::size_t j = 1; j < views_.size(); ++j) {
        EXPECT_FALSE(transition_error(views_[0].view, views_[j].view, "a")) << j;
    }
}

// Tampered copies of real views: "a" X and "b" O, one mark each, and a won board.
class tictactoe_oracle_tamper : public tictactoe_oracle {
  protected:
    tictactoe_oracle_tamper() {
        EXPECT_FALSE(h_.join("a"));
        EXPECT_FALSE(h_.join("b"));
        json snapshot = game_.snapshot();
        snapshot["currentTurn"] = "a";
        EXPECT_FALSE(game_.restore(snapshot));
        start_ = game_.view_for("a");
        EXPECT_FALSE(h_.act("a", "make_move", json{{"row", 0}, {"col", 0}}));
        EXPECT_FALSE(h_.act("b", "make_move", json{{"row", 1}, {"col", 0}}));
        running_ = game_.view_for("a");
        EXPECT_FALSE(h_.act("a", "make_move", json{{"row", 0}, {"col", 1}}));
        EXPECT_FALSE(h_.act("b", "make_move", json{{"row", 1}, {"col", 1}}));
        EXPECT_FALSE(h_.act("a", "make_move", json{{"row", 0}, {"col", 2}}));
        won_ = game_.view_for("a");
        EXPECT_TRUE(game_.is_over());
    }

    json start_;
    json running_;
    json won_;
};

TEST_F(tictactoe_oracle_tamper, TheRealStepsAreAccepted) {
    EXPECT_FALSE(transition_error(start_, running_, "a"));
    EXPECT_FALSE(transition_error(running_, won_, "a"));
    EXPECT_EQ(won_["winner"], "a");
    // A changed cell is reachable only through a restart, which a finished round allows.
    json replayed = running_;
    replayed["board"][0][0] = "O";
    replayed["board"][1][0] = "X";
    EXPECT_FALSE(transition_error(won_, replayed, "a"));
}

TEST_F(tictactoe_oracle_tamper, UnreadableViews) {
    json cell = running_;
    cell["board"][2][2] = "Z";
    EXPECT_THAT(refused(start_, cell), HasSubstr("after: board is not a 3x3 array"));
    json row = running_;
    row["board"][0].push_back("");
    EXPECT_THAT(refused(start_, row), HasSubstr("after: board is not a 3x3 array"));
    json missing = running_;
    missing.erase("gameOver");
    EXPECT_THAT(refused(start_, missing), HasSubstr("after: currentTurn, winner, gameOver"));
    json symbol = running_;
    symbol["players"]["b"]["symbol"] = "Q";
    EXPECT_THAT(refused(start_, symbol), HasSubstr("player b has no symbol X or O"));
    EXPECT_THAT(refused(json("x"), running_), HasSubstr("before: the view is not an object"));
}

TEST_F(tictactoe_oracle_tamper, SeatsThatNoJoinMakes) {
    json third = running_;
    third["players"]["c"] = running_["players"]["b"];
    EXPECT_THAT(refused(start_, third), HasSubstr("3 players in two seats"));
    json twins = running_;
    twins["players"]["b"] = running_["players"]["a"];
    EXPECT_THAT(refused(start_, twins), HasSubstr("both players have the symbol X"));
    json named = running_;
    named["players"]["b"]["name"] = "Bob";
    EXPECT_THAT(refused(start_, named), HasSubstr("player b with symbol O is named 'Bob'"));
}

TEST_F(tictactoe_oracle_tamper, OutcomesThatDoNotMatchTheBoard) {
    json both = won_;
    both["board"][1][2] = "O";
    EXPECT_THAT(refused(running_, both), HasSubstr("both X and O have three in a row"));
    json unclaimed = won_;
    unclaimed["winner"] = "";
    EXPECT_THAT(refused(running_, unclaimed), HasSubstr("three in a row without a winner"));
    json claimed = running_;
    claimed["winner"] = "b";
    claimed["gameOver"] = true;
    EXPECT_THAT(refused(start_, claimed), HasSubstr("winner b without three in a row"));
    json running_win = won_;
    running_win["gameOver"] = false;
    EXPECT_THAT(refused(running_, running_win), HasSubstr("winner a but the game is not over"));
    json early_draw = running_;
    early_draw["drawGame"] = true;
    EXPECT_THAT(refused(start_, early_draw), HasSubstr("a draw but the game is not over"));
    early_draw["gameOver"] = true;
    EXPECT_THAT(refused(start_, early_draw), HasSubstr("a draw without a full board"));
    json full = running_;
    full["board"] = json::parse(R"([["X","O","X"],["X","O","O"],["O","X","X"]])");
    EXPECT_THAT(refused(start_, full), HasSubstr("a full board that is not a draw"));
    full["gameOver"] = true;
    full["drawGame"] = true;
    EXPECT_FALSE(transition_error(start_, full, "a")) << "the real draw";
}

TEST_F(tictactoe_oracle_tamper, TurnsThatNoActionGives) {
    json nobody = running_;
    nobody["currentTurn"] = "";
    EXPECT_THAT(refused(start_, nobody), HasSubstr("two players seated but nobody has the turn"));
    nobody["players"].erase("b");
    nobody["gameOver"] = true;  // as after b left: a real view only with an empty board
    EXPECT_THAT(refused(start_, nobody), HasSubstr("marks on the board before anybody had"));
    json empty = nobody;
    empty["board"] = start_["board"];
    EXPECT_THAT(refused(start_, empty), HasSubstr("the turn (a's) was cleared"));
    json stranger = running_;
    stranger["currentTurn"] = "z";
    EXPECT_THAT(refused(start_, stranger), HasSubstr("the turn is z's, who is not seated"));
}

}  // namespace
}  // namespace gameserver::games::tictactoe
