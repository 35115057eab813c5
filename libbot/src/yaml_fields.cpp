#include "gameserver/bot/yaml_fields.hpp"

#include <charconv>
#include <sstream>

#include "gameserver/bot/run_config.hpp"

namespace gameserver::bot::yaml {

void fail(const std::string& where, const std::string& what) {
    throw field_error(where + ": " + what);
}

std::string scalar(const YAML::Node& node, const std::string& where) {
    if (!node.IsScalar()) fail(where, "expected a single value");
    return node.Scalar();
}

std::int64_t whole(const YAML::Node& node, const std::string& where, std::int64_t low,
                   std::int64_t high) {
    const std::string text = scalar(node, where);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < low ||
        value > high) {
        fail(where, "expected a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high) + ", got '" + text + "'");
    }
    return value;
}

std::chrono::milliseconds duration(const YAML::Node& node, const std::string& where) {
    const std::string text = scalar(node, where);
    const auto parsed = parse_duration(text);
    if (!parsed) fail(where, "expected a duration like 500ms, 60s or 2m, got '" + text + "'");
    return *parsed;
}

void check_keys(const YAML::Node& map, const std::string& where,
                const std::set<std::string>& known) {
    for (const auto& item : map) {
        const std::string key = item.first.Scalar();
        if (known.contains(key)) continue;
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        fail(where.empty() ? key : where + "." + key, "unknown key (known: " + list + ")");
    }
}

std::vector<std::string> policy_list(const YAML::Node& node, const std::string& where) {
    std::vector<std::string> names;
    if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            names.push_back(scalar(node[i], where + "[" + std::to_string(i) + "]"));
        }
    } else {
        std::stringstream list(scalar(node, where));
        for (std::string name; std::getline(list, name, ',');) {
            if (!name.empty()) names.push_back(name);
        }
    }
    if (names.empty()) fail(where, "expected one policy name or more");
    return names;
}

}  // namespace gameserver::bot::yaml
