#include "ws_frame.hpp"

#include <cstring>

namespace gameserver::net::ws {

namespace {

constexpr std::uint8_t fin_bit = 0x80;
constexpr std::uint8_t rsv_bits = 0x70;
constexpr std::uint8_t opcode_bits = 0x0F;
constexpr std::uint8_t mask_bit = 0x80;
constexpr std::uint8_t length_bits = 0x7F;
constexpr std::size_t max_control_payload = 125;

bool is_known(std::uint8_t op) {
    return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

bool is_control(opcode op) {
    return static_cast<std::uint8_t>(op) >= 0x8;
}

struct header {
    bool fin = false;
    opcode op = opcode::continuation;
    std::uint64_t length = 0;
    std::array<std::uint8_t, 4> key{};
    std::size_t size = 0;
};

enum class header_status { incomplete, ok, invalid };

header_status parse_header(std::span<const std::uint8_t> bytes, header& h) {
    if (bytes.size() < 2) return header_status::incomplete;
    const std::uint8_t b0 = bytes[0];
    const std::uint8_t b1 = bytes[1];
    // No extension is negotiated, so every RSV bit must be clear; a client must mask (§5.1).
    if ((b0 & rsv_bits) != 0 || !is_known(b0 & opcode_bits) || (b1 & mask_bit) == 0) {
        return header_status::invalid;
    }
    h.fin = (b0 & fin_bit) != 0;
    h.op = static_cast<opcode>(b0 & opcode_bits);
    const std::uint8_t short_length = b1 & length_bits;
    std::size_t at = 2;
    if (short_length == 126) {
        if (bytes.size() < at + 2) return header_status::incomplete;
        h.length = (std::uint64_t{bytes[2]} << 8) | bytes[3];
        at += 2;
    } else if (short_length == 127) {
        if (bytes.size() < at + 8) return header_status::incomplete;
        h.length = 0;
        for (std::size_t i = 0; i < 8; ++i) h.length = (h.length << 8) | bytes[at + i];
        if (h.length >> 63) return header_status::invalid;  // the top bit must be 0 (§5.2)
        at += 8;
    } else {
        h.length = short_length;
    }
    if (is_control(h.op) && (!h.fin || h.length > max_control_payload)) {
        return header_status::invalid;  // control frames are whole and short (§5.5)
    }
    if (bytes.size() < at + 4) return header_status::incomplete;
    std::memcpy(h.key.data(), bytes.data() + at, 4);
    h.size = at + 4;
    return header_status::ok;
}

void unmask(std::span<std::uint8_t> data, const std::array<std::uint8_t, 4>& key) {
    std::uint64_t key8 = 0;
    std::uint8_t pattern[8];
    for (std::size_t i = 0; i < 8; ++i) pattern[i] = key[i % 4];
    std::memcpy(&key8, pattern, 8);
    std::size_t i = 0;
    for (; i + 8 <= data.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, data.data() + i, 8);
        word ^= key8;
        std::memcpy(data.data() + i, &word, 8);
    }
    for (; i < data.size(); ++i) data[i] ^= key[i % 4];
}

std::string_view as_chars(std::span<const std::uint8_t> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

bool is_valid_close_code(std::uint16_t code) {
    if (code >= 3000 && code <= 4999) return true;  // registered (3xxx) and private (4xxx)
    switch (code) {
        case 1000:
        case 1001:
        case 1002:
        case 1003:
        case 1007:
        case 1008:
        case 1009:
        case 1010:
        case 1011:
        case 1012:
        case 1013:
        case 1014:
            return true;
        default:
            return false;
    }
}

bool utf8_checker::feed(std::string_view bytes) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p != end) {
        if (needed_ == 0) {
            // ASCII eight bytes at a time: the common case for JSON.
            while (end - p >= 8) {
                std::uint64_t word;
                std::memcpy(&word, p, 8);
                if (word & 0x8080808080808080ULL) break;
                p += 8;
            }
            if (p == end) break;
            const std::uint8_t b = *p++;
            if (b < 0x80) continue;
            lower_ = 0x80;
            upper_ = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                needed_ = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed_ = 2;
                if (b == 0xE0) lower_ = 0xA0;  // overlong
                if (b == 0xED) upper_ = 0x9F;  // surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed_ = 3;
                if (b == 0xF0) lower_ = 0x90;  // overlong
                if (b == 0xF4) upper_ = 0x8F;  // past U+10FFFF
            } else {
                return false;
            }
            continue;
        }
        const std::uint8_t b = *p++;
        if (b < lower_ || b > upper_) return false;
        lower_ = 0x80;
        upper_ = 0xBF;
        --needed_;
    }
    return true;
}

std::size_t write_header(std::uint8_t* out, opcode op, std::uint64_t length) {
    out[0] = fin_bit | static_cast<std::uint8_t>(op);
    if (length < 126) {
        out[1] = static_cast<std::uint8_t>(length);
        return 2;
    }
    if (length <= 0xFFFF) {
        out[1] = 126;
        out[2] = static_cast<std::uint8_t>(length >> 8);
        out[3] = static_cast<std::uint8_t>(length);
        return 4;
    }
    out[1] = 127;
    for (std::size_t i = 0; i < 8; ++i)
        out[2 + i] = static_cast<std::uint8_t>(length >> (56 - 8 * i));
    return 10;
}

std::string control_frame(opcode op, std::string_view payload) {
    if (payload.size() > max_control_payload) payload = payload.substr(0, max_control_payload);
    std::uint8_t head[max_header_bytes];
    const std::size_t n = write_header(head, op, payload.size());
    std::string frame(reinterpret_cast<const char*>(head), n);
    frame.append(payload);
    return frame;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
    if (code == 0) return control_frame(opcode::close, {});
    // The reason must stay UTF-8 when cut: back off to the start of a code point.
    std::size_t keep = std::min(reason.size(), max_control_payload - 2);
    if (keep < reason.size()) {
        while (keep > 0 && (static_cast<std::uint8_t>(reason[keep]) & 0xC0) == 0x80) --keep;
    }
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, keep));
    return control_frame(opcode::close, payload);
}

event frame_reader::fail(std::uint16_t code) {
    event e;
    e.what = event::kind::failed;
    e.code = code;
    return e;
}

event frame_reader::next(std::span<std::uint8_t> bytes, std::size_t& consumed) {
    consumed = 0;
    wanted_ = 0;
    for (;;) {
        const auto rest = bytes.subspan(consumed);
        header h;
        switch (parse_header(rest, h)) {
            case header_status::incomplete:
                return {};
            case header_status::invalid:
                return fail(close_code::protocol_error);
            case header_status::ok:
                break;
        }
        const bool data = !is_control(h.op);
        if (data) {
            // A continuation must continue something; a new message must not interrupt one.
            if ((h.op == opcode::continuation) != in_message_)
                return fail(close_code::protocol_error);
            const std::uint64_t so_far = in_message_ ? fragments_.size() : 0;
            if (h.length > max_message_ || so_far + h.length > max_message_) {
                return fail(close_code::too_big);
            }
        }
        if (rest.size() - h.size < h.length) {
            wanted_ = static_cast<std::size_t>(h.size + h.length - rest.size());
            return {};
        }
        const auto payload = rest.subspan(h.size, static_cast<std::size_t>(h.length));
        unmask(payload, h.key);
        consumed += h.size + payload.size();
        const std::string_view text = as_chars(payload);

        event e;
        switch (h.op) {
            case opcode::ping:
                e.what = event::kind::ping;
                e.payload = text;
                return e;
            case opcode::pong:
                e.what = event::kind::pong;
                e.payload = text;
                return e;
            case opcode::close:
                if (text.size() == 1) return fail(close_code::protocol_error);
                e.what = event::kind::close;
                if (text.size() >= 2) {
                    e.code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(text[0]) << 8) |
                                                        static_cast<std::uint8_t>(text[1]));
                    if (!is_valid_close_code(e.code)) return fail(close_code::protocol_error);
                    e.reason = text.substr(2);
                    utf8_checker reason_check;
                    if (!reason_check.feed(e.reason) || !reason_check.finish()) {
                        return fail(close_code::bad_payload);
                    }
                }
                return e;
            case opcode::text:
            case opcode::binary:
                if (h.fin) {
                    if (h.op == opcode::text) {
                        utf8_checker check;
                        if (!check.feed(text) || !check.finish())
                            return fail(close_code::bad_payload);
                    }
                    e.what = event::kind::message;
                    e.text = h.op == opcode::text;
                    e.payload = text;
                    return e;
                }
                in_message_ = true;
                fragments_text_ = h.op == opcode::text;
                fragments_.assign(text);
                utf8_.reset();
                if (fragments_text_ && !utf8_.feed(text)) return fail(close_code::bad_payload);
                continue;
            case opcode::continuation:
                fragments_.append(text);
                if (fragments_text_ && !utf8_.feed(text)) return fail(close_code::bad_payload);
                if (!h.fin) continue;
                if (fragments_text_ && !utf8_.finish()) return fail(close_code::bad_payload);
                in_message_ = false;
                e.what = event::kind::message;
                e.text = fragments_text_;
                e.payload = fragments_;
                return e;
        }
        return fail(close_code::protocol_error);  // not reached: parse_header knows every opcode
    }
}

}  // namespace gameserver::net::ws
