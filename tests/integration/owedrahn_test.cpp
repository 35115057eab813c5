// Owe Drahn over sockets with a real SQLite file (SEED-SPEC §6.3 persistence): two players with
// uids hand-shake, ready up and roll until one is out; the finished game is recorded and each
// uid's statistics merged, off the room's strand; a later handshake in another room reads them
// back.
#include <gtest/gtest.h>

#include <string>

#include "gameserver/core/storage.hpp"
#include "integration_helpers.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

struct player {
    ws_test_client ws;
    std::string id;
};

// Joins `room` and shakes hands with `uid`; returns the game_state that answers the handshake.
json join_and_handshake(player& p, test_server& server, const std::string& room,
                        const std::string& name, const std::string& uid) {
    connect_past_welcome(p.ws, server.port());
    auto joined = p.ws.join("owedrahn", name, room);
    EXPECT_TRUE(is_success(joined, "join_room_result"));
    p.id = joined["data"]["clientId"];
    p.ws.drain(50ms);
    p.ws.send("handshake", json{{"uid", uid}});
    // The answer comes once the stats were read: the first state showing us connected.
    for (int i = 0; i < 20; ++i) {
        auto state = p.ws.wait_for("game_state");
        if (!state) break;
        for (const auto& entry : (*state)["data"]["players"]) {
            if (entry["id"] == p.id && entry["connected"] == true) return (*state)["data"];
        }
    }
    ADD_FAILURE() << name << " never saw its handshake answered";
    return json();
}

json me(const json& state, const std::string& id) {
    for (const auto& entry : state["players"]) {
        if (entry["id"] == id) return entry;
    }
    return json();
}

TEST(Owedrahn, FinishedGamesAndStatsAreStoredAndReadBackOnHandshake) {
    temp_dir dir("gameserver-owedrahn");
    test_server server({}, core::make_sqlite_storage(dir.path()));

    player ann, bob;
    const json first = join_and_handshake(ann, server, "od-1", "Ann", "uid-ann");
    EXPECT_EQ(me(first, ann.id)["uid"], "uid-ann");
    EXPECT_TRUE(me(first, ann.id)["stats"].is_null()) << "a new user has no stats yet";
    join_and_handshake(bob, server, "od-1", "Bob", "uid-bob");

    ann.ws.send("ready", true);
    bob.ws.send("ready", true);
    ASSERT_TRUE(ann.ws.wait_for("gameStarted"));

    // Whoever's turn it is rolls, until someone goes above 15.
    json state;
    bool over = false;
    for (int rolls = 0; rolls < 200 && !over; ++rolls) {
        auto next = ann.ws.wait_for("game_state");
        ASSERT_TRUE(next);
        state = (*next)["data"];
        if (state["over"] == true) {
            over = true;
            break;
        }
        const std::string turn = state["currentTurn"];
        if (turn == ann.id) ann.ws.send("roll");
        if (turn == bob.id) bob.ws.send("roll");
    }
    ASSERT_TRUE(over) << state.dump();
    const bool ann_won = me(state, ann.id)["life"].get<int>() > 0;

    // The record and both statistics reach the SQLite file.
    ASSERT_TRUE(eventually([&] { return !server.storage().recent("owedrahn_game", 1).empty(); }));
    server.storage().flush();
    const auto record = server.storage().recent("owedrahn_game", 1).front();
    EXPECT_EQ(record.room_id, "od-1");
    EXPECT_EQ(record.data["players"].size(), 2u);
    EXPECT_FALSE(record.data["rolls"].empty());
    auto ann_stats = server.storage().get_document("owedrahn_stats", "uid-ann");
    ASSERT_TRUE(ann_stats.has_value());
    EXPECT_EQ((*ann_stats)["totalGames"], 1);
    EXPECT_EQ((*ann_stats)["rolledDice"].size(), 6u);

    // A later handshake (another room, another connection) reads them back.
    player again;
    const json later = join_and_handshake(again, server, "od-2", "Ann", "uid-ann");
    const json stats = me(later, again.id)["stats"];
    ASSERT_TRUE(stats.is_object()) << later.dump();
    EXPECT_EQ(stats["totalGames"], 1);
    EXPECT_EQ(stats["wins"], (*ann_stats)["wins"]);
    EXPECT_EQ(stats["wins"], ann_won ? 1 : 0);
    EXPECT_EQ(server.storage().write_failures(), 0u);
}

}  // namespace
}  // namespace gameserver::testing
