// SEED-SPEC §3 and §8.3/§8.4 over sockets: membership events, the close grace (shortened by
// config), a rejoin cancelling the close, stale closes, and concurrent creation.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <memory>
#include <set>
#include <thread>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto quiet = 150ms;

void short_grace(core::config& c) {
    c.rooms.close_grace = 250ms;
}

// Waits until a `?game=` subscriber sees a room list without `room_id`.
bool lobby_drops_room(ws_test_client& lobby, const std::string& room_id) {
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto update = lobby.wait_for("room_list_update", 3s);
        if (!update) return false;
        bool listed = false;
        for (const auto& entry : (*update)["data"]) listed = listed || entry["roomId"] == room_id;
        if (!listed) return true;
    }
    return false;
}

TEST(RoomLifecycle, JoinAndLeaveEventsReachTheOthersOnce) {
    test_server server;
    ws_test_client first;
    ws_test_client second;
    connect_past_welcome(first, server.port());
    connect_past_welcome(second, server.port());
    auto created = first.join("testGame", "first", std::string("members"));
    ASSERT_TRUE(is_success(created, "join_room_result"));
    EXPECT_TRUE(first.drain(quiet).empty());  // the first joiner gets nothing else

    auto joined = second.join("testGame", "second", std::string("members"));
    ASSERT_TRUE(is_success(joined, "join_room_result"));
    const std::string second_id = joined["data"]["clientId"];
    EXPECT_TRUE(second.skipped().empty());
    auto seen = first.drain(quiet);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_TRUE(is_success(seen[0], "client_joined"));
    EXPECT_EQ(seen[0]["data"]["clientId"], second_id);

    auto rooms = json::parse(server.http("GET", "/rooms").body);
    ASSERT_EQ(rooms.size(), 1U);
    EXPECT_EQ(rooms[0]["clientCount"], 2);

    second.send("leave_room");
    EXPECT_TRUE(is_success(second.next(), "leave_room_result"));
    EXPECT_TRUE(second.drain(quiet).empty());
    seen = first.drain(quiet);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_TRUE(is_success(seen[0], "client_left"));
    EXPECT_EQ(seen[0]["data"], json({{"clientId", second_id}}));

    rooms = json::parse(server.http("GET", "/rooms").body);
    ASSERT_EQ(rooms.size(), 1U);
    EXPECT_EQ(rooms[0]["clientCount"], 1);
    // The leaver is in no room any more.
    second.send("leave_room");
    EXPECT_TRUE(
        is_failure(second.next(), "leave_room_result", "client is not in a room", "NOT_IN_ROOM"));
}

TEST(RoomLifecycle, DisconnectTellsTheOthersClientLeft) {
    test_server server;
    ws_test_client stays;
    connect_past_welcome(stays, server.port());
    ASSERT_TRUE(is_success(stays.join("testGame", "a", std::string("drop")), "join_room_result"));
    std::string gone_id;
    {
        ws_test_client goes;
        connect_past_welcome(goes, server.port());
        gone_id = goes.join("testGame", "b", std::string("drop"))["data"]["clientId"];
        goes.drop();
    }
    auto left = stays.wait_for("client_left");
    ASSERT_TRUE(is_success(left, "client_left"));
    EXPECT_EQ((*left)["data"]["clientId"], gone_id);
}

TEST(RoomLifecycle, RoomClosesAfterTheGraceOnceTheLastHumanLeft) {
    test_server server(short_grace);
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=testGame");
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "a", std::string("grace")), "join_room_result"));
    const auto left_at = std::chrono::steady_clock::now();
    client.send("leave_room");
    ASSERT_TRUE(is_success(client.wait_for("leave_room_result"), "leave_room_result"));
    EXPECT_TRUE(room_exists(server, "grace"));  // still there during the grace

    ASSERT_TRUE(lobby_drops_room(lobby, "grace"));
    EXPECT_GE(std::chrono::steady_clock::now() - left_at, 200ms);
    EXPECT_FALSE(room_exists(server, "grace"));
    EXPECT_EQ(server.http("GET", "/rooms").body, "[]");
}

TEST(RoomLifecycle, RejoinDuringTheGraceCancelsTheClose) {
    test_server server(short_grace);
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "a", std::string("back")), "join_room_result"));
    ws_test_client returning;
    connect_past_welcome(returning, server.port());
    client.send("leave_room");
    ASSERT_TRUE(client.wait_for("leave_room_result"));
    ASSERT_TRUE(
        is_success(returning.join("testGame", "b", std::string("back")), "join_room_result"));
    std::this_thread::sleep_for(500ms);  // twice the grace
    EXPECT_TRUE(room_exists(server, "back"));
    returning.send("end_turn");  // still a member: forwarded to the game, no error
    EXPECT_TRUE(returning.drain(quiet).empty());
}

TEST(RoomLifecycle, StaleCloseNeverRemovesARecreatedRoom) {
    test_server server([](core::config& c) {
        c.rooms.close_grace = 250ms;
        c.admin.token = "secret";
    });
    ws_test_client first;
    connect_past_welcome(first, server.port());
    ASSERT_TRUE(is_success(first.join("testGame", "a", std::string("again")), "join_room_result"));
    first.send("leave_room");  // schedules the close of the first room "again"
    ASSERT_TRUE(first.wait_for("leave_room_result"));
    ASSERT_EQ(server.http("DELETE", "/api/v1/rooms/again", {}, "secret").status, 200);

    ws_test_client second;
    connect_past_welcome(second, server.port());
    ASSERT_TRUE(is_success(second.join("testGame", "b", std::string("again")), "join_room_result"));
    std::this_thread::sleep_for(500ms);  // past the first room's grace
    ASSERT_TRUE(room_exists(server, "again"));
    auto detail = json::parse(server.http("GET", "/api/v1/rooms/again").body);
    EXPECT_EQ(detail["playerCount"], 1);
}

TEST(RoomLifecycle, ClosedRoomNameCanBeCreatedAgain) {
    test_server server(short_grace);
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=testGame");
    ws_test_client client;
    connect_past_welcome(client, server.port());
    ASSERT_TRUE(is_success(client.join("testGame", "a", std::string("reuse")), "join_room_result"));
    client.send("leave_room");
    ASSERT_TRUE(client.wait_for("leave_room_result"));
    ASSERT_TRUE(lobby_drops_room(lobby, "reuse"));

    ASSERT_TRUE(is_success(client.join("testGame", "a", std::string("reuse")), "join_room_result"));
    std::this_thread::sleep_for(400ms);
    EXPECT_TRUE(room_exists(server, "reuse"));
}

TEST(RoomLifecycle, TenConcurrentCreatesGiveTenRooms) {
    test_server server;
    constexpr int count = 10;
    std::barrier start(count);
    std::atomic<int> ok{0};
    std::vector<std::unique_ptr<ws_test_client>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<ws_test_client>());
        connect_past_welcome(*clients.back(), server.port());
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto result =
                clients[i]->join("testGame", "p" + std::to_string(i), "room-" + std::to_string(i));
            if (result["success"] == true) ++ok;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, count);
    auto rooms = json::parse(server.http("GET", "/rooms").body);
    ASSERT_EQ(rooms.size(), static_cast<std::size_t>(count));
    std::set<std::string> ids;
    for (const auto& room : rooms) {
        ids.insert(room["id"].get<std::string>());
        EXPECT_EQ(room["clientCount"], 1);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(count));
}

TEST(RoomLifecycle, ConcurrentJoinsOfOneNewNameGiveOneRoom) {
    test_server server;
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=testGame");
    constexpr int count = 8;
    std::barrier start(count);
    std::vector<std::unique_ptr<ws_test_client>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<ws_test_client>());
        connect_past_welcome(*clients.back(), server.port());
    }
    std::vector<std::string> ids(count);
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto result = clients[i]->join("testGame", "p" + std::to_string(i), "shared");
            if (result["success"] == true) ids[i] = result["data"]["clientId"];
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& id : ids) EXPECT_FALSE(id.empty());

    auto rooms = json::parse(server.http("GET", "/rooms").body);
    ASSERT_EQ(rooms.size(), 1U);
    EXPECT_EQ(rooms[0]["id"], "shared");
    EXPECT_EQ(rooms[0]["clientCount"], count);
    auto detail = json::parse(server.http("GET", "/api/v1/rooms/shared").body);
    std::set<std::string> members;
    for (const auto& m : detail["members"]) members.insert(m["clientId"].get<std::string>());
    EXPECT_EQ(members, std::set<std::string>(ids.begin(), ids.end()));

    // Exactly one creation push (playerCount 0) went out for the one room.
    int creations = 0;
    for (const auto& update : lobby.drain(300ms)) {
        if (update["type"] != "room_list_update") continue;
        ASSERT_EQ(update["data"].size(), 1U);
        if (update["data"][0]["playerCount"] == 0) ++creations;
    }
    EXPECT_LE(creations, 1);  // a racing joiner may already count in the creation push
}

TEST(RoomLifecycle, RoomCreatedOverRestClosesAfterTheGraceIfNobodyJoins) {
    test_server server(short_grace);
    ws_test_client lobby;
    connect_past_welcome(lobby, server.port(), "/ws?game=tictactoe");
    ASSERT_EQ(
        server.http("POST", "/api/v1/rooms", R"({"gameType":"tictactoe","roomId":"empty"})").status,
        201);
    ASSERT_TRUE(lobby_drops_room(lobby, "empty"));
    EXPECT_FALSE(room_exists(server, "empty"));
}

// Spectators join, err, leave and drop in a loop while two players play: the room stays
// consistent and the players are never disturbed.
TEST(RoomLifecycle, ChurnAroundAGameInProgress) {
    test_server server;
    ws_test_client x;
    ws_test_client o;
    connect_past_welcome(x, server.port());
    connect_past_welcome(o, server.port());
    const std::string x_id = x.join("tictactoe", "x", std::string("churn"))["data"]["clientId"];
    ASSERT_TRUE(is_success(o.join("tictactoe", "o", std::string("churn")), "join_room_result"));
    auto state = x.wait_for("game_state");
    ASSERT_TRUE(state);
    std::string turn = (*state)["data"]["currentTurn"];

    constexpr int workers = 4;
    constexpr int rounds = 8;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) {
        threads.emplace_back([&, w] {
            for (int r = 0; r < rounds; ++r) {
                try {
                    ws_test_client c;
                    connect_past_welcome(c, server.port(), w % 2 ? "/ws?game=tictactoe" : "/ws");
                    auto joined = c.join("tictactoe", "s", std::string("churn"));
                    if (joined["success"] != true) ++failures;
                    c.send("make_move", json{{"row", 0}, {"col", 0}});
                    if (!c.wait_for("error")) ++failures;
                    if (r % 2) {
                        c.send("leave_room");
                        if (!c.wait_for("leave_room_result")) ++failures;
                    } else {
                        c.drop();
                    }
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        });
    }
    // Meanwhile the players play a few moves.
    const std::pair<int, int> cells[] = {{1, 1}, {2, 2}, {1, 0}, {2, 0}};
    for (const auto& [row, col] : cells) {
        ws_test_client& mover = turn == x_id ? x : o;
        mover.send("make_move", json{{"row", row}, {"col", col}});
        // A spectator's leave also broadcasts the state: wait for the one with the move.
        for (ws_test_client* player : {&x, &o}) {
            std::optional<json> seen;
            do {
                seen = player->wait_for("game_state");
                ASSERT_TRUE(seen);
            } while ((*seen)["data"]["board"][row][col] == "");
            turn = (*seen)["data"]["currentTurn"];
        }
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures, 0);
    EXPECT_TRUE(eventually([&] {
        auto rooms = json::parse(server.http("GET", "/rooms").body);
        return rooms.size() == 1 && rooms[0]["clientCount"] == 2;
    }));
    for (const auto& e : x.skipped()) EXPECT_NE(e["type"], "error") << e.dump();
    for (const auto& e : o.skipped()) EXPECT_NE(e["type"], "error") << e.dump();
}

}  // namespace
}  // namespace gameserver::testing
