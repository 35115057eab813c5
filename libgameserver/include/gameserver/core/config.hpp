// gameserverd's configuration: one struct, filled from embedded defaults (equal to
// configs/gameserverd.yaml), then a YAML file, then GAMESERVER_* / PORT / STAGE environment
// variables, then command-line flags. Every key is validated; unknown keys stop start-up.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gameserver::core {

using std::chrono::milliseconds;

struct server_config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6969;
    int threads = 0;                   // 0: one per core
    bool follow_rooms = true;          // a connection moves to the event loop of its room
    std::string stage = "production";  // "development" accepts every Origin
    std::string data_dir = "./data";
    milliseconds shutdown_timeout{10'000};
    milliseconds memory_release_interval{10'000};  // 0: never

    bool operator==(const server_config&) const = default;
};

struct origin_config {
    // Host names, or "*.suffix" matching on a dot boundary; any port is allowed.
    std::vector<std::string> allowed{"localhost", "127.0.0.1", "drdreo.com", "*.drdreo.com"};
    // Non-browser clients (bots, scripts) send no Origin; browsers always do.
    bool allow_missing = true;

    bool operator==(const origin_config&) const = default;
};

struct limits_config {
    std::size_t max_frame_bytes = 65'536;
    std::size_t max_json_depth = 32;
    double messages_per_second = 20;   // token bucket refill rate per connection
    double message_burst = 40;         // bucket size
    int rate_limit_close_after = 100;  // consecutive rate-limited messages before close 1008
    std::size_t max_connections = 20'000;
    std::size_t max_connections_per_ip = 256;
    milliseconds handshake_timeout{10'000};
    milliseconds idle_timeout{60'000};  // a ping goes out at half of it; any frame counts
    milliseconds write_timeout{10'000};
    std::size_t outbox_bytes = 1'048'576;  // past this the connection is closed with 1013
    std::size_t max_rooms = 10'000;

    bool operator==(const limits_config&) const = default;
};

struct rooms_config {
    milliseconds close_grace{30'000};
    milliseconds bots_only_limit{600'000};

    bool operator==(const rooms_config&) const = default;
};

struct sessions_config {
    std::chrono::seconds ttl{900};
    milliseconds purge_interval{300'000};
    bool require_token = false;  // true: reconnect needs {clientId, reconnectToken}

    bool operator==(const sessions_config&) const = default;
};

struct admin_config {
    std::string token;  // empty: admin routes answer 403

    bool operator==(const admin_config&) const = default;
};

struct log_config {
    std::string level = "info";   // trace, debug, info, warn, error, critical, off
    std::string format = "text";  // text or json

    bool operator==(const log_config&) const = default;
};

struct storage_config {
    std::string backend = "sqlite";     // sqlite or memory
    std::size_t memory_records = 1000;  // memory backend: newest records kept per kind
    milliseconds commit_delay{10};      // sqlite backend: how long writes gather per transaction

    bool operator==(const storage_config&) const = default;
};

struct bots_config {
    milliseconds think_min{300};
    milliseconds think_max{1'200};

    bool operator==(const bots_config&) const = default;
};

struct web_config {
    bool enabled = true;  // false: no /ui/ files, and GET / stays JSON for browsers too
    std::string dir;      // empty: the files embedded at build time; else serve this directory

    bool operator==(const web_config&) const = default;
};

struct config {
    server_config server;
    origin_config origins;
    limits_config limits;
    rooms_config rooms;
    sessions_config sessions;
    admin_config admin;
    log_config log;
    storage_config storage;
    bots_config bots;
    web_config web;

    bool operator==(const config&) const = default;
};

// A bad key or value; what() names the key, e.g. "limits.max_frame_bytes: must be > 0".
class config_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The embedded defaults; equal to configs/gameserverd.yaml (a test checks it).
config default_config();
// Applies a YAML document over `base`. Throws config_error on unknown keys or bad values.
config apply_yaml(config base, const std::string& yaml_text);
config load_yaml_file(config base, const std::string& path);
// Applies GAMESERVER_<SECTION>_<KEY> (e.g. GAMESERVER_SERVER_PORT, GAMESERVER_ADMIN_TOKEN),
// plus PORT and STAGE for compatibility with the Go server. Unknown GAMESERVER_* variables are
// an error.
config apply_environment(config base, const std::map<std::string, std::string>& env);
// Checks cross-field rules; throws config_error.
void validate(const config& cfg);
// The effective configuration as YAML (admin.token masked unless `show_secrets`).
std::string to_yaml(const config& cfg, bool show_secrets = false);

// One configuration key, for --help, --set and docs/configuration.md.
struct config_key_info {
    std::string key;            // "limits.max_frame_bytes"
    std::string env_var;        // "GAMESERVER_LIMITS_MAX_FRAME_BYTES"
    std::string default_value;  // as the environment takes it: "65536", "30s", "a,b"
    std::string description;    // what it does and its unit
};
// Every key, in the order of configs/gameserverd.yaml.
std::vector<config_key_info> config_keys();
// Sets one dotted key from text, as --set KEY=VALUE and GAMESERVER_* do: the text is read as a
// YAML scalar (a list as "a,b" or "[a, b]") and checked like apply_yaml checks it.
config apply_setting(config base, const std::string& key, const std::string& value);

// Durations in YAML and flags: "500ms", "10s", "5m", "1h" or a bare number of milliseconds.
milliseconds parse_duration(const std::string& text);

}  // namespace gameserver::core
