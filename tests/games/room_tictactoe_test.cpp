// The room actor driving the real tic-tac-toe plugin on a virtual clock: hook events before the
// reply, reconnect re-keying and its undo, in-process bots thinking on room time, and a full game
// against a bot that ends with one result record. No sockets, no real time.
//
// The virtual environment and recording link repeat the ones in tests/unit/core/room_test.cpp:
// that binary does not link tic-tac-toe, and the two test binaries share no sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gameserver/core/json_codec.hpp"
#include "gameserver/core/room.hpp"
#include "support/room_testkit.hpp"
#include "tictactoe/plugin.hpp"

namespace gameserver::core {
namespace {

using namespace std::chrono_literals;
using sdk::json;

using testkit::parse;
using testkit::recording_link;
using testkit::types_of;
using testkit::virtual_environment;

json envelope(std::string_view type, json data) {
    return json{{"type", type}, {"success", true}, {"data", std::move(data)}};
}
json error_envelope(std::string_view type, std::string_view message, std::string_view code) {
    return json{{"type", type}, {"success", false}, {"error", message}, {"code", code}};
}
json client_id(const std::string& id) {
    return json{{"clientId", id}};
}

using testkit::test_room;

room_reply move(test_room& t, const std::string& id, int row, int col,
                std::string_view reply_type = "error") {
    return t->action(id, "make_move", json{{"row", row}, {"col", col}}, reply_type);
}

int marks_on(const json& state) {
    int count = 0;
    for (const auto& row : state.at("board")) {
        for (const auto& cell : row) count += cell != "" ? 1 : 0;
    }
    return count;
}

std::vector<std::pair<int, int>> empty_cells(const json& state) {
    std::vector<std::pair<int, int>> out;
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            if (state.at("board")[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] == "") {
                out.emplace_back(r, c);
            }
        }
    }
    return out;
}

// Bots think exactly this long on room time (the room clamps the policy's delay).
constexpr milliseconds think = 500ms;

room_settings bot_settings(std::uint64_t seed = 1) {
    room_settings settings;
    settings.bot_think_min = think;
    settings.bot_think_max = think;
    settings.seed = seed;
    return settings;
}

class room_tictactoe_test : public ::testing::Test {
  protected:
    std::unique_ptr<sdk::game_plugin> plugin_ = games::tictactoe::make_plugin();
};

TEST_F(room_tictactoe_test, JoinRepliesWithStateThenJoinedThenTheReply) {
    test_room t(*plugin_);
    room_reply reply = t.join("a");
    EXPECT_EQ(types_of(parse(reply.envelopes)),
              (std::vector<std::string>{"game_state", "joined", "join_room_result"}));
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_TRUE(t.link("a").batches.empty());
    EXPECT_FALSE(t->started());

    reply = t.join("b");
    EXPECT_EQ(types_of(parse(reply.envelopes)),
              (std::vector<std::string>{"game_state", "joined", "join_room_result"}));
    ASSERT_EQ(t.link("a").batches.size(), 1u);
    EXPECT_EQ(t.link("a").types(), (std::vector<std::string>{"client_joined", "game_state"}));
    EXPECT_EQ(t.link("a").all().front(), envelope("client_joined", client_id("b")));
    EXPECT_TRUE(t->started());
    EXPECT_EQ(t->member_count(), 2);
}

TEST_F(room_tictactoe_test, ThirdJoinerStaysAsSpectatorWithAnError) {
    test_room t(*plugin_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const room_reply reply = t.join("c");
    EXPECT_TRUE(reply.ok);
    const auto got = parse(reply.envelopes);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], error_envelope("error", "Game is full", "ROOM_FULL"));
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_EQ(t->member_count(), 3);
    EXPECT_EQ(t.link("a").all(), (std::vector<json>{envelope("client_joined", client_id("c"))}));
}

TEST_F(room_tictactoe_test, ReconnectRekeysTheSeatAndRefreshesEveryone) {
    test_room t(*plugin_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    t->disconnect("a");
    EXPECT_EQ(t.link("b").all(), (std::vector<json>{envelope("client_left", client_id("a"))}));
    t.clear_links();

    const room_reply reply = t.reconnect("a2", "a");
    EXPECT_TRUE(reply.ok);
    const auto got = parse(reply.envelopes);
    EXPECT_EQ(types_of(got),
              (std::vector<std::string>{"game_state", "reconnected", "reconnect_result"}));
    EXPECT_EQ(reply.envelopes.back().payload, t.success_reply);
    EXPECT_TRUE(got[0].at("data").at("players").contains("a2"));
    EXPECT_FALSE(got[0].at("data").at("players").contains("a"));
    EXPECT_EQ(got[1].at("data").at("clientId"), "a2");

    ASSERT_EQ(t.link("b").batches.size(), 1u);
    EXPECT_EQ(t.link("b").types(), (std::vector<std::string>{"client_joined", "game_state"}));
    EXPECT_EQ(t.link("b").all().front(), envelope("client_joined", client_id("a2")));
    EXPECT_TRUE(t.link("a2").batches.empty());
    EXPECT_TRUE(t->started());
}

TEST_F(room_tictactoe_test, ReconnectOfAnUnknownIdIsUndone) {
    test_room t(*plugin_);
    (void)t.join("a");
    (void)t.join("b");
    t.clear_links();
    const json before = t.state();

    const room_reply reply = t.reconnect("c", "ghost");
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(parse(reply.envelopes),
              (std::vector<json>{error_envelope(
                  "reconnect_result", "no player found with provided ID", "PLAYER_NOT_FOUND")}));
    for (const char* id : {"a", "b"}) {
        ASSERT_EQ(t.link(id).batches.size(), 1u) << id;
        EXPECT_EQ(t.link(id).all(), (std::vector<json>{envelope("client_joined", client_id("c")),
                                                       envelope("client_left", client_id("c"))}))
            << id;
    }
    EXPECT_TRUE(t.link("c").batches.empty());
    EXPECT_EQ(t->member_count(), 2);
    EXPECT_EQ(t.state(), before);
}

TEST_F(room_tictactoe_test, MoveErrorsUseTheGivenReplyType) {
    test_room t(*plugin_);
    (void)t.join("a");
    (void)t.join("b");
    const std::string waiting = t.state().at("currentTurn") == "a" ? "b" : "a";
    t.clear_links();
    for (const char* reply_type : {"error", "game_action_result"}) {
        const room_reply reply = move(t, waiting, 0, 0, reply_type);
        EXPECT_FALSE(reply.ok);
        EXPECT_EQ(
            parse(reply.envelopes),
            (std::vector<json>{error_envelope(reply_type, "Not your turn", "NOT_YOUR_TURN")}));
    }
    // `game_action` itself is answered by the game alone: one error, no game_action_result.
    const room_reply generic = t->action("a", "game_action", json::object(), "game_action_result");
    EXPECT_TRUE(generic.ok);
    EXPECT_EQ(parse(generic.envelopes),
              (std::vector<json>{
                  error_envelope("error", "Unknown message type: game_action", "UNKNOWN_TYPE")}));
    EXPECT_TRUE(t.link("a").batches.empty());
    EXPECT_TRUE(t.link("b").batches.empty());
    EXPECT_EQ(marks_on(t.state()), 0);
}

TEST_F(room_tictactoe_test, AddBotTakesTheFreeSeatAndASecondIsRefused) {
    test_room t(*plugin_, bot_settings());
    (void)t.join("a");
    t.clear_links();
    const room_reply reply = t->add_bot("a");
    EXPECT_TRUE(reply.ok);
    const std::string bot = t.bot_id();
    ASSERT_FALSE(bot.empty());
    const auto got = parse(reply.envelopes);
    EXPECT_EQ(types_of(got),
              (std::vector<std::string>{"client_joined", "game_state", "add_bot_result"}));
    EXPECT_EQ(got.front(), envelope("client_joined", client_id(bot)));
    EXPECT_EQ(got.back(), (json{{"type", "add_bot_result"}, {"success", true}}));
    EXPECT_TRUE(t.state().at("players").contains(bot));
    EXPECT_EQ(t->member_count(), 2);
    EXPECT_TRUE(t->started());

    // Tic-tac-toe has two seats: a second bot would only watch.
    const room_reply second = t->add_bot("a");
    EXPECT_FALSE(second.ok);
    EXPECT_EQ(parse(second.envelopes),
              (std::vector<json>{error_envelope("add_bot_result", "Game is full", "ROOM_FULL")}));
    EXPECT_EQ(t->member_count(), 2);
}

TEST_F(room_tictactoe_test, BotAnswersAHumanMoveAfterItsThinkDelay) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        SCOPED_TRACE(seed);
        test_room t(*plugin_, bot_settings(seed));
        (void)t.join("a");
        ASSERT_TRUE(t->add_bot("a", "random").ok);
        const std::string bot = t.bot_id();
        t.clear_links();

        if (t.state().at("currentTurn") == bot) {
            t.env().advance(think - 1ms);
            EXPECT_EQ(marks_on(t.state()), 0);
            t.env().advance(1ms);
            EXPECT_EQ(marks_on(t.state()), 1);
            EXPECT_EQ(t.link("a").types(), (std::vector<std::string>{"game_state"}));
            t.clear_links();
        }
        ASSERT_EQ(t.state().at("currentTurn"), "a");
        EXPECT_EQ(t.env().pending_timers(), 0u);  // the bot waits for its turn

        const auto [row, col] = empty_cells(t.state()).front();
        const int before = marks_on(t.state());
        const room_reply moved = move(t, "a", row, col);
        EXPECT_TRUE(moved.ok);
        EXPECT_EQ(types_of(parse(moved.envelopes)), (std::vector<std::string>{"game_state"}));
        EXPECT_EQ(marks_on(t.state()), before + 1);

        t.env().advance(think - 1ms);
        EXPECT_EQ(marks_on(t.state()), before + 1);
        EXPECT_TRUE(t.link("a").batches.empty());
        t.env().advance(1ms);
        EXPECT_EQ(marks_on(t.state()), before + 2);
        EXPECT_EQ(t.state().at("currentTurn"), "a");
        EXPECT_EQ(t.link("a").types(), (std::vector<std::string>{"game_state"}));
    }
}

TEST_F(room_tictactoe_test, FullGameAgainstABotEndsWithOneRecord) {
    bool saw_win = false;
    bool saw_draw = false;
    for (std::uint64_t seed = 1; seed <= 24; ++seed) {
        SCOPED_TRACE(seed);
        test_room t(*plugin_, bot_settings(seed));
        sdk::rng human_random(seed * 7919);
        (void)t.join("a");
        ASSERT_TRUE(t->add_bot("a", seed % 2 == 0 ? "random" : "minimax").ok);
        const std::string bot = t.bot_id();

        for (int turn = 0; turn < 20 && !t.state().at("gameOver").get<bool>(); ++turn) {
            const json state = t.state();
            if (state.at("currentTurn") == "a") {
                const auto cells = empty_cells(state);
                ASSERT_FALSE(cells.empty());
                const auto [row, col] = cells[human_random.index(cells.size())];
                ASSERT_TRUE(move(t, "a", row, col).ok);
            } else {
                t.env().advance(think);
            }
        }
        const json end = t.state();
        ASSERT_TRUE(end.at("gameOver").get<bool>());
        EXPECT_FALSE(t->started());
        EXPECT_TRUE(t->describe().at("over").get<bool>());

        ASSERT_EQ(t.env().records.size(), 1u);
        EXPECT_EQ(t.env().records[0].kind, "tictactoe_result");
        const json& record = t.env().records[0].data;
        EXPECT_EQ(record.at("players").size(), 2u);
        EXPECT_EQ(static_cast<int>(record.at("moves").size()), marks_on(end));
        EXPECT_EQ(record.at("winner"), end.at("winner"));
        EXPECT_EQ(record.at("draw"), end.at("drawGame"));
        (end.at("drawGame").get<bool>() ? saw_draw : saw_win) = true;

        // Nothing more happens: no bot move after the end, no second record.
        t.env().advance(1min);
        EXPECT_EQ(t.env().records.size(), 1u);
        EXPECT_EQ(t.state(), end);
        EXPECT_EQ(t.env().pending_timers(), 0u);

        // The human leaves; the bot alone does not keep the room open.
        (void)t.leave("a");
        t.env().advance(30s);
        EXPECT_EQ(t.env().closed_calls, 1);
        EXPECT_TRUE(t->is_closed());
    }
    EXPECT_TRUE(saw_win);
    EXPECT_TRUE(saw_draw);
}

TEST_F(room_tictactoe_test, HumanLeavingMidGameClosesTheBotRoomAfterTheGrace) {
    // Find a seed where the bot moves first, so a bot timer is pending when the human leaves.
    for (std::uint64_t seed = 1; seed <= 16; ++seed) {
        test_room t(*plugin_, bot_settings(seed));
        (void)t.join("a");
        ASSERT_TRUE(t->add_bot("a").ok);
        if (t.state().at("currentTurn") == "a") continue;
        ASSERT_EQ(t.env().pending_timers(), 1u);  // the bot is thinking

        (void)t.leave("a");
        EXPECT_TRUE(t.state().at("gameOver").get<bool>());  // an abandoned game ends
        t.env().advance(29'999ms);
        EXPECT_EQ(t.env().closed_calls, 0);
        EXPECT_EQ(marks_on(t.state()), 0);  // the bot does not play an abandoned game
        t.env().advance(1ms);
        EXPECT_EQ(t.env().closed_calls, 1);
        EXPECT_EQ(t.env().pending_timers(), 0u);
        EXPECT_TRUE(t.env().records.empty());
        return;
    }
    FAIL() << "no seed in 1..16 let the bot start";
}

}  // namespace
}  // namespace gameserver::core
