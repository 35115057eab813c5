// Owe Drahn game tests (SEED-SPEC §6.3, §8.10, GAMES.md): exact payloads and event order,
// every error string, handshake stats loads, ready and start, turns, lose-life and choosing,
// elimination and the main bet, game over with its record and stats merge, the 5 s reset,
// leave/disconnect/reconnect, snapshots, and each fix against the Go server's behaviour.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "games/expect.hpp"
#include "games/harness.hpp"
#include "owedrahn/game.hpp"
#include "owedrahn/plugin.hpp"

namespace gameserver::games::owedrahn {
namespace {

using testkit::expect_error;

using sdk::error_code;
using sdk::json;
using testkit::outbound;

outbound event_to(const std::string& to, const std::string& type, const json& data) {
    return {to, {}, type, data.dump(), true, {}, {}};
}
outbound bare_to(const std::string& to, const std::string& type) {
    return {to, {}, type, {}, false, {}, {}};
}

// The types sent, in order, to one member.
std::vector<std::string> types_to(const std::vector<outbound>& out, const std::string& to) {
    std::vector<std::string> types;
    for (const auto& o : out) {
        if (o.to == to) types.push_back(o.type);
    }
    return types;
}

class owedrahn_test : public ::testing::Test {
  protected:
    owedrahn_test() { h_.attach(game_); }

    // Seats the ids (named "Name-<id>") and drops the join messages.
    void seat(const std::vector<std::string>& ids) {
        for (const auto& id : ids) ASSERT_FALSE(h_.join(id, "Name-" + id));
        h_.take();
    }
    // Everyone seated sends `ready true`; the game starts.
    void start() {
        for (const auto& p : game_.players()) ASSERT_FALSE(h_.act(p.id, "ready", true));
        ASSERT_TRUE(game_.is_started());
        h_.take();
    }
    // Edits the state through a snapshot, as the Go tests set fields directly.
    void patch(const std::function<void(json&)>& edit) {
        json s = game_.snapshot();
        edit(s);
        const auto status = game_.restore(s);
        ASSERT_FALSE(status) << testkit::describe(status);
    }
    void force_turn(const std::string& id) {
        patch([&](json& s) { s["currentTurn"] = id; });
    }
    void set_counter(int value) {
        patch([&](json& s) { s["currentValue"] = value; });
    }
    void set_life(const std::string& id, int life) {
        patch([&](json& s) {
            for (auto& p : s["players"]) {
                if (p["id"] == id) p["life"] = life;
            }
        });
    }
    // Draws from the room's engine until the next die rolled will show `face`.
    void force_face(int face) {
        for (int i = 0; i < 10000; ++i) {
            sdk::rng probe = h_.random();
            if (probe.between(1, 6) == face) return;
            (void)h_.random().next_u64();
        }
        FAIL() << "face " << face << " never came up";
    }
    // The current player rolls `face`; fails the test on an error.
    void roll(int face) {
        force_face(face);
        const auto status = h_.act(game_.current_turn(), "roll");
        ASSERT_FALSE(status) << testkit::describe(status);
    }
    const player& seat_of(const std::string& id) const {
        for (const auto& p : game_.players()) {
            if (p.id == id) return p;
        }
        throw std::runtime_error("no seat " + id);
    }
    json view() const { return game_.view_for("a"); }
    json& stats_doc(const std::string& uid) { return h_.documents()[{"owedrahn_stats", uid}]; }
    // Expects `status` to be the error, with nothing changed and nothing sent.
    // remember() first: what "unchanged" compares against.
    void expect_refused(const sdk::status& status, error_code code, const std::string& message) {
        ASSERT_TRUE(before_.has_value()) << "remember() first";
        expect_error(status, code, message);
        EXPECT_EQ(game_.snapshot().dump(), *before_) << message;
        EXPECT_TRUE(h_.outbox().empty()) << message;
    }
    void remember() { before_ = game_.snapshot().dump(); }

    testkit::harness h_{7, "room-1"};
    game game_;
    std::optional<std::string> before_;
};

// ---- joining and the state payload ----

TEST_F(owedrahn_test, JoinBroadcastsTheFullStateInGoFieldOrder) {
    ASSERT_FALSE(h_.join("a", "Alice"));
    const std::string alice =
        R"({"id":"a","uid":"","username":"Alice","rank":0,"stats":null,"life":6,"ready":false,)"
        R"("choosing":false,"connected":false,"balance":0.0})";
    EXPECT_EQ(h_.take(), (std::vector<outbound>{event_to(
                             "a", "game_state",
                             json::parse(R"({"players":[)" + alice +
                                         R"(],"started":false,"currentTurn":"","over":false,)"
                                         R"("currentValue":0,"mainBet":1.0,"sideBets":[]})"))}));
    ASSERT_FALSE(h_.join("b", "Bob"));
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 2u);  // to a and b
    const auto state = json::parse(out[0].data);
    ASSERT_EQ(state["players"].size(), 2u);
    EXPECT_EQ(state["players"][0]["username"], "Alice");  // join order, not id order
    EXPECT_EQ(state["players"][1]["username"], "Bob");
    std::vector<std::string> keys;
    for (const auto& [key, value] : state.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"players", "started", "currentTurn", "over",
                                              "currentValue", "mainBet", "sideBets"}));
    EXPECT_FALSE(game_.is_started());
}

TEST_F(owedrahn_test, PlayersKeepJoinOrderNotIdOrder) {
    seat({"zed", "alpha", "mid"});
    std::vector<std::string> order;
    const json state = view();
    for (const auto& p : state["players"]) order.push_back(p["id"]);
    EXPECT_EQ(order, (std::vector<std::string>{"zed", "alpha", "mid"}));
}

TEST_F(owedrahn_test, BotsAreConnectedFromTheStart) {
    ASSERT_FALSE(h_.join("bot", "Bot Resi", /*is_bot=*/true));
    ASSERT_FALSE(h_.join("human", "Human"));
    EXPECT_TRUE(seat_of("bot").connected);
    EXPECT_FALSE(seat_of("human").connected);
}

TEST_F(owedrahn_test, JoiningAStartedGameLeavesASpectator) {
    seat({"a", "b"});
    start();
    expect_error(h_.join("c", "Carl"), error_code::game_started, "game has started");
    EXPECT_TRUE(h_.outbox().empty());
    EXPECT_EQ(game_.players().size(), 2u);
    // The spectator still sees the game.
    roll(2);
    EXPECT_EQ(types_to(h_.take(), "c"), (std::vector<std::string>{"rolledDice", "game_state"}));
}

TEST_F(owedrahn_test, BotsMayJoinOnlyBeforeTheStart) {
    seat({"a"});
    EXPECT_FALSE(game_.can_add_bot(h_));
    start();
    expect_error(game_.can_add_bot(h_), error_code::game_started, "game has started");
}

// ---- handshake and stats ----

TEST_F(owedrahn_test, HandshakeWithoutUidConnectsAtOnce) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", ""}}));
    EXPECT_TRUE(seat_of("a").connected);
    EXPECT_EQ(h_.pending_loads(), 0u);
    EXPECT_EQ(types_to(h_.take(), "b"), (std::vector<std::string>{"game_state"}));
    // `null` decodes to an empty uid, like Go.
    ASSERT_FALSE(h_.act("b", "handshake", nullptr));
    EXPECT_TRUE(seat_of("b").connected);
}

TEST_F(owedrahn_test, HandshakeErrors) {
    seat({"a"});
    remember();
    expect_refused(h_.act("stranger", "handshake", json{{"uid", "u"}}), error_code::not_a_player,
                   "client is not a player");
    for (const json& data : {sdk::absent_data(), json("u1"), json(5), json::array({"u1"}),
                             json{{"uid", 5}}, json{{"UID", true}}}) {
        expect_refused(h_.act("a", "handshake", data), error_code::invalid_payload,
                       "invalid handshake format");
    }
}

TEST_F(owedrahn_test, HandshakeLoadsStatsThenConnectsAndBroadcasts) {
    seat({"a", "b"});
    const json stored =
        json::parse(R"({"rolledDice":[1,2,3,4,5,6],"wins":2,"totalGames":5,"perfectRoll":1,)"
                    R"("luckiestRoll":0,"worstRoll":1,"rolled21":0,"maxLifeLoss":1})");
    h_.documents()[{"owedrahn_stats", "u1"}] = stored;
    ASSERT_FALSE(h_.act("a", "handshake", json{{"UID", "u1"}}));  // keys match case-insensitively
    EXPECT_TRUE(h_.outbox().empty()) << "nothing until the stats arrive";
    EXPECT_EQ(h_.pending_loads(), 1u);
    EXPECT_FALSE(seat_of("a").connected);
    h_.deliver_loads();
    EXPECT_EQ(seat_of("a").uid, "u1");
    EXPECT_EQ(seat_of("a").stats, stored);
    EXPECT_TRUE(seat_of("a").connected);
    EXPECT_EQ(types_to(h_.take(), "b"), (std::vector<std::string>{"game_state"}));
    EXPECT_EQ(view()["players"][0]["stats"], stored);
}

TEST_F(owedrahn_test, HandshakeOfANewUserSetsUidAndNullStats) {
    seat({"a"});
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", "fresh"}}));
    h_.deliver_loads();
    EXPECT_EQ(seat_of("a").uid, "fresh");
    EXPECT_TRUE(seat_of("a").stats.is_null());
    EXPECT_TRUE(seat_of("a").connected);
}

TEST_F(owedrahn_test, HandshakeWithFailedStorageOnlyConnects) {
    seat({"a"});
    h_.fail_loads = true;
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", "u1"}}));
    h_.deliver_loads();
    EXPECT_EQ(seat_of("a").uid, "");
    EXPECT_TRUE(seat_of("a").stats.is_null());
    EXPECT_TRUE(seat_of("a").connected);
    EXPECT_EQ(types_to(h_.take(), "a"), (std::vector<std::string>{"game_state"}));
}

TEST_F(owedrahn_test, StatsAnswerAfterAReconnectLandsOnTheRekeyedSeat) {
    seat({"a", "b"});
    h_.documents()[{"owedrahn_stats", "u1"}] = json{{"wins", 3}};
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", "u1"}}));
    ASSERT_FALSE(h_.reconnect("a", "a2"));
    h_.deliver_loads();
    EXPECT_EQ(seat_of("a2").uid, "u1");
    EXPECT_EQ(seat_of("a2").stats["wins"], 3);
    EXPECT_EQ(seat_of("a2").stats["rolledDice"], json::array()) << "stats shown with all fields";
    EXPECT_TRUE(seat_of("a2").connected);
    EXPECT_EQ(seat_of("b").uid, "");
}

TEST_F(owedrahn_test, StatsAnswerForALeftPlayerIsIgnored) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", "u1"}}));
    h_.leave("a");
    h_.take();
    h_.deliver_loads();
    EXPECT_TRUE(h_.outbox().empty());
    EXPECT_EQ(game_.players().size(), 1u);
}

// ---- ready and start ----

TEST_F(owedrahn_test, EveryoneReadyStartsTheGame) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "ready", true));
    EXPECT_FALSE(game_.is_started());
    EXPECT_TRUE(seat_of("a").ready);
    EXPECT_EQ(types_to(h_.take(), "a"), (std::vector<std::string>{"game_state"}));

    ASSERT_FALSE(h_.act("b", "ready", true));
    const auto out = h_.take();
    // gameStarted carries no data at all, then the state.
    EXPECT_EQ(out[0], bare_to("a", "gameStarted"));
    EXPECT_EQ(out[1], bare_to("b", "gameStarted"));
    EXPECT_EQ(types_to(out, "a"), (std::vector<std::string>{"gameStarted", "game_state"}));
    EXPECT_TRUE(game_.is_started());
    const auto state = view();
    EXPECT_TRUE(state["started"].get<bool>());
    EXPECT_TRUE(state["currentTurn"] == "a" || state["currentTurn"] == "b");
    EXPECT_FALSE(state["players"][0]["ready"].get<bool>()) << "ready is reset for the UI";
    EXPECT_FALSE(state["players"][1]["ready"].get<bool>());
}

TEST_F(owedrahn_test, ALonePlayerCanStartAndWinsOnTheFirstRoll) {
    seat({"a"});
    ASSERT_FALSE(h_.act("a", "ready", true));
    EXPECT_TRUE(game_.is_started());
    EXPECT_EQ(game_.current_turn(), "a");
    h_.take();
    roll(6);
    EXPECT_TRUE(game_.is_over());
    EXPECT_EQ(seat_of("a").balance, 0.0);
    EXPECT_EQ(types_to(h_.take(), "a"),
              (std::vector<std::string>{"rolledDice", "gameOver", "game_state"}));
}

TEST_F(owedrahn_test, ReadyFalseUnreadies) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "ready", true));
    ASSERT_FALSE(h_.act("a", "ready", false));
    EXPECT_FALSE(seat_of("a").ready);
    ASSERT_FALSE(h_.act("a", "ready", nullptr)) << "null decodes to false, like Go";
    ASSERT_FALSE(h_.act("b", "ready", true));
    EXPECT_FALSE(game_.is_started());
}

TEST_F(owedrahn_test, ReadyFormatErrors) {
    seat({"a"});
    remember();
    for (const json& data :
         {sdk::absent_data(), json("true"), json(1), json::object(), json::array({true})}) {
        expect_refused(h_.act("a", "ready", data), error_code::invalid_payload,
                       "invalid ready format");
    }
}

// Fix (SEED-SPEC §9.9): a spectator's `ready` crashed the Go server through a nil player.
TEST_F(owedrahn_test, FixReadyFromASpectatorIsAnErrorNotACrash) {
    seat({"a", "b"});
    start();
    ASSERT_TRUE(h_.join("spectator", "Spec"));
    h_.take();
    remember();
    expect_refused(h_.act("spectator", "ready", true), error_code::not_a_player,
                   "client is not a player");
    expect_refused(h_.act("stranger", "ready", true), error_code::not_a_player,
                   "client is not a player");
    // Turn messages from a spectator are refused too.
    for (const char* type : {"roll", "loseLife", "chooseNextPlayer"}) {
        expect_refused(h_.act("spectator", type), error_code::not_your_turn, "not your turn");
    }
}

TEST_F(owedrahn_test, SpectatorsAlsoGetTheDatalessGameStarted) {
    seat({"a", "b"});
    start();
    ASSERT_TRUE(h_.join("spec", "Spec"));
    force_turn("a");
    set_counter(15);
    roll(6);
    h_.advance(reset_delay);
    h_.take();
    ASSERT_FALSE(h_.act("a", "ready", true));
    ASSERT_FALSE(h_.act("b", "ready", true));
    const auto out = h_.take();
    EXPECT_EQ(types_to(out, "spec"),
              (std::vector<std::string>{"game_state", "gameStarted", "game_state"}));
    for (const auto& o : out) {
        if (o.type == "gameStarted") {
            EXPECT_EQ(o, bare_to(o.to, "gameStarted"));
        }
    }
    EXPECT_EQ(game_.players().size(), 2u) << "a spectator does not get a seat in the next round";
}

// Fix (SEED-SPEC §9.17): in Go, `ready` during a game started it again (new random turn,
// gameStarted, ready flags reset).
TEST_F(owedrahn_test, FixReadyDuringAGameIsRefused) {
    seat({"a", "b"});
    start();
    remember();
    expect_refused(h_.act("a", "ready", true), error_code::game_started, "game has started");
    expect_refused(h_.act("b", "ready", false), error_code::game_started, "game has started");
}

TEST_F(owedrahn_test, StarterIsRandomAcrossSeeds) {
    std::set<std::string> starters;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        testkit::harness h(seed);
        game g;
        h.attach(g);
        for (const char* id : {"a", "b", "c"}) ASSERT_FALSE(h.join(id));
        for (const char* id : {"a", "b", "c"}) ASSERT_FALSE(h.act(id, "ready", true));
        starters.insert(g.current_turn());
    }
    EXPECT_EQ(starters, (std::set<std::string>{"a", "b", "c"}));
}

// ---- main bet (Go: TestMainBet*) ----

TEST_F(owedrahn_test, MainBetSetting) {
    seat({"a", "b"});
    EXPECT_EQ(game_.main_bet(), 1.0);
    ASSERT_FALSE(h_.act("a", "set_main_bet", json{{"amount", 5}}));
    EXPECT_EQ(game_.main_bet(), 5.0);
    EXPECT_EQ(types_to(h_.take(), "b"), (std::vector<std::string>{"game_state"}));
    ASSERT_FALSE(h_.act("b", "set_main_bet", json{{"Amount", 10.5}}));
    EXPECT_EQ(view()["mainBet"], 10.5);
}

TEST_F(owedrahn_test, MainBetValidation) {
    seat({"a"});
    remember();
    for (const json& amount : {json(0), json(-5), json(-0.5)}) {
        expect_refused(h_.act("a", "set_main_bet", json{{"amount", amount}}),
                       error_code::invalid_payload, "main bet must be greater than 0");
    }
    expect_refused(h_.act("a", "set_main_bet", nullptr), error_code::invalid_payload,
                   "main bet must be greater than 0");
    for (const json& data :
         {sdk::absent_data(), json(5), json{{"amount", "5"}}, json{{"amount", true}}}) {
        expect_refused(h_.act("a", "set_main_bet", data), error_code::invalid_payload,
                       "invalid main bet format");
    }
    EXPECT_EQ(game_.main_bet(), 1.0);
}

TEST_F(owedrahn_test, MainBetCannotChangeAfterGameStarts) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "set_main_bet", json{{"amount", 5}}));
    start();
    remember();
    expect_refused(h_.act("a", "set_main_bet", json{{"amount", 10}}), error_code::game_started,
                   "cannot change main bet after game has started");
    EXPECT_EQ(game_.main_bet(), 5.0);
}

TEST_F(owedrahn_test, AnyMemberMaySetTheMainBet) {
    seat({"a"});
    ASSERT_FALSE(h_.act("stranger", "set_main_bet", json{{"amount", 2}}));
    EXPECT_EQ(game_.main_bet(), 2.0);
}

// TestMainBetAffectsBalance, played: two losers pay the main bet to the survivor.
TEST_F(owedrahn_test, MainBetAffectsBalanceAndStaysZeroSum) {
    seat({"a", "b", "c"});
    ASSERT_FALSE(h_.act("a", "set_main_bet", json{{"amount", 5}}));
    start();
    force_turn("a");
    set_counter(15);
    roll(6);  // a busts
    EXPECT_EQ(seat_of("a").life, 0);
    EXPECT_EQ(seat_of("a").balance, -5.0);
    EXPECT_EQ(game_.current_turn(), "b");
    EXPECT_FALSE(game_.is_over());
    set_counter(15);
    roll(2);  // b busts
    EXPECT_TRUE(game_.is_over());
    EXPECT_EQ(seat_of("b").balance, -5.0);
    EXPECT_EQ(seat_of("c").balance, 10.0);
    EXPECT_TRUE(game_.balances_zero_sum());
}

TEST_F(owedrahn_test, MainBetResetsAfterGame) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "set_main_bet", json{{"amount", 7}}));
    start();
    set_counter(15);
    roll(5);
    ASSERT_TRUE(game_.is_over());
    h_.advance(reset_delay);
    EXPECT_EQ(game_.main_bet(), 1.0);
}

// ---- turns ----

TEST_F(owedrahn_test, TurnMessagesNeedTheTurn) {
    seat({"a", "b"});
    remember();
    expect_refused(h_.act("a", "roll"), error_code::not_your_turn, "not your turn");
    before_.reset();
    start();
    force_turn("a");
    remember();
    for (const char* type : {"roll", "loseLife", "chooseNextPlayer", "whatever"}) {
        expect_refused(h_.act("b", type), error_code::not_your_turn, "not your turn");
        expect_refused(h_.act("stranger", type), error_code::not_your_turn, "not your turn");
    }
    // Unknown types from the current player: lowercase "unknown", unlike the router's.
    expect_refused(h_.act("a", "jump"), error_code::unknown_type, "unknown message type: jump");
    expect_refused(h_.act("a", "game_action", json{{"type", "roll"}}), error_code::unknown_type,
                   "unknown message type: game_action");
}

// Go's TestOweDrahnIntegration: start, roll, lose a life at 15, choose the next player.
TEST_F(owedrahn_test, GoIntegrationScenario) {
    seat({"p1", "p2"});
    ASSERT_FALSE(h_.act("p1", "ready", true));
    ASSERT_FALSE(h_.act("p2", "ready", true));
    ASSERT_TRUE(game_.is_started());
    force_turn("p1");
    h_.take();

    roll(4);
    auto out = h_.take();
    ASSERT_EQ(types_to(out, "p1"), (std::vector<std::string>{"rolledDice", "game_state"}));
    EXPECT_EQ(out[0], event_to("p1", "rolledDice",
                               json::parse(R"({"dice":4,"player":{"life":6,"uid":"",)"
                                           R"("username":"Name-p1","rank":0},"total":4})")));
    EXPECT_EQ(game_.current_turn(), "p2");

    force_turn("p1");
    set_counter(15);
    ASSERT_FALSE(h_.act("p1", "loseLife"));
    EXPECT_EQ(seat_of("p1").life, 5);
    EXPECT_EQ(game_.current_value(), 0);
    EXPECT_TRUE(seat_of("p1").choosing);
    EXPECT_EQ(game_.current_turn(), "p1") << "the chooser keeps the turn";
    out = h_.take();
    ASSERT_EQ(types_to(out, "p2"), (std::vector<std::string>{"lostLife", "game_state"}));
    EXPECT_EQ(out[0], event_to("p1", "lostLife",
                               json::parse(R"({"player":{"life":5,"uid":"",)"
                                           R"("username":"Name-p1","rank":0}})")));

    ASSERT_FALSE(h_.act("p1", "chooseNextPlayer", json{{"nextPlayerId", "p2"}}));
    EXPECT_EQ(game_.current_turn(), "p2");
    EXPECT_FALSE(seat_of("p1").choosing);
}

TEST_F(owedrahn_test, AThreeCountsAsZeroAndRollsAreRecorded) {
    seat({"a", "b", "c"});
    start();
    force_turn("a");
    set_counter(7);
    roll(3);
    EXPECT_EQ(game_.current_value(), 7);
    EXPECT_EQ(game_.current_turn(), "b");
    roll(5);
    EXPECT_EQ(game_.current_value(), 12);
    EXPECT_EQ(game_.current_turn(), "c");
    roll(1);
    EXPECT_EQ(game_.current_turn(), "a") << "wraps around";
    ASSERT_EQ(game_.rolls().size(), 3u);
    EXPECT_EQ(game_.rolls()[0].dice, 3);
    EXPECT_EQ(game_.rolls()[0].total, 7);
    EXPECT_EQ(game_.rolls()[1].roller.username, "Name-b");
    EXPECT_EQ(game_.rolls()[2].total, 13);
}

TEST_F(owedrahn_test, RollingAboveFifteenEliminatesAndSkipsTheDead) {
    seat({"a", "b", "c"});
    start();
    force_turn("a");
    set_counter(15);
    roll(2);
    auto out = h_.take();
    // The event's player is taken after the death, the total before the reset.
    EXPECT_EQ(out[0], event_to("a", "rolledDice",
                               json::parse(R"({"dice":2,"player":{"life":0,"uid":"",)"
                                           R"("username":"Name-a","rank":0},"total":17})")));
    EXPECT_EQ(seat_of("a").life, 0);
    EXPECT_EQ(game_.current_value(), 0);
    EXPECT_EQ(game_.rolls().back().roller.life, 6) << "the record keeps the life before";
    EXPECT_EQ(game_.rolls().back().total, 17);
    EXPECT_EQ(game_.current_turn(), "b");
    roll(1);
    EXPECT_EQ(game_.current_turn(), "c");
    roll(1);
    EXPECT_EQ(game_.current_turn(), "b") << "the dead seat is skipped";
}

TEST_F(owedrahn_test, SixLivesDoNotSaveABust) {
    seat({"a", "b"});
    start();
    force_turn("a");
    set_counter(13);
    roll(6);
    EXPECT_EQ(seat_of("a").life, 0);
    EXPECT_TRUE(game_.is_over());
}

// Fix (SEED-SPEC §9.17): the Go server let a player lose their last life (life 0 without paying
// the main bet, breaking the zero-sum) and lose lives at any counter.
TEST_F(owedrahn_test, FixLoseLifeNeedsMoreThanOneLifeAndACounterOfTen) {
    seat({"a", "b"});
    start();
    force_turn("a");
    set_life("a", 1);
    set_counter(14);
    h_.take();
    remember();
    expect_refused(h_.act("a", "loseLife"), error_code::invalid_move,
                   "can not lose life with only one life left");
    before_.reset();
    set_life("a", 2);
    set_counter(9);
    remember();
    expect_refused(h_.act("a", "loseLife"), error_code::invalid_move,
                   "can not lose life before the counter reaches 10");
    before_.reset();
    set_counter(10);
    ASSERT_FALSE(h_.act("a", "loseLife"));
    EXPECT_EQ(seat_of("a").life, 1);
    // Down to one life: a second loseLife is refused.
    expect_error(h_.act("a", "loseLife"), error_code::invalid_move,
                 "can not lose life with only one life left");
}

TEST_F(owedrahn_test, ChooseNextPlayerRules) {
    seat({"a", "b", "c"});
    start();
    force_turn("a");
    h_.take();
    remember();
    for (const json& data : {sdk::absent_data(), json(3), json{{"nextPlayerId", 7}}}) {
        expect_refused(h_.act("a", "chooseNextPlayer", data), error_code::invalid_payload,
                       "next player is invalid");
    }
    for (const json& data : {json(nullptr), json{{"nextPlayerId", "nobody"}}}) {
        expect_refused(h_.act("a", "chooseNextPlayer", data), error_code::player_not_found,
                       "next player is invalid");
    }
    // Not choosing: nothing changes, but the state is broadcast.
    ASSERT_FALSE(h_.act("a", "chooseNextPlayer", json{{"nextPlayerId", "b"}}));
    EXPECT_EQ(game_.current_turn(), "a");
    EXPECT_EQ(types_to(h_.take(), "a"), (std::vector<std::string>{"game_state"}));

    set_counter(12);
    ASSERT_FALSE(h_.act("a", "loseLife"));
    set_life("c", 0);
    ASSERT_FALSE(h_.act("a", "chooseNextPlayer", json{{"nextPlayerId", "c"}}));
    EXPECT_EQ(game_.current_turn(), "a") << "a dead target is ignored";
    EXPECT_TRUE(seat_of("a").choosing);
    ASSERT_FALSE(h_.act("a", "chooseNextPlayer", json{{"NEXTPLAYERID", "a"}}));
    EXPECT_EQ(game_.current_turn(), "a") << "choosing oneself is allowed";
    EXPECT_FALSE(seat_of("a").choosing);
}

TEST_F(owedrahn_test, RollingWhileChoosingClearsItAndRotates) {
    seat({"a", "b"});
    start();
    force_turn("a");
    set_counter(11);
    ASSERT_FALSE(h_.act("a", "loseLife"));
    roll(4);
    EXPECT_FALSE(seat_of("a").choosing);
    EXPECT_EQ(game_.current_value(), 4);
    EXPECT_EQ(game_.current_turn(), "b");
}

// ---- game over, persistence and reset ----

TEST_F(owedrahn_test, GameOverEventsRecordAndStats) {
    seat({"a", "b", "c"});
    h_.documents()[{"owedrahn_stats", "ua"}] = json{{"rolledDice", {1, 1}}, {"totalGames", 4}};
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", "ua"}}));
    ASSERT_FALSE(h_.act("b", "handshake", json{{"uid", "ub"}}));
    h_.deliver_loads();
    h_.advance(sdk::millis{1000});
    start();
    h_.advance(sdk::millis{2500});
    force_turn("a");
    set_counter(9);
    roll(6);  // a: 15, a perfect roll
    set_counter(15);
    roll(1);  // b busts at 16
    EXPECT_EQ(game_.current_turn(), "c");
    set_counter(10);
    roll(6);  // c: 16 -> busts; a wins
    const auto out = h_.take();
    EXPECT_EQ(types_to(out, "a"),
              (std::vector<std::string>{"rolledDice", "game_state", "rolledDice", "game_state",
                                        "rolledDice", "gameOver", "game_state"}));
    bool saw_game_over = false;
    for (const auto& o : out) {
        if (o.type == "gameOver") {
            EXPECT_EQ(o.data, R"({"winner":"Name-a"})");
            saw_game_over = true;
        }
    }
    EXPECT_TRUE(saw_game_over);
    EXPECT_TRUE(game_.is_over());
    EXPECT_TRUE(game_.is_started()) << "started stays true until the reset";
    EXPECT_EQ(seat_of("a").balance, 2.0);

    ASSERT_EQ(h_.records().size(), 1u);
    EXPECT_EQ(h_.records()[0].kind, "owedrahn_game");
    EXPECT_EQ(
        json::parse(h_.records()[0].data),
        json::parse(
            R"({"players":[{"life":6,"uid":"ua","username":"Name-a","rank":0},)"
            R"({"life":0,"uid":"ub","username":"Name-b","rank":0},)"
            R"({"life":0,"uid":"","username":"Name-c","rank":0}],)"
            R"("rolls":[{"Player":{"life":6,"uid":"ua","username":"Name-a","rank":0},"Dice":6,"Total":15},)"
            R"({"Player":{"life":6,"uid":"ub","username":"Name-b","rank":0},"Dice":1,"Total":16},)"
            R"({"Player":{"life":6,"uid":"","username":"Name-c","rank":0},"Dice":6,"Total":16}],)"
            R"("startedAt":1000,"finishedAt":3500})"));

    const json& ua = h_.documents()[{"owedrahn_stats", "ua"}];
    EXPECT_EQ(ua, json::parse(R"({"rolledDice":[1,1,0,0,0,1],"wins":1,"totalGames":5,)"
                              R"("perfectRoll":1,"luckiestRoll":0,"worstRoll":0,"rolled21":0,)"
                              R"("maxLifeLoss":0})"));
    const json& ub = h_.documents()[{"owedrahn_stats", "ub"}];
    EXPECT_EQ(ub, json::parse(R"({"rolledDice":[1,0,0,0,0,0],"wins":0,"totalGames":1,)"
                              R"("perfectRoll":0,"luckiestRoll":0,"worstRoll":0,"rolled21":0,)"
                              R"("maxLifeLoss":1})"));
    EXPECT_EQ(h_.documents().size(), 2u) << "anonymous players have no stats";
}

TEST_F(owedrahn_test, OneStatsMergePerUid) {
    seat({"a", "b"});
    for (const char* id : {"a", "b"}) ASSERT_FALSE(h_.act(id, "handshake", json{{"uid", "same"}}));
    h_.deliver_loads();
    start();
    set_counter(15);
    roll(4);
    ASSERT_TRUE(game_.is_over());
    EXPECT_EQ(stats_doc("same")["totalGames"], 1);
}

TEST_F(owedrahn_test, ResetAfterFiveSecondsKeepsBalancesAndBets) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", ""}}));
    ASSERT_FALSE(h_.act("a", "sidebet_propose", json{{"opponentId", "b"}, {"amount", 2}}));
    ASSERT_FALSE(h_.act("a", "set_main_bet", json{{"amount", 3}}));
    start();
    force_turn("a");
    set_counter(12);
    ASSERT_FALSE(h_.act("a", "loseLife"));
    ASSERT_FALSE(h_.act("a", "chooseNextPlayer", json{{"nextPlayerId", "b"}}));
    set_counter(15);
    roll(6);  // b busts
    ASSERT_TRUE(game_.is_over());
    h_.take();
    EXPECT_EQ(h_.pending_timers(), 1u);

    h_.advance(reset_delay - sdk::millis{1});
    EXPECT_TRUE(game_.is_over());
    EXPECT_TRUE(h_.outbox().empty());
    h_.advance(sdk::millis{1});
    EXPECT_FALSE(game_.is_over());
    EXPECT_FALSE(game_.is_started());
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].type, "gameInit");
    EXPECT_EQ(json::parse(out[0].data), view()) << "gameInit carries the full state DTO";
    const auto state = view();
    EXPECT_EQ(state["currentTurn"], "");
    EXPECT_EQ(state["currentValue"], 0);
    EXPECT_EQ(state["mainBet"], 1.0);
    for (const auto& p : state["players"]) {
        EXPECT_EQ(p["life"], 6);
        EXPECT_FALSE(p["ready"].get<bool>());
        EXPECT_FALSE(p["choosing"].get<bool>());
    }
    EXPECT_TRUE(seat_of("a").connected) << "connected is not reset";
    EXPECT_EQ(seat_of("a").balance, 3.0);
    EXPECT_EQ(seat_of("b").balance, -3.0);
    EXPECT_EQ(game_.side_bets().size(), 1u);
    EXPECT_TRUE(game_.rolls().empty());
    // A new round can start.
    start();
    EXPECT_TRUE(game_.is_started());
}

// Fix: in Go the last roller kept the turn during the 5 s before the reset and could roll again,
// paying the main bet twice, ending the game twice and recording it twice.
TEST_F(owedrahn_test, FixTurnMessagesAfterGameOverAreRefused) {
    seat({"a", "b"});
    start();
    force_turn("a");
    set_counter(15);
    roll(6);
    ASSERT_TRUE(game_.is_over());
    ASSERT_EQ(game_.current_turn(), "a");
    h_.take();
    remember();
    for (const char* type : {"roll", "loseLife", "chooseNextPlayer"}) {
        expect_refused(h_.act("a", type, json{{"nextPlayerId", "b"}}), error_code::game_over,
                       "game is over");
    }
    EXPECT_EQ(h_.records().size(), 1u);
    EXPECT_EQ(h_.pending_timers(), 1u);
}

// Fix (SEED-SPEC §9.9): with nobody alive, Go's next-player selection indexed an empty list.
TEST_F(owedrahn_test, FixNobodyAliveEndsWithoutAWinnerInsteadOfCrashing) {
    seat({"a", "b"});
    start();
    force_turn("a");
    set_life("b", 0);  // unreachable in play; a restored state gets there
    set_counter(15);
    roll(6);
    EXPECT_TRUE(game_.is_over());
    const auto out = h_.take();
    bool saw = false;
    for (const auto& o : out) {
        if (o.type == "gameOver" && o.to == "a") {
            EXPECT_EQ(o.data, R"({"winner":""})");
            saw = true;
        }
    }
    EXPECT_TRUE(saw);
    h_.advance(reset_delay);
    EXPECT_FALSE(game_.is_over());
}

// ---- leave, disconnect, reconnect ----

TEST_F(owedrahn_test, LeaveBeforeTheStartRemovesTheSeat) {
    seat({"a", "b", "c"});
    h_.leave("b");
    const auto out = h_.take();
    EXPECT_EQ(out[0], event_to("a", "playerLeft", json{{"username", "Name-b"}}));
    EXPECT_EQ(types_to(out, "a"), (std::vector<std::string>{"playerLeft", "game_state"}));
    EXPECT_EQ(types_to(out, "b"), (std::vector<std::string>{"playerLeft", "game_state"}))
        << "the leaver is still a member during the hook";
    std::vector<std::string> order;
    for (const auto& p : game_.players()) order.push_back(p.id);
    EXPECT_EQ(order, (std::vector<std::string>{"a", "c"}));
}

TEST_F(owedrahn_test, LeaveAfterTheStartKeepsTheSeatDisconnected) {
    seat({"a", "b"});
    for (const char* id : {"a", "b"}) ASSERT_FALSE(h_.act(id, "handshake", json{{"uid", ""}}));
    start();
    h_.leave("b");
    const auto out = h_.take();
    EXPECT_EQ(types_to(out, "a"), (std::vector<std::string>{"playerLeft", "game_state"}));
    EXPECT_EQ(game_.players().size(), 2u);
    EXPECT_FALSE(seat_of("b").connected);
    EXPECT_EQ(seat_of("b").life, 6);
}

TEST_F(owedrahn_test, LeaveOfANonPlayerDoesNothing) {
    seat({"a", "b"});
    start();
    ASSERT_TRUE(h_.join("spec", "Spec"));
    h_.take();
    const auto before = game_.snapshot();
    h_.leave("spec");
    h_.leave("stranger");
    EXPECT_TRUE(h_.outbox().empty());
    auto after = game_.snapshot();
    EXPECT_EQ(after["players"], before["players"]);
    EXPECT_EQ(after["spectators"], json::array());
}

// Fix (SEED-SPEC §9.8): Go was never told about dropped sockets and showed them connected.
TEST_F(owedrahn_test, FixDisconnectMarksThePlayerDisconnected) {
    seat({"a", "b"});
    for (const char* id : {"a", "b"}) ASSERT_FALSE(h_.act(id, "handshake", json{{"uid", ""}}));
    h_.take();
    h_.disconnect("b");
    EXPECT_FALSE(seat_of("b").connected);
    EXPECT_EQ(game_.players().size(), 2u) << "the seat waits for a reconnect";
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to, "a");
    EXPECT_EQ(out[0].type, "game_state");
    EXPECT_FALSE(json::parse(out[0].data)["players"][1]["connected"].get<bool>());
    h_.disconnect("stranger");
    EXPECT_TRUE(h_.outbox().empty());
}

TEST_F(owedrahn_test, ReconnectRekeysSeatTurnAndBetsButNotConnected) {
    seat({"a", "b", "c"});
    ASSERT_FALSE(h_.act("a", "sidebet_propose", json{{"opponentId", "b"}, {"amount", 1}}));
    ASSERT_FALSE(h_.act("b", "sidebet_propose", json{{"opponentId", "a"}, {"amount", 2}}));
    start();
    force_turn("a");
    h_.disconnect("a");
    h_.take();

    ASSERT_FALSE(h_.reconnect("a", "a2"));
    EXPECT_EQ(types_to(h_.take(), "a2"), (std::vector<std::string>{"game_state"}));
    EXPECT_EQ(game_.players()[0].id, "a2") << "same place in the turn order";
    EXPECT_EQ(game_.current_turn(), "a2");
    EXPECT_EQ(game_.side_bets()[0].challenger_id, "a2");
    EXPECT_EQ(game_.side_bets()[1].opponent_id, "a2");
    EXPECT_FALSE(seat_of("a2").connected) << "the next handshake connects";
    ASSERT_FALSE(h_.act("a2", "handshake", json{{"uid", ""}}));
    EXPECT_TRUE(seat_of("a2").connected);
    roll(1);
    EXPECT_EQ(game_.current_turn(), "b");
}

TEST_F(owedrahn_test, ReconnectOfAnUnknownIdFails) {
    seat({"a", "b"});
    remember();
    expect_refused(h_.reconnect("ghost", "new"), error_code::player_not_found,
                   "no player found with provided ID");
    expect_refused(h_.reconnect("a", "b"), error_code::already_in_room,
                   "client is already in a room");
}

// ---- snapshots ----

TEST_F(owedrahn_test, SnapshotRoundTripsEverything) {
    seat({"a", "b"});
    ASSERT_FALSE(h_.act("a", "handshake", json{{"uid", "u1"}}));  // pending load
    ASSERT_FALSE(h_.act("a", "sidebet_propose", json{{"opponentId", "b"}, {"amount", 1.5}}));
    start();
    roll(2);
    ASSERT_TRUE(h_.join("spec"));
    const json snap = game_.snapshot();
    EXPECT_EQ(snap["players"][0]["pendingUid"], "u1");
    EXPECT_EQ(snap["spectators"], json::array({"spec"}));

    game copy;
    ASSERT_FALSE(copy.restore(json::parse(snap.dump())));
    EXPECT_EQ(copy.snapshot(), snap);
    EXPECT_EQ(copy.view_for("x"), game_.view_for("x"));
    EXPECT_EQ(copy.is_started(), game_.is_started());

    // The pending load still lands in the restored game.
    testkit::harness h2(3);
    h2.attach(copy);
    copy.on_loaded(h2, "stats:u1", {true, json{{"wins", 1}}});
    EXPECT_EQ(copy.players()[0].uid, "u1");
}

TEST_F(owedrahn_test, RestoreRefusesInconsistentStates) {
    seat({"a", "b"});
    start();
    const json good = game_.snapshot();
    const std::string before = good.dump();
    std::vector<std::function<void(json&)>> edits = {
        [](json& s) { s["currentTurn"] = "nobody"; },
        [](json& s) { s["currentValue"] = 16; },
        [](json& s) { s["mainBet"] = 0; },
        [](json& s) {
            s["started"] = false;  // over requires started
            s["over"] = true;
        },
        [](json& s) { s["players"][1]["id"] = s["players"][0]["id"]; },
        [](json& s) { s["players"][0]["life"] = 7; },
        [](json& s) { s["players"][0]["stats"] = 3; },
        [](json& s) {
            s["sideBets"] = json::array({json{{"id", "x"}}});
        },
        [](json& s) {
            s["rolls"] = json::array({json{{"Dice", 7}}});
        },
        [](json& s) { s["spectators"] = json::array({1}); },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        json bad = good;
        edits[i](bad);
        EXPECT_TRUE(game_.restore(bad).has_value()) << i;
        EXPECT_EQ(game_.snapshot().dump(), before) << i;
    }
}

TEST(owedrahn_plugin, InfoAndPolicies) {
    const auto plugin = make_plugin();
    const auto& info = plugin->info();
    EXPECT_EQ(info.id, "owedrahn");
    EXPECT_EQ(info.display_name, "Owe Drahn");
    EXPECT_EQ(info.min_players, 1);
    EXPECT_EQ(info.max_players, 0);
    EXPECT_EQ(info.tick_rate_hz, 0);
    EXPECT_TRUE(info.supports_bots);
    EXPECT_EQ(plugin->bot_policies(), (std::vector<std::string>{"cautious", "random"}));
    EXPECT_EQ(plugin->bot()->name(), "cautious");
    EXPECT_EQ(plugin->bot("random")->name(), "random");
    EXPECT_EQ(plugin->bot("minimax"), nullptr);
    sdk::rng random(5);
    std::set<std::string> names;
    for (int i = 0; i < 50; ++i) names.insert(plugin->bot_name(random));
    EXPECT_GT(names.size(), 3u);
}

}  // namespace
}  // namespace gameserver::games::owedrahn
