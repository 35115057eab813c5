// Reads the Prometheus text exposition format (what the server's /metrics serves) into samples,
// for gameload's comparison of the server's counters with its own. Written here because
// prometheus-cpp only serializes (it has no parser) and Debian packages no C++ parser of the
// format; the subset the server emits is small: `# HELP`/`# TYPE` comments and sample lines
// `name{label="value",...} value [timestamp]`.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gameserver::load {

struct metric_sample {
    std::string name;  // with its suffix for histograms: x_bucket, x_sum, x_count
    std::map<std::string, std::string> labels;
    double value = 0;  // +Inf, -Inf and NaN are kept as such
};

struct metrics_text {
    std::vector<metric_sample> samples;
    std::size_t skipped_lines = 0;  // lines that were neither comments nor samples
};

// Never throws: a line it cannot read is skipped (and counted), so a format extension the
// server may add one day cannot break a run.
metrics_text parse_prometheus_text(std::string_view text);

// The sum of `name`'s samples whose labels include every pair of `filter` (empty: all of them).
// 0 when none matches.
double total(const std::vector<metric_sample>& samples, std::string_view name,
             const std::map<std::string, std::string>& filter = {});

}  // namespace gameserver::load
