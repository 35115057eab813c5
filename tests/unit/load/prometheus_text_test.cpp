// The Prometheus text reader behind gameload's /metrics checks: the lines prometheus-cpp writes
// (comments, labels, histogram buckets with +Inf), escaped label values, special values, and
// lines it cannot read, which are skipped without harm.
#include "prometheus_text.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace gameserver::load {
namespace {

// As prometheus-cpp's TextSerializer writes it (the server's /metrics).
constexpr std::string_view k_scrape =
    R"(# HELP gameserver_connections_total WebSocket connections accepted
# TYPE gameserver_connections_total counter
gameserver_connections_total 42
# HELP gameserver_messages_in_total Inbound messages by type
# TYPE gameserver_messages_in_total counter
gameserver_messages_in_total{type="join_room"} 10
gameserver_messages_in_total{type="game_message"} 250
gameserver_messages_in_total{type="invalid"} 3
# TYPE gameserver_message_handling_seconds histogram
gameserver_message_handling_seconds_count 263
gameserver_message_handling_seconds_sum 0.0123
gameserver_message_handling_seconds_bucket{le="0.0001"} 200
gameserver_message_handling_seconds_bucket{le="+Inf"} 263
)";

TEST(PrometheusText, ReadsWhatTheServerWrites) {
    const metrics_text m = parse_prometheus_text(k_scrape);
    EXPECT_EQ(m.skipped_lines, 0u);
    ASSERT_EQ(m.samples.size(), 8u);
    EXPECT_EQ(m.samples[0].name, "gameserver_connections_total");
    EXPECT_TRUE(m.samples[0].labels.empty());
    EXPECT_EQ(m.samples[0].value, 42);
    EXPECT_EQ(m.samples[2].labels.at("type"), "game_message");
    EXPECT_DOUBLE_EQ(m.samples[5].value, 0.0123);
    EXPECT_EQ(m.samples[7].labels.at("le"), "+Inf");
}

TEST(PrometheusText, TotalsByNameAndLabels) {
    const auto samples = parse_prometheus_text(k_scrape).samples;
    EXPECT_EQ(total(samples, "gameserver_messages_in_total"), 263);
    EXPECT_EQ(total(samples, "gameserver_messages_in_total", {{"type", "game_message"}}), 250);
    EXPECT_EQ(total(samples, "gameserver_messages_in_total", {{"type", "nope"}}), 0);
    EXPECT_EQ(total(samples, "gameserver_messages_in_total", {{"code", "x"}}), 0);
    // A name is matched whole: the histogram's _count is not its _sum.
    EXPECT_EQ(total(samples, "gameserver_message_handling_seconds_count"), 263);
    EXPECT_EQ(total(samples, "gameserver_no_such_metric"), 0);
}

TEST(PrometheusText, UnescapesLabelValues) {
    const auto m = parse_prometheus_text(
        "x{a=\"say \\\"hi\\\"\",b=\"back\\\\slash\",c=\"two\\nlines\",d=\"a,b}c\",} 1\n");
    ASSERT_EQ(m.samples.size(), 1u) << m.skipped_lines;
    const auto& labels = m.samples[0].labels;
    EXPECT_EQ(labels.at("a"), "say \"hi\"");
    EXPECT_EQ(labels.at("b"), "back\\slash");
    EXPECT_EQ(labels.at("c"), "two\nlines");
    EXPECT_EQ(labels.at("d"), "a,b}c");
}

TEST(PrometheusText, ReadsSpecialValuesExponentsAndTimestamps) {
    const auto m = parse_prometheus_text(
        "a +Inf\nb -Inf\nc NaN\nd 1.5e3\ne +7\nf 2 1700000000000\ng\t3\r\n  # indented comment\n");
    EXPECT_EQ(m.skipped_lines, 0u);
    ASSERT_EQ(m.samples.size(), 7u);
    EXPECT_TRUE(std::isinf(m.samples[0].value) && m.samples[0].value > 0);
    EXPECT_TRUE(std::isinf(m.samples[1].value) && m.samples[1].value < 0);
    EXPECT_TRUE(std::isnan(m.samples[2].value));
    EXPECT_EQ(m.samples[3].value, 1500);
    EXPECT_EQ(m.samples[4].value, 7);
    EXPECT_EQ(m.samples[5].value, 2);
    EXPECT_EQ(m.samples[6].value, 3);
}

TEST(PrometheusText, SkipsLinesItCannotReadAndKeepsTheRest) {
    const auto m = parse_prometheus_text(
        "good 1\n"
        "no_value\n"
        "bad_value abc\n"
        "9starts_with_a_digit 1\n"
        "unclosed{a=\"x} 1\n"
        "no_equals{a} 1\n"
        "trailing 1 2 3\n"
        "dangling_escape{a=\"x\\\n"
        "also_good{k=\"v\"} 2\n"
        "\n");
    EXPECT_EQ(m.skipped_lines, 7u);
    ASSERT_EQ(m.samples.size(), 2u);
    EXPECT_EQ(m.samples[0].name, "good");
    EXPECT_EQ(m.samples[1].name, "also_good");
    EXPECT_TRUE(parse_prometheus_text("").samples.empty());
}

}  // namespace
}  // namespace gameserver::load
