// Client frames built byte by byte (RFC 6455 §5.2, masked as §5.3 says), independently of the
// server's own framing code, for the tests that speak the protocol on the wire: the frame
// codec's unit tests and the server's WebSocket protocol tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gameserver::testing::ws_wire {

using bytes = std::vector<std::uint8_t>;
using mask_key = std::array<std::uint8_t, 4>;

constexpr mask_key default_key = {0xA1, 0x5C, 0x3E, 0x07};

// Raw opcodes, so reserved ones can be sent too.
constexpr std::uint8_t op_cont = 0x0;
constexpr std::uint8_t op_text = 0x1;
constexpr std::uint8_t op_binary = 0x2;
constexpr std::uint8_t op_reserved_data = 0x3;
constexpr std::uint8_t op_close = 0x8;
constexpr std::uint8_t op_ping = 0x9;
constexpr std::uint8_t op_pong = 0xA;

enum class length_form { shortest, bits7, bits16, bits64 };

// How client_frame builds a frame; the defaults make a final, masked frame with no RSV bits and
// the shortest length encoding.
struct frame_options {
    bool fin = true;
    std::uint8_t rsv = 0;  // RSV1..RSV3 as 0b100, 0b010, 0b001
    bool masked = true;
    mask_key key = default_key;
    length_form form = length_form::shortest;
    std::optional<std::uint64_t> declared_length;  // a length field other than the payload's

    frame_options& not_final() {
        fin = false;
        return *this;
    }
    frame_options& with_rsv(std::uint8_t bits) {
        rsv = bits;
        return *this;
    }
    frame_options& unmasked() {
        masked = false;
        return *this;
    }
    frame_options& with_key(mask_key k) {
        key = k;
        return *this;
    }
    frame_options& with_form(length_form f) {
        form = f;
        return *this;
    }
    frame_options& declaring(std::uint64_t length) {
        declared_length = length;
        return *this;
    }
};

inline frame_options opts() {
    return {};
}

// A frame as a client sends it (RFC 6455 §5.2): FIN, RSV, opcode; MASK and the 7-bit length,
// then a 16-bit (126) or 64-bit (127) big-endian length; the masking key; the payload XORed with
// key[i % 4] (§5.3).
inline bytes client_frame(std::uint8_t op, std::string_view payload, const frame_options& o = {}) {
    bytes out;
    out.push_back(
        static_cast<std::uint8_t>((o.fin ? 0x80 : 0x00) | ((o.rsv & 0x7) << 4) | (op & 0x0F)));
    const std::uint64_t length = o.declared_length.value_or(payload.size());
    length_form form = o.form;
    if (form == length_form::shortest) {
        form = length < 126      ? length_form::bits7
               : length <= 65535 ? length_form::bits16
                                 : length_form::bits64;
    }
    const std::uint8_t mask_bit = o.masked ? 0x80 : 0x00;
    switch (form) {
        case length_form::bits7:
            out.push_back(static_cast<std::uint8_t>(mask_bit | length));
            break;
        case length_form::bits16:
            out.push_back(mask_bit | 126);
            out.push_back(static_cast<std::uint8_t>(length >> 8));
            out.push_back(static_cast<std::uint8_t>(length));
            break;
        case length_form::bits64:
        case length_form::shortest:
            out.push_back(mask_bit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.push_back(static_cast<std::uint8_t>(length >> shift));
            }
            break;
    }
    if (o.masked) out.insert(out.end(), o.key.begin(), o.key.end());
    for (std::size_t i = 0; i < payload.size(); ++i) {
        const auto b = static_cast<std::uint8_t>(payload[i]);
        out.push_back(o.masked ? static_cast<std::uint8_t>(b ^ o.key[i % 4]) : b);
    }
    return out;
}

// Size of a masked client frame's header (with the key) for a payload of `length` bytes.
inline std::size_t client_header_size(std::uint64_t length) {
    return 2 + (length < 126 ? 0 : length <= 65535 ? 2 : 8) + 4;
}

// A close frame's payload (§5.5.1): the code, big-endian, then the reason.
inline std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
    std::string out;
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xFF));
    out.append(reason);
    return out;
}

// The frame as the text a socket write takes.
inline std::string as_text(const bytes& frame) {
    return std::string(frame.begin(), frame.end());
}

}  // namespace gameserver::testing::ws_wire
