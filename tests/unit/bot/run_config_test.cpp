#include "gameserver/bot/run_config.hpp"

#include <gtest/gtest.h>

#include "gameserver/bot/ws_url.hpp"

namespace gameserver::bot {
namespace {

using std::chrono::milliseconds;

TEST(Durations, Units) {
    EXPECT_EQ(parse_duration("200ms"), milliseconds(200));
    EXPECT_EQ(parse_duration("1s"), milliseconds(1000));
    EXPECT_EQ(parse_duration("60s"), milliseconds(60000));
    EXPECT_EQ(parse_duration("2m"), milliseconds(120000));
    EXPECT_EQ(parse_duration("1h"), milliseconds(3600000));
    EXPECT_EQ(parse_duration("150"), milliseconds(150));
    EXPECT_EQ(parse_duration("0ms"), milliseconds(0));
    for (const char* bad : {"", "ms", "-1s", "1.5s", "1 s", "10x", "s1"}) {
        EXPECT_FALSE(parse_duration(bad)) << bad;
    }
}

TEST(Think, RangeOrSingleValue) {
    auto range = parse_think("200ms..1s");
    ASSERT_TRUE(range);
    EXPECT_EQ(range->low, milliseconds(200));
    EXPECT_EQ(range->high, milliseconds(1000));
    auto single = parse_think("0ms");
    ASSERT_TRUE(single);
    EXPECT_EQ(single->low, milliseconds(0));
    EXPECT_EQ(single->high, milliseconds(0));
    EXPECT_FALSE(parse_think("1s..200ms")) << "high below low";
    EXPECT_FALSE(parse_think("1s.."));
    EXPECT_FALSE(parse_think("..1s"));
    EXPECT_FALSE(parse_think("fast"));
}

TEST(Url, HostPortPathAndQuery) {
    auto ep = parse_ws_url("ws://127.0.0.1:6969/ws?game=tictactoe&x=1");
    ASSERT_TRUE(ep);
    EXPECT_EQ(ep->host, "127.0.0.1");
    EXPECT_EQ(ep->port, "6969");
    EXPECT_EQ(ep->target, "/ws?game=tictactoe&x=1");
}

TEST(Url, DefaultsPortAndPath) {
    auto ep = parse_ws_url("ws://example.org");
    ASSERT_TRUE(ep);
    EXPECT_EQ(ep->host, "example.org");
    EXPECT_EQ(ep->port, "80");
    EXPECT_EQ(ep->target, "/");
}

TEST(Url, Ipv6Literal) {
    auto ep = parse_ws_url("ws://[::1]:7000/ws");
    ASSERT_TRUE(ep);
    EXPECT_EQ(ep->host, "::1");
    EXPECT_EQ(ep->port, "7000");
}

TEST(Url, RefusesOtherSchemesAndGarbage) {
    std::string error;
    EXPECT_FALSE(parse_ws_url("http://localhost/ws", &error));
    EXPECT_NE(error.find("ws://"), std::string::npos) << error;
    EXPECT_FALSE(parse_ws_url("wss://localhost/ws"));
    EXPECT_FALSE(parse_ws_url("not a url", &error));
    EXPECT_FALSE(parse_ws_url("ws:///nohost"));
}

TEST(StaleViewCodes, OnlyRefusalsAStaleViewCanCause) {
    EXPECT_TRUE(stale_view_codes().contains("NOT_YOUR_TURN"));
    EXPECT_FALSE(stale_view_codes().contains("BAD_REQUEST"));
    EXPECT_FALSE(stale_view_codes().contains("RATE_LIMITED"));
    EXPECT_FALSE(stale_view_codes().contains("INTERNAL"));
}

}  // namespace
}  // namespace gameserver::bot
