// tic-tac-toe over real sockets: SEED-SPEC §8.1 (TestGameFlowIntegration), full games to a win
// and to a draw, restart, leaving mid-game, spectators, and the event order joiners see.
#include <gtest/gtest.h>

#include <utility>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto quiet = 150ms;

// Two seated players: `x` joined first (symbol X), `o` second.
struct table {
    ws_test_client x;
    ws_test_client o;
    std::string x_id;
    std::string o_id;
    std::string room = "ttt";
    json state;  // the latest game_state data both saw

    ws_test_client& client(const std::string& id) { return id == x_id ? x : o; }
    const std::string& other(const std::string& id) const { return id == x_id ? o_id : x_id; }
    std::string first() const { return state["currentTurn"]; }
};

void seat_two(test_server& server, table& t) {
    connect_past_welcome(t.x, server.port());
    connect_past_welcome(t.o, server.port());
    auto x_joined = t.x.join("tictactoe", "Ann", t.room);
    ASSERT_TRUE(is_success(x_joined, "join_room_result"));
    t.x_id = x_joined["data"]["clientId"];
    auto o_joined = t.o.join("tictactoe", "Bob", t.room);
    ASSERT_TRUE(is_success(o_joined, "join_room_result"));
    t.o_id = o_joined["data"]["clientId"];
    auto state = t.x.wait_for("game_state");  // the one with both players seated
    ASSERT_TRUE(state);
    ASSERT_EQ((*state)["data"]["players"].size(), 2U);
    t.state = (*state)["data"];
    ASSERT_TRUE(t.state["currentTurn"] == t.x_id || t.state["currentTurn"] == t.o_id);
    EXPECT_TRUE(t.x.drain(50ms).empty());
}

// `mover` plays (row, col); both players get the new state.
void play(table& t, const std::string& mover, int row, int col) {
    t.client(mover).send("make_move", json{{"row", row}, {"col", col}});
    auto seen_by_mover = t.client(mover).next();
    auto seen_by_other = t.client(t.other(mover)).next();
    ASSERT_TRUE(is_success(seen_by_mover, "game_state"));
    ASSERT_TRUE(is_success(seen_by_other, "game_state"));
    EXPECT_EQ((*seen_by_mover)["data"], (*seen_by_other)["data"]);
    t.state = (*seen_by_mover)["data"];
}

TEST(TicTacToeFlow, GameFlowIntegration) {
    test_server server;
    ws_test_client first;
    connect_past_welcome(first, server.port());
    first.send("join_room", json{{"gameType", "tictactoe"}, {"playerName", "one"}});
    auto created = first.wait_for("join_room_result");
    ASSERT_TRUE(is_success(created, "join_room_result"));
    const std::string room_id = (*created)["data"]["roomId"];
    const std::string first_id = (*created)["data"]["clientId"];

    ws_test_client second;
    connect_past_welcome(second, server.port());
    second.send("join_room", json{{"playerName", "two"}, {"roomId", room_id}});
    auto joined = second.wait_for("join_room_result");
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    const std::string second_id = (*joined)["data"]["clientId"];
    auto state = first.wait_for("game_state");
    ASSERT_TRUE(state);
    ASSERT_FALSE(second.skipped().empty());  // both clients got messages

    // {"action","position"} carries no row or col: Go decodes that as (0,0).
    const std::string turn = (*state)["data"]["currentTurn"];
    ws_test_client& mover = turn == first_id ? first : second;
    ws_test_client& waiter = turn == first_id ? second : first;
    const std::string symbol = (*state)["data"]["players"][turn]["symbol"];
    mover.send("make_move", json{{"action", "x"}, {"position", 0}});
    auto moved = mover.wait_for("game_state");
    auto seen = waiter.wait_for("game_state");
    ASSERT_TRUE(moved);
    ASSERT_TRUE(seen);
    EXPECT_EQ((*moved)["data"]["board"][0][0], symbol);
    EXPECT_EQ((*seen)["data"]["board"][0][0], symbol);
    EXPECT_EQ((*seen)["data"]["currentTurn"], turn == first_id ? second_id : first_id);
}

TEST(TicTacToeFlow, FullGameToAWin) {
    test_server server;
    table t;
    seat_two(server, t);
    EXPECT_EQ(t.state["players"][t.x_id], json({{"symbol", "X"}, {"name", "Player X"}}));
    EXPECT_EQ(t.state["players"][t.o_id], json({{"symbol", "O"}, {"name", "Player O"}}));
    const std::string a = t.first();
    const std::string b = t.other(a);
    const std::string symbol = t.state["players"][a]["symbol"];

    // Out of turn first: refused with the turn unchanged.
    t.client(b).send("make_move", json{{"row", 2}, {"col", 2}});
    EXPECT_TRUE(is_failure(t.client(b).next(), "error", "Not your turn", "NOT_YOUR_TURN"));

    play(t, a, 0, 0);
    play(t, b, 1, 0);
    play(t, a, 0, 1);
    play(t, b, 1, 1);
    EXPECT_FALSE(t.state["gameOver"]);
    play(t, a, 0, 2);
    EXPECT_EQ(t.state["winner"], a);
    EXPECT_EQ(t.state["gameOver"], true);
    EXPECT_EQ(t.state["drawGame"], false);
    EXPECT_EQ(t.state["board"][0], json({symbol, symbol, symbol}));

    t.client(b).send("make_move", json{{"row", 2}, {"col", 2}});
    EXPECT_TRUE(is_failure(t.client(b).next(), "error", "Game is over", "GAME_OVER"));
    EXPECT_TRUE(t.client(a).drain(quiet).empty());

    server.storage().flush();
    auto records = server.storage().recent("tictactoe_result", 10);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(records[0].room_id, t.room);
    EXPECT_EQ(records[0].data["winner"], a);
    EXPECT_EQ(records[0].data["moves"].size(), 5U);
}

TEST(TicTacToeFlow, FullGameToADraw) {
    test_server server;
    table t;
    seat_two(server, t);
    const std::string a = t.first();
    const std::string b = t.other(a);
    // a b a / a b b / b a a
    const std::pair<int, int> moves[] = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 0},
                                         {1, 2}, {2, 1}, {2, 0}, {2, 2}};
    for (std::size_t i = 0; i < std::size(moves); ++i) {
        EXPECT_FALSE(t.state["gameOver"]) << "after move " << i;
        play(t, i % 2 == 0 ? a : b, moves[i].first, moves[i].second);
    }
    EXPECT_EQ(t.state["gameOver"], true);
    EXPECT_EQ(t.state["drawGame"], true);
    EXPECT_EQ(t.state["winner"], "");
    for (const auto& row : t.state["board"]) {
        for (const auto& cell : row) EXPECT_NE(cell, "");
    }
}

TEST(TicTacToeFlow, MoveErrorsCarryTheirCodes) {
    test_server server;
    table t;
    seat_two(server, t);
    const std::string a = t.first();
    ws_test_client& mover = t.client(a);
    mover.send("make_move", json{{"row", "0"}, {"col", 0}});
    EXPECT_TRUE(is_failure(mover.next(), "error", "Invalid move format", "INVALID_PAYLOAD"));
    mover.send("make_move");
    EXPECT_TRUE(is_failure(mover.next(), "error", "Invalid move format", "INVALID_PAYLOAD"));
    mover.send("make_move", json{{"row", 3}, {"col", 0}});
    EXPECT_TRUE(is_failure(mover.next(), "error", "Invalid move coordinates", "INVALID_MOVE"));
    play(t, a, 1, 1);
    play(t, t.other(a), 0, 0);
    mover.send("make_move", json{{"row", 1}, {"col", 1}});
    EXPECT_TRUE(is_failure(mover.next(), "error", "Cell already occupied", "INVALID_MOVE"));
    mover.send("game_action", json{{"action", "make_move"}});
    EXPECT_TRUE(
        is_failure(mover.next(), "error", "Unknown message type: game_action", "UNKNOWN_TYPE"));
    mover.send("end_turn");
    EXPECT_TRUE(
        is_failure(mover.next(), "error", "Unknown message type: end_turn", "UNKNOWN_TYPE"));
    EXPECT_TRUE(mover.drain(quiet).empty());  // one error each, nothing doubled
    EXPECT_TRUE(t.client(t.other(a)).drain(quiet).empty());
}

TEST(TicTacToeFlow, RestartAfterTheGameIsOver) {
    test_server server;
    table t;
    seat_two(server, t);
    const std::string a = t.first();
    const std::string b = t.other(a);
    t.client(b).send("restart_game");
    EXPECT_TRUE(is_failure(t.client(b).next(), "error", "Cannot restart a game in progress",
                           "GAME_IN_PROGRESS"));
    play(t, a, 0, 0);
    play(t, b, 1, 0);
    play(t, a, 0, 1);
    play(t, b, 1, 1);
    play(t, a, 0, 2);
    ASSERT_EQ(t.state["gameOver"], true);

    t.client(b).send("restart_game");
    auto restarted_b = t.client(b).next();
    auto restarted_a = t.client(a).next();
    ASSERT_TRUE(is_success(restarted_b, "game_state"));
    ASSERT_TRUE(is_success(restarted_a, "game_state"));
    const json& state = (*restarted_a)["data"];
    EXPECT_EQ(state, (*restarted_b)["data"]);
    EXPECT_EQ(state["gameOver"], false);
    EXPECT_EQ(state["drawGame"], false);
    EXPECT_EQ(state["winner"], "");
    EXPECT_EQ(state["board"], json::parse(R"([["","",""],["","",""],["","",""]])"));
    EXPECT_EQ(state["players"], t.state["players"]);  // the symbols stay
    t.state = state;
    play(t, t.first(), 2, 2);  // and the new game is playable
    EXPECT_NE(t.state["board"][2][2], "");
}

TEST(TicTacToeFlow, LeaveMidGameEndsIt) {
    test_server server;
    table t;
    seat_two(server, t);
    play(t, t.first(), 1, 1);

    t.x.send("leave_room");
    auto last_state = t.x.next();  // the leaver still gets the leave hook's broadcast
    ASSERT_TRUE(is_success(last_state, "game_state"));
    EXPECT_EQ((*last_state)["data"]["gameOver"], true);
    EXPECT_TRUE(is_success(t.x.next(), "leave_room_result"));
    EXPECT_TRUE(t.x.drain(quiet).empty());

    auto state = t.o.next();
    ASSERT_TRUE(is_success(state, "game_state"));
    EXPECT_EQ((*state)["data"]["gameOver"], true);
    EXPECT_EQ((*state)["data"]["winner"], "");
    EXPECT_EQ((*state)["data"]["players"].size(), 1U);
    EXPECT_TRUE((*state)["data"]["players"].contains(t.o_id));
    auto left = t.o.next();
    ASSERT_TRUE(is_success(left, "client_left"));
    EXPECT_EQ((*left)["data"]["clientId"], t.x_id);

    // A newcomer takes the free symbol X (fixed: not chosen by count).
    ws_test_client newcomer;
    connect_past_welcome(newcomer, server.port());
    newcomer.send("join_room", json{{"playerName", "Cid"}, {"roomId", t.room}});
    auto joined = newcomer.wait_for("joined");
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["data"]["symbol"], "X");
}

TEST(TicTacToeFlow, ThirdJoinerSpectatesAndGetsBroadcasts) {
    test_server server;
    table t;
    seat_two(server, t);
    ws_test_client third;
    connect_past_welcome(third, server.port());
    third.send("join_room", json{{"playerName", "Eve"}, {"roomId", t.room}});
    EXPECT_TRUE(is_failure(third.next(), "error", "Game is full", "ROOM_FULL"));
    auto result = third.next();
    ASSERT_TRUE(is_success(result, "join_room_result"));
    EXPECT_EQ((*result)["data"]["roomId"], t.room);
    const std::string third_id = (*result)["data"]["clientId"];
    EXPECT_TRUE(third.drain(quiet).empty());
    for (ws_test_client* seated : {&t.x, &t.o}) {
        auto notice = seated->next();
        ASSERT_TRUE(is_success(notice, "client_joined"));
        EXPECT_EQ((*notice)["data"]["clientId"], third_id);
    }
    auto rooms = json::parse(server.http("GET", "/rooms").body);
    EXPECT_EQ(rooms[0]["clientCount"], 3);  // spectators count as members

    play(t, t.first(), 2, 0);
    auto watched = third.next();
    ASSERT_TRUE(is_success(watched, "game_state"));
    EXPECT_EQ((*watched)["data"], t.state);

    // A spectator cannot move.
    third.send("make_move", json{{"row", 0}, {"col", 0}});
    EXPECT_TRUE(is_failure(third.next(), "error", "Not your turn", "NOT_YOUR_TURN"));
}

TEST(TicTacToeFlow, JoinerSeesGameEventsBeforeTheResult) {
    test_server server;
    ws_test_client first;
    connect_past_welcome(first, server.port());
    ASSERT_TRUE(
        is_success(first.join("tictactoe", "Ann", std::string("order")), "join_room_result"));

    ws_test_client second;
    connect_past_welcome(second, server.port());
    second.send("join_room", json{{"playerName", "Bob"}, {"roomId", "order"}});
    auto envelopes = second.drain(300ms);
    ASSERT_EQ(types_of(envelopes),
              (std::vector<std::string>{"game_state", "joined", "join_room_result"}));
    const std::string id = envelopes[2]["data"]["clientId"];
    EXPECT_EQ(envelopes[1]["data"], json({{"clientId", id}, {"roomId", "order"}, {"symbol", "O"}}));
    // The existing member: client_joined, then the game's broadcast.
    EXPECT_EQ(types_of(first.drain(quiet)),
              (std::vector<std::string>{"client_joined", "game_state"}));
}

TEST(TicTacToeFlow, SubscriberSeesCreationPushFirstAndJoinPushLast) {
    test_server server;
    ws_test_client client;
    connect_past_welcome(client, server.port(), "/ws?game=tictactoe");
    client.send("join_room",
                json{{"gameType", "tictactoe"}, {"playerName", "Ann"}, {"roomId", "pushes"}});
    auto envelopes = client.drain(300ms);
    ASSERT_EQ(types_of(envelopes),
              (std::vector<std::string>{"room_list_update", "game_state", "joined",
                                        "join_room_result", "room_list_update"}));
    EXPECT_EQ(envelopes[0]["data"],
              json::parse(R"([{"roomId":"pushes","playerCount":0,"started":false}])"));
    EXPECT_EQ(envelopes[4]["data"],
              json::parse(R"([{"roomId":"pushes","playerCount":1,"started":false}])"));
}

}  // namespace
}  // namespace gameserver::testing
