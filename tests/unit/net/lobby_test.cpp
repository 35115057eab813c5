// Lobby pushes are marked as superseding (a subscriber's outbox keeps only the newest unsent
// list), while the answer to get_room_list is not (every request gets its own answer).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace gameserver::net
