#include "gameserver/bot/preset.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <fstream>
#include <sstream>

#include "gameserver/bot/yaml_fields.hpp"
#include "gameserver/core/yaml_json.hpp"

namespace gameserver::bot {
namespace {

using core::yaml_to_json;
using yaml::check_keys;
using yaml::duration;
using yaml::fail;
using yaml::policy_list;
using yaml::scalar;
using yaml::whole;

// Keys shared by the top level (defaults for every fleet) and each fleet.
void apply_common(const YAML::Node& map, const std::string& prefix, run_config& c) {
    auto at = [&](const char* key) { return prefix + key; };
    if (map["url"]) c.url = scalar(map["url"], at("url"));
    if (map["games"]) c.games = static_cast<int>(whole(map["games"], at("games"), 0, 1'000'000));
    if (map["duration"]) c.duration = duration(map["duration"], at("duration"));
    if (map["threads"]) c.threads = static_cast<int>(whole(map["threads"], at("threads"), 1, 64));
    if (map["think"]) {
        const std::string text = scalar(map["think"], at("think"));
        const auto think = parse_think(text);
        if (!think) fail(at("think"), "expected LOW..HIGH like 200ms..1s, got '" + text + "'");
        c.think = think;
    }
    if (map["reconnect_attempts"]) {
        c.reconnect.max_attempts =
            static_cast<int>(whole(map["reconnect_attempts"], at("reconnect_attempts"), 0, 1000));
    }
}

std::vector<run_config> read_fleets(const std::string& yaml_text, const run_config& defaults) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        throw preset_error("not YAML: " + std::string(e.what()));
    }
    if (!root.IsMap()) throw preset_error("expected a map with a `fleets` list at the top");
    check_keys(
        root, "",
        {"url", "seed", "games", "duration", "threads", "think", "reconnect_attempts", "fleets"});
    run_config base = defaults;
    apply_common(root, "", base);
    if (root["seed"]) {
        base.seed = static_cast<std::uint64_t>(whole(root["seed"], "seed", 0, INT64_MAX));
    }
    const YAML::Node fleets = root["fleets"];
    if (!fleets || !fleets.IsSequence() || fleets.size() == 0) {
        throw preset_error("fleets: expected a list of one fleet or more");
    }
    std::vector<run_config> out;
    for (std::size_t i = 0; i < fleets.size(); ++i) {
        const std::string where = "fleets[" + std::to_string(i) + "]";
        const YAML::Node entry = fleets[i];
        if (!entry.IsMap()) fail(where, "expected a map (game, bots, ...)");
        check_keys(entry, where,
                   {"game", "bots", "room", "games", "duration", "threads", "think", "policy",
                    "policies", "options", "seed", "url", "reconnect_attempts"});
        run_config c = base;
        c.seed = base.seed + i;
        apply_common(entry, where + ".", c);
        if (!entry["game"]) fail(where + ".game", "missing");
        c.game = scalar(entry["game"], where + ".game");
        if (!entry["bots"]) fail(where + ".bots", "missing");
        c.bots = static_cast<int>(whole(entry["bots"], where + ".bots", 1, 100'000));
        if (entry["room"]) c.room = scalar(entry["room"], where + ".room");
        if (entry["policy"] && entry["policies"]) {
            fail(where + ".policy", "give `policy` or `policies`, not both");
        }
        if (entry["policy"]) c.policies = policy_list(entry["policy"], where + ".policy");
        if (entry["policies"]) c.policies = policy_list(entry["policies"], where + ".policies");
        if (entry["options"]) {
            if (!entry["options"].IsMap()) fail(where + ".options", "expected a map");
            c.options = yaml_to_json(entry["options"]);
        }
        if (entry["seed"]) {
            c.seed =
                static_cast<std::uint64_t>(whole(entry["seed"], where + ".seed", 0, INT64_MAX));
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

std::vector<run_config> parse_preset(const std::string& yaml_text, const run_config& defaults) {
    try {
        return read_fleets(yaml_text, defaults);
    } catch (const yaml::field_error& e) {
        throw preset_error(e.what());
    }
}

std::vector<run_config> load_preset(const std::string& path, const run_config& defaults) {
    std::ifstream in(path);
    if (!in) throw preset_error(path + ": cannot read the file");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return parse_preset(text.str(), defaults);
    } catch (const preset_error& e) {
        throw preset_error(path + ": " + e.what());
    }
}

}  // namespace gameserver::bot
