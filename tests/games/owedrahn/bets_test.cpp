// Owe Drahn side bets: the Go server's 20 bet tests (SEED-SPEC §8.11) plus our fixes (only the
// opponent answers a bet, only the challenger cancels it), payloads, raw decode errors, and
// settlement when a roll eliminates a party.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "games/expect.hpp"
#include "games/harness.hpp"
#include "owedrahn/game.hpp"
#include "owedrahn/rules.hpp"

namespace gameserver::games::owedrahn {
namespace {

using testkit::expect_error;

using sdk::error_code;
using sdk::json;

class bets_test : public ::testing::Test {
  protected:
    bets_test() {
        h_.attach(game_);
        for (const char* id : {"p1", "p2", "p3"}) {
            EXPECT_FALSE(h_.join(id, std::string("Name-") + id));
        }
        h_.take();
    }

    // Proposes and returns the new bet's id.
    std::string propose(const std::string& from, const std::string& to, double amount) {
        const auto status =
            h_.act(from, "sidebet_propose", json{{"opponentId", to}, {"amount", amount}});
        EXPECT_FALSE(status) << testkit::describe(status);
        return game_.side_bets().empty() ? "" : game_.side_bets().back().id;
    }
    bet_status status_of(const std::string& id) const {
        for (const auto& b : game_.side_bets()) {
            if (b.id == id) return b.status;
        }
        ADD_FAILURE() << "no bet " << id;
        return bet_status::pending;
    }
    void start() {
        for (const char* id : {"p1", "p2", "p3"}) ASSERT_FALSE(h_.act(id, "ready", true));
        h_.take();
    }
    // Expects the error, no change to the bets and nothing sent.
    void expect_refused(const sdk::status& status, error_code code, const std::string& message,
                        const std::string& bets_before) {
        expect_error(status, code, message);
        EXPECT_EQ(game_.view_for("p1")["sideBets"].dump(), bets_before) << message;
        EXPECT_TRUE(h_.outbox().empty()) << message;
    }
    std::string bets() const { return game_.view_for("p1")["sideBets"].dump(); }

    testkit::harness h_{11, "room-1"};
    game game_;
};

// ---- propose ----

TEST_F(bets_test, ProposeToSelfMakesNoBet) {
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", "p1"}, {"amount", 5}}),
                   error_code::invalid_move, "player can not propose bet to oneself", "[]");
}

TEST_F(bets_test, ProposeDuringAGameMakesNoBet) {
    start();
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", "p2"}, {"amount", 5}}),
                   error_code::game_started, "can not propose bet. game already started", "[]");
}

TEST_F(bets_test, ProposeWithANonPositiveAmountMakesNoBet) {
    for (double amount : {0.0, -5.0, -1.0}) {
        expect_refused(
            h_.act("p1", "sidebet_propose", json{{"opponentId", "p2"}, {"amount", amount}}),
            error_code::invalid_payload, "amount must be greater than 0", "[]");
    }
    // A missing amount is 0.
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", "p2"}}),
                   error_code::invalid_payload, "amount must be greater than 0", "[]");
}

TEST_F(bets_test, AValidProposalIsPendingAndBroadcast) {
    ASSERT_FALSE(h_.act("p1", "sidebet_propose", json{{"OPPONENTID", "p2"}, {"amount", 2.5}}));
    ASSERT_EQ(game_.side_bets().size(), 1u);
    const side_bet& bet = game_.side_bets()[0];
    EXPECT_EQ(bet.challenger_id, "p1");
    EXPECT_EQ(bet.challenger_name, "Name-p1");
    EXPECT_EQ(bet.opponent_id, "p2");
    EXPECT_EQ(bet.opponent_name, "Name-p2");
    EXPECT_EQ(bet.amount, 2.5);
    EXPECT_EQ(bet.status, bet_status::pending);
    EXPECT_TRUE(std::regex_match(
        bet.id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << bet.id;
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u) << "one sidebet_propose_result each, and no game_state";
    for (const auto& o : out) EXPECT_EQ(o.type, "sidebet_propose_result");
    EXPECT_EQ(json::parse(out[0].data),
              json::parse(R"({"betId":")" + bet.id + R"(","bets":[{"id":")" + bet.id +
                          R"(","challengerId":"p1","challengerName":"Name-p1","opponentId":"p2",)"
                          R"("opponentName":"Name-p2","amount":2.5,"status":0}]})"));
    // The bet is also part of game_state, with its fields in the Go struct's order.
    std::vector<std::string> keys;
    const json state = game_.view_for("p3");
    for (const auto& [key, value] : state["sideBets"][0].items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"id", "challengerId", "challengerName", "opponentId",
                                              "opponentName", "amount", "status"}));
}

TEST_F(bets_test, ProposeToAnUnknownOpponentMakesNoBet) {
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", "ghost"}, {"amount", 5}}),
                   error_code::player_not_found, "opponent not found", "[]");
}

TEST_F(bets_test, ProposeFromANonPlayerMakesNoBet) {
    expect_refused(h_.act("stranger", "sidebet_propose", json{{"opponentId", "p1"}, {"amount", 5}}),
                   error_code::not_a_player, "challenger not found", "[]");
}

TEST_F(bets_test, ProposeDecodeErrorsAreGosText) {
    expect_refused(h_.act("p1", "sidebet_propose", sdk::absent_data()), error_code::invalid_payload,
                   "unexpected end of JSON input", "[]");
    expect_refused(h_.act("p1", "sidebet_propose", json(5)), error_code::invalid_payload,
                   "json: cannot unmarshal number into Go value of type "
                   "owe_drahn.SidebetProposalPayload",
                   "[]");
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", "p2"}, {"amount", "5"}}),
                   error_code::invalid_payload,
                   "json: cannot unmarshal string into Go struct field "
                   "SidebetProposalPayload.amount of type float64",
                   "[]");
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", 2}, {"amount", true}}),
                   error_code::invalid_payload,
                   "json: cannot unmarshal number into Go struct field "
                   "SidebetProposalPayload.opponentId of type string",
                   "[]");
    // The order of checks: decoding, started, self, amount, challenger, opponent.
    expect_refused(h_.act("p1", "sidebet_propose", json{{"opponentId", "p1"}, {"amount", 0}}),
                   error_code::invalid_move, "player can not propose bet to oneself", "[]");
    expect_refused(h_.act("stranger", "sidebet_propose", json{{"opponentId", "x"}, {"amount", 0}}),
                   error_code::invalid_payload, "amount must be greater than 0", "[]");
}

// ---- accept ----

TEST_F(bets_test, AcceptByTheOpponent) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    ASSERT_FALSE(h_.act("p2", "sidebet_accept", json{{"betId", id}}));
    EXPECT_EQ(status_of(id), bet_status::accepted);
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].type, "sidebet_accept_result");
    const auto data = json::parse(out[0].data);
    EXPECT_EQ(data["betId"], id);
    EXPECT_EQ(data["bets"][0]["status"], 1);
}

TEST_F(bets_test, AcceptByAThirdPlayerStaysPending) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    const auto before = bets();
    expect_refused(h_.act("p3", "sidebet_accept", json{{"betId", id}}), error_code::forbidden,
                   "player can not manage bets from other players", before);
    EXPECT_EQ(status_of(id), bet_status::pending);
}

// Fix: only the opponent answers; the challenger cannot accept their own proposal.
TEST_F(bets_test, FixAcceptByTheChallengerIsRefused) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    expect_refused(h_.act("p1", "sidebet_accept", json{{"betId", id}}), error_code::forbidden,
                   "player can not manage bets from other players", bets());
}

TEST_F(bets_test, AcceptOfAnUnknownBetChangesNothing) {
    propose("p1", "p2", 5);
    h_.take();
    const auto before = bets();
    expect_refused(h_.act("p2", "sidebet_accept", json{{"betId", "nope"}}), error_code::not_found,
                   "side bet not found", before);
    expect_refused(h_.act("p2", "sidebet_accept", nullptr), error_code::not_found,
                   "side bet not found", before);
    expect_refused(h_.act("p2", "sidebet_accept", sdk::absent_data()), error_code::invalid_payload,
                   "unexpected end of JSON input", before);
}

// ---- decline ----

TEST_F(bets_test, DeclineByTheOpponent) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    ASSERT_FALSE(h_.act("p2", "sidebet_decline", json{{"BetId", id}}));
    EXPECT_EQ(status_of(id), bet_status::declined);
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].type, "sidebet_decline_result");
    EXPECT_EQ(json::parse(out[0].data)["betId"], id);
}

TEST_F(bets_test, DeclineOfAnUnknownBetChangesNothing) {
    propose("p1", "p2", 5);
    h_.take();
    expect_refused(h_.act("p2", "sidebet_decline", json{{"betId", "nope"}}), error_code::not_found,
                   "side bet not found", bets());
}

TEST_F(bets_test, DeclineByAThirdPlayerStaysPending) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    expect_refused(h_.act("p3", "sidebet_decline", json{{"betId", id}}), error_code::forbidden,
                   "player can not manage bets from other players", bets());
    EXPECT_EQ(status_of(id), bet_status::pending);
}

// Kept (SEED-SPEC §6.3): no check of the current status, so a declined bet can be accepted.
TEST_F(bets_test, ADeclinedBetCanStillBeAccepted) {
    const auto id = propose("p1", "p2", 5);
    ASSERT_FALSE(h_.act("p2", "sidebet_decline", json{{"betId", id}}));
    ASSERT_FALSE(h_.act("p2", "sidebet_accept", json{{"betId", id}}));
    EXPECT_EQ(status_of(id), bet_status::accepted);
}

// ---- cancel ----

TEST_F(bets_test, CancelRemovesTheBetAndSendsTheBareArray) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    ASSERT_FALSE(h_.act("p1", "sidebet_cancel", json{{"betId", id}}));
    EXPECT_TRUE(game_.side_bets().empty());
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].type, "sidebet_cancel_result");
    EXPECT_EQ(out[0].data, "[]") << "a bare array, not {bets} (kept quirk)";
}

TEST_F(bets_test, CancelOfAnUnknownBetIsANoOp) {
    propose("p1", "p2", 5);
    h_.take();
    const auto before = bets();
    ASSERT_FALSE(h_.act("p3", "sidebet_cancel", json{{"betId", "nope"}}));
    EXPECT_EQ(bets(), before);
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].data, before);
}

TEST_F(bets_test, CancelRemovesOnlyTheTargetedBetOfThree) {
    const auto first = propose("p1", "p2", 1);
    const auto second = propose("p1", "p3", 2);
    const auto third = propose("p2", "p3", 3);
    ASSERT_FALSE(h_.act("p1", "sidebet_cancel", json{{"betId", second}}));
    ASSERT_EQ(game_.side_bets().size(), 2u);
    EXPECT_EQ(game_.side_bets()[0].id, first);
    EXPECT_EQ(game_.side_bets()[1].id, third);
}

// Fix (SEED-SPEC §9.17): Go let anyone cancel any bet.
TEST_F(bets_test, FixOnlyTheChallengerCancels) {
    const auto id = propose("p1", "p2", 5);
    h_.take();
    const auto before = bets();
    for (const char* who : {"p2", "p3", "stranger"}) {
        expect_refused(h_.act(who, "sidebet_cancel", json{{"betId", id}}), error_code::forbidden,
                       "player can not manage bets from other players", before);
    }
    expect_refused(h_.act("p1", "sidebet_cancel", json("x")), error_code::invalid_payload,
                   "json: cannot unmarshal string into Go value of type "
                   "owe_drahn.SidebetAcceptPayload",
                   before);
}

// ---- resolve (the pure settlement, as Go's tests call resolveSideBets directly) ----

player make_player(const std::string& id, int life, double balance) {
    player p;
    p.id = id;
    p.username = id;
    p.life = life;
    p.balance = balance;
    return p;
}
side_bet make_bet(const std::string& challenger, const std::string& opponent, double amount,
                  bet_status status = bet_status::accepted) {
    side_bet b;
    b.id = challenger + "-" + opponent;
    b.challenger_id = challenger;
    b.opponent_id = opponent;
    b.amount = amount;
    b.status = status;
    return b;
}

TEST(bets_resolve, OpponentDies) {
    std::vector<player> players = {make_player("p1", 6, 10), make_player("p2", 0, -10)};
    std::vector<side_bet> bets = {make_bet("p1", "p2", 5)};
    resolve_side_bets(players, bets);
    EXPECT_EQ(players[0].balance, 15.0);
    EXPECT_EQ(players[1].balance, -15.0);
    EXPECT_EQ(bets[0].status, bet_status::resolved);
    EXPECT_TRUE(zero_sum(players));
}

TEST(bets_resolve, ChallengerDies) {
    std::vector<player> players = {make_player("p1", 0, 0), make_player("p2", 3, 0)};
    std::vector<side_bet> bets = {make_bet("p1", "p2", 5)};
    resolve_side_bets(players, bets);
    EXPECT_EQ(players[0].balance, -5.0);
    EXPECT_EQ(players[1].balance, 5.0);
    EXPECT_EQ(bets[0].status, bet_status::resolved);
}

TEST(bets_resolve, MultipleBetsAroundOneDeath) {
    std::vector<player> players = {make_player("p1", 6, 0), make_player("p2", 4, 0),
                                   make_player("p3", 0, 0)};
    std::vector<side_bet> bets = {make_bet("p1", "p3", 2.5), make_bet("p3", "p2", 4),
                                  make_bet("p1", "p2", 1)};
    resolve_side_bets(players, bets);
    EXPECT_EQ(players[0].balance, 2.5);
    EXPECT_EQ(players[1].balance, 4.0);
    EXPECT_EQ(players[2].balance, -6.5);
    EXPECT_EQ(bets[0].status, bet_status::resolved);
    EXPECT_EQ(bets[1].status, bet_status::resolved);
    EXPECT_EQ(bets[2].status, bet_status::accepted) << "both survivors: not resolved yet";
    EXPECT_TRUE(zero_sum(players));
}

TEST(bets_resolve, OnlyAcceptedBetsAreResolved) {
    std::vector<player> players = {make_player("p1", 6, 0), make_player("p2", 0, 0)};
    std::vector<side_bet> bets = {make_bet("p1", "p2", 5, bet_status::pending),
                                  make_bet("p1", "p2", 6, bet_status::declined),
                                  make_bet("p1", "p2", 7, bet_status::resolved)};
    resolve_side_bets(players, bets);
    EXPECT_EQ(players[0].balance, 0.0);
    EXPECT_EQ(players[1].balance, 0.0);
    EXPECT_EQ(bets[0].status, bet_status::pending);
    EXPECT_EQ(bets[1].status, bet_status::declined);
    EXPECT_EQ(bets[2].status, bet_status::resolved);
}

TEST(bets_resolve, BothAliveResolvesNothing) {
    std::vector<player> players = {make_player("p1", 6, 0), make_player("p2", 1, 0)};
    std::vector<side_bet> bets = {make_bet("p1", "p2", 5)};
    resolve_side_bets(players, bets);
    EXPECT_EQ(bets[0].status, bet_status::accepted);
    EXPECT_EQ(players[0].balance, 0.0);
}

TEST(bets_resolve, ABetWithAMissingSeatIsLeftAlone) {
    std::vector<player> players = {make_player("p1", 0, 0)};
    std::vector<side_bet> bets = {make_bet("p1", "gone", 5)};
    resolve_side_bets(players, bets);  // Go dereferenced nil here
    EXPECT_EQ(bets[0].status, bet_status::accepted);
    EXPECT_EQ(players[0].balance, 0.0);
}

TEST(bets_resolve, ZeroSumValidator) {
    EXPECT_TRUE(
        zero_sum({make_player("a", 6, 10), make_player("b", 6, -4.5), make_player("c", 6, -5.5)}));
    EXPECT_TRUE(
        zero_sum({make_player("a", 6, 0.1), make_player("b", 6, 0.2), make_player("c", 6, -0.3)}))
        << "within rounding";
    EXPECT_FALSE(zero_sum({make_player("a", 6, 10), make_player("b", 6, -5)}));
    EXPECT_TRUE(zero_sum({}));
}

// ---- settlement in play ----

TEST_F(bets_test, AnAcceptedBetSettlesWhenARollEliminates) {
    const auto id = propose("p1", "p2", 4);
    ASSERT_FALSE(h_.act("p2", "sidebet_accept", json{{"betId", id}}));
    start();
    json s = game_.snapshot();
    s["currentTurn"] = "p2";
    s["currentValue"] = 15;
    ASSERT_FALSE(game_.restore(s));
    for (int i = 0; i < 1000; ++i) {  // the next face must not be a 3
        sdk::rng probe = h_.random();
        if (probe.between(1, 6) != 3) break;
        (void)h_.random().next_u64();
    }
    ASSERT_FALSE(h_.act("p2", "roll"));
    EXPECT_EQ(status_of(id), bet_status::resolved);
    EXPECT_EQ(game_.players()[0].balance, 4.0);
    EXPECT_EQ(game_.players()[1].balance, -4.0 - 1.0) << "the bet and the main bet";
    EXPECT_EQ(game_.players()[2].balance, 0.0);
    EXPECT_FALSE(game_.balances_zero_sum()) << "the main bet is settled at the game's end";
}

}  // namespace
}  // namespace gameserver::games::owedrahn
