// The engine's timeline: a sample a second for as long as the run lasts, in time order, with its
// per-second counts; here without a server (every connect is refused), so it runs anywhere.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "gameserver/load/engine.hpp"

namespace gameserver::load {
namespace {

// A loopback port nothing listens on: bound, then released.
std::uint16_t closed_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

TEST(Timeline, SamplesEverySecondInTimeOrder) {
    scenario s = parse_scenario(
        "target: {url: ws://127.0.0.1:1/ws}\nconnections: 4\n"
        "ramp_up: 100/s\nduration: 3s\nmix:\n  - {behaviour: idler}\n");
    s.target.url = "ws://127.0.0.1:" + std::to_string(closed_port()) + "/ws";
    engine e(s, [](const std::string&) { return nullptr; });
    const report r = e.run();
    // One a second over 3 s; the last may fall just after the stop.
    EXPECT_GE(r.timeline.size(), 2u);
    EXPECT_LE(r.timeline.size(), 4u);
    std::chrono::milliseconds previous{0};
    std::int64_t errors = 0;
    for (const auto& t : r.timeline) {
        EXPECT_GT(t.at, previous);
        previous = t.at;
        EXPECT_EQ(t.open, 0) << "nothing accepted a connection";
        EXPECT_EQ(t.sent_per_second, 0.0);
        EXPECT_EQ(t.answered_per_second, 0.0);
        EXPECT_FALSE(t.server_cpu_percent.has_value()) << "gameload did not start this server";
        errors += t.errors;
    }
    EXPECT_GT(r.timeline.front().at, std::chrono::milliseconds(500));
    EXPECT_LE(r.timeline.back().at, std::chrono::milliseconds(4'000));
    // Every refused connect is an unexpected error, counted in the second it happened (those
    // after the last sample are in the total only).
    EXPECT_GT(errors, 0);
    EXPECT_LE(errors, r.unexpected_errors);
    EXPECT_EQ(r.to_json()["timeline"].size(), r.timeline.size());
}

}  // namespace
}  // namespace gameserver::load
