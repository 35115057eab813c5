// The wire codec: Go encoding/json-compatible output (key order kept, <>& escaped, Go's float
// format) and tolerant, bounded decoding of inbound frames (case-insensitive keys, depth limit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gameserver/sdk/error_code.hpp"
#include "gameserver/sdk/json.hpp"
#include "gameserver/sdk/json_writer.hpp"

namespace gameserver::core {

// Appends `value` as Go's encoding/json would write it (SEED-SPEC §1.9): no whitespace, object
// keys in the json's own order, `<` `>` `&` U+2028 U+2029 escaped, invalid UTF-8 as U+FFFD,
// integers plainly, floats shortest round-trip (exponent only outside [1e-6, 1e21)).
void append_json(std::string& out, const sdk::json& value);
std::string to_json(const sdk::json& value);
// Appends `text` as a JSON string, escaped as append_json escapes strings.
void append_json_string(std::string& out, std::string_view text);

// One outbound envelope, keys in the order type, success, error, code, data.
std::string encode_envelope(std::string_view type, const sdk::json& data);  // success + data
std::string encode_envelope(std::string_view type);                         // success, no data
std::string encode_envelope(std::string_view type, const sdk::encoded_json& data);  // data as is
std::string encode_error(std::string_view type, std::string_view message, sdk::error_code code);

// A decoded inbound frame: `{type, data?}` with keys matched case-insensitively.
struct inbound_message {
    std::string type;
    sdk::json data;  // null when absent
    bool has_data =
        false;  // false when the `data` key is absent (Go: "unexpected end of JSON input")
};

enum class decode_failure {
    invalid,   // not JSON, not an object, or a `type` that is not a string (missing/null: "")
    too_deep,  // nesting deeper than the limit (checked before parsing, so no recursion blow-up)
};

struct decode_result {
    std::optional<inbound_message> message;
    decode_failure failure = decode_failure::invalid;  // meaningful when !message
};

decode_result decode_inbound(std::string_view frame, std::size_t max_depth);

// The deepest nesting of arrays/objects in `text` (strings skipped), stopping early once it
// exceeds `limit`. Cheap linear scan used before handing a frame to the parser.
std::size_t json_depth(std::string_view text, std::size_t limit);

// Case-insensitive lookup of `name` in an object (the last matching key wins, as in Go);
// nullptr when `object` is not an object or has no such key.
const sdk::json* find_field(const sdk::json& object, std::string_view name);

// Typed field reads with Go's decoding rules (SEED-SPEC §1.9): a missing key or `null` leaves
// `out` unchanged and succeeds; a type mismatch (string for int, fraction or out-of-range number
// for int, number for string, ...) fails. They return false on mismatch.
bool read_string(const sdk::json& object, std::string_view name, std::string& out);
bool read_int(const sdk::json& object, std::string_view name, std::int64_t& out);
bool read_bool(const sdk::json& object, std::string_view name, bool& out);
// `data` is an object or null (decoding `null` into a struct succeeds in Go); anything else fails.
bool is_object_or_null(const sdk::json& data);

}  // namespace gameserver::core
