// The WebSocket framing of RFC 6455, server side: reading the frames a client sends (masked, no
// extensions) into messages, pings, pongs and close, and writing the unmasked frames we send.
// Pure (no sockets), so it is tested and fuzzed on its own; ws_transport drives it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace gameserver::net::ws {

enum class opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// Close codes (RFC 6455 §7.4.1) the server sends.
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t bad_payload = 1007;  // a text message that is not UTF-8
inline constexpr std::uint16_t policy_error = 1008;
inline constexpr std::uint16_t too_big = 1009;
inline constexpr std::uint16_t try_again_later = 1013;
}  // namespace close_code

// Whether a peer may send `code` in a close frame (§7.4.1-2): 1004-1006 and 1015 are reserved
// for reporting, 1016-2999 for future use.
bool is_valid_close_code(std::uint16_t code);

// Validates UTF-8 fed in pieces: a text message's bytes may arrive split across frames, and a
// code point across pieces.
class utf8_checker {
  public:
    // False as soon as the bytes so far cannot begin valid UTF-8.
    bool feed(std::string_view bytes);
    // False if the bytes end inside a code point.
    bool finish() const { return needed_ == 0; }
    void reset() { needed_ = 0; }

  private:
    int needed_ = 0;          // continuation bytes still expected
    std::uint8_t lower_ = 0;  // bounds of the next continuation byte (excludes overlong forms,
    std::uint8_t upper_ = 0;  // surrogates and code points past U+10FFFF)
};

// Largest header of a frame we write: 2 bytes, plus 8 for a 64-bit length.
inline constexpr std::size_t max_header_bytes = 10;

// Writes the header of a final, unmasked frame carrying `length` bytes; returns its size.
std::size_t write_header(std::uint8_t* out, opcode op, std::uint64_t length);

// A complete close frame: code (omitted if 0) and reason (cut to fit a control frame).
std::string close_frame(std::uint16_t code, std::string_view reason);

// A complete control frame (ping or pong) with `payload` (at most 125 bytes).
std::string control_frame(opcode op, std::string_view payload);

// What frame_reader::next found.
struct event {
    enum class kind {
        need_more,  // no complete event in the bytes yet
        message,    // a data message: `payload`, `text`
        ping,       // `payload` (to echo in a pong)
        pong,
        close,   // the peer's close: `code` (0 if none), `reason`
        failed,  // the peer broke the protocol: close with `code`
    };
    kind what = kind::need_more;
    bool text = false;
    std::string_view payload;
    std::uint16_t code = 0;
    std::string_view reason;
};

// Reads a client's frames, one event at a time, from bytes the caller keeps in a buffer. Data
// frames are unmasked in place; a message in one frame is handed out as a view of that buffer
// (no copy), a fragmented one is gathered here.
class frame_reader {
  public:
    explicit frame_reader(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

    // Reads from the start of `bytes` until an event: `consumed` is how many bytes the caller
    // may drop. Views in the event point into `bytes` or into this reader, and stay valid until
    // the next call (the caller must not move or overwrite `bytes` before it is done with them).
    // After `failed` or `close` the reader must not be called again.
    event next(std::span<std::uint8_t> bytes, std::size_t& consumed);

    // Bytes a frame still needs before it can be read (for sizing the next socket read); 0 if
    // unknown (the header is incomplete).
    std::size_t wanted() const { return wanted_; }

  private:
    event fail(std::uint16_t code);

    std::size_t max_message_;
    std::string fragments_;        // a fragmented message so far
    bool in_message_ = false;      // a fragmented message has begun
    bool fragments_text_ = false;  // ... and it is text
    utf8_checker utf8_;
    std::size_t wanted_ = 0;
};

}  // namespace gameserver::net::ws
