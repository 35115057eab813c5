// Bad input and limits over sockets: every core error of SEED-SPEC §2.7 with its code, malformed
// frames, frame size and JSON depth, rate limits, connections per IP, the origin policy, a
// client that stops reading, and batching of one action's envelopes into one frame.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <string>
#include <thread>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto quiet = 150ms;

// 30 rooms, so that every room list (the answer to get_room_list) is about 2 KB: a client that
// keeps asking and stops reading backs the server up quickly.
void add_filler_rooms(test_server& server) {
    for (int i = 0; i < 30; ++i) {
        const json body{{"gameType", "tictactoe"}, {"roomId", "filler-room-" + std::to_string(i)}};
        ASSERT_EQ(server.http("POST", "/api/v1/rooms", body.dump()).status, 201);
    }
}

TEST(Limits, EveryCoreErrorWithItsCode) {
    test_server server;
    ws_test_client c;
    connect_past_welcome(c, server.port());

    c.send_text("{");
    EXPECT_TRUE(is_failure(c.next(), "error", "invalid message format", "BAD_REQUEST"));
    c.send("no_such_thing");
    EXPECT_TRUE(
        is_failure(c.next(), "error", "Unknown message type: no_such_thing", "UNKNOWN_TYPE"));
    c.send_text(R"({"type":""})");
    EXPECT_TRUE(is_failure(c.next(), "error", "Unknown message type: ", "UNKNOWN_TYPE"));

    c.send("join_room");
    EXPECT_TRUE(
        is_failure(c.next(), "join_room_result", "game options are invalid", "BAD_REQUEST"));
    c.send("join_room", json{{"playerName", 5}});
    EXPECT_TRUE(
        is_failure(c.next(), "join_room_result", "game options are invalid", "BAD_REQUEST"));
    c.send("join_room", json{{"gameType", "tictactoe"}, {"playerName", ""}});
    EXPECT_TRUE(is_failure(c.next(), "join_room_result", "player name is required", "BAD_REQUEST"));
    c.send("join_room", json{{"playerName", "Ann"}});
    EXPECT_TRUE(is_failure(c.next(), "join_room_result", "game type is required", "BAD_REQUEST"));
    c.send("join_room", json{{"playerName", "Ann"}, {"roomId", "new"}, {"gameType", "chess"}});
    EXPECT_TRUE(is_failure(c.next(), "join_room_result", "unknown game type", "UNKNOWN_GAME"));

    c.send("leave_room");
    EXPECT_TRUE(
        is_failure(c.next(), "leave_room_result", "client is not in a room", "NOT_IN_ROOM"));
    c.send("game_action", json::object());
    EXPECT_TRUE(
        is_failure(c.next(), "game_action_result", "client is not in a room", "NOT_IN_ROOM"));
    c.send("add_bot");
    EXPECT_TRUE(is_failure(c.next(), "add_bot_result", "client is not in a room", "NOT_IN_ROOM"));

    c.send("reconnect");
    EXPECT_TRUE(
        is_failure(c.next(), "reconnect_result", "unexpected end of JSON input", "BAD_REQUEST"));
    c.send("reconnect", json{{"clientId", "nobody"}});
    EXPECT_TRUE(is_failure(c.next(), "reconnect_result", "session expired or not found",
                           "SESSION_EXPIRED"));

    c.send("get_room_list");
    EXPECT_TRUE(
        is_failure(c.next(), "get_room_list_result", "Invalid request format", "BAD_REQUEST"));
    c.send("get_room_list", json{{"gameType", ""}});
    EXPECT_TRUE(
        is_failure(c.next(), "get_room_list_result", "Game type is required", "BAD_REQUEST"));

    // Room not found: a session whose room id does not match the request.
    std::string old_id;
    {
        ws_test_client gone;
        connect_past_welcome(gone, server.port());
        old_id = gone.join("testGame", "a", std::string("mine"))["data"]["clientId"];
        gone.drop();
    }
    ASSERT_TRUE(wait_for_session(server, old_id));
    c.send("reconnect", json{{"clientId", old_id}, {"roomId", "elsewhere"}});
    EXPECT_TRUE(is_failure(c.next(), "reconnect_result", "Room not found", "ROOM_NOT_FOUND"));

    // In a room: a second join answers reconnect_result (success) and reconnect is refused.
    auto joined = c.join("testGame", "b", std::string("here"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    c.send("join_room", json{{"gameType", "testGame"}, {"playerName", "b"}, {"roomId", "x"}});
    auto again = c.next();
    ASSERT_TRUE(is_success(again, "reconnect_result"));
    EXPECT_EQ((*again)["data"],
              json({{"clientId", joined["data"]["clientId"]}, {"roomId", "here"}}));
    c.send("reconnect", json{{"clientId", old_id}});
    EXPECT_TRUE(
        is_failure(c.next(), "reconnect_result", "client is already in a room", "ALREADY_IN_ROOM"));
    EXPECT_TRUE(c.drain(quiet).empty());
    // `room is closed` needs a join racing a room's close; the room unit tests cover it.
}

TEST(Limits, MalformedEnvelopesAreInvalidMessageFormat) {
    test_server server;
    ws_test_client c;
    connect_past_welcome(c, server.port());
    for (const char* frame : {"not json", R"([{"type":"join_room"}])", "[]", R"("join_room")", "42",
                              "null", R"({"type":1})", R"({"type":["x"]})", R"({"type":{"a":1}})",
                              R"({"type":"x","roomId":5})", R"({"type":"x"} trailing)", ""}) {
        c.send_text(frame);
        EXPECT_TRUE(is_failure(c.next(), "error", "invalid message format", "BAD_REQUEST"))
            << "frame: " << frame;
    }
    c.send_binary(std::string("\xff\xfe\x00\x01", 4));
    EXPECT_TRUE(is_failure(c.next(), "error", "invalid message format", "BAD_REQUEST"));
    EXPECT_TRUE(c.drain(quiet).empty());
}

TEST(Limits, KeysMatchCaseInsensitivelyAndBinaryFramesWork) {
    test_server server;
    ws_test_client c;
    connect_past_welcome(c, server.port());
    c.send_binary(
        R"({"TYPE":"join_room","Data":{"GameType":"testGame","PLAYERNAME":"b","roomID":"bin"}})");
    auto result = c.next();
    ASSERT_TRUE(is_success(result, "join_room_result"));
    EXPECT_EQ((*result)["data"]["roomId"], "bin");
}

TEST(Limits, OversizeFrameClosesWith1009) {
    test_server server([](core::config& c) { c.limits.max_frame_bytes = 1024; });
    ws_test_client ok;
    connect_past_welcome(ok, server.port());
    const std::string padding(900, 'a');
    ok.send("get_room_list", json{{"gameType", "tictactoe"}, {"pad", padding}});
    EXPECT_TRUE(is_success(ok.next(), "room_list_update"));  // just under the limit

    ws_test_client big;
    connect_past_welcome(big, server.port());
    big.send("get_room_list", json{{"gameType", "tictactoe"}, {"pad", std::string(2000, 'a')}});
    ASSERT_TRUE(big.wait_closed());
    EXPECT_EQ(big.close_code(), 1009);
    EXPECT_TRUE(
        eventually([&] { return metric(server, "gameserver_rejections_total").value_or(0) >= 1; }));
    ok.send("get_room_list", json{{"gameType", "tictactoe"}});
    EXPECT_TRUE(is_success(ok.next(), "room_list_update"));  // others are unaffected
}

TEST(Limits, DeepNestingIsInvalidAndTheConnectionStays) {
    test_server server([](core::config& c) { c.limits.max_json_depth = 8; });
    ws_test_client c;
    connect_past_welcome(c, server.port());
    std::string deep = R"({"type":"get_room_list","data":)";
    deep += std::string(20, '[') + std::string(20, ']') + "}";
    c.send_text(deep);
    EXPECT_TRUE(is_failure(c.next(), "error", "invalid message format", "BAD_REQUEST"));
    // Far deeper than any parser recursion could survive: still just an error.
    c.send_text(std::string(50'000, '['));
    EXPECT_TRUE(is_failure(c.next(), "error", "invalid message format", "BAD_REQUEST"));
    c.send_text(R"({"type":"get_room_list","data":{"gameType":"tictactoe","x":[[[1]]]}})");
    EXPECT_TRUE(is_success(c.next(), "room_list_update"));
}

TEST(Limits, HostileValuesGetErrorsNotCrashes) {
    test_server server;
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());
    ASSERT_TRUE(is_success(a.join("tictactoe", "Ann", std::string("hostile")), "join_room_result"));
    ASSERT_TRUE(is_success(b.join("tictactoe", "Bob", std::string("hostile")), "join_room_result"));
    for (const char* data : {R"({"row":99999999999999999999999,"col":0})", R"({"row":1e400})",
                             R"({"row":-9223372036854775808,"col":0})", R"({"row":0.5})",
                             R"({"row":true})", R"("x")", "[]"}) {
        for (ws_test_client* c : {&a, &b}) {
            c->send_text(std::string(R"({"type":"make_move","data":)") + data + "}");
            auto reply = c->wait_for("error");
            ASSERT_TRUE(reply) << data;
            EXPECT_EQ((*reply)["success"], false);
        }
    }
    a.send_text(R"({"type":"join_room","data":{"playerName":"\ud800","gameType":"tictactoe"}})");
    EXPECT_TRUE(a.wait_for("reconnect_result"));
    EXPECT_EQ(server.http("GET", "/healthz").status, 200);
}

TEST(Limits, RateLimitRefusesTheMessageOverTheBurst) {
    test_server server([](core::config& c) {
        c.limits.messages_per_second = 1;
        c.limits.message_burst = 5;
    });
    ws_test_client c;
    connect_past_welcome(c, server.port());
    for (int i = 0; i < 6; ++i) c.send("get_room_list", json{{"gameType", "tictactoe"}});
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(is_success(c.next(), "room_list_update")) << i;
    EXPECT_TRUE(is_failure(c.next(), "error", "rate limit exceeded", "RATE_LIMITED"));
    EXPECT_TRUE(c.drain(quiet).empty());
    EXPECT_TRUE(c.is_open());
    EXPECT_GE(metric(server, "gameserver_rate_limited_total").value_or(0), 1);
}

TEST(Limits, SustainedFloodClosesWith1008) {
    test_server server([](core::config& c) {
        c.limits.messages_per_second = 1;
        c.limits.message_burst = 5;
        c.limits.rate_limit_close_after = 3;
    });
    ws_test_client c;
    connect_past_welcome(c, server.port());
    for (int i = 0; i < 8; ++i) c.send("get_room_list", json{{"gameType", "tictactoe"}});
    ASSERT_TRUE(c.wait_closed());
    EXPECT_EQ(c.close_code(), 1008);
    ws_test_client later;  // the server itself is fine
    connect_past_welcome(later, server.port());
}

TEST(Limits, ConnectionsPerIp) {
    test_server server([](core::config& c) { c.limits.max_connections_per_ip = 2; });
    auto first = std::make_unique<ws_test_client>();
    ws_test_client second;
    connect_past_welcome(*first, server.port());
    connect_past_welcome(second, server.port());
    EXPECT_EQ(ws_test_client::upgrade_status(server.port(), {}), -1);  // closed at accept
    ws_test_client third;
    EXPECT_ANY_THROW(third.connect(server.port()));

    first->close();
    first.reset();
    EXPECT_TRUE(eventually([&] { return ws_test_client::upgrade_status(server.port(), {}) == 0; }));
}

TEST(Limits, OriginPolicyInProduction) {
    test_server server([](core::config& c) { c.server.stage = "production"; });
    auto status = [&](const char* origin) {
        return ws_test_client::upgrade_status(server.port(), {.origin = std::string(origin)});
    };
    EXPECT_EQ(status("https://evil.com"), 403);
    EXPECT_EQ(status("https://evildrdreo.com"), 403);  // fixed: suffixes match on a dot
    EXPECT_EQ(status("null"), 403);
    EXPECT_EQ(status("https://a.drdreo.com"), 0);
    EXPECT_EQ(status("https://owe-drahn.drdreo.com"), 0);
    EXPECT_EQ(status("https://drdreo.com:8443"), 0);  // fixed: ports are allowed
    EXPECT_EQ(status("http://localhost:4200"), 0);
    EXPECT_EQ(ws_test_client::upgrade_status(server.port(), {}), 0);  // scripts send none
    EXPECT_GE(metric(server, "gameserver_rejections_total").value_or(0), 3);
}

TEST(Limits, DevelopmentStageAcceptsEveryOrigin) {
    test_server server([](core::config& c) { c.server.stage = "development"; });
    for (const char* origin : {"https://evil.com", "null", "https://evildrdreo.com"}) {
        EXPECT_EQ(ws_test_client::upgrade_status(server.port(), {.origin = std::string(origin)}), 0)
            << origin;
    }
}

TEST(Limits, PlainGetOnWsIs400) {
    test_server server;
    auto res = server.http("GET", "/ws");
    EXPECT_EQ(res.status, 400);
}

TEST(Limits, ClientThatStopsReadingIsClosedWhileOthersPlay) {
    test_server server([](core::config& c) {
        c.limits.outbox_bytes = 4096;
        c.limits.messages_per_second = 1e6;
        c.limits.message_burst = 1e6;
    });
    ASSERT_NO_FATAL_FAILURE(add_filler_rooms(server));
    ws_test_client x;
    ws_test_client o;
    connect_past_welcome(x, server.port());
    connect_past_welcome(o, server.port());
    const std::string x_id = x.join("tictactoe", "Ann", std::string("busy"))["data"]["clientId"];
    ASSERT_TRUE(is_success(o.join("tictactoe", "Bob", std::string("busy")), "join_room_result"));
    auto state = x.wait_for("game_state");
    ASSERT_TRUE(state);
    std::string turn = (*state)["data"]["currentTurn"];

    // The slow client sits in a room of its own, then stops reading (small socket buffer).
    ws_test_client slow;
    connect_past_welcome(slow, server.port());
    const std::string slow_id =
        slow.join("testGame", "slow", std::string("slow-room"))["data"]["clientId"];
    const std::string request =
        json{{"type", "get_room_list"}, {"data", {{"gameType", "tictactoe"}}}}.dump();
    auto slow_closed = [&] {
        return metric(server, "gameserver_slow_consumer_disconnects_total").value_or(0) >= 1;
    };
    bool closed = false;
    for (int i = 0; i < 20'000 && !closed; ++i) {
        try {
            slow.send_text(request);
        } catch (const std::exception&) {
            closed = true;  // the server closed it mid-flood
        }
        if (i % 200 == 199) closed = closed || slow_closed();
    }
    // Under a sanitizer on a busy machine, filling the socket buffers takes seconds.
    ASSERT_TRUE(eventually(slow_closed, 20s));
    // Reading again lets the server's Close frame out: 1013, try again later (after the
    // megabytes of replies the socket buffers held, which takes seconds under a sanitizer).
    ASSERT_TRUE(slow.wait_closed(20s));
    EXPECT_EQ(slow.close_code(), 1013);
    EXPECT_TRUE(eventually(
        [&] { return metric(server, "gameserver_connections_open").value_or(-1) == 2; }));

    // The players never noticed and play on.
    const std::pair<int, int> cells[] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    for (const auto& [row, col] : cells) {
        ws_test_client& mover = turn == x_id ? x : o;
        mover.send("make_move", json{{"row", row}, {"col", col}});
        auto seen_x = x.wait_for("game_state");
        auto seen_o = o.wait_for("game_state");
        ASSERT_TRUE(seen_x);
        ASSERT_TRUE(seen_o);
        EXPECT_EQ((*seen_x)["data"], (*seen_o)["data"]);
        turn = (*seen_x)["data"]["currentTurn"];
    }
    EXPECT_TRUE(x.is_open());
    EXPECT_TRUE(o.is_open());

    // The slow client's session was kept: it comes back.
    ASSERT_TRUE(wait_for_session(server, slow_id));
    ws_test_client back;
    connect_past_welcome(back, server.port());
    back.send("reconnect", json{{"clientId", slow_id}});
    EXPECT_TRUE(is_success(back.wait_for("reconnect_result"), "reconnect_result"));
}

// With an outbox too big to fill, only the write timeout catches a peer that stopped reading:
// the write in flight cannot finish, and the server resets the connection.
TEST(Limits, WriteThatCannotFinishDropsTheConnectionAfterTheWriteTimeout) {
    test_server server([](core::config& c) {
        c.limits.outbox_bytes = 256 * 1024 * 1024;
        c.limits.write_timeout = 1s;
        c.limits.idle_timeout = 120s;
        c.limits.messages_per_second = 1e6;
        c.limits.message_burst = 1e6;
    });
    ASSERT_NO_FATAL_FAILURE(add_filler_rooms(server));
    ws_test_client slow;
    slow.connect(server.port(), {.receive_buffer = 4096});
    ASSERT_TRUE(slow.wait_for("welcome"));
    const std::string request =
        json{{"type", "get_room_list"}, {"data", {{"gameType", "tictactoe"}}}}.dump();
    auto dropped = [&] {
        return metric(server, "gameserver_slow_consumer_disconnects_total").value_or(0) >= 1;
    };
    // Replies enough to fill both sockets' buffers (a few MB), far below the outbox limit: the
    // server's write waits, and nothing but the write timeout can end the wait.
    for (int i = 0; i < 4'000; ++i) slow.send_text(request);
    ASSERT_TRUE(eventually(dropped, 15s));
    EXPECT_TRUE(eventually(
        [&] { return metric(server, "gameserver_connections_open").value_or(-1) == 0; }));
    // Reset, not closed: a FIN would wait behind the megabytes its window holds back, and the
    // client would never learn that the server gave up on it.
    EXPECT_TRUE(eventually([&] { return slow.reset_by_peer(); }, 5s));
}

// The write timeout bounds one write, not a connection's life: a client that reads keeps
// receiving for several timeouts in a row.
TEST(Limits, ReadingClientOutlivesManyWriteTimeouts) {
    test_server server([](core::config& c) {
        c.limits.write_timeout = 200ms;
        c.limits.messages_per_second = 1e6;
        c.limits.message_burst = 1e6;
    });
    ws_test_client client;
    connect_past_welcome(client, server.port());
    const auto until = std::chrono::steady_clock::now() + 1500ms;
    int answered = 0;
    while (std::chrono::steady_clock::now() < until) {
        client.send("get_room_list", json{{"gameType", "tictactoe"}});
        ASSERT_TRUE(client.wait_for("room_list_update")) << "after " << answered << " answers";
        ++answered;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(client.is_open());
    EXPECT_EQ(metric(server, "gameserver_slow_consumer_disconnects_total").value_or(0), 0);
}

TEST(Limits, SilentClientIsClosedAfterTheIdleTimeout) {
    test_server server([](core::config& c) { c.limits.idle_timeout = 300ms; });
    ws_test_client silent;
    connect_past_welcome(silent, server.port());
    std::this_thread::sleep_for(700ms);  // not reading: the server's ping goes unanswered
    EXPECT_TRUE(silent.wait_closed(2s));
    EXPECT_TRUE(eventually(
        [&] { return metric(server, "gameserver_connections_open").value_or(-1) == 0; }));
}

TEST(Limits, AnyInboundFrameCountsAsLiveness) {
    test_server server([](core::config& c) { c.limits.idle_timeout = 400ms; });
    ws_test_client talker;
    connect_past_welcome(talker, server.port());
    // Never reads (so never answers a ping) but keeps sending: stays connected.
    for (int i = 0; i < 10; ++i) {
        std::this_thread::sleep_for(100ms);
        talker.send_text("{}");
    }
    EXPECT_EQ(metric(server, "gameserver_connections_open"), 1);
    int replies = 0;
    for (const auto& e : talker.drain(200ms)) {
        if (e["type"] == "error") ++replies;
    }
    EXPECT_EQ(replies, 10);
    EXPECT_TRUE(talker.is_open());
}

TEST(Limits, ReadingClientAnswersPingsAndStays) {
    test_server server([](core::config& c) { c.limits.idle_timeout = 300ms; });
    ws_test_client reader;
    connect_past_welcome(reader, server.port());
    EXPECT_TRUE(reader.drain(900ms).empty());  // reading answers the server's pings
    EXPECT_TRUE(reader.is_open());
    reader.send("get_room_list", json{{"gameType", "tictactoe"}});
    EXPECT_TRUE(is_success(reader.next(), "room_list_update"));
}

TEST(Limits, SilentTcpConnectionIsDroppedAfterTheHandshakeTimeout) {
    test_server server([](core::config& c) { c.limits.handshake_timeout = 200ms; });
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    socket.write_some(boost::asio::buffer(std::string("GET /ws HTTP/1.1\r\n")));  // never ends
    char byte = 0;
    bool ended = false;
    socket.async_read_some(boost::asio::buffer(&byte, 1),
                           [&](boost::system::error_code ec, std::size_t) { ended = bool(ec); });
    ioc.run_for(2s);
    EXPECT_TRUE(ended);
}

TEST(Limits, MaxConnectionsRefusesTheUpgradeWith503) {
    test_server server([](core::config& c) { c.limits.max_connections = 1; });
    ws_test_client first;
    connect_past_welcome(first, server.port());
    EXPECT_EQ(ws_test_client::upgrade_status(server.port(), {}), 503);
}

TEST(Limits, MaxRoomsRefusesNewRooms) {
    test_server server([](core::config& c) { c.limits.max_rooms = 1; });
    ws_test_client a;
    ws_test_client b;
    connect_past_welcome(a, server.port());
    connect_past_welcome(b, server.port());
    ASSERT_TRUE(is_success(a.join("testGame", "a", std::string("only")), "join_room_result"));
    b.send("join_room", json{{"gameType", "testGame"}, {"playerName", "b"}, {"roomId", "two"}});
    auto refused = b.next();
    ASSERT_TRUE(refused);
    EXPECT_EQ((*refused)["type"], "join_room_result");
    EXPECT_EQ((*refused)["success"], false);
    EXPECT_EQ((*refused)["code"], "SERVER_BUSY");
    EXPECT_TRUE(is_success(b.join("testGame", "b", std::string("only")), "join_room_result"));
}

TEST(Limits, DefaultFrameLimitTakesLongTexts) {
    test_server server;
    ws_test_client c;
    connect_past_welcome(c, server.port());
    c.send("get_room_list", json{{"gameType", "tictactoe"}, {"text", std::string(20'000, 'x')}});
    EXPECT_TRUE(is_success(c.next(), "room_list_update"));  // the Go server's 2048 B is gone
}

TEST(Limits, OneActionsEnvelopesArriveInOneArrayFrame) {
    test_server server;
    ws_test_client first;
    connect_past_welcome(first, server.port());
    ASSERT_TRUE(
        is_success(first.join("tictactoe", "Ann", std::string("batch")), "join_room_result"));

    ws_test_client second;
    connect_past_welcome(second, server.port());
    second.send("join_room", json{{"playerName", "Bob"}, {"roomId", "batch"}});
    auto frame = second.read_frame();
    ASSERT_TRUE(frame);
    const json envelopes = json::parse(*frame);
    ASSERT_TRUE(envelopes.is_array());
    EXPECT_EQ(types_of(envelopes.get<std::vector<json>>()),
              (std::vector<std::string>{"game_state", "joined", "join_room_result"}));
    EXPECT_EQ(frame->find('\n'), std::string::npos);

    // The existing member's two events (client_joined, game_state) come as one frame too.
    auto other = first.read_frame();
    ASSERT_TRUE(other);
    EXPECT_EQ(types_of(json::parse(*other).get<std::vector<json>>()),
              (std::vector<std::string>{"client_joined", "game_state"}));
}

}  // namespace
}  // namespace gameserver::testing
