#include "gameserver/load/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gameserver/bot/ws_url.hpp"
#include "gameserver/bot/yaml_fields.hpp"
#include "gameserver/core/yaml_json.hpp"

namespace gameserver::load {
namespace {

using bot::yaml::check_keys;
using bot::yaml::duration;
using bot::yaml::fail;
using bot::yaml::policy_list;
using bot::yaml::scalar;
using bot::yaml::whole;
using core::yaml_to_json;

// The whole text as a finite number, or nullopt.
std::optional<double> number(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
        !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

milliseconds positive_duration(const YAML::Node& node, const std::string& where) {
    const milliseconds value = duration(node, where);
    if (value.count() <= 0) fail(where, "must be more than 0");
    return value;
}

// "N/s" or "N/min" (N > 0, decimals allowed) as events per second; nullopt for anything else.
std::optional<double> rate_per_second(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto count = number(text.substr(0, slash));
    const std::string_view unit = text.substr(slash + 1);
    if (!count || *count <= 0) return std::nullopt;
    if (unit == "s") return *count;
    if (unit == "min") return *count / 60;
    return std::nullopt;
}

double rate(const YAML::Node& node, const std::string& where) {
    const std::string text = scalar(node, where);
    const auto parsed = rate_per_second(text);
    if (!parsed) fail(where, "expected N/s or N/min, got '" + text + "'");
    return *parsed;
}

// "10%" or 0.1: a share in (0, 1] (or [0, 1] with `allow_zero`).
double share(const YAML::Node& node, const std::string& where, bool allow_zero) {
    const std::string text = scalar(node, where);
    std::optional<double> value;
    if (!text.empty() && text.back() == '%') {
        value = number(std::string_view(text).substr(0, text.size() - 1));
        if (value) *value /= 100;
    } else {
        value = number(text);
    }
    if (!value || *value > 1 || *value < 0 || (*value == 0 && !allow_zero)) {
        fail(where, std::string("expected a share ") + (allow_zero ? "from 0" : "above 0") +
                        " up to 1 like 10% or 0.1, got '" + text + "'");
    }
    return *value;
}

std::string join(const std::set<std::string>& names) {
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
    return list;
}

std::string at(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
}

const YAML::Node& need_map(const YAML::Node& node, const std::string& where,
                           const std::string& what) {
    if (!node.IsMap()) fail(where, "expected a map (" + what + ")");
    return node;
}

target_spec parse_target(const YAML::Node& node) {
    need_map(node, "target", "url or server");
    check_keys(node, "target", {"url", "server", "admin_token"});
    if (static_cast<bool>(node["url"]) == static_cast<bool>(node["server"])) {
        fail("target", "give exactly one of `url` and `server`");
    }
    target_spec target;
    if (node["url"]) {
        target.url = scalar(node["url"], "target.url");
        std::string error;
        if (!bot::parse_ws_url(target.url, &error)) fail("target.url", error);
        if (node["admin_token"]) {
            target.admin_token = scalar(node["admin_token"], "target.admin_token");
        }
        return target;
    }
    const YAML::Node server = node["server"];
    if (node["admin_token"]) {
        fail("target.admin_token",
             "only with target.url (gameload gives a server it starts its own)");
    }
    need_map(server, "target.server", "binary, args");
    check_keys(server, "target.server", {"binary", "args"});
    if (!server["binary"]) fail("target.server.binary", "missing");
    target.binary = scalar(server["binary"], "target.server.binary");
    if (target.binary.empty()) fail("target.server.binary", "expected the path of gameserverd");
    if (const YAML::Node args = server["args"]) {
        if (!args.IsSequence()) fail("target.server.args", "expected a list of strings");
        for (std::size_t i = 0; i < args.size(); ++i) {
            target.args.push_back(scalar(args[i], "target.server.args[" + std::to_string(i) + "]"));
        }
    }
    return target;
}

struct behaviour_keys {
    behaviour_kind kind;
    std::set<std::string> keys;  // besides `behaviour` and `weight`
};

// Which keys mean something for which behaviour; any other is refused rather than ignored.
const std::vector<behaviour_keys>& behaviours() {
    static const std::vector<behaviour_keys> table = {
        {behaviour_kind::player, {"game", "policy", "policies", "think", "options"}},
        {behaviour_kind::spectator, {"game"}},
        {behaviour_kind::lobby_watcher, {"game", "interval"}},
        {behaviour_kind::idler, {}},
        {behaviour_kind::reconnector, {"game", "policy", "policies", "think", "options", "rate"}},
        {behaviour_kind::spammer, {"game", "rate"}},  // floods get_room_list of `game`
        {behaviour_kind::malformed, {"rate"}},
        {behaviour_kind::slow_reader, {"game", "options", "interval"}},
        {behaviour_kind::churner, {"game", "options", "interval"}},
    };
    return table;
}

behaviour_spec parse_behaviour(const YAML::Node& node, const std::string& where) {
    need_map(node, where, "behaviour, weight, ...");
    std::set<std::string> all_keys = {"behaviour", "weight"};
    for (const auto& b : behaviours()) all_keys.insert(b.keys.begin(), b.keys.end());
    check_keys(node, where, all_keys);

    if (!node["behaviour"]) fail(at(where, "behaviour"), "missing");
    const std::string name = scalar(node["behaviour"], at(where, "behaviour"));
    const behaviour_keys* found = nullptr;
    std::set<std::string> names;
    for (const auto& b : behaviours()) {
        names.insert(to_string(b.kind));
        if (name == to_string(b.kind)) found = &b;
    }
    if (!found) {
        fail(at(where, "behaviour"),
             "unknown behaviour '" + name + "' (known: " + join(names) + ")");
    }
    for (const auto& item : node) {
        const std::string key = item.first.Scalar();
        if (key != "behaviour" && key != "weight" && !found->keys.contains(key)) {
            std::string takes = "weight";
            for (const auto& k : found->keys) takes += ", " + k;
            fail(at(where, key), "does not apply to " + name + " (it takes " + takes + ")");
        }
    }

    behaviour_spec spec;
    spec.kind = found->kind;
    if (node["weight"]) {
        const std::string text = scalar(node["weight"], at(where, "weight"));
        const auto weight = number(text);
        if (!weight || *weight <= 0) {
            fail(at(where, "weight"), "expected a number above 0, got '" + text + "'");
        }
        spec.weight = *weight;
    }
    if (node["game"]) spec.game = scalar(node["game"], at(where, "game"));
    if (node["policy"] && node["policies"]) {
        fail(at(where, "policy"), "give `policy` or `policies`, not both");
    }
    if (node["policy"]) spec.policies = policy_list(node["policy"], at(where, "policy"));
    if (node["policies"]) spec.policies = policy_list(node["policies"], at(where, "policies"));
    if (node["think"]) {
        const std::string text = scalar(node["think"], at(where, "think"));
        spec.think = bot::parse_think(text);
        if (!spec.think)
            fail(at(where, "think"), "expected LOW..HIGH like 200ms..1s, got '" + text + "'");
    }
    if (node["options"]) {
        if (!node["options"].IsMap()) fail(at(where, "options"), "expected a map");
        spec.options = yaml_to_json(node["options"]);
    }
    if (node["rate"]) {
        spec.rate = rate(node["rate"], at(where, "rate"));
    } else if (found->keys.contains("rate")) {
        fail(at(where, "rate"), "missing (" + name + " needs N/s or N/min)");
    }
    if (node["interval"])
        spec.interval = positive_duration(node["interval"], at(where, "interval"));
    return spec;
}

fault_spec parse_fault(const YAML::Node& node, const std::string& where, const scenario& s) {
    need_map(node, where, "at, and drop or kill_server");
    check_keys(node, where, {"at", "drop", "kill_server", "restart_after"});
    if (!node["at"]) fail(at(where, "at"), "missing");
    fault_spec fault;
    fault.at = duration(node["at"], at(where, "at"));
    if (fault.at > s.duration) {
        fail(at(where, "at"),
             "is after the end of the run (duration " + std::to_string(s.duration.count()) + "ms)");
    }
    if (static_cast<bool>(node["drop"]) == static_cast<bool>(node["kill_server"])) {
        fail(where, "give exactly one of `drop` and `kill_server`");
    }
    if (node["drop"]) {
        fault.what = fault_spec::kind::drop_connections;
        fault.share = share(node["drop"], at(where, "drop"), false);
        if (node["restart_after"]) fail(at(where, "restart_after"), "applies to kill_server only");
        return fault;
    }
    fault.what = fault_spec::kind::kill_server;
    const std::string flag = scalar(node["kill_server"], at(where, "kill_server"));
    if (flag != "true") fail(at(where, "kill_server"), "expected true, got '" + flag + "'");
    if (s.target.binary.empty()) {
        fail(at(where, "kill_server"),
             "needs target.server (gameload kills only a server it started)");
    }
    if (node["restart_after"]) {
        fault.restart_after = duration(node["restart_after"], at(where, "restart_after"));
    }
    return fault;
}

threshold_spec parse_thresholds(const YAML::Node& node) {
    need_map(node, "thresholds", "p99, error_rate, desyncs, lost_actions");
    check_keys(node, "thresholds", {"p99", "error_rate", "desyncs", "lost_actions"});
    threshold_spec t;
    if (const YAML::Node p99 = node["p99"]) {
        need_map(p99, "thresholds.p99", "message type: duration; \"*\" for any type");
        for (const auto& item : p99) {
            const std::string type = item.first.Scalar();
            t.p99[type] = positive_duration(item.second, "thresholds.p99." + type);
        }
    }
    if (node["error_rate"]) t.error_rate = share(node["error_rate"], "thresholds.error_rate", true);
    if (node["desyncs"]) t.desyncs = whole(node["desyncs"], "thresholds.desyncs", 0, INT64_MAX);
    if (node["lost_actions"]) {
        t.lost_actions = whole(node["lost_actions"], "thresholds.lost_actions", 0, INT64_MAX);
    }
    return t;
}

invariant_spec parse_invariants(const YAML::Node& node) {
    need_map(node, "invariants", "rooms_after_grace, max_wait, memory_settle");
    check_keys(node, "invariants", {"rooms_after_grace", "max_wait", "memory_settle"});
    invariant_spec out;
    if (const YAML::Node rooms = node["rooms_after_grace"]) {
        const std::string text = scalar(rooms, "invariants.rooms_after_grace");
        if (text != "true" && text != "false") {
            fail("invariants.rooms_after_grace", "expected true or false, got '" + text + "'");
        }
        out.rooms_after_grace = text == "true";
    }
    if (node["max_wait"]) out.max_wait = duration(node["max_wait"], "invariants.max_wait");
    if (node["memory_settle"]) {
        out.memory_settle = duration(node["memory_settle"], "invariants.memory_settle");
    }
    return out;
}

// "N/s", "N/min", or a duration over which all connections open ("5s": connections / 5 s).
double parse_ramp_up(const YAML::Node& node, int connections) {
    const std::string text = scalar(node, "ramp_up");
    if (const auto per_second = rate_per_second(text)) return *per_second;
    const auto over = bot::parse_duration(text);
    // A bare number would be milliseconds to parse_duration; here it reads too much like N/s.
    const bool has_unit = !text.empty() && std::isalpha(static_cast<unsigned char>(text.back()));
    if (!over || over->count() <= 0 || !has_unit) {
        fail("ramp_up", "expected N/s or a duration like 5s, got '" + text + "'");
    }
    return connections * 1000.0 / static_cast<double>(over->count());
}

}  // namespace

const char* to_string(behaviour_kind kind) {
    switch (kind) {
        case behaviour_kind::player:
            return "player";
        case behaviour_kind::spectator:
            return "spectator";
        case behaviour_kind::lobby_watcher:
            return "lobby_watcher";
        case behaviour_kind::idler:
            return "idler";
        case behaviour_kind::reconnector:
            return "reconnector";
        case behaviour_kind::spammer:
            return "spammer";
        case behaviour_kind::malformed:
            return "malformed";
        case behaviour_kind::slow_reader:
            return "slow_reader";
        case behaviour_kind::churner:
            return "churner";
    }
    return "?";
}

namespace {

scenario read_scenario(const std::string& yaml_text) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        throw scenario_error("not YAML: " + std::string(e.what()));
    }
    if (!root.IsMap()) throw scenario_error("expected a map with `target` and `mix` at the top");
    check_keys(root, "",
               {"name", "target", "connections", "ramp_up", "duration", "seed", "threads", "mix",
                "faults", "thresholds", "invariants"});
    scenario s;
    if (root["name"]) s.name = scalar(root["name"], "name");
    if (!root["target"]) fail("target", "missing (give target.url or target.server)");
    s.target = parse_target(root["target"]);
    if (root["connections"]) {
        s.connections = static_cast<int>(whole(root["connections"], "connections", 1, 100'000));
    }
    if (root["ramp_up"]) s.ramp_up_per_second = parse_ramp_up(root["ramp_up"], s.connections);
    if (root["duration"]) s.duration = positive_duration(root["duration"], "duration");
    if (root["seed"])
        s.seed = static_cast<std::uint64_t>(whole(root["seed"], "seed", 0, INT64_MAX));
    if (root["threads"]) s.threads = static_cast<int>(whole(root["threads"], "threads", 1, 64));

    const YAML::Node mix = root["mix"];
    if (!mix || !mix.IsSequence() || mix.size() == 0) {
        fail("mix", "expected a list of one behaviour or more");
    }
    for (std::size_t i = 0; i < mix.size(); ++i) {
        s.mix.push_back(parse_behaviour(mix[i], "mix[" + std::to_string(i) + "]"));
    }
    if (const YAML::Node faults = root["faults"]) {
        if (!faults.IsSequence()) fail("faults", "expected a list");
        for (std::size_t i = 0; i < faults.size(); ++i) {
            s.faults.push_back(parse_fault(faults[i], "faults[" + std::to_string(i) + "]", s));
        }
        // The engine fires them in time order; messages above keep the file's numbering.
        std::stable_sort(s.faults.begin(), s.faults.end(),
                         [](const fault_spec& a, const fault_spec& b) { return a.at < b.at; });
    }
    if (root["thresholds"]) s.thresholds = parse_thresholds(root["thresholds"]);
    if (root["invariants"]) s.invariants = parse_invariants(root["invariants"]);
    return s;
}

}  // namespace

scenario parse_scenario(const std::string& yaml_text) {
    try {
        return read_scenario(yaml_text);
    } catch (const bot::yaml::field_error& e) {
        throw scenario_error(e.what());
    }
}

scenario load_scenario(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw scenario_error(path + ": cannot read the file");
    std::stringstream text;
    text << in.rdbuf();
    scenario s;
    try {
        s = parse_scenario(text.str());
    } catch (const scenario_error& e) {
        throw scenario_error(path + ": " + e.what());
    }
    if (s.name.empty()) s.name = std::filesystem::path(path).stem().string();
    return s;
}

}  // namespace gameserver::load
