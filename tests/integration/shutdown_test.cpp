// Graceful stop: every WebSocket gets a Close 1001, and stop() reports that all closed in time.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "integration_helpers.hpp"

namespace gameserver::testing {
namespace {

using namespace std::chrono_literals;

TEST(Shutdown, ClosesEveryClientWith1001) {
    auto server = std::make_unique<test_server>();
    const auto port = server->port();
    ws_test_client player;
    ws_test_client subscriber;
    ws_test_client idle;
    connect_past_welcome(player, port);
    connect_past_welcome(subscriber, port, "/ws?game=tictactoe");
    connect_past_welcome(idle, port);
    ASSERT_TRUE(is_success(player.join("tictactoe", "Ann", std::string("s")), "join_room_result"));

    std::atomic<bool> clean{false};
    const auto started = std::chrono::steady_clock::now();
    std::thread stopper([&] { clean = server->stop(); });
    for (ws_test_client* c : {&player, &subscriber, &idle}) {
        EXPECT_TRUE(c->wait_closed());
        EXPECT_EQ(c->close_code(), 1001);
    }
    stopper.join();
    EXPECT_TRUE(clean);
    // The clients answered the close: no connection waited for the forced close.
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);

    ws_test_client late;
    EXPECT_ANY_THROW(late.connect(port));
}

TEST(Shutdown, StopWithoutClientsIsClean) {
    test_server server;
    EXPECT_EQ(server.http("GET", "/readyz").status, 200);
    EXPECT_TRUE(server.stop());
}

}  // namespace
}  // namespace gameserver::testing
