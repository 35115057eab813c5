// The raw users' room-list scanner: reads the server's encoding of room_list_update (the text
// below is what net::room_directory::room_list_update writes), hands back the rest of a batched
// frame, and declines anything it cannot be sure of, so the caller parses that in full.
#include <gtest/gtest.h>

#include "room_list_scan.hpp"

namespace gameserver::load {
namespace {

TEST(RoomListScan, ReadsEveryRoomOfTheServersEncoding) {
    const auto list =
        scan_room_list_frame(R"([{"type":"room_list_update","success":true,"data":[)"
                             R"({"roomId":"a-1","playerCount":2,"started":true},)"
                             R"({"roomId":"b\"2\\","playerCount":0,"started":false}]}])");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->rooms.size(), 2u);
    EXPECT_EQ(list->rooms[0].id, "a-1");
    EXPECT_EQ(list->rooms[0].members, 2);
    EXPECT_TRUE(list->rooms[0].started);
    EXPECT_EQ(list->rooms[1].id, "b\"2\\");
    EXPECT_EQ(list->rooms[1].members, 0);
    EXPECT_FALSE(list->rooms[1].started);
    EXPECT_TRUE(list->rest.empty());
}

TEST(RoomListScan, ReadsAnEmptyList) {
    const auto list =
        scan_room_list_frame(R"([{"type":"room_list_update","success":true,"data":[]}])");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->rooms.empty());
    EXPECT_TRUE(list->rest.empty());
}

TEST(RoomListScan, HandsBackTheFramesOtherEnvelopes) {
    const auto list = scan_room_list_frame(
        R"([{"type":"room_list_update","success":true,"data":[]},{"type":"client_left"},)"
        R"({"type":"game_state","data":{}}])");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->rest, R"([{"type":"client_left"},{"type":"game_state","data":{}}])");
}

TEST(RoomListScan, DeclinesWhatItCannotBeSureOf) {
    for (const char* text : {
             R"([{"type":"game_state","success":true,"data":[]}])",         // another type
             R"([ {"type":"room_list_update","success":true,"data":[]}])",  // whitespace
             R"({"type":"room_list_update","success":true,"data":[]})",     // not an array
             R"([{"type":"room_list_update","success":true,"data":[]})",    // truncated
             R"([{"type":"room_list_update","success":true,"data":[]}]x)",  // trailing text
             R"([{"type":"room_list_update","success":true,"data":[]},])",  // empty rest
             R"([{"type":"room_list_update","success":true,"data":[)"
             R"({"playerCount":1,"roomId":"a","started":true}]}])",  // key order
             R"([{"type":"room_list_update","success":true,"data":[)"
             R"({"roomId":"a\u0041","playerCount":1,"started":true}]}])",  // \u escape
             R"([{"type":"room_list_update","success":true,"data":[)"
             R"({"roomId":"a","playerCount":x,"started":true}]}])",  // not a number
             R"([{"type":"room_list_update","success":true,"data":[)"
             R"({"roomId":"a","playerCount":1,"started":true},]}])",  // dangling comma
             R"([{"type":"room_list_update","success":true,"data":[)"
             R"({"roomId":"a,"playerCount":1,"started":true}]}])",  // unterminated string
         }) {
        EXPECT_FALSE(scan_room_list_frame(text)) << text;
    }
}

TEST(RoomListScan, PicksTheStartedRoomWithFewestMembers) {
    const std::vector<listed_room> rooms{
        {"waiting", 1, false}, {"busy", 8, true}, {"quiet", 3, true}, {"also-quiet", 3, true}};
    EXPECT_EQ(least_watched_started_room(rooms), "quiet");  // the first of a tie
    EXPECT_EQ(least_watched_started_room({{"waiting", 1, false}}), "");
    EXPECT_EQ(least_watched_started_room({}), "");
}

TEST(RoomListScan, ReadsTheSameRoomsFromAParsedList) {
    const auto data = sdk::json::parse(
        R"([{"roomId":"a","playerCount":2,"started":true},7,{"roomId":"b","playerCount":1,"started":false}])");
    const auto rooms = listed_rooms(data);
    ASSERT_EQ(rooms.size(), 2u);  // the non-object is skipped
    EXPECT_EQ(rooms[0].id, "a");
    EXPECT_EQ(rooms[0].members, 2);
    EXPECT_TRUE(rooms[0].started);
    EXPECT_EQ(rooms[1].id, "b");
    EXPECT_FALSE(rooms[1].started);
    EXPECT_TRUE(listed_rooms(sdk::json()).empty());
}

}  // namespace
}  // namespace gameserver::load
