// Go encoding/json-compatible writer and the tolerant, bounded inbound decoder (SEED-SPEC §1.6,
// §1.9, §2.1-§2.3). The writer appends into one string; the decoder never lets an exception or
// unbounded recursion escape on untrusted input.
#include "gameserver/core/json_codec.hpp"

#include "gameserver/sdk/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

namespace gameserver::core {
namespace {

using sdk::json;
using sdk::detail::append_integer;
using sdk::detail::append_string;
using sdk::detail::byte_at;
using sdk::detail::utf8_sequence_length;

// The code point at text[i] and its length; U+FFFD with length 1 for an invalid byte.
char32_t decode_rune(std::string_view text, std::size_t i, std::size_t& length) {
    const unsigned char lead = byte_at(text, i);
    if (lead < 0x80) {
        length = 1;
        return lead;
    }
    length = utf8_sequence_length(text, i);
    if (length == 0) {
        length = 1;
        return 0xFFFD;
    }
    char32_t rune = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) rune = (rune << 6) | (byte_at(text, i + k) & 0x3F);
    return rune;
}

// strconv.AppendFloat(x, 'f' or 'e', -1, 64) followed by encoding/json's exponent cleanup.
void append_float(std::string& out, double value) {
    if (!std::isfinite(value)) {
        // Go refuses to marshal these; a client can at least parse null.
        out.append("null");
        return;
    }
    // The shortest round-trip digits, always taken from the scientific form: libstdc++'s fixed
    // form prints the exact binary value of large numbers (…683968) where Go prints the shortest
    // digits padded with zeros (…680000).
    std::array<char, 40> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                      std::chars_format::scientific);
    const std::string_view scientific(buffer.data(),
                                      static_cast<std::size_t>(result.ptr - buffer.data()));
    const double magnitude = std::fabs(value);
    if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
        // "1e-07" -> "1e-7"; positive exponents keep their two digits and sign ("1e+21").
        const std::size_t n = scientific.size();
        if (n >= 4 && scientific[n - 4] == 'e' && scientific[n - 3] == '-' &&
            scientific[n - 2] == '0') {
            out.append(scientific.data(), n - 2);
            out.push_back(scientific[n - 1]);
        } else {
            out.append(scientific);
        }
        return;
    }
    // Expand d[.ddd]e±XX into plain decimal notation.
    std::size_t pos = 0;
    if (scientific[0] == '-') {
        out.push_back('-');
        pos = 1;
    }
    const std::size_t e_pos = scientific.find('e');
    std::array<char, 20> digits{};
    std::size_t digit_count = 0;
    for (std::size_t k = pos; k < e_pos; ++k) {
        if (scientific[k] != '.') digits[digit_count++] = scientific[k];
    }
    int exponent = 0;
    const char* exponent_begin = scientific.data() + e_pos + 1;
    if (*exponent_begin == '+') ++exponent_begin;
    std::from_chars(exponent_begin, scientific.data() + scientific.size(), exponent);
    const auto count = static_cast<int>(digit_count);
    if (exponent < 0) {
        out.append("0.");
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out.append(digits.data(), digit_count);
    } else if (exponent >= count - 1) {
        out.append(digits.data(), digit_count);
        out.append(static_cast<std::size_t>(exponent - (count - 1)), '0');
    } else {
        const auto integer_digits = static_cast<std::size_t>(exponent + 1);
        out.append(digits.data(), integer_digits);
        out.push_back('.');
        out.append(digits.data() + integer_digits, digit_count - integer_digits);
    }
}

void append_value(std::string& out, const json& value) {
    switch (value.type()) {
        case json::value_t::object: {
            out.push_back('{');
            bool first = true;
            for (auto it = value.begin(); it != value.end(); ++it) {
                if (!first) out.push_back(',');
                first = false;
                append_string(out, it.key());
                out.push_back(':');
                append_value(out, it.value());
            }
            out.push_back('}');
            return;
        }
        case json::value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& element : value) {
                if (!first) out.push_back(',');
                first = false;
                append_value(out, element);
            }
            out.push_back(']');
            return;
        }
        case json::value_t::string:
            append_string(out, value.get_ref<const json::string_t&>());
            return;
        case json::value_t::boolean:
            out.append(value.get<bool>() ? "true" : "false");
            return;
        case json::value_t::number_integer:
            append_integer(out, value.get<json::number_integer_t>());
            return;
        case json::value_t::number_unsigned:
            append_integer(out, value.get<json::number_unsigned_t>());
            return;
        case json::value_t::number_float:
            append_float(out, value.get<json::number_float_t>());
            return;
        case json::value_t::null:
        case json::value_t::binary:
        case json::value_t::discarded:
            out.append("null");
            return;
    }
    out.append("null");
}

// encoding/json's foldName for one rune: ASCII upper-cased, the rest ToUpper(ToLower(r)). For the
// ASCII field names we look up, only these four non-ASCII runes fold onto an ASCII letter.
char32_t fold_rune(char32_t rune) {
    if (rune >= 'a' && rune <= 'z') return rune - ('a' - 'A');
    switch (rune) {
        case 0x017F:
            return 'S';  // LATIN SMALL LETTER LONG S
        case 0x212A:
            return 'K';  // KELVIN SIGN
        case 0x0130:
            return 'I';  // LATIN CAPITAL LETTER I WITH DOT ABOVE
        case 0x0131:
            return 'I';  // LATIN SMALL LETTER DOTLESS I
        default:
            return rune;
    }
}

bool ascii_fold_equal(unsigned char a, unsigned char b) {
    if (a >= 'a' && a <= 'z') a = static_cast<unsigned char>(a - ('a' - 'A'));
    if (b >= 'a' && b <= 'z') b = static_cast<unsigned char>(b - ('a' - 'A'));
    return a == b;
}

// Whether Go would decode key `key` into the field named `name`.
bool key_matches(std::string_view key, std::string_view name) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < key.size() && j < name.size()) {
        const unsigned char a = byte_at(key, i);
        const unsigned char b = byte_at(name, j);
        if (a < 0x80 && b < 0x80) {
            if (!ascii_fold_equal(a, b)) return false;
            ++i;
            ++j;
            continue;
        }
        std::size_t key_length = 0;
        std::size_t name_length = 0;
        if (fold_rune(decode_rune(key, i, key_length)) !=
            fold_rune(decode_rune(name, j, name_length))) {
            return false;
        }
        i += key_length;
        j += name_length;
    }
    return i == key.size() && j == name.size();
}

// The value of the last key that matches `name` in iteration order (first-occurrence order for
// ordered_json).
template <typename Json>
Json* find_member(Json& object, std::string_view name) {
    Json* found = nullptr;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (key_matches(it.key(), name)) found = &it.value();
    }
    return found;
}

// The top-level keys of `text` in document order, repeats included. ordered_json only remembers
// each key's first position, so a frame with differently-cased duplicates of a field is parsed a
// second time to learn which one Go would have taken (the last). Empty if parsing fails.
std::vector<std::string> top_level_keys(std::string_view text) {
    std::vector<std::string> keys;
    const json::parser_callback_t callback = [&keys](int depth, json::parse_event_t event,
                                                     json& parsed) {
        if (depth == 1 && event == json::parse_event_t::key && parsed.is_string()) {
            keys.push_back(parsed.get<std::string>());
        }
        return true;
    };
    if (json::parse(text.begin(), text.end(), callback, false).is_discarded()) keys.clear();
    return keys;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex_value(std::string_view text, std::size_t at) {
    unsigned value = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
        const char c = text[k];
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            value |= static_cast<unsigned>(c - 'a' + 10);
        else
            value |= static_cast<unsigned>(c - 'A' + 10);
    }
    return value;
}

// A \uXXXX escape at text[at] (pointing at the backslash), returning its value.
std::optional<unsigned> unicode_escape_at(std::string_view text, std::size_t at) {
    if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') return std::nullopt;
    for (std::size_t k = at + 2; k < at + 6; ++k) {
        if (!is_hex(text[k])) return std::nullopt;
    }
    return hex_value(text, at + 2);
}

// Go accepts what nlohmann rejects: invalid UTF-8 bytes and unpaired surrogate escapes inside
// strings both decode to U+FFFD. Only used after a failed parse; nullopt when nothing changed.
std::optional<std::string> repair_for_go(std::string_view frame) {
    std::string fixed;
    fixed.reserve(frame.size() + 16);
    bool changed = false;
    bool in_string = false;
    std::size_t i = 0;
    while (i < frame.size()) {
        const unsigned char b = byte_at(frame, i);
        if (b >= 0x80) {
            const std::size_t length = utf8_sequence_length(frame, i);
            if (length == 0) {
                fixed.append("\xEF\xBF\xBD");
                changed = true;
                ++i;
            } else {
                fixed.append(frame.substr(i, length));
                i += length;
            }
            continue;
        }
        if (!in_string) {
            if (b == '"') in_string = true;
            fixed.push_back(static_cast<char>(b));
            ++i;
            continue;
        }
        if (b == '"') {
            in_string = false;
            fixed.push_back('"');
            ++i;
            continue;
        }
        if (b != '\\' || i + 1 >= frame.size()) {
            fixed.push_back(static_cast<char>(b));
            ++i;
            continue;
        }
        if (const auto unit = unicode_escape_at(frame, i)) {
            if (*unit >= 0xD800 && *unit <= 0xDBFF) {
                const auto low = unicode_escape_at(frame, i + 6);
                if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                    fixed.append(frame.substr(i, 12));
                    i += 12;
                    continue;
                }
                fixed.append("\\ufffd");
                changed = true;
                i += 6;
                continue;
            }
            if (*unit >= 0xDC00 && *unit <= 0xDFFF) {
                fixed.append("\\ufffd");
                changed = true;
                i += 6;
                continue;
            }
            fixed.append(frame.substr(i, 6));
            i += 6;
            continue;
        }
        // Any other escape: keep the backslash and the escaped byte together.
        fixed.push_back('\\');
        ++i;
        if (byte_at(frame, i) < 0x80) {
            fixed.push_back(frame[i]);
            ++i;
        }
    }
    if (!changed) return std::nullopt;
    return fixed;
}

// Parses `frame` accepting what Go accepts. `repaired` receives the text actually parsed when the
// frame had to be repaired first.
json parse_like_go(std::string_view frame, std::optional<std::string>& repaired) {
    // Go rejects a byte-order mark; nlohmann would skip it.
    if (frame.substr(0, 3) == "\xEF\xBB\xBF") return json(json::value_t::discarded);
    json parsed = json::parse(frame.begin(), frame.end(), nullptr, false);
    if (!parsed.is_discarded()) return parsed;
    repaired = repair_for_go(frame);
    if (!repaired) return parsed;
    return json::parse(repaired->begin(), repaired->end(), nullptr, false);
}

// What Go's decoder makes of the envelope's fields (SEED-SPEC §2.1): `type`, `roomId` and
// `gameType` are strings, so another non-null type anywhere fails the whole decode even though no
// handler reads the last two; `null` leaves a string unchanged; `data` is raw JSON, null included.
struct envelope_fields {
    json* type = nullptr;  // the last string-valued `type` in iteration order
    json* data = nullptr;  // the last `data` in iteration order
    std::size_t type_count = 0;
    std::size_t data_count = 0;
    bool mismatch = false;
};

envelope_fields scan_envelope(json& object) {
    envelope_fields fields;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& key = it.key();
        json& value = it.value();
        if (key_matches(key, "type")) {
            if (value.is_string()) {
                fields.type = &value;
                ++fields.type_count;
            } else if (!value.is_null()) {
                fields.mismatch = true;
            }
        } else if (key_matches(key, "data")) {
            fields.data = &value;
            ++fields.data_count;
        } else if (key_matches(key, "roomId") || key_matches(key, "gameType")) {
            if (!value.is_string() && !value.is_null()) fields.mismatch = true;
        }
    }
    return fields;
}

// Re-picks `type` and `data` by document order when differently-cased duplicates make the
// iteration order ambiguous.
void pick_last_in_document(json& object, std::string_view text, envelope_fields& fields) {
    const std::vector<std::string> keys = top_level_keys(text);
    bool type_done = fields.type_count < 2;
    bool data_done = fields.data_count < 2;
    for (auto key = keys.rbegin(); key != keys.rend() && !(type_done && data_done); ++key) {
        if (!type_done && key_matches(*key, "type")) {
            const auto it = object.find(*key);
            if (it != object.end() && it->is_string()) {
                fields.type = &*it;
                type_done = true;
            }
        } else if (!data_done && key_matches(*key, "data")) {
            const auto it = object.find(*key);
            if (it != object.end()) {
                fields.data = &*it;
                data_done = true;
            }
        }
    }
}

// Common checks of the typed reads: the field to decode, or nullptr to leave `out` unchanged.
// `ok` is false when the read must fail.
const json* field_to_read(const json& object, std::string_view name, bool& ok) {
    ok = true;
    if (object.is_null()) return nullptr;
    if (!object.is_object()) {
        ok = false;
        return nullptr;
    }
    const json* field = find_field(object, name);
    if (field == nullptr || field->is_null()) return nullptr;
    return field;
}

// The envelope clients send, {"type":"<printable ASCII>","data":<value>} or {"type":"..."},
// read without building the outer object: only `data` goes through the parser, and the outer
// object with its keys and type string is not built and taken apart again. Anything else
// (whitespace, other keys or another order, escapes in the type, a `data` that does not parse
// alone, so also a repeated key after it) gives nullopt and takes the general path, which would
// decide these frames the same way.
std::optional<inbound_message> decode_plain_envelope(std::string_view frame) {
    constexpr std::string_view head = R"({"type":")";
    constexpr std::string_view data_key = R"(","data":)";
    if (!frame.starts_with(head) || !frame.ends_with('}')) return std::nullopt;
    std::size_t quote = head.size();
    for (; quote < frame.size() && frame[quote] != '"'; ++quote) {
        const unsigned char c = byte_at(frame, quote);
        if (c < 0x20 || c > 0x7E || c == '\\') return std::nullopt;
    }
    const std::string_view rest = frame.substr(std::min(quote, frame.size()));
    inbound_message message;
    if (rest == "\"}") {
        message.type.assign(frame.substr(head.size(), quote - head.size()));
        return message;
    }
    if (!rest.starts_with(data_key)) return std::nullopt;
    const std::string_view value = rest.substr(data_key.size(), rest.size() - data_key.size() - 1);
    json data = json::parse(value.begin(), value.end(), nullptr, false);
    if (data.is_discarded()) return std::nullopt;
    message.type.assign(frame.substr(head.size(), quote - head.size()));
    message.has_data = true;
    message.data = std::move(data);
    return message;
}

constexpr std::string_view k_success_prefix = R"(,"success":true)";

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    append_string(out, text);
}

void append_json(std::string& out, const sdk::json& value) {
    append_value(out, value);
}

std::string to_json(const sdk::json& value) {
    std::string out;
    out.reserve(64);
    append_value(out, value);
    return out;
}

std::string encode_envelope(std::string_view type, const sdk::json& data) {
    std::string out;
    out.reserve(256);
    out.append(R"({"type":)");
    append_string(out, type);
    out.append(k_success_prefix);
    out.append(R"(,"data":)");
    append_value(out, data);
    out.push_back('}');
    return out;
}

std::string encode_envelope(std::string_view type, const sdk::encoded_json& data) {
    std::string out;
    out.reserve(48 + type.size() + data.text.size());
    out.append(R"({"type":)");
    append_string(out, type);
    out.append(k_success_prefix);
    out.append(R"(,"data":)");
    out.append(data.text);
    out.push_back('}');
    return out;
}

std::string encode_envelope(std::string_view type) {
    std::string out;
    out.reserve(32 + type.size());
    out.append(R"({"type":)");
    append_string(out, type);
    out.append(k_success_prefix);
    out.push_back('}');
    return out;
}

std::string encode_error(std::string_view type, std::string_view message, sdk::error_code code) {
    std::string out;
    out.reserve(64 + type.size() + message.size());
    out.append(R"({"type":)");
    append_string(out, type);
    out.append(R"(,"success":false)");
    if (!message.empty()) {
        // Go's `error,omitempty`.
        out.append(R"(,"error":)");
        append_string(out, message);
    }
    out.append(R"(,"code":)");
    append_string(out, sdk::to_string(code));
    out.push_back('}');
    return out;
}

decode_result decode_inbound(std::string_view frame, std::size_t max_depth) {
    decode_result result;
    if (json_depth(frame, max_depth) > max_depth) {
        result.failure = decode_failure::too_deep;
        return result;
    }
    if (auto plain = decode_plain_envelope(frame)) {
        result.message = std::move(*plain);
        return result;
    }
    result.failure = decode_failure::invalid;
    std::optional<std::string> repaired;
    json parsed = parse_like_go(frame, repaired);
    if (parsed.is_discarded() || !parsed.is_object()) return result;

    envelope_fields fields = scan_envelope(parsed);
    if (fields.mismatch) return result;
    if (fields.type_count > 1 || fields.data_count > 1) {
        pick_last_in_document(parsed, repaired ? std::string_view(*repaired) : frame, fields);
    }
    inbound_message message;
    // A missing or null `type` is Go's zero value "" (answered `Unknown message type: `).
    if (fields.type != nullptr) message.type = std::move(fields.type->get_ref<json::string_t&>());
    if (fields.data != nullptr) {
        message.has_data = true;
        message.data = std::move(*fields.data);
    }
    result.message = std::move(message);
    return result;
}

std::size_t json_depth(std::string_view text, std::size_t limit) {
    std::size_t depth = 0;
    std::size_t deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped character cannot end the string
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > deepest) {
                    deepest = depth;
                    if (deepest > limit) return deepest;
                }
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                break;
            default:
                break;
        }
    }
    return deepest;
}

const sdk::json* find_field(const sdk::json& object, std::string_view name) {
    if (!object.is_object()) return nullptr;
    return find_member(object, name);
}

bool read_string(const sdk::json& object, std::string_view name, std::string& out) {
    bool ok = true;
    const json* field = field_to_read(object, name, ok);
    if (field == nullptr) return ok;
    if (!field->is_string()) return false;
    out = field->get_ref<const json::string_t&>();
    return true;
}

bool read_int(const sdk::json& object, std::string_view name, std::int64_t& out) {
    bool ok = true;
    const json* field = field_to_read(object, name, ok);
    if (field == nullptr) return ok;
    if (field->is_number_integer() && !field->is_number_unsigned()) {
        out = field->get<json::number_integer_t>();
        return true;
    }
    if (field->is_number_unsigned()) {
        const auto value = field->get<json::number_unsigned_t>();
        if (value >
            static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
            return false;
        }
        out = static_cast<std::int64_t>(value);
        return true;
    }
    return false;  // floats (even 1.0 or 1e2), strings, booleans, arrays, objects
}

bool read_bool(const sdk::json& object, std::string_view name, bool& out) {
    bool ok = true;
    const json* field = field_to_read(object, name, ok);
    if (field == nullptr) return ok;
    if (!field->is_boolean()) return false;
    out = field->get<bool>();
    return true;
}

bool is_object_or_null(const sdk::json& data) {
    return data.is_object() || data.is_null();
}

}  // namespace gameserver::core
