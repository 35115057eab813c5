#include "gameserver/core/yaml_json.hpp"

namespace gameserver::core {

sdk::json yaml_to_json(const YAML::Node& node) {
    if (node.IsMap()) {
        sdk::json out = sdk::json::object();
        for (const auto& entry : node) out[entry.first.Scalar()] = yaml_to_json(entry.second);
        return out;
    }
    if (node.IsSequence()) {
        sdk::json out = sdk::json::array();
        for (const auto& item : node) out.push_back(yaml_to_json(item));
        return out;
    }
    if (!node.IsScalar()) return nullptr;
    const std::string& text = node.Scalar();
    if (node.Tag() != "!") {  // "!" marks a quoted scalar
        sdk::json typed = sdk::json::parse(text, nullptr, false);
        if (!typed.is_discarded() && (typed.is_number() || typed.is_boolean())) return typed;
    }
    return text;
}

}  // namespace gameserver::core
