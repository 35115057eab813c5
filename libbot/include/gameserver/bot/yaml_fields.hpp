// Reading typed fields out of YAML with errors that name the key ("fleets[1].bots: expected a
// whole number from 1 to 100000, got 'lots'"), shared by gamebot's presets and gameload's
// scenarios. Each file format turns field_error into its own error type. YAML values as JSON
// (room options): core::yaml_to_json.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::bot::yaml {

struct field_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws field_error("<where>: <what>").
[[noreturn]] void fail(const std::string& where, const std::string& what);

std::string scalar(const YAML::Node& node, const std::string& where);
std::int64_t whole(const YAML::Node& node, const std::string& where, std::int64_t low,
                   std::int64_t high);
// "500ms", "60s", "2m" (bot::parse_duration).
std::chrono::milliseconds duration(const YAML::Node& node, const std::string& where);
// Refuses a key of `map` outside `known`, naming it and listing the known ones.
void check_keys(const YAML::Node& map, const std::string& where,
                const std::set<std::string>& known);
// A list of policy names, or one comma-separated string; at least one.
std::vector<std::string> policy_list(const YAML::Node& node, const std::string& where);

}  // namespace gameserver::bot::yaml
