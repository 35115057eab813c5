// Owe Drahn bots: the policies' decisions on hand-made views, rooms of bots playing whole games
// (and the next ones after each reset) on the virtual clock, and the zero-sum invariant of the
// main bet and side bets over many random games (GAMES.md fix: every elimination pays).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "games/harness.hpp"
#include "owedrahn/bot.hpp"
#include "owedrahn/game.hpp"
#include "owedrahn/plugin.hpp"

namespace gameserver::games::owedrahn {
namespace {

using sdk::json;

struct seat_spec {
    std::string id;
    int life = 6;
    bool ready = false;
    bool choosing = false;
};

json make_view(const std::vector<seat_spec>& seats, bool started, const std::string& turn,
               int value, bool over = false) {
    json players = json::array();
    for (const auto& s : seats) {
        player p;
        p.id = s.id;
        p.username = s.id;
        p.life = s.life;
        p.ready = s.ready;
        p.choosing = s.choosing;
        players.push_back(p.to_json());
    }
    return json{
        {"players", players},    {"started", started}, {"currentTurn", turn},      {"over", over},
        {"currentValue", value}, {"mainBet", 1.0},     {"sideBets", json::array()}};
}

std::optional<std::string> decided_type(const sdk::bot_policy& policy, const json& view,
                                        const std::string& self, std::uint64_t seed = 1) {
    sdk::rng random(seed);
    const auto action = policy.decide(view, self, random);
    if (!action) return std::nullopt;
    EXPECT_GE(action->think, min_think);
    EXPECT_LE(action->think, max_think);
    return action->type;
}

TEST(owedrahn_bot, ReadViewRejectsMalformedViews) {
    EXPECT_TRUE(read_view(make_view({{"a"}}, false, "", 0)));
    for (const json& bad : {json(nullptr), json::array(), json{{"players", 1}},
                            json::parse(R"({"players":[{"id":"a"}],"started":false,)"
                                        R"("currentTurn":"","over":false,"currentValue":0})")}) {
        EXPECT_FALSE(read_view(bad)) << bad.dump();
    }
    cautious_policy cautious;
    random_policy random;
    EXPECT_EQ(decided_type(cautious, json("junk"), "a"), std::nullopt);
    EXPECT_EQ(decided_type(random, json("junk"), "a"), std::nullopt);
}

TEST(owedrahn_bot, BothPoliciesReadyUpOnceBeforeAGame) {
    cautious_policy cautious;
    random_policy random;
    for (const sdk::bot_policy* policy : std::vector<const sdk::bot_policy*>{&cautious, &random}) {
        sdk::rng engine(1);
        const auto action = policy->decide(make_view({{"a"}, {"b"}}, false, "", 0), "a", engine);
        ASSERT_TRUE(action) << policy->name();
        EXPECT_EQ(action->type, "ready");
        EXPECT_EQ(action->data, json(true));
        EXPECT_EQ(decided_type(*policy, make_view({{"a", 6, true}, {"b"}}, false, "", 0), "a"),
                  std::nullopt)
            << "already ready: wait for the others";
        EXPECT_EQ(decided_type(*policy, make_view({{"a"}}, false, "", 0), "spectator"),
                  std::nullopt)
            << "not seated";
    }
}

TEST(owedrahn_bot, BothPoliciesWaitOutsideTheirTurn) {
    cautious_policy cautious;
    random_policy random;
    for (const sdk::bot_policy* policy : std::vector<const sdk::bot_policy*>{&cautious, &random}) {
        EXPECT_EQ(decided_type(*policy, make_view({{"a"}, {"b"}}, true, "b", 5), "a"),
                  std::nullopt);
        EXPECT_EQ(decided_type(*policy, make_view({{"a"}, {"b", 0}}, true, "a", 0, true), "a"),
                  std::nullopt)
            << "game over: the reset comes by timer";
        EXPECT_EQ(decided_type(*policy, make_view({{"a"}, {"b"}}, true, "a", 5), "a"), "roll");
    }
}

TEST(owedrahn_bot, CautiousLosesALifeOnlyWhenBustingIsLikelyAndAllowed) {
    cautious_policy cautious;
    const std::vector<seat_spec> healthy = {{"a", 3}, {"b"}};
    for (int value = 0; value <= 11; ++value) {
        EXPECT_EQ(decided_type(cautious, make_view(healthy, true, "a", value), "a"), "roll")
            << value;
    }
    for (int value = 12; value <= 15; ++value) {
        EXPECT_EQ(decided_type(cautious, make_view(healthy, true, "a", value), "a"), "loseLife")
            << value;
    }
    EXPECT_EQ(decided_type(cautious, make_view({{"a", 1}, {"b"}}, true, "a", 15), "a"), "roll")
        << "the last life cannot be spent";
    cautious_policy bold(0.8);
    EXPECT_EQ(decided_type(bold, make_view(healthy, true, "a", 14), "a"), "roll");
    EXPECT_EQ(decided_type(bold, make_view(healthy, true, "a", 15), "a"), "loseLife");
    EXPECT_EQ(cautious_policy(std::nan("")).risk(), 0.5);
    EXPECT_EQ(cautious_policy(7).risk(), 1.0);
}

TEST(owedrahn_bot, CautiousHandsTheTurnToTheStrongestOpponent) {
    cautious_policy cautious;
    sdk::rng engine(1);
    const auto action = cautious.decide(
        make_view({{"a", 3, false, true}, {"b", 2}, {"c", 5}, {"d", 5}}, true, "a", 0), "a",
        engine);
    ASSERT_TRUE(action);
    EXPECT_EQ(action->type, "chooseNextPlayer");
    EXPECT_EQ(action->data, (json{{"nextPlayerId", "c"}})) << "most lives, first after self";
    // Ties resolve in turn order after the chooser, wrapping around.
    table_view table =
        *read_view(make_view({{"a", 4}, {"b", 1}, {"c", 4, false, true}}, true, "c", 0));
    EXPECT_EQ(choose_target(table, "c"), "a");
    table = *read_view(make_view({{"a", 0}, {"b", 2, false, true}}, true, "b", 0));
    EXPECT_EQ(choose_target(table, "b"), "b") << "nobody else alive";
}

TEST(owedrahn_bot, RandomOnlyPlaysLegalMoves) {
    random_policy random;
    sdk::rng engine(99);
    int lose = 0;
    int choose = 0;
    for (int i = 0; i < 400; ++i) {
        const int value = static_cast<int>(engine.between(0, 15));
        const int life = static_cast<int>(engine.between(1, 6));
        const bool choosing = engine.chance(0.3);
        const auto view =
            make_view({{"a", life, false, choosing}, {"b", 0}, {"c", 2}}, true, "a", value);
        const auto action = random.decide(view, "a", engine);
        ASSERT_TRUE(action);
        if (action->type == "loseLife") {
            ++lose;
            EXPECT_GT(life, 1);
            EXPECT_GE(value, 10);
            EXPECT_FALSE(choosing);
        } else if (action->type == "chooseNextPlayer") {
            ++choose;
            EXPECT_TRUE(choosing);
            EXPECT_NE(action->data["nextPlayerId"], "b") << "never a dead player";
        } else {
            EXPECT_EQ(action->type, "roll");
        }
    }
    EXPECT_GT(lose, 0);
    EXPECT_GT(choose, 0);
}

// A room of bots driven as the server would: each bot decides on its view, acts after its think
// delay (the room decides again then; the policies are pure, so the same action).
class bot_room {
  public:
    bot_room(std::uint64_t seed, const std::vector<std::shared_ptr<const sdk::bot_policy>>& bots)
        : h_(seed), policies_(bots) {
        h_.attach(game_);
        for (std::size_t i = 0; i < bots.size(); ++i) {
            ids_.push_back("bot" + std::to_string(i));
            EXPECT_FALSE(h_.join(ids_.back(), "Bot " + std::to_string(i), /*is_bot=*/true));
        }
    }

    // Runs until `games` games have finished (or nothing moves). True when they all finished.
    bool play(int games, int max_actions = 20000) {
        int finished = 0;
        bool was_over = false;
        for (int n = 0; n < max_actions; ++n) {
            if (game_.is_over() && !was_over) {
                ++finished;
                on_game_over();
                if (finished >= games) return true;
            }
            was_over = game_.is_over();
            bool acted = false;
            const json view = game_.view_for(ids_[0]);  // the same for every seat
            for (std::size_t i = 0; i < ids_.size(); ++i) {
                const auto action = policies_[i]->decide(view, ids_[i], h_.bot_random());
                if (!action) continue;
                const auto status = h_.act(ids_[i], action->type, action->data);
                EXPECT_FALSE(status) << testkit::describe(status) << " from " << action->type;
                h_.advance(action->think);
                acted = true;
                break;  // re-read the views after every action
            }
            if (!acted && !h_.advance_to_next()) return false;
        }
        return false;
    }

    virtual ~bot_room() = default;
    virtual void on_game_over() {}

    testkit::harness h_;
    game game_;
    std::vector<std::shared_ptr<const sdk::bot_policy>> policies_;
    std::vector<std::string> ids_;
};

TEST(owedrahn_bot, RoomsOfBotsPlayWholeGamesAndTheNextOnes) {
    const auto plugin = make_plugin();
    for (const char* name : {"cautious", "random"}) {
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            bot_room room(seed, {plugin->bot(name), plugin->bot(name), plugin->bot(name)});
            ASSERT_TRUE(room.play(3)) << name << " seed " << seed;
            EXPECT_EQ(room.h_.records().size(), 3u);
            EXPECT_TRUE(room.game_.balances_zero_sum());
            int alive = 0;
            for (const auto& p : room.game_.players()) alive += p.alive() ? 1 : 0;
            EXPECT_EQ(alive, 1) << "one winner";
        }
    }
}

TEST(owedrahn_bot, CautiousLosesALifeInPlay) {
    const auto plugin = make_plugin();
    int lost_lives = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        bot_room room(seed, {plugin->bot(), plugin->bot()});
        ASSERT_TRUE(room.play(1));
        for (const auto& o : room.h_.history()) {
            if (o.type == "lostLife" && o.to == "bot0") ++lost_lives;
        }
    }
    EXPECT_GT(lost_lives, 0);
}

// A room whose (test-driven) humans bet before each game: random main bets and accepted side
// bets between random pairs, then the bots play. Balances must sum to 0 after every game.
class betting_room final : public bot_room {
  public:
    using bot_room::bot_room;

    void place_bets() {
        sdk::rng& r = h_.random();
        const double main = static_cast<double>(r.between(1, 40)) / 4.0;
        EXPECT_FALSE(h_.act(ids_[0], "set_main_bet", json{{"amount", main}}));
        for (int i = 0; i < 3; ++i) {
            const auto a = r.index(ids_.size());
            const auto b = r.index(ids_.size());
            if (a == b) continue;
            const double amount = static_cast<double>(r.between(1, 100)) / 10.0;
            EXPECT_FALSE(h_.act(ids_[a], "sidebet_propose",
                                json{{"opponentId", ids_[b]}, {"amount", amount}}));
            if (r.chance(0.7)) {
                EXPECT_FALSE(h_.act(ids_[b], "sidebet_accept",
                                    json{{"betId", game_.side_bets().back().id}}));
            }
        }
    }
    void on_game_over() override {
        ++games_;
        EXPECT_TRUE(game_.balances_zero_sum()) << "after game " << games_;
        double total = 0;
        for (const auto& p : game_.players()) total += p.balance;
        EXPECT_NEAR(total, 0.0, 1e-9);
        h_.advance(reset_delay);  // the reset; bets go in before the bots ready up again
        place_bets();
    }
    int games_ = 0;
};

TEST(owedrahn_bot, ZeroSumHoldsOverManyRandomGamesWithBets) {
    const auto plugin = make_plugin();
    int games = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const std::size_t seats = 2 + seed % 4;
        std::vector<std::shared_ptr<const sdk::bot_policy>> bots;
        for (std::size_t i = 0; i < seats; ++i) {
            bots.push_back(plugin->bot((seed + i) % 2 ? "random" : "cautious"));
        }
        betting_room room(seed, bots);
        room.place_bets();
        ASSERT_TRUE(room.play(3)) << "seed " << seed;
        games += room.games_;
    }
    EXPECT_GE(games, 120);
}

}  // namespace
}  // namespace gameserver::games::owedrahn
