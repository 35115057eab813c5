// snake's desync oracle: real histories (skipped ticks, a reconnect, the restart into a second
// round) are accepted; views tampered in each way the oracle checks are refused with a reason
// that names what is wrong.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "snake/oracle.hpp"
#include "snake_fixture.hpp"

namespace gameserver::games::snake {
namespace {

using sdk::json;
using testing::table;

struct received {
    json view;
    std::string self;
};

std::string refused(const json& before, const json& after, const std::string& self = "p1") {
    const auto error = transition_error(before, after, self);
    return error ? *error : "(accepted)";
}

class snake_oracle_test : public ::testing::Test {
  protected:
    void record() { views_.push_back({t_.g.view_for(observer_), observer_}); }

    // Bots steer for every live seat, then one tick; the observer records each state.
    void run(int ticks) {
        for (int i = 0; i < ticks && !t_.g.is_over(); ++i) {
            for (const auto& [id, s] : t_.g.world().snakes) {
                if (!s.alive || !steer_) continue;
                if (const auto action = policy_->decide(t_.g.view_for(id), id, t_.h.bot_random())) {
                    ASSERT_FALSE(t_.h.act(id, action->type, action->data));
                }
            }
            t_.tick();
            record();
        }
    }

    // Every pair of views `gap` apart within [from, to) is accepted; `skips` false: only
    // consecutive ones (a seated bot always receives the pre-start view it readies on).
    void expect_accepted(std::size_t from, std::size_t to, bool skips = true) {
        for (std::size_t i = from; i < to; ++i) {
            for (const std::size_t gap : {1, 2, 5, 13}) {
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

    table t_{3, json{{"width", 16}, {"height", 16}, {"timeLimitSeconds", 10}}};
    std::unique_ptr<sdk::game_plugin> plugin_ = make_plugin();
    std::shared_ptr<const sdk::bot_policy> policy_ = plugin_->bot("chaser");
    std::string observer_ = "p1";
    bool steer_ = true;
    std::vector<received> views_;
};

TEST_F(snake_oracle_test, AcceptsRoundsWithReconnectAndRestart) {
    record();
    t_.join({"p1", "p2", "p3"});
    record();
    t_.ready({"p1", "p2", "p3"});
    record();
    run(15);
    // The observer's seat reconnects under a new id mid-round.
    ASSERT_FALSE(t_.h.reconnect("p1", "p1b"));
    observer_ = "p1b";
    record();
    run(200);
    ASSERT_TRUE(t_.g.is_over());
    expect_accepted(0, views_.size());

    const std::size_t round_end = views_.size() - 1;
    ASSERT_FALSE(t_.h.act("p2", "restart"));
    record();
    const std::size_t pre_start = views_.size() - 1;
    t_.ready({"p1b", "p2", "p3"});
    record();
    run(200);
    ASSERT_TRUE(t_.g.is_over());
    expect_accepted(round_end, pre_start + 1, /*skips=*/false);
    expect_accepted(pre_start, views_.size());
}

TEST_F(snake_oracle_test, AcceptsALeaveMidRoundAndASpectatorSkippingARestart) {
    t_.start({"p1", "p2", "p3"});
    record();
    run(5);
    t_.h.leave("p3");
    record();
    run(200);
    ASSERT_TRUE(t_.g.is_over());
    expect_accepted(0, views_.size());
    // A spectator may miss the end, the restart and the whole pre-start of the next round.
    const json late = views_[views_.size() / 2].view;
    ASSERT_FALSE(t_.h.act("p2", "restart"));
    t_.ready({"p1", "p2"});
    run(40);
    EXPECT_FALSE(transition_error(late, t_.g.view_for("watcher"), "watcher"));
}

// Nobody steers: on the 16x16 grid p1 runs right along row 8 from (4,8), p2 left along row 7
// from (11,7), and both hit a wall at tick 12.
class snake_tampered_test : public snake_oracle_test {
  protected:
    void SetUp() override {
        steer_ = false;
        t_.start({"p1", "p2"});
        record();
        run(20);
        ASSERT_TRUE(t_.g.is_over());
        ASSERT_EQ(views_.size(), 13u);
        before_ = views_[10].view;
        after_ = views_[11].view;
        ASSERT_FALSE(transition_error(before_, after_, "p1"));
    }
    json before_;
    json after_;
};

// A body shifted by (dx, dy): still a connected snake, just somewhere else.
void shift(json& snake, int dx, int dy) {
    for (auto& cell : snake["body"]) {
        cell[0] = cell[0].get<int>() + dx;
        cell[1] = cell[1].get<int>() + dy;
    }
}

// Moves food that a tampered body now covers to a free corner cell, so only the tamper is wrong.
void clear_food(json& view) {
    std::set<std::pair<int, int>> taken;
    for (const auto& [id, s] : view["snakes"].items()) {
        for (const auto& cell : s["body"]) taken.insert({cell[0].get<int>(), cell[1].get<int>()});
    }
    for (const auto& cell : view["food"]) taken.insert({cell[0].get<int>(), cell[1].get<int>()});
    for (auto& cell : view["food"]) {
        bool covered = false;
        for (const auto& [id, s] : view["snakes"].items()) {
            for (const auto& b : s["body"]) covered = covered || b == cell;
        }
        if (!covered) continue;
        for (int i = 255; i >= 0; --i) {
            const std::pair<int, int> p{i % 16, i / 16};
            if (taken.insert(p).second) {
                cell = json::array({p.first, p.second});
                break;
            }
        }
    }
}

TEST_F(snake_tampered_test, RefusesImpossibleStates) {
    json bad = after_;
    bad["snakes"]["p1"]["body"][0][0] = 99;
    EXPECT_NE(refused(before_, bad).find("off the grid"), std::string::npos)
        << refused(before_, bad);
    bad = after_;
    bad["snakes"]["p1"]["score"] = bad["snakes"]["p1"]["score"].get<int>() + 1;  // no growth
    EXPECT_NE(refused(before_, bad).find("grows by one per food"), std::string::npos)
        << refused(before_, bad);
    bad = after_;
    bad["food"][0] = bad["snakes"]["p2"]["body"][1];
    EXPECT_NE(refused(before_, bad).find("lies on snake p2"), std::string::npos)
        << refused(before_, bad);
    bad = after_;
    bad["food"] = json::array();
    EXPECT_NE(refused(before_, bad).find("free cells left"), std::string::npos)
        << refused(before_, bad);
    // Both crashed at tick 12: nobody won.
    const json over = views_.back().view;
    ASSERT_FALSE(transition_error(after_, over, "p1"));
    bad = over;
    bad["winner"] = "p1";
    EXPECT_NE(refused(after_, bad).find("the winner is 'p1' but the longest live snake is ''"),
              std::string::npos)
        << refused(after_, bad);
    bad = after_;
    bad["over"] = true;
    EXPECT_NE(refused(before_, bad).find("over at tick 11 with 2 snakes alive"), std::string::npos)
        << refused(before_, bad);
    bad = after_;
    bad["snakes"]["p1"]["next"] = std::string(
        to_string(opposite(*parse_direction(bad["snakes"]["p1"]["dir"].get<std::string>()))));
    EXPECT_NE(refused(before_, bad).find("with next"), std::string::npos) << refused(before_, bad);
    bad = after_;
    bad["snakes"]["p1"]["ready"] = false;
    EXPECT_NE(refused(before_, bad).find("not ready"), std::string::npos) << refused(before_, bad);
    bad = after_;
    bad["snakes"]["p2"].erase("body");
    EXPECT_NE(refused(before_, bad).find("after: snake p2 lacks"), std::string::npos);
    EXPECT_NE(refused(bad, after_).find("before: snake p2 lacks"), std::string::npos);
    // Far from every spawn slot for tick 11.
    bad = after_;
    shift(bad["snakes"]["p1"], 0, 5);
    clear_food(bad);
    EXPECT_NE(refused(before_, bad, "spectator").find("spawn slot in 11 ticks"), std::string::npos)
        << refused(before_, bad, "spectator");
}

TEST_F(snake_tampered_test, RefusesMovesTheTicksCannotExplain) {
    // Three cells in one tick (the shape and the spawn bound still hold).
    json bad = after_;
    bad["snakes"]["p1"] = before_["snakes"]["p1"];
    shift(bad["snakes"]["p1"], -2, -1);
    clear_food(bad);
    ASSERT_FALSE(transition_error(before_, bad, "spectator"));  // a later round explains it
    EXPECT_NE(refused(before_, bad).find("snake p1 cannot get from head"), std::string::npos)
        << refused(before_, bad);
    // The tick goes back within the round.
    EXPECT_NE(refused(after_, before_).find("tick went back from 11 to 10"), std::string::npos)
        << refused(after_, before_);
    // A skipped tick is fine, but not if the snake then stayed in place.
    const json earlier = views_[8].view;
    EXPECT_FALSE(transition_error(earlier, before_, "p1"));
    bad = before_;
    bad["snakes"]["p2"] = earlier["snakes"]["p2"];
    clear_food(bad);
    ASSERT_FALSE(transition_error(earlier, bad, "spectator"));
    EXPECT_NE(refused(earlier, bad).find("snake p2 cannot get"), std::string::npos)
        << refused(earlier, bad);
    // A dead snake comes back to life.
    json dead = before_;
    dead["snakes"]["p2"]["alive"] = false;
    dead["snakes"]["p2"]["next"] = dead["snakes"]["p2"]["dir"];
    dead["over"] = true;
    dead["winner"] = "p1";
    EXPECT_NE(refused(dead, after_).find("over at tick 10 but went on"), std::string::npos)
        << refused(dead, after_);
    // The room's grid or time limit changes.
    bad = after_;
    bad["timeLeftTicks"] = bad["timeLeftTicks"].get<int>() + 10;
    EXPECT_NE(refused(before_, bad).find("time limit changed"), std::string::npos)
        << refused(before_, bad);
}

}  // namespace
}  // namespace gameserver::games::snake
