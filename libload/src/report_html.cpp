#include "gameserver/load/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <iomanip>
#include <sstream>

namespace gameserver::load {

namespace {

// The chart's box, in SVG user units (it scales to the page's width).
constexpr double chart_width = 720;
constexpr double chart_height = 240;
constexpr double margin_left = 64;
constexpr double margin_right = 16;
constexpr double margin_top = 34;
constexpr double margin_bottom = 36;
constexpr int grid_lines = 4;

std::string number(double value, int precision = 1) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(precision) << value;
    return out.str();
}

std::string ms(std::uint64_t us) {
    return number(double(us) / 1000.0, us < 10'000 ? 2 : 1);
}

// The smallest 1, 2 or 5 times a power of ten at or above `value` (an axis that reads well).
double nice_ceiling(double value) {
    if (value <= 0) return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= value) return step * power;
    }
    return 10 * power;
}

std::string cell(const std::string& text) {
    return "<td>" + html_escape(text) + "</td>";
}

std::string cell(std::int64_t value) {
    return "<td class=\"n\">" + std::to_string(value) + "</td>";
}

std::string head_row(std::initializer_list<const char*> names) {
    std::string out = "<tr>";
    for (const char* name : names) out += std::string("<th>") + name + "</th>";
    return out + "</tr>\n";
}

std::vector<chart_series> latency_series(const report& r) {
    chart_series p50{"p50", "#1f77b4", {}};
    chart_series p99{"p99", "#d62728", {}};
    for (const auto& t : r.timeline) {
        if (t.answered_per_second <= 0) continue;  // nothing answered: no latency that second
        const double x = double(t.at.count()) / 1000.0;
        p50.points.emplace_back(x, double(t.p50_us) / 1000.0);
        p99.points.emplace_back(x, double(t.p99_us) / 1000.0);
    }
    return {p50, p99};
}

std::vector<chart_series> throughput_series(const report& r) {
    chart_series sent{"sent", "#2ca02c", {}};
    chart_series answered{"answered", "#9467bd", {}};
    for (const auto& t : r.timeline) {
        const double x = double(t.at.count()) / 1000.0;
        sent.points.emplace_back(x, t.sent_per_second);
        answered.points.emplace_back(x, t.answered_per_second);
    }
    return {sent, answered};
}

std::vector<chart_series> connection_series(const report& r) {
    chart_series open{"open", "#ff7f0e", {}};
    for (const auto& t : r.timeline) {
        open.points.emplace_back(double(t.at.count()) / 1000.0, double(t.open));
    }
    return {open};
}

std::vector<chart_series> server_cpu_series(const report& r) {
    chart_series cpu{"server CPU", "#8c564b", {}};
    for (const auto& t : r.timeline) {
        if (t.server_cpu_percent) {
            cpu.points.emplace_back(double(t.at.count()) / 1000.0, *t.server_cpu_percent);
        }
    }
    return {cpu};
}

std::vector<chart_series> server_rss_series(const report& r) {
    chart_series rss{"server RSS", "#17becf", {}};
    for (const auto& t : r.timeline) {
        if (t.server_rss_kib) {
            rss.points.emplace_back(double(t.at.count()) / 1000.0,
                                    double(*t.server_rss_kib) / 1024.0);
        }
    }
    return {rss};
}

void summary_section(std::ostringstream& out, const report& r) {
    const double seconds = double(r.elapsed.count()) / 1000.0;
    out << "<h1>gameload: " << html_escape(r.scenario) << "</h1>\n"
        << "<p class=\"" << (r.breaches.empty() ? "pass" : "fail")
        << "\">thresholds: " << (r.breaches.empty() ? "passed" : "FAILED") << "</p>\n"
        << "<p>" << r.connections << " connections, " << number(seconds) << " s, " << r.sent
        << " messages sent (" << number(seconds > 0 ? double(r.sent) / seconds : 0.0)
        << "/s), gameload CPU " << number(r.own_cpu_seconds, 2) << " s. Unexpected errors "
        << r.unexpected_errors << " (" << number(r.error_rate() * 100, 3) << "% of sent), desyncs "
        << r.desyncs << ", lost actions " << r.lost_actions << ".</p>\n";
    if (r.server_kills > 0) {
        out << "<p>Server killed " << r.server_kills << " time(s); seats the kills took "
            << "(reported, not counted as errors): " << r.interrupted_by_kill << ".</p>\n";
    }
    if (r.server) {
        const auto& s = *r.server;
        out << "<p>Server: CPU " << number(s.cpu_seconds, 2) << " s ("
            << number(s.system_cpu_seconds, 2) << " s of it in the kernel; "
            << number(r.sent > 0 ? s.cpu_seconds * 1e6 / double(r.sent) : 0.0)
            << " &micro;s per message sent), RSS " << s.rss_start_kib << " &rarr; " << s.rss_end_kib
            << " KiB (peak " << s.rss_peak_kib << " KiB).</p>\n";
    }
}

void behaviour_table(std::ostringstream& out, const report& r) {
    out << "<h2>Behaviours</h2>\n<table>\n"
        << head_row({"behaviour", "game", "conns", "connected", "sent", "games", "reconnects",
                     "expected refusals", "unexpected errors", "cut off (slow reader)",
                     "interrupted by kill", "errors by code"});
    for (const auto& b : r.behaviours) {
        std::string codes;
        for (const auto& [code, n] : b.errors) {
            codes += (codes.empty() ? "" : ", ") + code + " " + std::to_string(n);
        }
        out << "<tr>" << cell(b.behaviour) << cell(b.game) << cell(b.connections)
            << cell(b.connected) << cell(b.sent) << cell(b.games) << cell(b.reconnects)
            << cell(b.expected_refusals) << cell(b.unexpected_errors)
            << cell(b.slow_reader_disconnects) << cell(b.interrupted_by_kill) << cell(codes)
            << "</tr>\n";
    }
    out << "</table>\n";
}

void latency_table(std::ostringstream& out, const report& r) {
    out << "<h2>Latency (ms)</h2>\n<table>\n"
        << head_row({"message type", "count", "p50", "p90", "p99", "p99.9", "max"});
    auto row = [&](const std::string& name, const histogram& h) {
        out << "<tr>" << cell(name) << cell(static_cast<std::int64_t>(h.count()));
        for (const double q : {50.0, 90.0, 99.0, 99.9}) {
            out << "<td class=\"n\">" << ms(h.percentile(q)) << "</td>";
        }
        out << "<td class=\"n\">" << ms(h.max()) << "</td></tr>\n";
    };
    for (const auto& [type, h] : r.latency_us) row(type, h);
    if (r.connect_us.count() > 0) row("(connect)", r.connect_us);
    if (r.slow_reader_cut_us.count() > 0) row("(slow reader cut off after)", r.slow_reader_cut_us);
    out << "</table>\n";
}

void threshold_table(std::ostringstream& out, const report& r) {
    const threshold_spec& t = r.thresholds;
    out << "<h2>Thresholds</h2>\n<table>\n" << head_row({"threshold", "limit", "measured"});
    histogram all;
    for (const auto& [type, h] : r.latency_us) all.merge(h);
    for (const auto& [type, limit] : t.p99) {
        const histogram* h = type == "*" ? &all : nullptr;
        if (auto it = r.latency_us.find(type); it != r.latency_us.end()) h = &it->second;
        const std::string measured =
            h && h->count() > 0 ? ms(h->percentile(99)) + " ms" : std::string("no samples");
        out << "<tr>" << cell("p99 " + type) << cell(std::to_string(limit.count()) + " ms")
            << cell(measured) << "</tr>\n";
    }
    if (t.error_rate) {
        out << "<tr>" << cell("error rate") << cell(number(*t.error_rate * 100, 3) + "%")
            << cell(number(r.error_rate() * 100, 3) + "%") << "</tr>\n";
    }
    if (t.desyncs) {
        out << "<tr>" << cell("desyncs") << cell(*t.desyncs) << cell(r.desyncs) << "</tr>\n";
    }
    if (t.lost_actions) {
        out << "<tr>" << cell("lost actions") << cell(*t.lost_actions) << cell(r.lost_actions)
            << "</tr>\n";
    }
    out << "</table>\n";
    if (r.breaches.empty()) {
        out << "<p class=\"pass\">No threshold broken.</p>\n";
        return;
    }
    out << "<h3>Breaches</h3>\n<ul>\n";
    for (const auto& b : r.breaches) out << "<li>" << html_escape(b) << "</li>\n";
    out << "</ul>\n";
}

// One row per check: its result, its figures (or why it was skipped) and what it found broken.
void invariants_table(std::ostringstream& out, const report& r) {
    if (r.invariants.empty()) return;
    out << "<h2>Invariants</h2>\n<table>\n" << head_row({"check", "result", "details"});
    for (const auto& c : r.invariants) {
        const char* css = c.result == "violated" ? "fail" : c.result == "passed" ? "pass" : "";
        out << "<tr>" << cell(c.check) << "<td class=\"" << css << "\">" << html_escape(c.result)
            << "</td><td>";
        for (const auto& v : c.violations) {
            out << "<div class=\"fail\">" << html_escape(v) << "</div>";
        }
        for (const auto& n : c.notes) out << "<div>" << html_escape(n) << "</div>";
        out << "</td></tr>\n";
    }
    out << "</table>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string svg_line_chart(const std::string& title, const std::string& unit,
                           const std::vector<chart_series>& series) {
    double max_x = 0;
    double max_y = 0;
    bool any = false;
    for (const auto& s : series) {
        for (const auto& [x, y] : s.points) {
            max_x = std::max(max_x, x);
            max_y = std::max(max_y, y);
            any = true;
        }
    }
    max_x = std::max(max_x, 1.0);
    max_y = nice_ceiling(max_y);
    const double plot_w = chart_width - margin_left - margin_right;
    const double plot_h = chart_height - margin_top - margin_bottom;
    auto px = [&](double x) { return margin_left + x / max_x * plot_w; };
    auto py = [&](double y) { return margin_top + plot_h - y / max_y * plot_h; };

    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " << chart_width
        << " " << chart_height << "\" role=\"img\" aria-label=\"" << html_escape(title) << "\">\n"
        << "<text x=\"" << margin_left << "\" y=\"16\" class=\"title\">" << html_escape(title)
        << " (" << html_escape(unit) << ")</text>\n";
    // Legend, right-aligned on the title's line.
    double legend_x = chart_width - margin_right;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        out << "<text x=\"" << number(legend_x) << "\" y=\"16\" text-anchor=\"end\" fill=\""
            << html_escape(it->color) << "\">&#9644; " << html_escape(it->name) << "</text>\n";
        legend_x -= 14.0 + 8.0 * double(it->name.size() + 2);
    }
    // Whole numbers when every grid step is one (0, 25, 50, ...), else decimals (12.5, 0.25).
    const double step = max_y / grid_lines;
    const int label_precision =
        step == std::floor(step) ? 0 : (step * 10 == std::floor(step * 10) ? 1 : 2);
    for (int i = 0; i <= grid_lines; ++i) {
        const double y = max_y * i / grid_lines;
        out << "<line class=\"grid\" x1=\"" << margin_left << "\" x2=\""
            << chart_width - margin_right << "\" y1=\"" << number(py(y)) << "\" y2=\""
            << number(py(y)) << "\"/>\n"
            << "<text x=\"" << margin_left - 6 << "\" y=\"" << number(py(y) + 4)
            << "\" text-anchor=\"end\">" << number(y, label_precision) << "</text>\n";
    }
    for (int i = 0; i <= 5; ++i) {
        const double x = max_x * i / 5;
        out << "<text x=\"" << number(px(x)) << "\" y=\"" << chart_height - margin_bottom + 16
            << "\" text-anchor=\"middle\">" << number(x, max_x < 10 ? 1 : 0) << "</text>\n";
    }
    out << "<text x=\"" << number(margin_left + plot_w / 2) << "\" y=\"" << chart_height - 4
        << "\" text-anchor=\"middle\">seconds</text>\n"
        << "<line class=\"axis\" x1=\"" << margin_left << "\" x2=\"" << margin_left << "\" y1=\""
        << margin_top << "\" y2=\"" << margin_top + plot_h << "\"/>\n"
        << "<line class=\"axis\" x1=\"" << margin_left << "\" x2=\"" << chart_width - margin_right
        << "\" y1=\"" << margin_top + plot_h << "\" y2=\"" << margin_top + plot_h << "\"/>\n";
    for (const auto& s : series) {
        if (s.points.empty()) continue;
        out << "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" << html_escape(s.color)
            << "\" points=\"";
        for (std::size_t i = 0; i < s.points.size(); ++i) {
            out << (i ? " " : "") << number(px(s.points[i].first)) << ","
                << number(py(s.points[i].second));
        }
        out << "\"><title>" << html_escape(s.name) << "</title></polyline>\n";
    }
    if (!any) {
        out << "<text x=\"" << number(margin_left + plot_w / 2) << "\" y=\""
            << number(margin_top + plot_h / 2) << "\" text-anchor=\"middle\">no samples</text>\n";
    }
    out << "</svg>\n";
    return out.str();
}

std::string to_html(const report& r) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<title>gameload: " << html_escape(r.scenario) << "</title>\n"
        << "<style>\n"
        << "body{font-family:sans-serif;margin:1.5em;max-width:980px;color:#222}\n"
        << "table{border-collapse:collapse;margin:.5em 0 1.5em}\n"
        << "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
        << "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
        << ".pass{color:#1a7f37;font-weight:bold}.fail{color:#cf222e;font-weight:bold}\n"
        << "svg.chart{width:100%;height:auto;font-size:11px;margin-bottom:1em}\n"
        << "svg .title{font-weight:bold;font-size:13px}\n"
        << "svg .grid{stroke:#e5e5e5}svg .axis{stroke:#555}\n"
        << "</style>\n</head>\n<body>\n";
    summary_section(out, r);
    out << "<h2>Over time</h2>\n";
    if (r.timeline.empty()) out << "<p>The run was shorter than a sample (1 s).</p>\n";
    out << svg_line_chart("Latency of the requests answered each second", "ms", latency_series(r))
        << svg_line_chart("Throughput", "messages/s", throughput_series(r))
        << svg_line_chart("Connections open", "connections", connection_series(r));
    if (r.server) {
        out << svg_line_chart("Server CPU", "% of one core", server_cpu_series(r))
            << svg_line_chart("Server resident memory", "MiB", server_rss_series(r));
    }
    behaviour_table(out, r);
    latency_table(out, r);
    invariants_table(out, r);
    threshold_table(out, r);
    out << "</body>\n</html>\n";
    return out.str();
}

}  // namespace gameserver::load
