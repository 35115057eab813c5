// gameserverd's configuration: one table of keys drives YAML, the environment, --set, --help and
// --print-config, so a key is declared, documented and checked in exactly one place.
#include "gameserver/core/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace gameserver::core {
namespace {

constexpr std::string_view env_prefix = "GAMESERVER_";

// ---- text helpers -----------------------------------------------------------------------------

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string to_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

[[noreturn]] void fail(const std::string& message) {
    throw config_error(message);
}

// What a node holds, for "got ..." in error messages.
std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return "nothing";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Scalar:
            break;
    }
    return "'" + node.Scalar() + "'";
}

const std::string& scalar_of(const YAML::Node& node, std::string_view expected) {
    if (!node.IsScalar()) fail("expected " + std::string(expected) + ", got " + describe(node));
    return node.Scalar();
}

// ---- durations --------------------------------------------------------------------------------

std::string format_duration(milliseconds value) {
    const auto ms = value.count();
    if (ms == 0) return "0s";
    if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
    if (ms % 1'000 == 0) return std::to_string(ms / 1'000) + "s";
    return std::to_string(ms) + "ms";
}

// ---- value readers: one per C++ type; they throw config_error without the key -----------------

template <class T>
struct tag {};

std::string read_value(const YAML::Node& node, tag<std::string>) {
    if (node.IsNull()) return {};  // `token:` with nothing after it
    return scalar_of(node, "a string");
}

bool read_value(const YAML::Node& node, tag<bool>) {
    const std::string text = to_lower(scalar_of(node, "true or false"));
    if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
    if (text == "false" || text == "no" || text == "off" || text == "0") return false;
    fail("expected true or false, got " + describe(node));
}

template <class Int>
Int read_integer(const YAML::Node& node) {
    constexpr auto lo = std::numeric_limits<Int>::min();
    constexpr auto hi = std::numeric_limits<Int>::max();
    std::string expected = "an integer";
    if constexpr (std::is_unsigned_v<Int>) {
        expected =
            hi <= 65'535 ? "an integer between 0 and " + std::to_string(hi) : "a whole number >= 0";
    }
    const std::string& text = scalar_of(node, expected);
    std::int64_t value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(first, last, value);
    const bool in_range = ec == std::errc{} && ptr == last &&
                          value >= static_cast<std::int64_t>(lo) &&
                          (std::is_unsigned_v<Int> && sizeof(Int) >= sizeof(std::int64_t)
                               ? true
                               : value <= static_cast<std::int64_t>(hi));
    if (!in_range) fail("expected " + expected + ", got " + describe(node));
    return static_cast<Int>(value);
}

std::uint16_t read_value(const YAML::Node& node, tag<std::uint16_t>) {
    return read_integer<std::uint16_t>(node);
}
int read_value(const YAML::Node& node, tag<int>) {
    return read_integer<int>(node);
}
std::size_t read_value(const YAML::Node& node, tag<std::size_t>) {
    return read_integer<std::size_t>(node);
}

double read_value(const YAML::Node& node, tag<double>) {
    const std::string& text = scalar_of(node, "a number");
    double value = 0;
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), last, value);
    if (ec != std::errc{} || ptr != last || !std::isfinite(value)) {
        fail("expected a number, got " + describe(node));
    }
    return value;
}

milliseconds read_value(const YAML::Node& node, tag<milliseconds>) {
    return parse_duration(scalar_of(node, "a duration like 30s"));
}

std::chrono::seconds read_value(const YAML::Node& node, tag<std::chrono::seconds>) {
    const milliseconds ms = parse_duration(scalar_of(node, "a duration like 900s"));
    if (ms.count() % 1'000 != 0) fail("must be a whole number of seconds, got " + describe(node));
    return std::chrono::duration_cast<std::chrono::seconds>(ms);
}

std::vector<std::string> read_value(const YAML::Node& node, tag<std::vector<std::string>>) {
    if (node.IsNull()) return {};
    if (!node.IsSequence()) fail("expected a list, got " + describe(node));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const YAML::Node item = node[i];
        if (!item.IsScalar()) {
            fail("item " + std::to_string(i) + ": expected a string, got " + describe(item));
        }
        out.push_back(item.Scalar());
    }
    return out;
}

// ---- value writers: the text --print-config and --help show ------------------------------------

std::string format_value(const std::string& value) {
    return value;
}
std::string format_value(bool value) {
    return value ? "true" : "false";
}
std::string format_value(std::uint16_t value) {
    return std::to_string(value);
}
std::string format_value(int value) {
    return std::to_string(value);
}
std::string format_value(std::size_t value) {
    return std::to_string(value);
}
std::string format_value(double value) {
    char buffer[64];
    const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, ptr) : std::to_string(value);
}
std::string format_value(milliseconds value) {
    return format_duration(value);
}
std::string format_value(std::chrono::seconds value) {
    return std::to_string(value.count()) + "s";
}
// Comma-separated, as the environment and --set take a list.
std::string format_value(const std::vector<std::string>& value) {
    return join(value, ",");
}

template <class T>
void emit_value(YAML::Emitter& out, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
        out << YAML::DoubleQuoted << value;  // a token like "null" or "123" stays a string
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        out << YAML::Flow << YAML::BeginSeq;
        for (const auto& item : value) out << YAML::DoubleQuoted << item;
        out << YAML::EndSeq;
    } else {
        out << format_value(value);
    }
}

// ---- per-key checks: they throw config_error without the key -----------------------------------

template <class T>
using check_fn = std::function<void(const T&)>;

template <class T>
check_fn<T> at_least(T minimum) {
    return [minimum](const T& value) {
        if (value >= minimum) return;
        if (std::is_integral_v<T> && minimum == 1) fail("must be > 0, got " + format_value(value));
        fail("must be >= " + format_value(minimum) + ", got " + format_value(value));
    };
}

template <class Duration>
check_fn<Duration> positive_duration() {
    return [](const Duration& value) {
        if (value.count() <= 0) fail("must be longer than 0, got " + format_value(value));
    };
}

check_fn<double> positive_number() {
    return [](const double& value) {
        if (!(value > 0)) fail("must be > 0, got " + format_value(value));
    };
}

check_fn<std::string> one_of(std::vector<std::string> allowed) {
    return [allowed = std::move(allowed)](const std::string& value) {
        if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
            fail("must be one of " + join(allowed, ", ") + "; got '" + value + "'");
        }
    };
}

check_fn<std::string> non_empty() {
    return [](const std::string& value) {
        if (trim(value).empty()) fail("must not be empty");
    };
}

bool is_host_name(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {  // IPv6 literal
        host = host.substr(1, host.size() - 2);
        return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
        });
    }
    if (host.empty() || host.front() == '.' || host.back() == '.') return false;
    if (host.find("..") != std::string_view::npos) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
    });
}

// A typo here would quietly serve 404s for every page: refuse it at start-up instead.
void check_web_dir(const std::string& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) fail("not a directory: '" + dir + "'");
}

void check_origins(const std::vector<std::string>& allowed) {
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        const std::string& entry = allowed[i];
        const std::string where = "item " + std::to_string(i) + ": ";
        if (entry == "*") {
            fail(where +
                 "'*' is not a host name; set server.stage to development to accept "
                 "every Origin");
        }
        if (entry.find("://") != std::string::npos) {
            fail(where + "expected a host name without a scheme, got '" + entry + "'");
        }
        const std::string_view host =
            entry.starts_with("*.") ? std::string_view(entry).substr(2) : std::string_view(entry);
        if (!is_host_name(host)) {
            fail(where + "expected a host name (no port) or *.suffix, got '" + entry + "'");
        }
    }
}

// ---- the key table --------------------------------------------------------------------------

struct key_spec {
    std::string key;      // "server.port"
    std::string section;  // "server"
    std::string name;     // "port"
    std::string env_var;  // "GAMESERVER_SERVER_PORT"
    std::string description;
    bool is_list = false;
    bool secret = false;
    // Each throws config_error whose message does not yet name the key.
    std::function<void(config&, const YAML::Node&)> read;
    std::function<void(const config&)> check;
    std::function<void(YAML::Emitter&, const config&)> emit;
    std::function<std::string(const config&)> text;
};

class key_table {
  public:
    template <class Section, class T>
    void add(std::string section, Section config::*sec, std::string name, T Section::*field,
             std::string description, check_fn<T> check = {}) {
        key_spec spec;
        spec.key = section + "." + name;
        spec.env_var = std::string(env_prefix) + to_upper(section) + "_" + to_upper(name);
        spec.section = std::move(section);
        spec.name = std::move(name);
        spec.description = std::move(description);
        spec.is_list = std::is_same_v<T, std::vector<std::string>>;
        spec.read = [sec, field](config& cfg, const YAML::Node& node) {
            cfg.*sec.*field = read_value(node, tag<T>{});
        };
        spec.check = [sec, field, check = std::move(check)](const config& cfg) {
            if (check) check(cfg.*sec.*field);
        };
        spec.emit = [sec, field](YAML::Emitter& out, const config& cfg) {
            emit_value(out, cfg.*sec.*field);
        };
        spec.text = [sec, field](const config& cfg) { return format_value(cfg.*sec.*field); };
        keys_.push_back(std::move(spec));
    }

    key_spec& last() { return keys_.back(); }
    const std::vector<key_spec>& keys() const { return keys_; }

  private:
    std::vector<key_spec> keys_;
};

// Every key, documented beside the code that reads it. The order is that of the YAML file.
const std::vector<key_spec>& keys() {
    static const key_table table = [] {
        key_table t;
        using std::chrono::seconds;
        // server
        t.add("server", &config::server, "host", &server_config::host,
              "Address to listen on; 0.0.0.0 listens on every IPv4 interface.", non_empty());
        t.add("server", &config::server, "port", &server_config::port,
              "TCP port for WebSocket (/ws) and HTTP; 0 picks any free port (tests). The PORT "
              "environment variable also sets it.");
        t.add("server", &config::server, "threads", &server_config::threads,
              "Threads running network I/O and rooms; 0 means one per CPU core.",
              check_fn<int>([](const int& value) {
                  if (value < 0 || value > 1024) {
                      fail("must be between 0 and 1024 (0: one per core), got " +
                           std::to_string(value));
                  }
              }));
        t.add("server", &config::server, "follow_rooms", &server_config::follow_rooms,
              "A connection moves to the event loop (thread) of the room it plays in, so a "
              "room's traffic needs no hop between threads; false keeps each connection on the "
              "loop that accepted it.");
        t.add("server", &config::server, "stage", &server_config::stage,
              "Deployment stage, any name; \"development\" accepts every Origin, like the Go "
              "server. The STAGE environment variable also sets it.");
        t.add("server", &config::server, "data_dir", &server_config::data_dir,
              "Directory for the SQLite database (storage.backend sqlite); created if missing.",
              non_empty());
        t.add("server", &config::server, "shutdown_timeout", &server_config::shutdown_timeout,
              "On SIGTERM/SIGINT, how long to wait for clients to close and storage to flush "
              "before exiting anyway (duration).",
              positive_duration<milliseconds>());
        t.add("server", &config::server, "memory_release_interval",
              &server_config::memory_release_interval,
              "How often each event loop hands the memory its allocator keeps cached for its "
              "thread back (jemalloc's thread cache; nothing with glibc's malloc), so the "
              "server shrinks after a load peak (duration; 0 never).");
        // origins
        t.add("origins", &config::origins, "allowed", &origin_config::allowed,
              "Browser Origins accepted on /ws: host names, or *.suffix matching subdomains on a "
              "dot boundary; any scheme and port. Ignored when server.stage is development. In "
              "the environment and --set: comma-separated.",
              check_fn<std::vector<std::string>>(check_origins));
        t.add("origins", &config::origins, "allow_missing", &origin_config::allow_missing,
              "Accept connections that send no Origin header (bots, scripts; browsers always "
              "send one).");
        // limits
        t.add("limits", &config::limits, "max_frame_bytes", &limits_config::max_frame_bytes,
              "Largest inbound WebSocket message in bytes; a bigger one closes the connection "
              "with 1009.",
              at_least<std::size_t>(1));
        t.add("limits", &config::limits, "max_json_depth", &limits_config::max_json_depth,
              "Deepest nesting of JSON arrays/objects accepted in an inbound message.",
              at_least<std::size_t>(1));
        t.add("limits", &config::limits, "messages_per_second", &limits_config::messages_per_second,
              "Per-connection rate limit: token-bucket refill rate in messages per second.",
              positive_number());
        t.add("limits", &config::limits, "message_burst", &limits_config::message_burst,
              "Per-connection rate limit: bucket size, the burst of messages allowed at once.",
              at_least<double>(1));
        t.add("limits", &config::limits, "rate_limit_close_after",
              &limits_config::rate_limit_close_after,
              "Consecutive rate-limited messages after which the connection is closed with 1008.",
              at_least<int>(1));
        t.add("limits", &config::limits, "max_connections", &limits_config::max_connections,
              "Most WebSocket connections open at once; more are refused.",
              at_least<std::size_t>(1));
        t.add("limits", &config::limits, "max_connections_per_ip",
              &limits_config::max_connections_per_ip,
              "Most WebSocket connections open at once from one IP address.",
              at_least<std::size_t>(1));
        t.add("limits", &config::limits, "handshake_timeout", &limits_config::handshake_timeout,
              "Time allowed for the HTTP request / WebSocket upgrade to arrive (duration).",
              positive_duration<milliseconds>());
        t.add("limits", &config::limits, "idle_timeout", &limits_config::idle_timeout,
              "A connection with no inbound frame for this long is closed; a ping goes out at "
              "half of it and any frame counts as alive (duration).",
              positive_duration<milliseconds>());
        t.add("limits", &config::limits, "write_timeout", &limits_config::write_timeout,
              "A write that does not complete within this time closes the connection (duration).",
              positive_duration<milliseconds>());
        t.add("limits", &config::limits, "outbox_bytes", &limits_config::outbox_bytes,
              "Bytes queued for one slow client; past this it is closed with 1013 and counted.",
              at_least<std::size_t>(1));
        t.add("limits", &config::limits, "max_rooms", &limits_config::max_rooms,
              "Most rooms open at once; creating another fails with an error.",
              at_least<std::size_t>(1));
        // rooms
        t.add("rooms", &config::rooms, "close_grace", &rooms_config::close_grace,
              "How long an empty room stays open for its players to come back (duration; 0 "
              "closes at once).");
        t.add("rooms", &config::rooms, "bots_only_limit", &rooms_config::bots_only_limit,
              "How long bots alone may play on in a room with no humans before it closes even "
              "mid-game (duration).",
              positive_duration<milliseconds>());
        // sessions
        t.add("sessions", &config::sessions, "ttl", &sessions_config::ttl,
              "How long a disconnected client's session (room, symbol) is kept for a reconnect "
              "(duration, whole seconds).",
              positive_duration<seconds>());
        t.add("sessions", &config::sessions, "purge_interval", &sessions_config::purge_interval,
              "How often expired sessions are purged (duration).",
              positive_duration<milliseconds>());
        t.add("sessions", &config::sessions, "require_token", &sessions_config::require_token,
              "Reconnecting needs the reconnectToken as well as the clientId (false accepts the "
              "clientId alone, like the Go server).");
        // admin
        t.add("admin", &config::admin, "token", &admin_config::token,
              "Bearer token for the /api/v1 admin routes; empty disables them (403). Prefer "
              "GAMESERVER_ADMIN_TOKEN to writing it in a file; --print-config shows ***.");
        t.last().secret = true;
        // log
        t.add("log", &config::log, "level", &log_config::level,
              "Least severe log level written: trace, debug, info, warn, error, critical or off.",
              one_of({"trace", "debug", "info", "warn", "error", "critical", "off"}));
        t.add("log", &config::log, "format", &log_config::format,
              "Log line format: text, or json (one object per line).", one_of({"text", "json"}));
        // storage
        t.add("storage", &config::storage, "backend", &storage_config::backend,
              "Where finished games are recorded: sqlite (a file in server.data_dir) or memory "
              "(lost at exit).",
              one_of({"sqlite", "memory"}));
        t.add("storage", &config::storage, "memory_records", &storage_config::memory_records,
              "With the memory backend: how many of the newest records of each kind (finished "
              "games) are kept; older ones are dropped, so the server does not grow with every "
              "game it played.",
              at_least<std::size_t>(1));
        t.add("storage", &config::storage, "commit_delay", &storage_config::commit_delay,
              "With the sqlite backend: how long the writer gathers further writes before it "
              "commits them in one transaction, rather than one transaction per finished game "
              "(duration; 0 commits at once). Reads and shutdown do not wait for it.");
        // bots
        t.add("bots", &config::bots, "think_min", &bots_config::think_min,
              "Shortest think delay of a bot before it moves (duration; <= bots.think_max).");
        t.add("bots", &config::bots, "think_max", &bots_config::think_max,
              "Longest think delay of a bot; the delay is drawn between think_min and this "
              "(duration).");
        // web
        t.add("web", &config::web, "enabled", &web_config::enabled,
              "Serve the browser lobby: the pages under /ui/, and GET / answers the lobby to a "
              "browser (Accept: text/html). false: no /ui/, and / is JSON for everyone.");
        t.add("web", &config::web, "dir", &web_config::dir,
              "Directory to serve the /ui/ pages from instead of the copies built into the "
              "binary (for editing pages without rebuilding); empty: the built-in ones.",
              check_fn<std::string>(check_web_dir));
        return t;
    }();
    return table.keys();
}

const key_spec* find_key(std::string_view key) {
    for (const auto& spec : keys()) {
        if (spec.key == key) return &spec;
    }
    return nullptr;
}

std::vector<std::string> sections() {
    std::vector<std::string> out;
    for (const auto& spec : keys()) {
        if (out.empty() || out.back() != spec.section) out.push_back(spec.section);
    }
    return out;
}

std::vector<std::string> names_in(std::string_view section) {
    std::vector<std::string> out;
    for (const auto& spec : keys()) {
        if (spec.section == section) out.push_back(spec.name);
    }
    return out;
}

std::string unknown_key_message(std::string_view key) {
    const auto dot = key.find('.');
    const std::string section(key.substr(0, dot));
    const auto known_sections = sections();
    if (std::find(known_sections.begin(), known_sections.end(), section) == known_sections.end()) {
        return std::string(key) + ": unknown key (sections: " + join(known_sections, ", ") + ")";
    }
    return std::string(key) + ": unknown key (keys in " + section + ": " +
           join(names_in(section), ", ") + ")";
}

// Reads and checks one key; errors name the key.
void apply_node(config& cfg, const key_spec& spec, const YAML::Node& node) {
    try {
        spec.read(cfg, node);
        spec.check(cfg);
    } catch (const config_error& e) {
        throw config_error(spec.key + ": " + e.what());
    }
}

std::string at_line(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {};
    return " (line " + std::to_string(mark.line + 1) + ")";
}

}  // namespace

// ---- public API -------------------------------------------------------------------------------

config default_config() {
    return config{};
}

milliseconds parse_duration(const std::string& text) {
    const std::string_view input = trim(text);
    const auto bad = [&text]() -> config_error {
        return config_error(
            "expected a duration like 500ms, 30s, 5m, 1h or a whole number of "
            "milliseconds, got '" +
            text + "'");
    };
    if (input.empty()) throw bad();
    constexpr std::int64_t max_ms = std::numeric_limits<std::int64_t>::max() / 2;
    std::int64_t total = 0;
    std::string_view rest = input;
    bool bare_number = true;
    while (!rest.empty()) {
        std::int64_t amount = 0;
        const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
        if (ec == std::errc::result_out_of_range) throw config_error("duration too long: " + text);
        if (ec != std::errc{} || amount < 0 || ptr == rest.data()) throw bad();
        rest.remove_prefix(static_cast<std::size_t>(ptr - rest.data()));
        std::int64_t unit = 1;
        if (rest.starts_with("ms")) {
            rest.remove_prefix(2);
        } else if (rest.starts_with("s")) {
            unit = 1'000;
            rest.remove_prefix(1);
        } else if (rest.starts_with("m")) {
            unit = 60'000;
            rest.remove_prefix(1);
        } else if (rest.starts_with("h")) {
            unit = 3'600'000;
            rest.remove_prefix(1);
        } else if (!rest.empty() || !bare_number || total != 0) {
            throw bad();  // "10x", or a bare number after a unit ("1m30")
        }
        if (unit != 1 || !rest.empty() || total != 0) bare_number = false;
        if (amount > (max_ms - total) / unit) throw config_error("duration too long: " + text);
        total += amount * unit;
    }
    return milliseconds{total};
}

config apply_yaml(config base, const std::string& yaml_text) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::ParserException& e) {
        throw config_error("YAML syntax error at line " + std::to_string(e.mark.line + 1) +
                           ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
    if (root.IsNull()) return base;  // an empty file changes nothing
    if (!root.IsMap()) {
        throw config_error(
            "expected a map of sections (server:, limits:, ...) at the top "
            "level, got " +
            describe(root));
    }
    std::set<std::string> seen;
    for (const auto& section_entry : root) {
        const YAML::Node& section_key = section_entry.first;
        const std::string section = section_key.Scalar();
        const auto known_sections = sections();
        if (std::find(known_sections.begin(), known_sections.end(), section) ==
            known_sections.end()) {
            throw config_error(unknown_key_message(section) + at_line(section_key));
        }
        if (!seen.insert(section).second) {
            throw config_error(section + ": duplicate section" + at_line(section_key));
        }
        const YAML::Node& body = section_entry.second;
        if (body.IsNull()) continue;  // `admin:` with nothing under it
        if (!body.IsMap()) {
            throw config_error(section + ": expected a map of keys, got " + describe(body) +
                               at_line(section_key));
        }
        for (const auto& entry : body) {
            const std::string key = section + "." + entry.first.Scalar();
            const key_spec* spec = find_key(key);
            if (spec == nullptr)
                throw config_error(unknown_key_message(key) + at_line(entry.first));
            if (!seen.insert(key).second) {
                throw config_error(key + ": duplicate key" + at_line(entry.first));
            }
            try {
                apply_node(base, *spec, entry.second);
            } catch (const config_error& e) {
                throw config_error(e.what() + at_line(entry.first));
            }
        }
    }
    return base;
}

config load_yaml_file(config base, const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw config_error("cannot read config file '" + path + "': it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw config_error("cannot read config file '" + path + "': " + std::strerror(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return apply_yaml(std::move(base), text.str());
    } catch (const config_error& e) {
        throw config_error(path + ": " + e.what());
    }
}

config apply_setting(config base, const std::string& key, const std::string& value) {
    const key_spec* spec = find_key(key);
    if (spec == nullptr) {
        if (key.find('.') == std::string::npos) {
            throw config_error(key + ": unknown key; keys are section.name, e.g. server.port");
        }
        throw config_error(unknown_key_message(key));
    }
    YAML::Node node;
    if (spec->is_list) {
        const std::string_view text = trim(value);
        if (text.starts_with("[")) {
            try {
                node = YAML::Load(std::string(text));
            } catch (const YAML::ParserException& e) {
                throw config_error(key + ": bad list '" + value + "': " + e.msg);
            }
        } else {
            node = YAML::Node(YAML::NodeType::Sequence);
            std::string_view rest = text;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string_view item = trim(rest.substr(0, comma));
                if (!item.empty()) node.push_back(std::string(item));
                if (comma == std::string_view::npos) break;
                rest.remove_prefix(comma + 1);
            }
        }
    } else {
        node = YAML::Node(value);
    }
    apply_node(base, *spec, node);
    return base;
}

config apply_environment(config base, const std::map<std::string, std::string>& env) {
    // PORT and STAGE first, so the more specific GAMESERVER_SERVER_* win over them. An empty
    // variable counts as unset (the Go server picked a random port on an empty PORT; we do not).
    if (const auto it = env.find("PORT"); it != env.end() && !trim(it->second).empty()) {
        const std::string text(trim(it->second));
        int port = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
        if (ec != std::errc{} || ptr != text.data() + text.size() || port < 1 || port > 65'535) {
            throw config_error("PORT: expected a port number between 1 and 65535, got '" +
                               it->second + "'");
        }
        base.server.port = static_cast<std::uint16_t>(port);
    }
    if (const auto it = env.find("STAGE"); it != env.end() && !it->second.empty()) {
        base.server.stage = it->second;
    }
    for (const auto& [name, value] : env) {
        if (!name.starts_with(env_prefix)) continue;
        const key_spec* spec = nullptr;
        for (const auto& candidate : keys()) {
            if (candidate.env_var == name) spec = &candidate;
        }
        if (spec == nullptr) {
            throw config_error(name +
                               ": unknown environment variable; GAMESERVER_<SECTION>_<KEY> must "
                               "name a config key (see gameserverd --help)");
        }
        if (value.empty()) continue;
        try {
            base = apply_setting(std::move(base), spec->key, value);
        } catch (const config_error& e) {
            throw config_error(name + ": " + e.what());
        }
    }
    return base;
}

void validate(const config& cfg) {
    for (const auto& spec : keys()) {
        try {
            spec.check(cfg);
        } catch (const config_error& e) {
            throw config_error(spec.key + ": " + e.what());
        }
    }
    if (cfg.bots.think_min > cfg.bots.think_max) {
        throw config_error("bots.think_min: must be <= bots.think_max (" +
                           format_duration(cfg.bots.think_min) + " > " +
                           format_duration(cfg.bots.think_max) + ")");
    }
}

std::string to_yaml(const config& cfg, bool show_secrets) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    std::string open_section;
    for (const auto& spec : keys()) {
        if (spec.section != open_section) {
            if (!open_section.empty()) out << YAML::EndMap;
            out << YAML::Key << spec.section << YAML::Value << YAML::BeginMap;
            open_section = spec.section;
        }
        out << YAML::Key << spec.name << YAML::Value;
        if (spec.secret && !show_secrets && !spec.text(cfg).empty()) {
            out << YAML::DoubleQuoted << "***";
        } else {
            spec.emit(out, cfg);
        }
    }
    if (!open_section.empty()) out << YAML::EndMap;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::vector<config_key_info> config_keys() {
    const config defaults = default_config();
    std::vector<config_key_info> out;
    for (const auto& spec : keys()) {
        out.push_back({spec.key, spec.env_var, spec.text(defaults), spec.description});
    }
    return out;
}

}  // namespace gameserver::core
