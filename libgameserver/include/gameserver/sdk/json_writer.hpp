// Writes JSON text the way the Go server's encoding/json does (SEED-SPEC §1.9), straight from a
// game's own fields: no JSON tree is built (for tic-tac-toe's state, sent on every move, the tree
// was an eighth of the server's CPU per move). The same escaping serves the core's encoder of
// JSON trees, so the bytes are the same either way.
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace gameserver::sdk {

// JSON text already written, e.g. by json_writer; context::broadcast_encoded sends it as is.
struct encoded_json {
    std::string text;
};

namespace detail {

inline constexpr std::string_view k_hex_digits = "0123456789abcdef";

// How the string writer treats each byte: copied as is, escaped, or the lead of a UTF-8
// sequence that has to be validated.
enum class byte_class : unsigned char { plain, escape, multibyte };

constexpr std::array<byte_class, 256> make_byte_classes() {
    std::array<byte_class, 256> table{};
    for (std::size_t b = 0; b < table.size(); ++b) {
        if (b < 0x20 || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&') {
            table[b] = byte_class::escape;
        } else if (b >= 0x80) {
            table[b] = byte_class::multibyte;
        } else {
            table[b] = byte_class::plain;  // includes DEL, as Go's htmlSafeSet does
        }
    }
    return table;
}

inline constexpr std::array<byte_class, 256> k_byte_classes = make_byte_classes();

inline unsigned char byte_at(std::string_view text, std::size_t i) {
    return static_cast<unsigned char>(text[i]);
}

// Length (2-4) of the well-formed UTF-8 sequence starting at text[i], or 0 when that byte starts
// none: Go's utf8.DecodeRune then reports (RuneError, 1) and the byte alone is replaced.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const unsigned char lead = byte_at(text, i);
    std::size_t length = 0;
    unsigned char second_lo = 0x80;
    unsigned char second_hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_lo = 0xA0;  // overlong
        if (lead == 0xED) second_hi = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_lo = 0x90;  // overlong
        if (lead == 0xF4) second_hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() - i < length) return 0;
    const unsigned char second = byte_at(text, i + 1);
    if (second < second_lo || second > second_hi) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if ((byte_at(text, i + k) & 0xC0) != 0x80) return 0;
    }
    return length;
}

// A JSON string as Go writes it: `<` `>` `&` U+2028 U+2029 escaped, invalid UTF-8 as \ufffd.
inline void append_string(std::string& out, std::string_view s) {
    out.push_back('"');
    std::size_t start = 0;
    std::size_t i = 0;
    const auto flush = [&] { out.append(s.data() + start, i - start); };
    while (i < s.size()) {
        const unsigned char b = byte_at(s, i);
        const byte_class cls = k_byte_classes[b];
        if (cls == byte_class::plain) {
            ++i;
            continue;
        }
        if (cls == byte_class::escape) {
            flush();
            switch (b) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default: {
                    // Other control bytes and the HTML-sensitive < > &.
                    const std::array<char, 6> escaped{
                        '\\', 'u', '0', '0', k_hex_digits[b >> 4], k_hex_digits[b & 0xF]};
                    out.append(escaped.data(), escaped.size());
                    break;
                }
            }
            start = ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(s, i);
        if (length == 0) {
            // Go writes the escape, not the raw replacement character.
            flush();
            out.append("\\ufffd");
            start = ++i;
            continue;
        }
        if (length == 3 && b == 0xE2 && byte_at(s, i + 1) == 0x80 &&
            (byte_at(s, i + 2) == 0xA8 || byte_at(s, i + 2) == 0xA9)) {
            // U+2028 / U+2029: valid JSON but not valid JavaScript.
            flush();
            out.append(byte_at(s, i + 2) == 0xA8 ? "\\u2028" : "\\u2029");
            i += 3;
            start = i;
            continue;
        }
        i += length;
    }
    flush();
    out.push_back('"');
}

template <typename Integer>
inline void append_integer(std::string& out, Integer value) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), result.ptr);
}

}  // namespace detail

// Appends values in order; commas and the colon after a key are its business. The caller keeps
// the nesting balanced (begin/end) and writes a key before each value inside an object.
class json_writer {
  public:
    explicit json_writer(std::size_t reserve = 256) { out_.reserve(reserve); }

    json_writer& begin_object() { return open('{'); }
    json_writer& end_object() { return close('}'); }
    json_writer& begin_array() { return open('['); }
    json_writer& end_array() { return close(']'); }

    json_writer& key(std::string_view name) {
        separate();
        detail::append_string(out_, name);
        out_.push_back(':');
        after_key_ = true;
        return *this;
    }
    json_writer& value(std::string_view text) {
        separate();
        detail::append_string(out_, text);
        return written();
    }
    json_writer& value(const char* text) { return value(std::string_view(text)); }
    json_writer& value(bool flag) { return literal(flag ? "true" : "false"); }
    json_writer& value(std::int64_t number) { return integer(number); }
    json_writer& value(std::uint64_t number) { return integer(number); }
    json_writer& value(int number) { return integer(static_cast<std::int64_t>(number)); }
    json_writer& null() { return literal("null"); }

    encoded_json take() && { return encoded_json{std::move(out_)}; }

  private:
    // A comma before every element but the first of its object or array, none after a key.
    void separate() {
        if (!after_key_ && need_comma_) out_.push_back(',');
        after_key_ = false;
    }
    json_writer& literal(std::string_view text) {
        separate();
        out_.append(text);
        return written();
    }
    template <typename Integer>
    json_writer& integer(Integer number) {
        separate();
        detail::append_integer(out_, number);
        return written();
    }
    json_writer& written() {
        need_comma_ = true;
        return *this;
    }
    json_writer& open(char bracket) {
        separate();
        out_.push_back(bracket);
        need_comma_ = false;
        return *this;
    }
    json_writer& close(char bracket) {
        out_.push_back(bracket);
        return written();
    }

    std::string out_;
    bool need_comma_ = false;
    bool after_key_ = false;
};

}  // namespace gameserver::sdk
