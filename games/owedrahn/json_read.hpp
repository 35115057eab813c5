// Small strict readers for JSON this game stored itself (snapshots, records, views): a lookup
// that never inserts or throws, and typed reads that refuse anything else. Inbound client data
// goes through payload.hpp instead (Go's tolerant decoding).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "gameserver/sdk/json.hpp"

namespace gameserver::games::owedrahn::detail {

// Exact-key lookup: nullptr when `object` is no object or lacks `key`.
inline const sdk::json* field(const sdk::json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

inline std::optional<std::string> get_string(const sdk::json& object, std::string_view key) {
    const sdk::json* v = field(object, key);
    if (!v || !v->is_string()) return std::nullopt;
    return v->get<std::string>();
}

inline std::optional<bool> get_bool(const sdk::json& object, std::string_view key) {
    const sdk::json* v = field(object, key);
    if (!v || !v->is_boolean()) return std::nullopt;
    return v->get<bool>();
}

// An integer within [lo, hi] (JSON integers only, no fractions).
inline std::optional<std::int64_t> get_int(const sdk::json& object, std::string_view key,
                                           std::int64_t lo, std::int64_t hi) {
    const sdk::json* v = field(object, key);
    if (!v) return std::nullopt;
    std::int64_t value = 0;
    if (v->is_number_unsigned()) {
        const auto raw = v->get<std::uint64_t>();
        if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        value = static_cast<std::int64_t>(raw);
    } else if (v->is_number_integer()) {
        value = v->get<std::int64_t>();
    } else {
        return std::nullopt;
    }
    if (value < lo || value > hi) return std::nullopt;
    return value;
}

// Any finite JSON number.
inline std::optional<double> get_number(const sdk::json& object, std::string_view key) {
    const sdk::json* v = field(object, key);
    if (!v || !v->is_number()) return std::nullopt;
    const double value = v->get<double>();
    if (!std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace gameserver::games::owedrahn::detail
