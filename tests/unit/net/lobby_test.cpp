// Lobby pushes are marked as superseding (a subscriber's outbox keeps only the newest unsent
// list), while the answer to get_room_list is not (every request gets its own answer).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "gameserver/core/json_codec.hpp"
#include "lobby.hpp"
#include "metrics.hpp"
#include "room_directory.hpp"

namespace gameserver::net {
namespace {

struct recording_link final : core::member_link {
    std::vector<core::outbound> received;
    void deliver(core::outbound_batch batch) override {
        for (auto& m : batch) received.push_back(std::move(m));
    }
    void left_room(const std::string&) override {}
    void kicked(const std::string&, const std::string&) override {}
};

TEST(LobbyTest, PushesSupersedeEachOtherAndAnswersDoNot) {
    room_directory rooms;
    metrics stats;
    lobby lobby(rooms, stats);
    auto subscriber = std::make_shared<recording_link>();
    auto other_game = std::make_shared<recording_link>();
    lobby.subscribe("tictactoe", subscriber);
    lobby.subscribe("dicegame", other_game);

    lobby.push("tictactoe");
    lobby.push("tictactoe");
    ASSERT_EQ(subscriber->received.size(), 2u);
    for (const auto& m : subscriber->received) {
        EXPECT_TRUE(m.room_list);
        EXPECT_FALSE(m.full_state);
        EXPECT_NE(m.payload->find("room_list_update"), std::string::npos);
    }
    EXPECT_TRUE(other_game->received.empty());

    const core::outbound answer = lobby.room_list_update("tictactoe");
    EXPECT_FALSE(answer.room_list);
    EXPECT_EQ(*answer.payload, *subscriber->received.back().payload);
}

// The list is written by hand for speed: it must be byte for byte what the generic encoder
// writes for the same data, escapes included.
TEST(LobbyTest, RoomListEnvelopeMatchesTheGenericEncoder) {
    const std::vector<room_summary> rooms = {
        {"plain", "tictactoe", 2, true},
        {"quote\"back\\slash<&>\u2028", "tictactoe", 0, false},
        {"\xff invalid utf-8", "tictactoe", 17, false},
    };
    sdk::json data = sdk::json::array();
    for (const auto& r : rooms) {
        sdk::json entry = sdk::json::object();
        entry["roomId"] = r.id;
        entry["playerCount"] = r.member_count;
        entry["started"] = r.started;
        data.push_back(std::move(entry));
    }
    EXPECT_EQ(encode_room_list_update(rooms), core::encode_envelope("room_list_update", data));
    EXPECT_EQ(encode_room_list_update({}),
              core::encode_envelope("room_list_update", sdk::json::array()));
}

}  // namespace
}  // namespace gameserver::net
