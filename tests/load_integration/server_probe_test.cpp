// gameload's server probes against a real server: /metrics scraped before and after some
// WebSocket traffic shows the counters the invariant checks compare move as they should (and
// check_metrics agrees with the client's counts); the admin room list needs the admin token,
// lists a room with its member, and the room is gone after the grace once its member left.
#include "server_probe.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "support/test_server.hpp"
#include "support/ws_test_client.hpp"

namespace gameserver::load {
namespace {

using namespace std::chrono_literals;
using testing::test_server;
using testing::ws_test_client;

std::string ws_url(const test_server& server) {
    return "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws";
}

// Every frame before it was handled (a connection's frames are handled in order) once this
// one's answer arrived.
void sync(ws_test_client& client) {
    client.send("get_room_list", sdk::json{{"gameType", "tictactoe"}});
    ASSERT_TRUE(client.wait_for("room_list_update"));
}

TEST(ServerProbe, MetricsCountersMoveWithTheTraffic) {
    test_server server;
    const metrics_probe before = scrape_metrics(ws_url(server));
    ASSERT_TRUE(before.ok()) << before.error;

    ws_test_client a;
    ws_test_client b;
    a.connect(server.port());
    b.connect(server.port());
    a.join("tictactoe", "alice", "probe-room");
    b.join("tictactoe", "bob", "probe-room");
    a.send("make_move", sdk::json{{"row", 0}, {"col", 0}});  // a game message, legal or not
    a.send_text("not json");
    sync(a);
    sync(b);

    const metrics_probe after = scrape_metrics(ws_url(server));
    ASSERT_TRUE(after.ok()) << after.error;
    auto delta = [&](const std::string& name, const std::map<std::string, std::string>& f = {}) {
        return total(after.samples, name, f) - total(before.samples, name, f);
    };
    EXPECT_EQ(delta("gameserver_connections_total"), 2);
    EXPECT_EQ(delta("gameserver_messages_in_total", {{"type", "join_room"}}), 2);
    EXPECT_EQ(delta("gameserver_messages_in_total", {{"type", "game_message"}}), 1);
    EXPECT_EQ(delta("gameserver_messages_in_total", {{"type", "invalid"}}), 1);
    EXPECT_EQ(delta("gameserver_messages_in_total"), 6);  // + a get_room_list each

    // What the clients counted agrees with the server; one action too many claimed does not.
    client_counts counts;
    counts.handshakes_completed = 2;
    counts.handshakes_started = 2;
    counts.bot_actions = 1;
    counts.frames_sent = 6;
    const check_result agreed = check_metrics(before.samples, after.samples, counts);
    EXPECT_TRUE(agreed.passed()) << agreed.violations.front().detail;
    counts.bot_actions = 3;
    EXPECT_FALSE(check_metrics(before.samples, after.samples, counts).passed());
}

TEST(ServerProbe, UnreachableServerIsAnError) {
    test_server server;
    const std::string url = ws_url(server);
    server.stop();
    const metrics_probe m = scrape_metrics(url);
    EXPECT_FALSE(m.ok());
    EXPECT_FALSE(admin_rooms(url, "t").ok());
    EXPECT_FALSE(scrape_metrics("not a url").ok());
}

TEST(ServerProbe, AdminRoomsNeedTheTokenAndListMembers) {
    test_server server([](core::config& c) {
        c.admin.token = "probe-secret";
        c.rooms.close_grace = 200ms;
    });
    const std::string url = ws_url(server);
    const rooms_probe refused = admin_rooms(url, "wrong");
    EXPECT_FALSE(refused.ok());
    EXPECT_NE(refused.error.find("401"), std::string::npos) << refused.error;

    std::string error;
    EXPECT_EQ(admin_close_grace(url, "probe-secret", error), std::chrono::milliseconds(200))
        << error;

    auto client = std::make_unique<ws_test_client>();
    client->connect(server.port());
    const sdk::json joined = client->join("tictactoe", "alice", "probe-admin");
    const rooms_probe listed = admin_rooms(url, "probe-secret");
    ASSERT_TRUE(listed.ok()) << listed.error;
    ASSERT_EQ(listed.rooms.size(), 1u);
    const room_info& room = listed.rooms[0];
    EXPECT_EQ(room.id, "probe-admin");
    EXPECT_EQ(room.game, "tictactoe");
    ASSERT_EQ(room.members.size(), 1u);
    EXPECT_EQ(room.members[0].client_id, joined["data"].value("clientId", ""));
    EXPECT_EQ(room.members[0].name, "alice");
    EXPECT_FALSE(room.members[0].bot);
    // While its member is connected the room breaks nothing; listed as if every client had
    // left, its member is one without a connection.
    EXPECT_FALSE(check_rooms_after_grace(listed.rooms, 200ms, 10s).passed());

    // The member leaves: a grace later the room is gone, and the check passes on the listing.
    client.reset();
    rooms_probe after;
    for (int i = 0; i < 100; ++i) {  // up to 10 s on a loaded machine
        after = admin_rooms(url, "probe-secret");
        ASSERT_TRUE(after.ok()) << after.error;
        if (after.rooms.empty()) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(after.rooms.empty());
    EXPECT_TRUE(check_rooms_after_grace(after.rooms, 200ms, 10s).passed());
}

TEST(ServerProbe, ParsesTheAdminRoomList) {
    const rooms_probe p = parse_admin_rooms(
        R"({"rooms":[{"roomId":"r1","gameType":"snake","started":true,"ageMs":1500,)"
        R"("members":[{"clientId":"c1","name":"n1","bot":false},{"clientId":"b","name":"x","bot":true}]}]})");
    ASSERT_TRUE(p.ok()) << p.error;
    ASSERT_EQ(p.rooms.size(), 1u);
    EXPECT_EQ(p.rooms[0].age, std::chrono::milliseconds(1500));
    EXPECT_TRUE(p.rooms[0].started);
    ASSERT_EQ(p.rooms[0].members.size(), 2u);
    EXPECT_TRUE(p.rooms[0].members[1].bot);
    EXPECT_FALSE(parse_admin_rooms("[]").ok());
    EXPECT_FALSE(parse_admin_rooms("not json").ok());
}

}  // namespace
}  // namespace gameserver::load
