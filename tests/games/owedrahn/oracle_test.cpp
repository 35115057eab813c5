// Owe Drahn's desync oracle: real histories (with skipped views, a reconnect, side bets and the
// reset into a second game) are accepted; views tampered in each way the oracle checks are
// refused with a reason that names what is wrong.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "games/harness.hpp"
#include "owedrahn/game.hpp"
#include "owedrahn/oracle.hpp"
#include "owedrahn/plugin.hpp"

namespace gameserver::games::owedrahn {
namespace {

using sdk::json;

// One seat's views, with the id each was received under.
struct received {
    json view;
    std::string self;
};

class owedrahn_oracle_test : public ::testing::Test {
  protected:
    owedrahn_oracle_test() : h_(7) { h_.attach(game_); }

    void record() { views_.push_back({game_.view_for(observer_), observer_}); }

    void seat(const std::vector<std::string>& ids) {
        for (const auto& id : ids) {
            ASSERT_FALSE(h_.join(id, "Name-" + id, true));
            record();
        }
    }
    void ready_all() {
        for (const auto& p : game_.players()) {
            ASSERT_FALSE(h_.act(p.id, "ready", true));
            record();
        }
    }
    // Lets the random policy play for the seat on turn until the game is over (or `max` moves).
    void play(int max = 400, const std::function<void(int)>& each = {}) {
        for (int move = 0; move < max && !game_.is_over(); ++move) {
            const std::string turn = game_.current_turn();
            const auto action = policy_->decide(game_.view_for(turn), turn, h_.bot_random());
            ASSERT_TRUE(action) << "the seat on turn does nothing";
            ASSERT_FALSE(h_.act(turn, action->type, action->data));
            record();
            if (each) each(move);
        }
    }

    // Every pair of views `gap` apart within [from, to) is accepted; `skips` false: only
    // consecutive ones (a seated bot always receives the pre-start view it readies on).
    void expect_accepted(std::size_t from, std::size_t to, bool skips = true) {
        for (std::size_t i = from; i < to; ++i) {
            for (const std::size_t gap : {1, 2, 3, 7}) {
                if (!skips && gap > 1) continue;
                if (i + gap >= to) continue;
                const auto error =
                    transition_error(views_[i].view, views_[i + gap].view, views_[i + gap].self);
                EXPECT_FALSE(error) << *error << " (view " << i << " to " << i + gap
                                    << ")\nbefore: " << views_[i].view.dump()
                                    << "\nafter:  " << views_[i + gap].view.dump();
            }
        }
    }

    game game_;
    testkit::harness h_;
    std::unique_ptr<sdk::game_plugin> plugin_ = make_plugin();
    std::shared_ptr<const sdk::bot_policy> policy_ = plugin_->bot("random");
    std::string observer_ = "p1";
    std::vector<received> views_;
};

std::string refused(const json& before, const json& after, const std::string& self = "p1") {
    const auto error = transition_error(before, after, self);
    return error ? *error : "(accepted)";
}

TEST_F(owedrahn_oracle_test, AcceptsWholeGamesWithReconnectBetsAndReset) {
    seat({"p1", "p2", "p3"});
    ASSERT_FALSE(h_.act("p1", "set_main_bet", json{{"amount", 2.5}}));
    ASSERT_FALSE(h_.act("p2", "sidebet_propose", json{{"opponentId", "p3"}, {"amount", 4}}));
    record();
    ASSERT_FALSE(h_.act("p3", "sidebet_accept", json{{"betId", game_.side_bets()[0].id}}));
    ready_all();
    // The observer's seat reconnects under a new id in the middle of the game.
    play(6);
    ASSERT_FALSE(h_.reconnect("p1", "p1b"));
    observer_ = "p1b";
    record();
    play();
    ASSERT_TRUE(game_.is_over());
    expect_accepted(0, views_.size());
    // The reset, then a second game with the same seats.
    const std::size_t first_game_end = views_.size() - 1;
    h_.advance(reset_delay);
    ASSERT_FALSE(game_.is_started());
    ASSERT_FALSE(h_.act("p2", "ready", true));  // the pre-start view every seat readies on
    record();
    const std::size_t pre_start = views_.size() - 1;
    ASSERT_FALSE(h_.act("p1b", "ready", true));
    ASSERT_FALSE(h_.act("p3", "ready", true));
    record();
    play();
    ASSERT_TRUE(game_.is_over());
    expect_accepted(first_game_end, pre_start + 1, /*skips=*/false);
    expect_accepted(pre_start, views_.size());
    EXPECT_GT(views_.size(), 20u);
}

TEST_F(owedrahn_oracle_test, AcceptsLeavesBeforeTheStartAndASpectatorAcrossAReset) {
    seat({"p1", "p2", "p3"});
    h_.leave("p2");
    record();
    seat({"p4"});
    ready_all();
    play();
    expect_accepted(0, views_.size());
    // A spectator (not seated) may miss the reset and the whole pre-start of the next game.
    const json over = game_.view_for("spectator");
    h_.advance(reset_delay);
    ready_all();
    play(3);
    const json next_game = game_.view_for("spectator");
    EXPECT_FALSE(transition_error(over, next_game, "spectator"));
}

class owedrahn_tampered_test : public owedrahn_oracle_test {
  protected:
    void SetUp() override {
        seat({"p1", "p2", "p3"});
        ASSERT_FALSE(h_.act("p2", "sidebet_propose", json{{"opponentId", "p3"}, {"amount", 4}}));
        ASSERT_FALSE(h_.act("p3", "sidebet_accept", json{{"betId", game_.side_bets()[0].id}}));
        ready_all();
        // A running view with some counter and a lost life or two.
        play();
        ASSERT_TRUE(game_.is_over());
        // Pick a running view after at least one life was lost, and the one after it.
        for (std::size_t i = 0; i + 1 < views_.size(); ++i) {
            const auto& v = views_[i].view;
            if (!v["started"].get<bool>() || v["over"].get<bool>()) continue;
            int lives = 0;
            for (const auto& p : v["players"]) lives += p["life"].get<int>();
            if (lives < 3 * start_life && v["currentValue"].get<int>() > 0) {
                running_ = v;
                break;
            }
        }
        ASSERT_FALSE(running_.is_null());
        over_ = views_.back().view;
        ASSERT_FALSE(transition_error(running_, over_, "p1"));
    }
    json running_;
    json over_;
};

TEST_F(owedrahn_tampered_test, RefusesImpossibleValues) {
    json bad = running_;
    bad["players"][0]["life"] = 7;
    EXPECT_NE(refused(running_, bad).find("7 lives"), std::string::npos) << refused(running_, bad);
    bad = running_;
    bad["currentValue"] = 16;
    EXPECT_NE(refused(running_, bad).find("counter is 16"), std::string::npos);
    bad = running_;
    bad["currentTurn"] = "nobody";
    EXPECT_NE(refused(running_, bad).find("not seated"), std::string::npos);
    bad = running_;
    bad["players"][1]["ready"] = true;
    EXPECT_NE(refused(running_, bad).find("ready in a started game"), std::string::npos);
    bad = running_;
    bad["mainBet"] = 0;
    EXPECT_NE(refused(running_, bad).find("main bet is 0"), std::string::npos);
    bad = running_;
    bad["over"] = true;  // several players still alive
    EXPECT_NE(refused(running_, bad).find("over with"), std::string::npos);
    bad = running_;
    bad["started"] = false;
    EXPECT_NE(refused(running_, bad).find("before the start"), std::string::npos);
    bad = running_;
    bad["players"][0].erase("balance");
    EXPECT_NE(refused(running_, bad).find("after: a player lacks"), std::string::npos);
    EXPECT_NE(refused(bad, running_).find("before: a player lacks"), std::string::npos);
}

TEST_F(owedrahn_tampered_test, RefusesImpossibleTransitions) {
    // A life comes back within the same game.
    json from = running_;
    json to = running_;
    for (auto& p : to["players"]) {
        if (p["life"].get<int>() < start_life && !p["choosing"].get<bool>()) {
            p["life"] = p["life"].get<int>() + 1;
            break;
        }
    }
    ASSERT_NE(from, to);
    EXPECT_NE(refused(from, to).find("went up"), std::string::npos) << refused(from, to);

    // The counter drops with no life lost.
    from = running_;
    to = running_;
    to["currentValue"] = 0;
    for (auto& p : to["players"]) p["choosing"] = false;
    EXPECT_NE(refused(from, to).find("counter went down"), std::string::npos) << refused(from, to);

    // Money moves with no elimination.
    to = running_;
    to["players"][0]["balance"] = to["players"][0]["balance"].get<double>() + 1;
    to["players"][1]["balance"] = to["players"][1]["balance"].get<double>() - 1;
    EXPECT_NE(refused(from, to).find("balance of seat 0"), std::string::npos) << refused(from, to);

    // A finished game runs again without the reset.
    EXPECT_NE(refused(over_, running_).find("without a reset"), std::string::npos)
        << refused(over_, running_);

    // The main bet changes during the game.
    to = running_;
    to["mainBet"] = 3.0;
    EXPECT_NE(refused(from, to).find("main bet changed"), std::string::npos);

    // A side bet's amount changes, or an answered bet is pending again.
    to = running_;
    to["sideBets"][0]["amount"] = 40;
    EXPECT_NE(refused(from, to).find("amount"), std::string::npos) << refused(from, to);
    to = running_;
    to["sideBets"][0]["status"] = 0;
    EXPECT_NE(refused(from, to).find("pending again"), std::string::npos) << refused(from, to);

    // A seat is renamed.
    to = running_;
    to["players"][2]["username"] = "Mallory";
    EXPECT_NE(refused(from, to).find("renamed"), std::string::npos) << refused(from, to);
}

TEST_F(owedrahn_tampered_test, AcceptsWhatAResetExplains) {
    // The same changes seen by a spectator, or across the observer's reconnect (a new id), may
    // span a reset and a new game: lives back up, a new main bet.
    json to = running_;
    for (auto& p : to["players"]) p["life"] = start_life;
    to["mainBet"] = 3.0;
    to["currentValue"] = 0;
    for (auto& p : to["players"]) p["choosing"] = false;
    EXPECT_FALSE(transition_error(running_, to, "spectator"));
    EXPECT_FALSE(transition_error(over_, to, "spectator"));
}

}  // namespace
}  // namespace gameserver::games::owedrahn
