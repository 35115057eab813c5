// gameserverd's command line with CLI11. Every flag is applied through core::apply_setting, so
// flags, --set, the environment and the YAML file share one parser and one set of messages.
#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <exception>
#include <iostream>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

namespace gameserver::app {
namespace {

#ifdef GS_VERSION
constexpr std::string_view version = GS_VERSION;
#else
constexpr std::string_view version = "0.1.0";
#endif

// The named flags; each sets one config key. The key's full description is in the help footer.
struct key_flag {
    std::string_view flag;
    std::string_view key;
    std::string_view type_name;
    std::string_view help;
};

constexpr key_flag key_flags[] = {
    {"--host", "server.host", "ADDRESS", "Address to listen on; 0.0.0.0 for every interface"},
    {"--port", "server.port", "PORT", "TCP port for /ws and HTTP; 0 picks a free port"},
    {"--threads", "server.threads", "N", "I/O threads; 0 means one per CPU core"},
    {"--stage", "server.stage", "NAME", "Stage; development accepts every Origin"},
    {"--data-dir", "server.data_dir", "DIR", "Directory for the SQLite database"},
    {"--admin-token", "admin.token", "TOKEN",
     "Bearer token for the admin API; visible in ps, so prefer GAMESERVER_ADMIN_TOKEN"},
    {"--log-level", "log.level", "LEVEL", "trace, debug, info, warn, error, critical or off"},
    {"--log-format", "log.format", "text|json", "Log lines as text or JSON"},
};

const core::config_key_info* find_info(const std::vector<core::config_key_info>& infos,
                                       std::string_view key) {
    for (const auto& info : infos) {
        if (info.key == key) return &info;
    }
    return nullptr;
}

std::string show_default(const core::config_key_info& info) {
    return info.default_value.empty() ? "\"\"" : info.default_value;
}

// Greedy word wrap; each line starts with `indent`.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width = 100) {
    std::string out;
    std::string line(indent, ' ');
    std::istringstream words{std::string(text)};
    std::string word;
    bool line_empty = true;
    while (words >> word) {
        if (!line_empty && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line.assign(indent, ' ');
            line_empty = true;
        }
        if (!line_empty) line += ' ';
        line += word;
        line_empty = false;
    }
    return out + line + "\n";
}

std::string help_footer(const std::vector<core::config_key_info>& infos) {
    std::string out =
        "WHERE VALUES COME FROM (later wins):\n"
        "  1. embedded defaults, equal to configs/gameserverd.yaml (see --print-config)\n"
        "  2. --config FILE: YAML with the keys below; unknown keys and bad values are errors\n"
        "  3. environment: GAMESERVER_<SECTION>_<KEY> for every key, e.g.\n"
        "     GAMESERVER_SERVER_PORT=7000, GAMESERVER_ADMIN_TOKEN=...; lists comma-separated;\n"
        "     an empty variable counts as unset. PORT and STAGE set server.port and server.stage\n"
        "     as in the Go server (the GAMESERVER_ variables win over them)\n"
        "  4. the flags above, then each --set KEY=VALUE in order\n"
        "Durations: 500ms, 30s, 5m, 1h, 1m30s, or a bare number of milliseconds. Sizes: bytes.\n"
        "\nCONFIG KEYS (YAML section.key = default, environment variable):\n";
    for (const auto& info : infos) {
        out += "  " + info.key + " = " + show_default(info) + "  (" + info.env_var + ")\n";
        out += wrap(info.description, 6);
    }
    return out;
}

[[noreturn]] void fail_flag(std::string_view flag, const core::config_error& e) {
    throw core::config_error(std::string(flag) + ": " + e.what());
}

}  // namespace

cli_result parse_command_line(int argc, const char* const* argv,
                              const std::map<std::string, std::string>& env) {
    cli_result result;
    const std::vector<core::config_key_info> infos = core::config_keys();

    CLI::App app{
        "gameserverd: multiplayer game server (WebSocket /ws, REST /api/v1, /metrics) "
        "on one port.",
        "gameserverd"};
    app.get_formatter()->column_width(32);

    std::string config_path;
    app.add_option("--config", config_path,
                   "YAML config file, like configs/gameserverd.yaml; default: none, the "
                   "embedded defaults apply")
        ->type_name("FILE");

    std::vector<std::string> flag_values(std::size(key_flags));
    std::vector<CLI::Option*> flag_options;
    for (std::size_t i = 0; i < std::size(key_flags); ++i) {
        const key_flag& flag = key_flags[i];
        const core::config_key_info* info = find_info(infos, flag.key);
        std::string description(flag.help);
        if (info != nullptr) {
            description += " (" + info->key + ", default " + show_default(*info) + ")";
        }
        flag_options.push_back(app.add_option(std::string(flag.flag), flag_values[i], description)
                                   ->type_name(std::string(flag.type_name)));
    }

    std::vector<std::string> settings;
    app.add_option("--set", settings,
                   "Set any config key below, e.g. limits.max_frame_bytes=1024 or "
                   "rooms.close_grace=2s; lists as a,b. Repeatable, applied in order after the "
                   "other flags")
        ->type_name("KEY=VALUE")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--print-config", result.print_config,
                 "Print the effective configuration as YAML and exit");
    app.add_flag("--enable-test-game", result.enable_test_game,
                 "Also offer testGame, the game used by tests and load runs");
    app.set_version_flag("--version", std::string(version), "Print the version and exit");
    app.footer(help_footer(infos));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help or --version, printed by CLI11
            result.exit_code = app.exit(e);
            return result;
        }
        std::cerr << "gameserverd: " << e.what() << "\nRun 'gameserverd --help' for the options.\n";
        result.exit_code = 2;
        return result;
    }

    try {
        core::config cfg = core::default_config();
        if (!config_path.empty()) cfg = core::load_yaml_file(std::move(cfg), config_path);
        cfg = core::apply_environment(std::move(cfg), env);
        for (std::size_t i = 0; i < std::size(key_flags); ++i) {
            if (flag_options[i]->count() == 0) continue;
            try {
                cfg = core::apply_setting(std::move(cfg), std::string(key_flags[i].key),
                                          flag_values[i]);
            } catch (const core::config_error& e) {
                fail_flag(key_flags[i].flag, e);
            }
        }
        for (const std::string& setting : settings) {
            const auto eq = setting.find('=');
            if (eq == std::string::npos || eq == 0) {
                throw core::config_error("--set: expected KEY=VALUE, e.g. server.port=7000, got '" +
                                         setting + "'");
            }
            try {
                cfg = core::apply_setting(std::move(cfg), setting.substr(0, eq),
                                          setting.substr(eq + 1));
            } catch (const core::config_error& e) {
                fail_flag("--set", e);
            }
        }
        core::validate(cfg);
        result.config = std::move(cfg);
    } catch (const core::config_error& e) {
        std::cerr << "gameserverd: " << e.what() << "\n";
        result.exit_code = 2;
    }
    return result;
}

}  // namespace gameserver::app
