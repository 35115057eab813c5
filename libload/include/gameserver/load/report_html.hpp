// gameload's --report: a run's report as one self-contained HTML page. Inline CSS and SVG charts
// drawn here (latency, throughput, connections and the server's CPU and memory over time) and
// the summary tables; no script, font or anything else fetched when it is viewed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gameserver/load/report.hpp"

namespace gameserver::load {

std::string to_html(const report& r);

// `text` with & < > " ' as entities: every string from a scenario or a server goes through it.
std::string html_escape(std::string_view text);

// One line of a chart: (x, y) points in order of x.
struct chart_series {
    std::string name;
    std::string color;  // a CSS color
    std::vector<std::pair<double, double>> points;
};

// An inline <svg> line chart: one <polyline> per series with a point per (x, y), axes from 0,
// labelled; x in seconds. A series without points draws no line (the chart says "no samples"
// when none has any).
std::string svg_line_chart(const std::string& title, const std::string& unit,
                           const std::vector<chart_series>& series);

}  // namespace gameserver::load
