// Config: defaults equal the shipped YAML, unknown keys and bad values are rejected by name, and
// the environment and --set overrides follow the documented scheme.
#include "gameserver/core/config.hpp"
#include "gameserver/core/storage.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <string>

namespace gameserver::core {
namespace {

using std::chrono::seconds;
using ::testing::HasSubstr;

const std::string shipped_yaml = GS_SOURCE_DIR "/configs/gameserverd.yaml";

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The message of the config_error `fn` throws; fails the test if it throws nothing.
template <class Fn>
std::string error_of(Fn&& fn) {
    try {
        fn();
    } catch (const config_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected a config_error";
    return {};
}

std::string yaml_error(const std::string& text) {
    return error_of([&] { apply_yaml(default_config(), text); });
}

std::string env_error(const std::map<std::string, std::string>& env) {
    return error_of([&] { apply_environment(default_config(), env); });
}

// ---- the shipped file ---------------------------------------------------------------------------

TEST(ConfigFile, ShippedYamlEqualsEmbeddedDefaults) {
    const config loaded = load_yaml_file(default_config(), shipped_yaml);
    EXPECT_EQ(to_yaml(loaded, true), to_yaml(default_config(), true));
    EXPECT_EQ(loaded, default_config());
    EXPECT_NO_THROW(validate(loaded));
}

TEST(ConfigFile, ShippedYamlSetsEveryKeyWithAComment) {
    const YAML::Node root = YAML::LoadFile(shipped_yaml);
    const std::string text = read_file(shipped_yaml);
    for (const auto& info : config_keys()) {
        const auto dot = info.key.find('.');
        const std::string section = info.key.substr(0, dot);
        const std::string name = info.key.substr(dot + 1);
        EXPECT_TRUE(root[section][name].IsDefined()) << info.key << " missing from the file";
        // The line before "  name:" is a comment.
        const auto at = text.find("\n  " + name + ":");
        ASSERT_NE(at, std::string::npos) << info.key;
        const auto line_start = text.rfind('\n', at - 1);
        EXPECT_EQ(text.substr(line_start + 1, 3), "  #") << info.key << " has no comment";
    }
}

// The storage factories' defaults (used by tests and embedders) are the configuration's.
TEST(ConfigDefaults, StorageFactoriesDefaultToTheConfiguredValues) {
    EXPECT_EQ(default_config().storage.commit_delay, default_commit_delay);
    EXPECT_EQ(default_config().storage.memory_records, default_memory_records);
}

TEST(ConfigFile, DocsListEveryKeyAndVariable) {
    const std::string docs = read_file(GS_SOURCE_DIR "/docs/configuration.md");
    ASSERT_FALSE(docs.empty());
    for (const auto& info : config_keys()) {
        EXPECT_THAT(docs, HasSubstr("`" + info.key + "`"));
        EXPECT_THAT(docs, HasSubstr("`" + info.env_var + "`"));
    }
}

TEST(ConfigFile, MissingFileNamesThePath) {
    const std::string message =
        error_of([] { load_yaml_file(default_config(), "/nonexistent/gs.yaml"); });
    EXPECT_THAT(message, HasSubstr("/nonexistent/gs.yaml"));
}

TEST(ConfigFile, ErrorsInAFileNameThePathKeyAndLine) {
    const std::string path = GS_BINARY_DIR "/config_test_bad.yaml";
    {
        std::ofstream out(path);
        out << "server:\n  host: \"0.0.0.0\"\n  port: abc\n";
    }
    const std::string message = error_of([&] { load_yaml_file(default_config(), path); });
    EXPECT_THAT(message, HasSubstr(path));
    EXPECT_THAT(message, HasSubstr("server.port"));
    EXPECT_THAT(message, HasSubstr("line 3"));
}

// ---- apply_yaml ---------------------------------------------------------------------------------

TEST(ConfigYaml, AppliesValuesOverTheBase) {
    const config cfg = apply_yaml(default_config(), R"(
server:
  host: 0.0.0.0
  port: 7000
  threads: 4
  stage: development
limits:
  max_frame_bytes: 1024
  messages_per_second: 2.5
  idle_timeout: 90s
rooms:
  close_grace: 250
sessions:
  ttl: 1h
  require_token: yes
origins:
  allowed: [example.com, "*.example.org"]
admin:
  token: "123"
bots:
  think_min: 0
  think_max: 0
)");
    EXPECT_EQ(cfg.server.host, "0.0.0.0");
    EXPECT_EQ(cfg.server.port, 7000);
    EXPECT_EQ(cfg.server.threads, 4);
    EXPECT_EQ(cfg.server.stage, "development");
    EXPECT_EQ(cfg.limits.max_frame_bytes, 1024u);
    EXPECT_DOUBLE_EQ(cfg.limits.messages_per_second, 2.5);
    EXPECT_EQ(cfg.limits.idle_timeout, milliseconds{90'000});
    EXPECT_EQ(cfg.rooms.close_grace, milliseconds{250});
    EXPECT_EQ(cfg.sessions.ttl, seconds{3600});
    EXPECT_TRUE(cfg.sessions.require_token);
    EXPECT_EQ(cfg.origins.allowed, (std::vector<std::string>{"example.com", "*.example.org"}));
    EXPECT_EQ(cfg.admin.token, "123");
    EXPECT_EQ(cfg.bots.think_max, milliseconds{0});
    // Untouched keys keep the base's values.
    EXPECT_EQ(cfg.limits.max_json_depth, default_config().limits.max_json_depth);
    EXPECT_NO_THROW(validate(cfg));
}

TEST(ConfigYaml, EmptyDocumentAndEmptySectionChangeNothing) {
    EXPECT_EQ(apply_yaml(default_config(), ""), default_config());
    EXPECT_EQ(apply_yaml(default_config(), "# only a comment\n"), default_config());
    EXPECT_EQ(apply_yaml(default_config(), "admin:\n"), default_config());
}

TEST(ConfigYaml, PortZeroMeansAnyFreePort) {
    EXPECT_EQ(apply_yaml(default_config(), "server: {port: 0}").server.port, 0);
}

TEST(ConfigYaml, StageAcceptsAnyName) {
    const config cfg = apply_yaml(default_config(), "server: {stage: staging}");
    EXPECT_EQ(cfg.server.stage, "staging");
    EXPECT_NO_THROW(validate(cfg));
}

TEST(ConfigYaml, UnknownTopLevelSectionIsNamed) {
    const std::string message = yaml_error("servr:\n  port: 1\n");
    EXPECT_THAT(message, HasSubstr("servr"));
    EXPECT_THAT(message, HasSubstr("unknown key"));
}

TEST(ConfigYaml, UnknownNestedKeyIsNamedInFull) {
    const std::string message = yaml_error("server:\n  host: x\n  prot: 1\n");
    EXPECT_THAT(message, HasSubstr("server.prot"));
    EXPECT_THAT(message, HasSubstr("unknown key"));
    EXPECT_THAT(message, HasSubstr("port"));  // the known keys are listed
    EXPECT_THAT(message, HasSubstr("line 3"));
}

TEST(ConfigYaml, DuplicateKeyIsRejected) {
    EXPECT_THAT(yaml_error("server:\n  port: 1\n  port: 2\n"), HasSubstr("server.port: duplicate"));
}

TEST(ConfigYaml, SyntaxErrorIsReported) {
    EXPECT_THAT(yaml_error("server: [port"), HasSubstr("YAML syntax error"));
}

TEST(ConfigYaml, WrongShapesAreRejected) {
    EXPECT_THAT(yaml_error("- a\n- b\n"), HasSubstr("top level"));
    EXPECT_THAT(yaml_error("server: 5\n"), HasSubstr("server: expected a map"));
    EXPECT_THAT(yaml_error("server: {host: [a]}\n"), HasSubstr("server.host: expected a string"));
    EXPECT_THAT(yaml_error("origins: {allowed: localhost}\n"),
                HasSubstr("origins.allowed: expected a list"));
}

struct bad_value_case {
    const char* yaml;
    const char* key;
};

class ConfigBadValue : public ::testing::TestWithParam<bad_value_case> {};

TEST_P(ConfigBadValue, IsRejectedNamingTheKey) {
    const std::string message = yaml_error(GetParam().yaml);
    EXPECT_THAT(message, HasSubstr(std::string(GetParam().key) + ":")) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Values, ConfigBadValue,
    ::testing::Values(
        bad_value_case{"server: {port: abc}", "server.port"},
        bad_value_case{"server: {port: 70000}", "server.port"},
        bad_value_case{"server: {port: -1}", "server.port"},
        bad_value_case{"server: {port: 80.5}", "server.port"},
        bad_value_case{"server: {port: }", "server.port"},
        bad_value_case{"server: {threads: -1}", "server.threads"},
        bad_value_case{"server: {threads: 5000}", "server.threads"},
        bad_value_case{"server: {host: ''}", "server.host"},
        bad_value_case{"server: {data_dir: ''}", "server.data_dir"},
        bad_value_case{"server: {shutdown_timeout: 0}", "server.shutdown_timeout"},
        bad_value_case{"server: {shutdown_timeout: -5s}", "server.shutdown_timeout"},
        bad_value_case{"rooms: {close_grace: abc}", "rooms.close_grace"},
        bad_value_case{"rooms: {close_grace: -1s}", "rooms.close_grace"},
        bad_value_case{"sessions: {ttl: 1500ms}", "sessions.ttl"},
        bad_value_case{"sessions: {require_token: maybe}", "sessions.require_token"},
        bad_value_case{"log: {format: xml}", "log.format"},
        bad_value_case{"log: {level: loud}", "log.level"},
        bad_value_case{"storage: {backend: postgres}", "storage.backend"},
        bad_value_case{"storage: {commit_delay: -1ms}", "storage.commit_delay"},
        bad_value_case{"limits: {max_frame_bytes: 0}", "limits.max_frame_bytes"},
        bad_value_case{"limits: {max_frame_bytes: -5}", "limits.max_frame_bytes"},
        bad_value_case{"limits: {max_json_depth: 0}", "limits.max_json_depth"},
        bad_value_case{"limits: {messages_per_second: 0}", "limits.messages_per_second"},
        bad_value_case{"limits: {messages_per_second: nan}", "limits.messages_per_second"},
        bad_value_case{"limits: {message_burst: 0.5}", "limits.message_burst"},
        bad_value_case{"limits: {rate_limit_close_after: 0}", "limits.rate_limit_close_after"},
        bad_value_case{"limits: {max_connections: 0}", "limits.max_connections"},
        bad_value_case{"limits: {outbox_bytes: 0}", "limits.outbox_bytes"},
        bad_value_case{"limits: {idle_timeout: 10x}", "limits.idle_timeout"},
        bad_value_case{"origins: {allowed: ['']}", "origins.allowed"},
        bad_value_case{"origins: {allowed: ['*']}", "origins.allowed"},
        bad_value_case{"origins: {allowed: ['https://a.com']}", "origins.allowed"},
        bad_value_case{"origins: {allowed: ['a.com:8080']}", "origins.allowed"},
        bad_value_case{"origins: {allowed: ['*.']}", "origins.allowed"},
        bad_value_case{"bots: {think_min: -1}", "bots.think_min"}));

TEST(ConfigValidate, ThinkMinMustNotExceedThinkMax) {
    const config cfg = apply_yaml(default_config(), "bots: {think_min: 2s, think_max: 1s}");
    EXPECT_THAT(error_of([&] { validate(cfg); }), HasSubstr("bots.think_min"));
}

TEST(ConfigValidate, ChecksValuesSetInCode) {
    config cfg = default_config();
    cfg.log.level = "loud";
    EXPECT_THAT(error_of([&] { validate(cfg); }), HasSubstr("log.level"));
    cfg = default_config();
    cfg.limits.max_rooms = 0;
    EXPECT_THAT(error_of([&] { validate(cfg); }), HasSubstr("limits.max_rooms"));
}

TEST(ConfigValidate, OriginPatternsAccepted) {
    const config cfg = apply_yaml(default_config(),
                                  "origins: {allowed: [localhost, '*.drdreo.com', '10.0.0.1', "
                                  "'[::1]', my-host.example]}");
    EXPECT_EQ(cfg.origins.allowed.size(), 5u);
    EXPECT_NO_THROW(validate(cfg));
}

// ---- durations ----------------------------------------------------------------------------------

TEST(ConfigDuration, ParsesUnits) {
    EXPECT_EQ(parse_duration("500ms"), milliseconds{500});
    EXPECT_EQ(parse_duration("10s"), milliseconds{10'000});
    EXPECT_EQ(parse_duration("5m"), milliseconds{300'000});
    EXPECT_EQ(parse_duration("1h"), milliseconds{3'600'000});
    EXPECT_EQ(parse_duration("250"), milliseconds{250});
    EXPECT_EQ(parse_duration("0"), milliseconds{0});
    EXPECT_EQ(parse_duration("1m30s"), milliseconds{90'000});
    EXPECT_EQ(parse_duration(" 2s "), milliseconds{2'000});
}

TEST(ConfigDuration, RejectsBadText) {
    for (const char* text : {"10x", "", " ", "-1s", "-1", "s", "1.5s", "1m30", "+1s", "10 s",
                             "99999999999999999999ms", "9999999999999h"}) {
        EXPECT_THROW(parse_duration(text), config_error) << "'" << text << "'";
    }
    EXPECT_THAT(error_of([] { parse_duration("10x"); }), HasSubstr("'10x'"));
}

// ---- environment --------------------------------------------------------------------------------

TEST(ConfigEnvironment, GameserverVariablesOverride) {
    const config cfg =
        apply_environment(default_config(), {{"GAMESERVER_SERVER_PORT", "7001"},
                                             {"GAMESERVER_ADMIN_TOKEN", "s3cret"},
                                             {"GAMESERVER_LIMITS_MAX_FRAME_BYTES", "1024"},
                                             {"GAMESERVER_ROOMS_CLOSE_GRACE", "2s"},
                                             {"GAMESERVER_ORIGINS_ALLOWED", "a.com, *.b.org"},
                                             {"HOME", "/root"},
                                             {"PATH", "/usr/bin"}});
    EXPECT_EQ(cfg.server.port, 7001);
    EXPECT_EQ(cfg.admin.token, "s3cret");
    EXPECT_EQ(cfg.limits.max_frame_bytes, 1024u);
    EXPECT_EQ(cfg.rooms.close_grace, milliseconds{2'000});
    EXPECT_EQ(cfg.origins.allowed, (std::vector<std::string>{"a.com", "*.b.org"}));
}

TEST(ConfigEnvironment, PortAndStageForGoCompatibility) {
    const config cfg =
        apply_environment(default_config(), {{"PORT", "8080"}, {"STAGE", "development"}});
    EXPECT_EQ(cfg.server.port, 8080);
    EXPECT_EQ(cfg.server.stage, "development");
}

TEST(ConfigEnvironment, GameserverVariablesWinOverPortAndStage) {
    const config cfg = apply_environment(default_config(), {{"PORT", "8080"},
                                                            {"GAMESERVER_SERVER_PORT", "9090"},
                                                            {"STAGE", "development"},
                                                            {"GAMESERVER_SERVER_STAGE", "prod"}});
    EXPECT_EQ(cfg.server.port, 9090);
    EXPECT_EQ(cfg.server.stage, "prod");
}

TEST(ConfigEnvironment, EmptyPortKeepsTheConfiguredPortNeverZero) {
    config base = default_config();
    base.server.port = 7777;
    EXPECT_EQ(apply_environment(base, {{"PORT", ""}}).server.port, 7777);
    EXPECT_EQ(apply_environment(default_config(), {{"PORT", ""}}).server.port, 6969);
    EXPECT_EQ(apply_environment(default_config(), {{"STAGE", ""}}).server.stage, "production");
}

TEST(ConfigEnvironment, BadPortIsAnErrorNamingPort) {
    for (const char* port : {"abc", "0", "70000", "-1", "80x"}) {
        EXPECT_THAT(env_error({{"PORT", port}}), HasSubstr("PORT:")) << port;
    }
}

TEST(ConfigEnvironment, UnknownGameserverVariableIsNamed) {
    EXPECT_THAT(env_error({{"GAMESERVER_FOO_BAR", "1"}}), HasSubstr("GAMESERVER_FOO_BAR"));
}

TEST(ConfigEnvironment, BadValueNamesVariableAndKey) {
    const std::string message = env_error({{"GAMESERVER_SERVER_PORT", "abc"}});
    EXPECT_THAT(message, HasSubstr("GAMESERVER_SERVER_PORT"));
    EXPECT_THAT(message, HasSubstr("server.port"));
}

TEST(ConfigEnvironment, EmptyGameserverVariableCountsAsUnset) {
    EXPECT_EQ(apply_environment(default_config(), {{"GAMESERVER_SERVER_PORT", ""}}),
              default_config());
}

TEST(ConfigEnvironment, EveryKeyHasAVariable) {
    for (const auto& info : config_keys()) {
        // Setting a variable to the key's default must be accepted and change nothing.
        EXPECT_EQ(apply_environment(default_config(), {{info.env_var, info.default_value}}),
                  default_config())
            << info.env_var << "=" << info.default_value;
    }
}

// ---- apply_setting (--set) ----------------------------------------------------------------------

TEST(ConfigSetting, SetsAnyKey) {
    config cfg = apply_setting(default_config(), "limits.max_frame_bytes", "1024");
    cfg = apply_setting(cfg, "rooms.close_grace", "2s");
    cfg = apply_setting(cfg, "origins.allowed", "[x.com, '*.y.com']");
    cfg = apply_setting(cfg, "sessions.require_token", "true");
    EXPECT_EQ(cfg.limits.max_frame_bytes, 1024u);
    EXPECT_EQ(cfg.rooms.close_grace, milliseconds{2'000});
    EXPECT_EQ(cfg.origins.allowed, (std::vector<std::string>{"x.com", "*.y.com"}));
    EXPECT_TRUE(cfg.sessions.require_token);
    EXPECT_EQ(apply_setting(cfg, "origins.allowed", "").origins.allowed.size(), 0u);
}

TEST(ConfigSetting, UnknownAndBadAreNamed) {
    EXPECT_THAT(error_of([] { apply_setting(default_config(), "limits.max_frame", "1"); }),
                HasSubstr("limits.max_frame:"));
    EXPECT_THAT(error_of([] { apply_setting(default_config(), "port", "1"); }), HasSubstr("port:"));
    EXPECT_THAT(error_of([] { apply_setting(default_config(), "server.port", "abc"); }),
                HasSubstr("server.port:"));
}

// ---- to_yaml ------------------------------------------------------------------------------------

TEST(ConfigToYaml, RoundTrips) {
    config cfg = default_config();
    cfg.server.host = "0.0.0.0";
    cfg.server.port = 0;
    cfg.server.stage = "null";  // must stay a string
    cfg.admin.token = "tok: en #1";
    cfg.limits.messages_per_second = 0.1;
    cfg.limits.idle_timeout = milliseconds{1'500};
    cfg.sessions.ttl = seconds{120};
    cfg.origins.allowed = {};
    cfg.log.format = "json";
    EXPECT_EQ(apply_yaml(default_config(), to_yaml(cfg, true)), cfg);
    EXPECT_EQ(apply_yaml(default_config(), to_yaml(default_config(), true)), default_config());
}

TEST(ConfigToYaml, MasksTheAdminToken) {
    config cfg = default_config();
    cfg.admin.token = "s3cret";
    const std::string masked = to_yaml(cfg, false);
    EXPECT_THAT(masked, HasSubstr("\"***\""));
    EXPECT_THAT(masked, ::testing::Not(HasSubstr("s3cret")));
    EXPECT_THAT(to_yaml(cfg, true), HasSubstr("s3cret"));
    // An empty token is shown as empty: masking it would suggest one is set.
    EXPECT_THAT(to_yaml(default_config(), false), ::testing::Not(HasSubstr("***")));
}

TEST(ConfigToYaml, WritesDurationsReadably) {
    const std::string text = to_yaml(default_config(), false);
    EXPECT_THAT(text, HasSubstr("close_grace: 30s"));
    EXPECT_THAT(text, HasSubstr("think_max: 1200ms"));
}

}  // namespace
}  // namespace gameserver::core
