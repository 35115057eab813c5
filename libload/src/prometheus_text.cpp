#include "prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace gameserver::load {
namespace {

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

// A cursor over one line; every reader leaves it unmoved on failure or returns nullopt.
struct line_reader {
    std::string_view rest;

    void skip_blanks() {
        while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
    }
    bool take(char c) {
        if (rest.empty() || rest.front() != c) return false;
        rest.remove_prefix(1);
        return true;
    }
    std::optional<std::string> name() {
        if (rest.empty() || !is_name_start(rest.front())) return std::nullopt;
        std::size_t n = 1;
        while (n < rest.size() && is_name_char(rest[n])) ++n;
        std::string out(rest.substr(0, n));
        rest.remove_prefix(n);
        return out;
    }
    // A quoted label value with the format's escapes: \\, \" and \n.
    std::optional<std::string> quoted() {
        if (!take('"')) return std::nullopt;
        std::string out;
        while (!rest.empty()) {
            const char c = rest.front();
            rest.remove_prefix(1);
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (rest.empty()) return std::nullopt;
            const char escaped = rest.front();
            rest.remove_prefix(1);
            out += escaped == 'n' ? '\n' : escaped;  // \\ and \" stand for themselves
        }
        return std::nullopt;  // no closing quote
    }
    // `{a="x",b="y"}`, a trailing comma allowed.
    std::optional<std::map<std::string, std::string>> labels() {
        std::map<std::string, std::string> out;
        if (!take('{')) return out;
        for (;;) {
            skip_blanks();
            if (take('}')) return out;
            auto key = name();
            if (!key) return std::nullopt;
            skip_blanks();
            if (!take('=')) return std::nullopt;
            skip_blanks();
            auto value = quoted();
            if (!value) return std::nullopt;
            out[*key] = std::move(*value);
            skip_blanks();
            if (take('}')) return out;
            if (!take(',')) return std::nullopt;
        }
    }
    std::string_view word() {
        std::size_t n = 0;
        while (n < rest.size() && !is_blank(rest[n])) ++n;
        const std::string_view out = rest.substr(0, n);
        rest.remove_prefix(n);
        return out;
    }
};

std::optional<double> parse_value(std::string_view text) {
    if (text == "+Inf" || text == "Inf") return std::numeric_limits<double>::infinity();
    if (text == "-Inf") return -std::numeric_limits<double>::infinity();
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);  // from_chars refuses '+'
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::optional<metric_sample> parse_sample(std::string_view line) {
    line_reader in{line};
    in.skip_blanks();
    auto name = in.name();
    if (!name) return std::nullopt;
    in.skip_blanks();
    auto labels = in.labels();
    if (!labels) return std::nullopt;
    in.skip_blanks();
    const auto value = parse_value(in.word());
    if (!value) return std::nullopt;
    in.skip_blanks();
    const std::string_view timestamp = in.word();  // optional, ignored: we compare scrapes
    std::int64_t ms = 0;
    if (!timestamp.empty() &&
        std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ms).ptr !=
            timestamp.data() + timestamp.size()) {
        return std::nullopt;
    }
    in.skip_blanks();
    if (!in.rest.empty()) return std::nullopt;
    return metric_sample{std::move(*name), std::move(*labels), *value};
}

}  // namespace

metrics_text parse_prometheus_text(std::string_view text) {
    metrics_text out;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;  // HELP, TYPE
        if (auto sample = parse_sample(line)) {
            out.samples.push_back(std::move(*sample));
        } else {
            ++out.skipped_lines;
        }
    }
    return out;
}

double total(const std::vector<metric_sample>& samples, std::string_view name,
             const std::map<std::string, std::string>& filter) {
    double sum = 0;
    for (const auto& s : samples) {
        if (s.name != name) continue;
        bool matches = true;
        for (const auto& [key, value] : filter) {
            const auto it = s.labels.find(key);
            if (it == s.labels.end() || it->second != value) {
                matches = false;
                break;
            }
        }
        if (matches) sum += s.value;
    }
    return sum;
}

}  // namespace gameserver::load
