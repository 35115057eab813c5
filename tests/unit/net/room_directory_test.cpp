// The directory writes room_list_update straight from its rooms, by hand for speed: it must be
// byte for byte what the generic encoder writes for the same rooms (escapes included), and list
// one game's rooms only.
#include <gtest/gtest.h>

#include <string>

#include "all_games.hpp"
#include "gameserver/core/config.hpp"
#include "gameserver/core/json_codec.hpp"
#include "gameserver/core/session_store.hpp"
#include "gameserver/core/storage.hpp"
#include "io_pool.hpp"
#include "room_directory.hpp"
#include "room_host.hpp"
#include "server_state.hpp"

namespace gameserver::net {
namespace {

class RoomDirectoryTest : public ::testing::Test {
  protected:
    RoomDirectoryTest()
        : sessions_(core::make_memory_session_store(std::chrono::seconds(60))),
          storage_(core::make_memory_storage()),
          state_(pool_, core::default_config(), registry(), *sessions_, *storage_) {}

    static const core::game_registry& registry() {
        static const core::game_registry games = [] {
            core::game_registry r;
            games::register_all_games(r);
            return r;
        }();
        return games;
    }

    void open(const std::string& id, std::string_view game) {
        const open_result opened =
            open_room(state_, pool_.control(), id, *registry().find(game), sdk::json::object());
        ASSERT_TRUE(opened.created) << id;
    }

    // What the generic encoder writes for the directory's summaries of `game`.
    std::string generic_list(std::string_view game) const {
        sdk::json data = sdk::json::array();
        for (const auto& r : state_.rooms.list(game)) {
            data.push_back(
                {{"roomId", r.id}, {"playerCount", r.member_count}, {"started", r.started}});
        }
        return core::encode_envelope("room_list_update", data);
    }

    io_pool pool_{1};
    std::unique_ptr<core::session_store> sessions_;
    std::unique_ptr<core::storage> storage_;
    server_state state_;
};

TEST_F(RoomDirectoryTest, AnEmptyDirectoryListsNoRooms) {
    EXPECT_EQ(state_.rooms.room_list_update("tictactoe"),
              core::encode_envelope("room_list_update", sdk::json::array()));
}

TEST_F(RoomDirectoryTest, ListsOneGamesRoomsAsTheGenericEncoderWould) {
    open("plain", "tictactoe");
    open("quote\"back\\slash<&>\u2028", "tictactoe");
    open("\xff invalid utf-8", "tictactoe");
    open("other-game", "dicegame");

    const std::string list = state_.rooms.room_list_update("tictactoe");
    EXPECT_EQ(list, generic_list("tictactoe"));
    const sdk::json parsed = sdk::json::parse(list, nullptr, true, false);  // ids keep bad UTF-8
    ASSERT_EQ(parsed.at("data").size(), 3u);
    EXPECT_EQ(list.find("other-game"), std::string::npos);
    EXPECT_EQ(state_.rooms.room_list_update("dicegame"), generic_list("dicegame"));
    EXPECT_EQ(state_.rooms.room_list_update(""), generic_list("")) << "no game: every room";
}

}  // namespace
}  // namespace gameserver::net
