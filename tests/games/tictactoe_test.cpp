// tic-tac-toe rule tests (SEED-SPEC §6.1, GAMES.md): exact messages, every error string in
// order, each line, draw, restart, leave, reconnect, results, and the bots.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "games/expect.hpp"
#include "games/harness.hpp"
#include "gameserver/core/json_codec.hpp"
#include "tictactoe/bot.hpp"
#include "tictactoe/game.hpp"
#include "tictactoe/plugin.hpp"
#include "tictactoe/rules.hpp"

namespace gameserver::games::tictactoe {
namespace {

using testkit::error_to;
using testkit::expect_error;
using testkit::message_to;
using testkit::state_to;

using sdk::error_code;
using sdk::json;
using testkit::outbound;

constexpr const char* empty_board = R"([["","",""],["","",""],["","",""]])";

class tictactoe_test : public ::testing::Test {
  protected:
    tictactoe_test() { h_.attach(game_); }

    json view() const { return game_.view_for("a"); }
    std::string turn() const { return view()["currentTurn"].get<std::string>(); }
    std::string other(const std::string& player) const { return player == "a" ? "b" : "a"; }

    // Seats a (X) and b (O) and drops the join messages.
    void seat_two() {
        ASSERT_FALSE(h_.join("a"));
        ASSERT_FALSE(h_.join("b"));
        h_.take();
    }
    // The player whose turn it is moves; fails the test on an error.
    std::string move_now(int row, int col) {
        const std::string mover = turn();
        const auto status = h_.act(mover, "make_move", json{{"row", row}, {"col", col}});
        EXPECT_FALSE(status) << testkit::describe(status);
        return mover;
    }
    // Plays the drawn position X O X / X O O / O X X, starting with whoever has the turn.
    void play_draw() {
        const std::vector<move> first = {{0, 0}, {0, 2}, {1, 0}, {2, 1}, {2, 2}};
        const std::vector<move> second = {{0, 1}, {1, 1}, {1, 2}, {2, 0}};
        for (std::size_t i = 0; i < first.size(); ++i) {
            move_now(first[i].row, first[i].col);
            if (i < second.size()) move_now(second[i].row, second[i].col);
        }
    }
    // Expects that `status` is the given error and that nothing changed or was sent.
    void expect_refused(const sdk::status& status, error_code code, const std::string& message,
                        const std::string& snapshot_before) {
        expect_error(status, code, message);
        EXPECT_EQ(game_.snapshot().dump(), snapshot_before) << message;
        EXPECT_TRUE(h_.outbox().empty()) << message;
    }

    testkit::harness h_{7, "room-1"};
    game game_;
};

TEST_F(tictactoe_test, JoinSendsStateThenJoined) {
    ASSERT_FALSE(h_.join("a", "Alice"));
    const std::string one_player =
        std::string(R"({"board":)") + empty_board +
        R"(,"players":{"a":{"symbol":"X","name":"Player X"}},"currentTurn":"","winner":"",)"
        R"("gameOver":false,"drawGame":false})";
    EXPECT_EQ(
        h_.take(),
        (std::vector<outbound>{
            state_to("a", one_player),
            message_to("a", "joined", R"({"clientId":"a","roomId":"room-1","symbol":"X"})")}));

    ASSERT_FALSE(h_.join("b", "Bob"));
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    const std::string starter = turn();
    EXPECT_TRUE(starter == "a" || starter == "b");
    const std::string two_players =
        std::string(R"({"board":)") + empty_board +
        R"(,"players":{"a":{"symbol":"X","name":"Player X"},"b":{"symbol":"O","name":"Player O"}},)"
        R"("currentTurn":")" +
        starter + R"(","winner":"","gameOver":false,"drawGame":false})";
    EXPECT_EQ(out[0], state_to("a", two_players));
    EXPECT_EQ(out[1], state_to("b", two_players));
    EXPECT_EQ(out[2],
              message_to("b", "joined", R"({"clientId":"b","roomId":"room-1","symbol":"O"})"));
    EXPECT_TRUE(game_.is_started());
}

TEST_F(tictactoe_test, ThirdJoinerIsRefusedWithoutBroadcast) {
    seat_two();
    const auto before = game_.snapshot().dump();
    expect_refused(h_.join("c"), error_code::room_full, "Game is full", before);
    // The refused joiner stays in the room as a spectator and sees later states.
    (void)move_now(1, 1);
    EXPECT_EQ(h_.sent_to("c").size(), 1u);
}

TEST_F(tictactoe_test, PlayersAreSortedByIdNotJoinOrder) {
    ASSERT_FALSE(h_.join("zed"));
    ASSERT_FALSE(h_.join("alpha"));
    const auto state = game_.view_for("zed");
    std::vector<std::string> keys;
    for (const auto& [key, value] : state["players"].items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"alpha", "zed"}));
    EXPECT_EQ(state["players"]["zed"]["symbol"], "X");
    EXPECT_EQ(state["players"]["alpha"]["symbol"], "O");
    std::vector<std::string> order;
    for (const auto& [key, value] : state.items()) order.push_back(key);
    EXPECT_EQ(order, (std::vector<std::string>{"board", "players", "currentTurn", "winner",
                                               "gameOver", "drawGame"}));
}

TEST_F(tictactoe_test, StarterIsRandomAcrossSeeds) {
    std::set<std::string> starters;
    for (std::uint64_t seed = 1; seed <= 32; ++seed) {
        testkit::harness h(seed);
        game g;
        h.attach(g);
        ASSERT_FALSE(h.join("a"));
        ASSERT_FALSE(h.join("b"));
        starters.insert(g.view_for("a")["currentTurn"].get<std::string>());
    }
    EXPECT_EQ(starters, (std::set<std::string>{"a", "b"}));
}

TEST_F(tictactoe_test, MoveBroadcastsStateAndPassesTheTurn) {
    seat_two();
    const std::string mover = move_now(1, 2);
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].to, "a");
    EXPECT_EQ(out[1].to, "b");
    EXPECT_EQ(out[0].data, out[1].data);
    const auto state = json::parse(out[0].data);
    EXPECT_EQ(state["board"][1][2], mover == "a" ? "X" : "O");
    EXPECT_EQ(state["currentTurn"], other(mover));
}

TEST_F(tictactoe_test, MissingRowAndColMeanZero) {
    seat_two();
    const std::string mover = turn();
    ASSERT_FALSE(h_.act(mover, "make_move", json{{"action", "x"}, {"position", 0}}));
    EXPECT_EQ(view()["board"][0][0], mover == "a" ? "X" : "O");
}

TEST_F(tictactoe_test, FieldsMatchCaseInsensitivelyAndLastWins) {
    seat_two();
    std::string mover = turn();
    ASSERT_FALSE(h_.act(mover, "make_move", json{{"Row", 1}, {"COL", 2}}));
    EXPECT_NE(view()["board"][1][2], "");
    mover = turn();
    ASSERT_FALSE(h_.act(mover, "make_move", json{{"row", 2}, {"ROW", 0}, {"col", nullptr}}));
    EXPECT_NE(view()["board"][0][0], "") << "last matching key wins; null leaves 0";
}

TEST_F(tictactoe_test, InvalidMoveFormat) {
    seat_two();
    const auto before = game_.snapshot().dump();
    const std::string mover = turn();
    for (const json& data :
         {sdk::absent_data(), json{{"row", "a"}}, json{{"row", 1.5}}, json{{"row", 1.0}},
          json{{"col", true}}, json{{"row", json::array()}}, json{{"row", json::object()}},
          json{{"Col", "1"}}, json::array({1, 2}), json("make"), json(3),
          json{{"row", json::parse("18446744073709551615")}}, json{{"row", 1e2}}}) {
        expect_refused(h_.act(mover, "make_move", data), error_code::invalid_payload,
                       "Invalid move format", before);
    }
}

// Go decodes `"data":null` into a zero struct: a move at (0,0), unlike an absent `data`.
TEST_F(tictactoe_test, NullDataIsAMoveAtTheOrigin) {
    seat_two();
    const std::string mover = turn();
    ASSERT_FALSE(h_.act(mover, "make_move", json(nullptr)));
    EXPECT_NE(view()["board"][0][0], "");
}

TEST_F(tictactoe_test, ErrorsComeInTheGoServersOrder) {
    seat_two();
    const std::string mover = turn();
    const std::string waiter = other(mover);
    auto before = game_.snapshot().dump();

    // Not your turn is checked before the coordinates; a stranger is never on turn.
    expect_refused(h_.act(waiter, "make_move", json{{"row", 5}, {"col", 0}}),
                   error_code::not_your_turn, "Not your turn", before);
    expect_refused(h_.act("stranger", "make_move", json{{"row", 0}, {"col", 0}}),
                   error_code::not_your_turn, "Not your turn", before);
    for (const json& data :
         {json{{"row", 3}}, json{{"row", -1}}, json{{"col", 3}}, json{{"row", 1}, {"col", -7}},
          json{{"row", json::parse("9223372036854775807")}}}) {
        expect_refused(h_.act(mover, "make_move", data), error_code::invalid_move,
                       "Invalid move coordinates", before);
    }
    move_now(0, 0);
    h_.take();
    before = game_.snapshot().dump();
    expect_refused(h_.act(waiter, "make_move", json{{"row", 0}, {"col", 0}}),
                   error_code::invalid_move, "Cell already occupied", before);
}

TEST_F(tictactoe_test, GameIsOverBeforeTurnAndCoordinates) {
    seat_two();
    play_draw();
    h_.take();
    const auto before = game_.snapshot().dump();
    expect_refused(h_.act("a", "make_move", json{{"row", "a"}}), error_code::invalid_payload,
                   "Invalid move format", before);
    for (const std::string player : {"a", "b", "stranger"}) {
        expect_refused(h_.act(player, "make_move", json{{"row", 9}, {"col", 9}}),
                       error_code::game_over, "Game is over", before);
    }
}

TEST_F(tictactoe_test, NotYourTurnBeforeTheSecondPlayer) {
    ASSERT_FALSE(h_.join("a"));
    h_.take();
    const auto before = game_.snapshot().dump();
    expect_refused(h_.act("a", "make_move", json{{"row", 0}, {"col", 0}}),
                   error_code::not_your_turn, "Not your turn", before);
    EXPECT_FALSE(game_.is_started());
}

TEST_F(tictactoe_test, WinOnEachOfTheEightLines) {
    const std::vector<std::vector<move>> lines = {
        {{0, 0}, {0, 1}, {0, 2}}, {{1, 0}, {1, 1}, {1, 2}}, {{2, 0}, {2, 1}, {2, 2}},
        {{0, 0}, {1, 0}, {2, 0}}, {{0, 1}, {1, 1}, {2, 1}}, {{0, 2}, {1, 2}, {2, 2}},
        {{0, 0}, {1, 1}, {2, 2}}, {{0, 2}, {1, 1}, {2, 0}}};
    for (std::size_t l = 0; l < lines.size(); ++l) {
        testkit::harness h(100 + l);
        game g;
        h.attach(g);
        ASSERT_FALSE(h.join("a"));
        ASSERT_FALSE(h.join("b"));
        const std::string winner = g.view_for("a")["currentTurn"].get<std::string>();
        const std::string loser = winner == "a" ? "b" : "a";
        std::vector<move> filler;
        for (int row = 0; row < 3 && filler.size() < 2; ++row) {
            for (int col = 0; col < 3 && filler.size() < 2; ++col) {
                const move m{row, col};
                if (std::find(lines[l].begin(), lines[l].end(), m) == lines[l].end()) {
                    filler.push_back(m);
                }
            }
        }
        for (std::size_t i = 0; i < 3; ++i) {
            ASSERT_FALSE(h.act(winner, "make_move",
                               json{{"row", lines[l][i].row}, {"col", lines[l][i].col}}));
            if (i < 2) {
                ASSERT_FALSE(h.act(loser, "make_move",
                                   json{{"row", filler[i].row}, {"col", filler[i].col}}));
            }
        }
        const auto state = g.view_for("a");
        EXPECT_EQ(state["winner"], winner) << "line " << l;
        EXPECT_EQ(state["gameOver"], true) << "line " << l;
        EXPECT_EQ(state["drawGame"], false) << "line " << l;
        EXPECT_EQ(state["currentTurn"], winner) << "the turn does not pass after a win";
        EXPECT_TRUE(g.is_over());
        EXPECT_FALSE(g.is_started());
        ASSERT_EQ(h.records().size(), 1u);
        EXPECT_EQ(json::parse(h.records()[0].data)["winner"], winner);
    }
}

TEST_F(tictactoe_test, FullBoardIsADraw) {
    seat_two();
    const bool x_first = turn() == "a";
    play_draw();
    const auto state = view();
    EXPECT_EQ(state["winner"], "");
    EXPECT_EQ(state["gameOver"], true);
    EXPECT_EQ(state["drawGame"], true);
    EXPECT_EQ(state["board"],
              json::parse(x_first ? R"([["X","O","X"],["X","O","O"],["O","X","X"]])"
                                  : R"([["O","X","O"],["O","X","X"],["X","O","O"]])"));
    EXPECT_TRUE(game_.is_over());
}

// The state goes out as text the game writes itself; it must be the bytes the room's encoder
// makes of the game's JSON tree (escapes and invalid UTF-8 in ids included), at every step.
TEST(TictactoeEncoding, EncodedStateIsTheRoomsEncodingOfTheTree) {
    testkit::harness h{3, "room-1"};
    game g;
    h.attach(g);
    const std::string odd_id = "<a&b>\"\u2028\xff";
    ASSERT_FALSE(h.join(odd_id));
    ASSERT_FALSE(h.join("b"));
    const auto expect_same = [&](const std::string& step) {
        ASSERT_FALSE(h.encoded().empty()) << step;
        EXPECT_EQ(h.encoded().back(), core::to_json(g.view_for("b"))) << step;
    };
    expect_same("after the joins");
    for (const auto& [row, col] :
         std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {0, 1}, {2, 2}, {0, 2}}) {
        const std::string mover = g.view_for("b")["currentTurn"].get<std::string>();
        if (g.is_over()) break;
        EXPECT_FALSE(h.act(mover, "make_move", json{{"row", row}, {"col", col}}));
        expect_same("after a move");
    }
    EXPECT_TRUE(g.is_over());
    expect_same("at the end");
    EXPECT_GE(h.encoded().size(), 6u);
}

TEST_F(tictactoe_test, ResultIsRecordedOncePerFinishedGame) {
    seat_two();
    const std::string first = turn();
    const std::string first_symbol = first == "a" ? "X" : "O";
    const std::string second_symbol = first == "a" ? "O" : "X";
    move_now(0, 0);
    move_now(1, 0);
    move_now(0, 1);
    move_now(1, 1);
    move_now(0, 2);
    ASSERT_EQ(h_.records().size(), 1u);
    EXPECT_EQ(h_.records()[0].kind, "tictactoe_result");
    EXPECT_EQ(h_.records()[0].data, R"({"players":[{"id":"a","name":"Player X","symbol":"X"},)"
                                    R"({"id":"b","name":"Player O","symbol":"O"}],"winner":")" +
                                        first + R"(","draw":false,"moves":[[0,0,")" + first_symbol +
                                        R"("],[1,0,")" + second_symbol + R"("],[0,1,")" +
                                        first_symbol + R"("],[1,1,")" + second_symbol +
                                        R"("],[0,2,")" + first_symbol + R"("]]})");

    // Refused moves after the end record nothing; a new round records again.
    (void)h_.act("a", "make_move", json{{"row", 2}, {"col", 2}});
    EXPECT_EQ(h_.records().size(), 1u);
    ASSERT_FALSE(h_.act("a", "restart_game"));
    play_draw();
    ASSERT_EQ(h_.records().size(), 2u);
    const auto draw = json::parse(h_.records()[1].data);
    EXPECT_EQ(draw["winner"], "");
    EXPECT_EQ(draw["draw"], true);
    EXPECT_EQ(draw["moves"].size(), 9u);
}

TEST_F(tictactoe_test, RestartOnlyAfterTheEnd) {
    ASSERT_FALSE(h_.join("a"));
    h_.take();
    auto before = game_.snapshot().dump();
    expect_refused(h_.act("a", "restart_game"), error_code::game_in_progress,
                   "Cannot restart a game in progress", before);
    ASSERT_FALSE(h_.join("b"));
    h_.take();
    move_now(1, 1);
    h_.take();
    before = game_.snapshot().dump();
    expect_refused(h_.act("b", "restart_game", json{{"ignored", true}}),
                   error_code::game_in_progress, "Cannot restart a game in progress", before);
}

TEST_F(tictactoe_test, RestartClearsTheBoardAndPicksARandomSeatedStarter) {
    std::set<std::string> starters;
    for (std::uint64_t seed = 1; seed <= 32; ++seed) {
        testkit::harness h(seed);
        game g;
        h.attach(g);
        ASSERT_FALSE(h.join("a"));
        ASSERT_FALSE(h.join("b"));
        expect_error(h.join("spectator"), error_code::room_full, "Game is full");
        // Whoever starts wins the top row.
        auto mover = [&] { return g.view_for("a")["currentTurn"].get<std::string>(); };
        const std::vector<move> moves = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}};
        for (const auto& m : moves) {
            ASSERT_FALSE(h.act(mover(), "make_move", json{{"row", m.row}, {"col", m.col}}));
        }
        ASSERT_TRUE(g.is_over());
        h.take();
        // Any member may restart, even a spectator; data is ignored.
        ASSERT_FALSE(h.act("spectator", "restart_game", json("whatever")));
        const auto state = g.view_for("a");
        EXPECT_EQ(state["board"], json::parse(empty_board));
        EXPECT_EQ(state["winner"], "");
        EXPECT_EQ(state["gameOver"], false);
        EXPECT_EQ(state["drawGame"], false);
        starters.insert(state["currentTurn"].get<std::string>());
        const auto out = h.take();
        ASSERT_EQ(out.size(), 3u);  // a, b and the spectator
        for (const auto& o : out) EXPECT_EQ(o.type, "game_state");
        EXPECT_EQ(json::parse(g.snapshot().dump())["moves"], json::array());
    }
    EXPECT_EQ(starters, (std::set<std::string>{"a", "b"}));
}

TEST_F(tictactoe_test, RestartWithNobodySeatedIsAnErrorNotACrash) {
    seat_two();
    h_.leave("a");
    h_.leave("b");
    EXPECT_EQ(view()["players"], json::object());
    // A member who never got a seat asks for a restart of the empty, finished game.
    h_.add_member("watcher");
    h_.take();
    const auto before = game_.snapshot().dump();
    ASSERT_TRUE(game_.is_over());
    expect_refused(h_.act("watcher", "restart_game"), error_code::not_a_player,
                   "Cannot restart a game without players", before);
}

TEST_F(tictactoe_test, LeaveMidGameEndsItWithoutWinner) {
    seat_two();
    move_now(0, 0);
    h_.take();
    h_.leave("a");
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 2u);  // the leaver is still a member while the hook runs
    EXPECT_EQ(out[0].to, "a");
    EXPECT_EQ(out[1].to, "b");
    const auto state = json::parse(out[1].data);
    EXPECT_EQ(state["gameOver"], true);
    EXPECT_EQ(state["winner"], "");
    EXPECT_EQ(state["drawGame"], false);
    EXPECT_EQ(state["players"], json::parse(R"({"b":{"symbol":"O","name":"Player O"}})"));
    EXPECT_TRUE(h_.records().empty()) << "an abandoned game is not a result";
}

TEST_F(tictactoe_test, LeaveBeforeTheOpponentArrivesEndsTheRound) {
    ASSERT_FALSE(h_.join("a"));
    h_.take();
    h_.leave("a");
    EXPECT_EQ(view()["gameOver"], true);
    EXPECT_EQ(h_.take().size(), 1u);
}

TEST_F(tictactoe_test, NewcomerGetsTheFreeSymbol) {
    seat_two();
    h_.leave("a");  // a was X
    h_.take();
    ASSERT_FALSE(h_.join("c"));
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out.back(),
              message_to("c", "joined", R"({"clientId":"c","roomId":"room-1","symbol":"X"})"));
    const auto state = view();
    EXPECT_EQ(state["players"]["c"]["symbol"], "X");
    EXPECT_EQ(state["players"]["c"]["name"], "Player X");
    EXPECT_EQ(state["players"]["b"]["symbol"], "O");
    // As with the Go server, the round a leave ended stays over until restart_game.
    EXPECT_EQ(state["gameOver"], true);
    ASSERT_FALSE(h_.act("c", "restart_game"));
    EXPECT_EQ(view()["gameOver"], false);

    h_.leave("b");  // O is free now
    ASSERT_FALSE(h_.join("d"));
    EXPECT_EQ(view()["players"]["d"]["symbol"], "O");
}

TEST_F(tictactoe_test, DisconnectChangesNothing) {
    seat_two();
    move_now(2, 2);
    h_.take();
    const auto before = game_.snapshot().dump();
    h_.disconnect("a");
    EXPECT_TRUE(h_.outbox().empty());
    EXPECT_EQ(game_.snapshot().dump(), before);
}

TEST_F(tictactoe_test, ReconnectRekeysPlayerTurnAndWinner) {
    seat_two();
    // Make it a's turn with a move on the board.
    if (turn() != "a") move_now(2, 2);
    ASSERT_EQ(turn(), "a");
    h_.take();
    h_.disconnect("a");
    ASSERT_FALSE(h_.reconnect("a", "a2"));
    const auto out = h_.take();
    ASSERT_EQ(out.size(), 3u);
    const auto state = view();
    EXPECT_EQ(state["currentTurn"], "a2");
    EXPECT_FALSE(state["players"].contains("a"));
    EXPECT_EQ(state["players"]["a2"], json::parse(R"({"symbol":"X","name":"Player X"})"));
    EXPECT_EQ(out[0], state_to("b", state.dump()));
    EXPECT_EQ(out[1], state_to("a2", state.dump()));
    EXPECT_EQ(out[2], message_to("a2", "reconnected",
                                 R"({"clientId":"a2","roomId":"room-1","symbol":"X"})"));

    // a2 wins the left column, then reconnects again: the winner follows.
    const auto b_cells = std::vector<move>{{0, 1}, {1, 1}};
    const auto a_cells = std::vector<move>{{0, 0}, {1, 0}, {2, 0}};
    for (std::size_t i = 0; i < a_cells.size(); ++i) {
        ASSERT_FALSE(
            h_.act("a2", "make_move", json{{"row", a_cells[i].row}, {"col", a_cells[i].col}}));
        if (i < b_cells.size()) {
            ASSERT_FALSE(
                h_.act("b", "make_move", json{{"row", b_cells[i].row}, {"col", b_cells[i].col}}));
        }
    }
    ASSERT_EQ(view()["winner"], "a2");
    ASSERT_FALSE(h_.reconnect("a2", "a3"));
    EXPECT_EQ(view()["winner"], "a3");
    EXPECT_EQ(view()["currentTurn"], "a3");
    EXPECT_EQ(h_.records().size(), 1u) << "a reconnect does not record again";
}

TEST_F(tictactoe_test, ReconnectOfUnknownIdChangesNothing) {
    seat_two();
    const auto before = game_.snapshot().dump();
    expect_refused(h_.reconnect("ghost", "new"), error_code::player_not_found,
                   "no player found with provided ID", before);
    EXPECT_FALSE(h_.is_member("new"));
}

TEST_F(tictactoe_test, UnknownTypesGetOneErrorFromTheGame) {
    seat_two();
    const auto before = game_.snapshot().dump();
    for (const std::string type : {"game_action", "end_turn", "", "MAKE_MOVE"}) {
        const auto status = h_.act("a", type, json{{"row", 0}, {"col", 0}});
        EXPECT_FALSE(status) << "no second (router) error for " << type;
        EXPECT_EQ(h_.take(), (std::vector<outbound>{
                                 error_to("a", "Unknown message type: " + type, "UNKNOWN_TYPE")}));
        EXPECT_EQ(game_.snapshot().dump(), before);
    }
}

TEST_F(tictactoe_test, BotsMayJoinOnlyWhileASeatIsFree) {
    EXPECT_FALSE(game_.can_add_bot(h_));
    ASSERT_FALSE(h_.join("a"));
    EXPECT_FALSE(game_.can_add_bot(h_));
    ASSERT_FALSE(h_.join("bot", "Bot", true));
    EXPECT_EQ(view()["players"]["bot"]["name"], "Player O") << "playerName is ignored";
    expect_error(game_.can_add_bot(h_), error_code::room_full, "Game is full");
}

TEST_F(tictactoe_test, SnapshotRoundTripsAndRestoreValidates) {
    seat_two();
    move_now(1, 1);
    move_now(0, 2);
    const auto snap = game_.snapshot();
    EXPECT_EQ(snap["moves"].size(), 2u);
    game copy;
    ASSERT_FALSE(copy.restore(snap));
    EXPECT_EQ(copy.snapshot(), snap);
    EXPECT_EQ(copy.view_for("b"), game_.view_for("b"));

    const auto bad = [&](const std::function<void(json&)>& mutate) {
        json s = snap;
        mutate(s);
        game target;
        const auto status = target.restore(s);
        EXPECT_TRUE(status.has_value()) << s.dump();
        if (status) {
            EXPECT_EQ(status->code, error_code::bad_request);
        }
    };
    bad([](json& s) { s = json::array(); });
    bad([](json& s) { s["board"][0][0] = "Z"; });
    bad([](json& s) { s["board"].erase(2); });
    bad([](json& s) { s["players"]["c"] = json{{"symbol", "X"}, {"name", "Player X"}}; });
    bad([](json& s) { s["players"]["a"]["symbol"] = "O"; });
    bad([](json& s) { s["currentTurn"] = 3; });
    bad([](json& s) { s["gameOver"] = "no"; });
    bad([](json& s) { s["moves"].push_back(json::array({1, 1, "X"})); });  // overlap
    bad([](json& s) { s["moves"].erase(0); });                             // board mismatch
    bad([](json& s) { s.erase("moves"); });
}

// ---- rules and bots ----

TEST(tictactoe_rules, WinnerLegalMovesAndJson) {
    board b;
    EXPECT_EQ(b.winner(), mark::empty);
    EXPECT_EQ(legal_moves(b).size(), 9u);
    EXPECT_EQ(b.to_json(), json::parse(empty_board));
    EXPECT_EQ(apply(b, {0, 0}, mark::x), outcome::in_progress);
    EXPECT_EQ(apply(b, {1, 1}, mark::x), outcome::in_progress);
    EXPECT_EQ(apply(b, {2, 2}, mark::x), outcome::win);
    EXPECT_TRUE(legal_moves(b).empty()) << "no moves after a win";
    EXPECT_EQ(b.empty_cells().size(), 6u);
    const auto parsed = board::from_json(b.to_json());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, b);
    EXPECT_FALSE(board::from_json(json::parse(R"([["","",""],["","",""]])")));
    EXPECT_FALSE(board::from_json(json::parse(R"([["","",""],["","",""],["","","x"]])")));
    EXPECT_EQ(minimax_value(board{}, mark::x), 0) << "perfect play draws";
}

json view_with(const std::string& board_text, const std::string& turn_id, bool over = false) {
    return json{{"board", json::parse(board_text)},
                {"players", json{{"me", json{{"symbol", "X"}, {"name", "Player X"}}},
                                 {"you", json{{"symbol", "O"}, {"name", "Player O"}}}}},
                {"currentTurn", turn_id},
                {"winner", ""},
                {"gameOver", over},
                {"drawGame", false}};
}

TEST(tictactoe_bot, DecidesOnlyOnItsOwnTurnOfARunningGame) {
    const minimax_policy minimax;
    const random_policy random;
    sdk::rng rng(3);
    for (const sdk::bot_policy* policy : std::vector<const sdk::bot_policy*>{&minimax, &random}) {
        EXPECT_FALSE(policy->decide(view_with(empty_board, "you"), "me", rng));
        EXPECT_FALSE(policy->decide(view_with(empty_board, "me", true), "me", rng));
        EXPECT_FALSE(policy->decide(view_with(empty_board, "me"), "stranger", rng));
        for (const json& broken : {json(nullptr), json::object(), json{{"board", 5}},
                                   json{{"currentTurn", "me"}, {"gameOver", false}}}) {
            EXPECT_FALSE(policy->decide(broken, "me", rng)) << broken.dump();
        }
        const auto action = policy->decide(view_with(empty_board, "me"), "me", rng);
        ASSERT_TRUE(action);
        EXPECT_EQ(action->type, "make_move");
        EXPECT_GE(action->think, min_think);
        EXPECT_LE(action->think, max_think);
        EXPECT_TRUE(action->data.contains("row") && action->data.contains("col"));
    }
}

TEST(tictactoe_bot, MinimaxWinsWhenItCanAndBlocksOtherwise) {
    const minimax_policy minimax;
    sdk::rng rng(5);
    // X to move can win at (0,2).
    const auto win =
        minimax.decide(view_with(R"([["X","X",""],["O","O",""],["","",""]])", "me"), "me", rng);
    ASSERT_TRUE(win);
    EXPECT_EQ(win->data, json::parse(R"({"row":0,"col":2})"));
    // X must block O at (1,2).
    const auto block =
        minimax.decide(view_with(R"([["X","",""],["O","O",""],["X","",""]])", "me"), "me", rng);
    ASSERT_TRUE(block);
    EXPECT_EQ(block->data, json::parse(R"({"row":1,"col":2})"));
}

TEST(tictactoe_bot, PluginOffersMinimaxByDefaultAndRandom) {
    const auto plugin = make_plugin();
    EXPECT_EQ(plugin->info().id, "tictactoe");
    EXPECT_EQ(plugin->info().display_name, "Tic-tac-toe");
    EXPECT_EQ(plugin->info().min_players, 2);
    EXPECT_EQ(plugin->info().max_players, 2);
    EXPECT_EQ(plugin->info().tick_rate_hz, 0);
    EXPECT_TRUE(plugin->info().supports_bots);
    EXPECT_TRUE(plugin->info().late_joiners_spectate);
    ASSERT_TRUE(plugin->bot({}));
    EXPECT_EQ(plugin->bot({})->name(), "minimax");
    EXPECT_EQ(plugin->bot("minimax")->name(), "minimax");
    EXPECT_EQ(plugin->bot("random")->name(), "random");
    EXPECT_EQ(plugin->bot("alphabeta"), nullptr);
    EXPECT_EQ(plugin->bot_policies(), (std::vector<std::string>{"minimax", "random"}));
    sdk::rng rng(1);
    EXPECT_EQ(plugin->bot_name(rng), "Bot");
    EXPECT_DOUBLE_EQ(minimax_policy(7.0).difficulty(), 1.0);
    EXPECT_DOUBLE_EQ(minimax_policy(-1.0).difficulty(), 0.0);
    EXPECT_DOUBLE_EQ(minimax_policy(0.25).difficulty(), 0.25);
}

// Plays one game between two policies (first joins as X); returns the winner id or "".
std::string play(const sdk::bot_policy& x_policy, const sdk::bot_policy& o_policy,
                 std::uint64_t seed) {
    testkit::harness h(seed);
    game g;
    h.attach(g);
    EXPECT_FALSE(h.join("x"));
    EXPECT_FALSE(h.join("o"));
    for (int step = 0; step < 20 && !g.is_over(); ++step) {
        const std::vector<std::pair<std::string, const sdk::bot_policy*>> seats = {
            {"x", &x_policy}, {"o", &o_policy}};
        for (const auto& [id, policy] : seats) {
            const auto action = policy->decide(g.view_for(id), id, h.bot_random());
            if (!action) continue;
            EXPECT_FALSE(h.act(id, action->type, action->data));
            h.advance(action->think);
        }
    }
    EXPECT_TRUE(g.is_over()) << "seed " << seed;
    return g.view_for("x")["winner"].get<std::string>();
}

TEST(tictactoe_bot, MinimaxNeverLosesToRandom) {
    const minimax_policy minimax;
    const random_policy random;
    int wins = 0;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const auto as_x = play(minimax, random, seed);
        EXPECT_NE(as_x, "o") << "minimax lost as X, seed " << seed;
        const auto as_o = play(random, minimax, seed);
        EXPECT_NE(as_o, "x") << "minimax lost as O, seed " << seed;
        wins += (as_x == "x") + (as_o == "o");
    }
    EXPECT_GT(wins, 200) << "minimax should beat a random mover most of the time";
}

TEST(tictactoe_bot, MinimaxAgainstItselfAlwaysDraws) {
    const minimax_policy minimax;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        EXPECT_EQ(play(minimax, minimax, seed), "") << "seed " << seed;
    }
}

TEST(tictactoe_bot, DifficultyZeroPlaysLikeRandom) {
    const minimax_policy careless(0.0);
    const minimax_policy perfect;
    int careless_losses = 0;
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        careless_losses += play(careless, perfect, seed) == "o";
    }
    EXPECT_GT(careless_losses, 0) << "a difficulty-0 bot should lose to perfect play sometimes";
}

}  // namespace
}  // namespace gameserver::games::tictactoe
