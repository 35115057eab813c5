// gameload's HTML report: a well-formed page (every element of its structure closed, in order),
// an <svg> per chart whose polylines carry a point per sample with data, every string escaped
// (a scenario named <script> stays text), nothing fetched at view time; and the JSON timeline;
// the invariants in the text, JSON and HTML forms, a violation being a breach.
#include "gameserver/load/report_html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace gameserver::load {
namespace {

using namespace std::chrono_literals;

// Checks that every opened tag is closed in order (void and self-closed elements excepted);
// returns the first problem, or "" when the page is balanced.
std::string unbalanced_tag(const std::string& html) {
    static const std::set<std::string> void_elements{"meta", "br", "hr", "img", "input", "link"};
    std::vector<std::string> open;
    const std::regex tag(R"(<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), tag);
         it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        std::string name = m[2];
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (m[1] == "/") {
            if (open.empty() || open.back() != name) {
                return "</" + name + "> closes " +
                       (open.empty() ? "nothing" : "<" + open.back() + ">");
            }
            open.pop_back();
        } else if (m[3] != "/" && !void_elements.contains(name)) {
            open.push_back(name);
        }
    }
    return open.empty() ? "" : "<" + open.back() + "> never closed";
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The point counts of every polyline in `svg`, in order.
std::vector<std::size_t> polyline_points(const std::string& svg) {
    std::vector<std::size_t> out;
    const std::regex polyline(R"(<polyline[^>]*points="([^"]*)\")");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline);
         it != std::sregex_iterator(); ++it) {
        const std::string points = (*it)[1];
        out.push_back(points.empty() ? 0 : count_of(points, " ") + 1);
    }
    return out;
}

// The <svg>...</svg> elements of a page.
std::vector<std::string> charts(const std::string& html) {
    std::vector<std::string> out;
    for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
        out.push_back(html.substr(at, html.find("</svg>", at) + 6 - at));
    }
    return out;
}

// Six seconds: seconds 2 and 5 answered nothing, second 3 has no server CPU reading (a kill).
report sample_report() {
    report r;
    r.scenario = "<script>alert('x')</script> & co";
    r.elapsed = 6s;
    r.connections = 10;
    r.sent = 600;
    behaviour_report b;
    b.behaviour = "slow_reader";
    b.game = "tic<tac>toe";
    b.connections = 10;
    b.slow_reader_disconnects = 3;
    b.errors["<b>CODE</b>"] = 2;
    r.behaviours.push_back(b);
    r.latency_us["make_move"].record(1'500);
    r.slow_reader_cut_us.record(2'000'000);
    r.server = server_usage{1.5, 1000, 2000, 2500};
    for (int i = 1; i <= 6; ++i) {
        timeline_sample t;
        t.at = std::chrono::milliseconds(i * 1000);
        t.open = 10;
        t.sent_per_second = 100;
        t.answered_per_second = (i == 2 || i == 5) ? 0 : 50;
        t.p50_us = 1'000;
        t.p99_us = 9'000;
        if (i != 3) t.server_cpu_percent = 40;
        t.server_rss_kib = 2000;
        r.timeline.push_back(t);
    }
    threshold_spec limits;
    limits.p99["make_move"] = 1ms;
    limits.error_rate = 0.01;
    r.check(limits);
    return r;
}

TEST(ReportHtml, IsABalancedSelfContainedPage) {
    const std::string html = to_html(sample_report());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(unbalanced_tag(html), "") << html;
    for (const char* fetch : {"<script", "<link", "src=", "@import", "url(", "https:"}) {
        EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
    }
    // The only URL is the SVG namespace, which is a name, not something fetched.
    EXPECT_EQ(count_of(html, "http:"), count_of(html, "<svg"));
}

TEST(ReportHtml, TheCheckerCatchesAnUnclosedTag) {
    EXPECT_NE(unbalanced_tag("<html><body><table><tr><td>x</tr></table></body></html>"), "");
    EXPECT_NE(unbalanced_tag("<html><body>"), "");
    EXPECT_EQ(unbalanced_tag("<html><meta charset=\"utf-8\"><svg><line/></svg></html>"), "");
}

TEST(ReportHtml, DrawsAChartPerSeriesWithAPointPerSample) {
    const auto svgs = charts(to_html(sample_report()));
    // Latency, throughput, connections, and the server's CPU and memory (gameload started it).
    ASSERT_EQ(svgs.size(), 5u);
    using counts = std::vector<std::size_t>;
    EXPECT_EQ(polyline_points(svgs[0]), (counts{4, 4})) << "p50, p99: seconds with answers";
    EXPECT_EQ(polyline_points(svgs[1]), (counts{6, 6})) << "sent, answered";
    EXPECT_EQ(polyline_points(svgs[2]), (counts{6})) << "connections open";
    EXPECT_EQ(polyline_points(svgs[3]), (counts{5})) << "server CPU: no reading in second 3";
    EXPECT_EQ(polyline_points(svgs[4]), (counts{6})) << "server RSS";
}

TEST(ReportHtml, LeavesOutTheServerChartsWhenItDidNotStartTheServer) {
    report r = sample_report();
    r.server.reset();
    EXPECT_EQ(charts(to_html(r)).size(), 3u);
}

TEST(ReportHtml, EscapesEveryStringFromTheRun) {
    const std::string html = to_html(sample_report());
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
              std::string::npos);
    EXPECT_EQ(html.find("<b>CODE"), std::string::npos);
    EXPECT_NE(html.find("&lt;b&gt;CODE&lt;/b&gt; 2"), std::string::npos);
    EXPECT_NE(html.find("tic&lt;tac&gt;toe"), std::string::npos);
    EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"),
              "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(ReportHtml, ShowsTheTablesThresholdsAndBreaches) {
    const std::string html = to_html(sample_report());
    EXPECT_NE(html.find("thresholds: FAILED"), std::string::npos);
    EXPECT_NE(html.find("p99 make_move: 1.50 ms &gt; 1 ms"), std::string::npos) << html;
    EXPECT_NE(html.find("<td>p99 make_move</td><td>1 ms</td><td>1.50 ms</td>"), std::string::npos);
    EXPECT_NE(html.find("(slow reader cut off after)"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"n\">3</td>"), std::string::npos) << "the cuts per behaviour";
}

TEST(SvgLineChart, AnEmptyChartSaysSoAndDrawsNoLine) {
    const std::string svg = svg_line_chart("Latency", "ms", {{"p99", "red", {}}});
    EXPECT_EQ(unbalanced_tag(svg), "");
    EXPECT_TRUE(polyline_points(svg).empty());
    EXPECT_NE(svg.find("no samples"), std::string::npos);
}

TEST(SvgLineChart, PlacesPointsInsideTheBoxInOrder) {
    const std::string svg =
        svg_line_chart("t", "u", {{"a", "red", {{0, 0}, {1, 10}, {2, 5}, {3, 20}}}});
    ASSERT_EQ(polyline_points(svg), (std::vector<std::size_t>{4}));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"(points="([^"]*)\")")));
    std::vector<std::pair<double, double>> points;
    std::istringstream in(m[1].str());
    double x = 0, y = 0;
    char comma = 0;
    while (in >> x >> comma >> y) points.emplace_back(x, y);
    ASSERT_EQ(points.size(), 4u);
    for (std::size_t i = 1; i < points.size(); ++i) EXPECT_GT(points[i].first, points[i - 1].first);
    EXPECT_GT(points[0].second, points[1].second) << "SVG's y grows downwards";
    EXPECT_LT(points[3].second, points[1].second) << "20 is drawn above 10";
    for (const auto& [px, py] : points) {
        EXPECT_GE(px, 0);
        EXPECT_LE(px, 720);
        EXPECT_GE(py, 0);
        EXPECT_LE(py, 240);
    }
}

TEST(ReportJson, CarriesTheTimelineAndTheSlowReaderCuts) {
    const sdk::json j = sample_report().to_json();
    ASSERT_EQ(j["timeline"].size(), 6u);
    EXPECT_EQ(j["timeline"][0]["atMs"], 1000);
    EXPECT_EQ(j["timeline"][1]["answeredPerSecond"], 0.0);
    EXPECT_EQ(j["timeline"][0]["p99Us"], 9000);
    EXPECT_FALSE(j["timeline"][2].contains("serverCpuPercent"));
    EXPECT_EQ(j["timeline"][3]["serverCpuPercent"], 40.0);
    EXPECT_EQ(j["behaviours"][0]["slowReaderDisconnects"], 3);
    EXPECT_EQ(j["slowReaderCutUs"]["count"], 1);
}

}  // namespace
}  // namespace gameserver::load

namespace gameserver::load {
namespace {

report with_invariants() {
    report r;
    r.scenario = "inv";
    r.invariants.push_back({"metrics", "passed", {}, {"the server counted 4 connections"}});
    r.invariants.push_back({"rooms", "violated", {"room <r1> has no members"}, {"1 room(s) open"}});
    r.invariants.push_back({"memory", "skipped", {}, {"not checked: no /proc"}});
    r.check(threshold_spec{});
    return r;
}

// A violated invariant is a breach whatever the thresholds; passed and skipped ones are not.
TEST(ReportInvariants, AViolationIsABreachWithItsDetail) {
    const report r = with_invariants();
    ASSERT_EQ(r.breaches.size(), 1u);
    EXPECT_EQ(r.breaches[0], "invariant rooms: room <r1> has no members");
    report clean = r;
    clean.invariants[1].result = "passed";
    clean.invariants[1].violations.clear();
    clean.check(threshold_spec{});
    EXPECT_TRUE(clean.breaches.empty());
}

TEST(ReportInvariants, AppearInTheTextTheJsonAndTheHtml) {
    const report r = with_invariants();
    const std::string text = r.to_text();
    EXPECT_NE(text.find("metrics  passed: the server counted 4 connections"), std::string::npos)
        << text;
    EXPECT_NE(text.find("rooms    violated: 1 room(s) open"), std::string::npos) << text;
    EXPECT_NE(text.find("VIOLATED: room <r1> has no members"), std::string::npos) << text;
    EXPECT_NE(text.find("memory   skipped: not checked: no /proc"), std::string::npos) << text;
    const sdk::json j = r.to_json()["invariants"];
    EXPECT_EQ(j["checks"]["rooms"], "violated");
    EXPECT_EQ(j["checks"]["memory"], "skipped");
    ASSERT_EQ(j["violations"].size(), 1u);
    EXPECT_EQ(j["violations"][0]["check"], "rooms");
    EXPECT_EQ(j["violations"][0]["detail"], "room <r1> has no members");
    EXPECT_EQ(j["notes"].size(), 3u);
    EXPECT_FALSE(r.to_json()["passed"].get<bool>());
    const std::string html = to_html(r);
    EXPECT_EQ(unbalanced_tag(html), "") << html;
    EXPECT_NE(html.find("<h2>Invariants</h2>"), std::string::npos);
    EXPECT_NE(html.find("room &lt;r1&gt; has no members"), std::string::npos) << html;
    EXPECT_EQ(html.find("<r1>"), std::string::npos) << "escaped";
}

}  // namespace
}  // namespace gameserver::load
