// The WebSocket frame codec (RFC 6455) on its own: client frames built byte by byte (masked as
// §5.3 says, support/ws_client_frames.hpp) are read back into messages, pings, pongs and close;
// every protocol error the server must catch fails with the right close code; UTF-8 is checked
// across fragments; the frames we write have the right bytes; and random streams, fed in random
// chunks, round-trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/ws_client_frames.hpp"
#include "ws_frame.hpp"

namespace gameserver::net::ws {
namespace {

using namespace gameserver::testing::ws_wire;

// Frames too large for any test; the limit when a test is not about the limit.
constexpr std::size_t big_limit = std::size_t{1} << 24;

bytes concat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::string str(std::string_view s) {
    return std::string(s);
}

// Payload bytes that are not all alike, so a wrong mask offset shows.
std::string pattern(std::size_t n, bool ascii = true) {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = ascii ? static_cast<char>('a' + (i * 7 + i / 26) % 26)
                       : static_cast<char>((i * 131 + 17) & 0xFF);
    }
    return out;
}

// An event copied out of the reader, so it outlives the buffer it viewed.
struct received {
    event::kind what = event::kind::need_more;
    bool text = false;
    std::string payload;
    std::uint16_t code = 0;
    std::string reason;

    bool operator==(const received&) const = default;
};

const char* kind_name(event::kind k) {
    switch (k) {
        case event::kind::need_more:
            return "need_more";
        case event::kind::message:
            return "message";
        case event::kind::ping:
            return "ping";
        case event::kind::pong:
            return "pong";
        case event::kind::close:
            return "close";
        case event::kind::failed:
            return "failed";
    }
    return "?";
}

std::ostream& operator<<(std::ostream& os, const received& r) {
    os << kind_name(r.what);
    if (r.what == event::kind::message) os << (r.text ? " text" : " binary");
    os << " payload(" << r.payload.size() << ")";
    if (r.payload.size() <= 40) os << "=\"" << r.payload << "\"";
    if (r.what == event::kind::close || r.what == event::kind::failed) {
        os << " code=" << r.code << " reason=\"" << r.reason << "\"";
    }
    return os;
}

received copy(const event& e) {
    return received{e.what, e.text, str(e.payload), e.code, str(e.reason)};
}

received message(std::string_view payload, bool text = true) {
    return received{event::kind::message, text, str(payload), 0, {}};
}
received ping(std::string_view payload) {
    return received{event::kind::ping, false, str(payload), 0, {}};
}
received pong(std::string_view payload) {
    return received{event::kind::pong, false, str(payload), 0, {}};
}
received closed(std::uint16_t code, std::string_view reason = {}) {
    return received{event::kind::close, false, {}, code, str(reason)};
}
received failed(std::uint16_t code) {
    return received{event::kind::failed, false, {}, code, {}};
}

// Reads every event from `stream` with one reader, calling next on the remainder (as a caller
// that drops `consumed` bytes after each call), until it needs more bytes, fails or closes.
std::vector<received> read_all(bytes stream, std::size_t max = big_limit) {
    frame_reader reader(max);
    std::vector<received> out;
    std::size_t at = 0;
    for (int guard = 0; guard < 10000; ++guard) {
        std::size_t consumed = 12345;
        const event e = reader.next(std::span(stream).subspan(at), consumed);
        EXPECT_LE(consumed, stream.size() - at);
        at += consumed;
        if (e.what == event::kind::need_more) {
            if (consumed == 0) break;
            continue;  // non-final fragments were gathered; go on with the rest
        }
        out.push_back(copy(e));
        if (e.what == event::kind::failed || e.what == event::kind::close) break;
    }
    return out;
}

// A socket's read side: chunks are appended to a buffer, next() is called until it needs more,
// and `consumed` bytes are erased after every call. Checks that every event ends on a frame
// boundary of the stream, and that wanted() names the exact end of the frame being read.
class socket_reader {
  public:
    socket_reader(std::size_t max, std::vector<std::size_t> frame_ends)
        : reader_(max), frame_ends_(std::move(frame_ends)) {}

    void feed(std::span<const std::uint8_t> chunk, std::size_t stream_left_after) {
        if (done_) return;
        buffer_.insert(buffer_.end(), chunk.begin(), chunk.end());
        for (;;) {
            std::size_t consumed = 0;
            const event e = reader_.next(buffer_, consumed);
            ASSERT_LE(consumed, buffer_.size());
            if (e.what != event::kind::need_more) {
                events_.push_back(copy(e));  // before the erase below moves the bytes
            }
            if (e.what != event::kind::need_more && e.what != event::kind::failed) {
                ASSERT_TRUE(is_frame_end(base_ + consumed)) << "event ends at " << base_ + consumed;
            }
            if (e.what == event::kind::failed || e.what == event::kind::close) {
                done_ = true;
                return;
            }
            buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed));
            base_ += consumed;
            if (e.what == event::kind::need_more) {
                if (reader_.wanted() > 0) {
                    EXPECT_LE(reader_.wanted(), stream_left_after);
                    EXPECT_TRUE(is_frame_end(base_ + buffer_.size() + reader_.wanted()))
                        << "wanted " << reader_.wanted() << " with " << buffer_.size()
                        << " buffered at " << base_;
                }
                return;
            }
        }
    }

    const std::vector<received>& events() const { return events_; }
    std::size_t buffered() const { return buffer_.size(); }
    bool done() const { return done_; }

  private:
    bool is_frame_end(std::size_t at) const {
        return std::binary_search(frame_ends_.begin(), frame_ends_.end(), at);
    }

    frame_reader reader_;
    std::vector<std::size_t> frame_ends_;
    bytes buffer_;
    std::size_t base_ = 0;  // stream offset of buffer_[0]
    std::vector<received> events_;
    bool done_ = false;
};

// Frames joined into one stream, remembering where each ends.
struct frame_stream {
    bytes data;
    std::vector<std::size_t> ends;

    void add(const bytes& frame) {
        data.insert(data.end(), frame.begin(), frame.end());
        ends.push_back(data.size());
    }
};

// ---------------------------------------------------------------------------------------------
// Single frames

TEST(WsFrameReader, AMaskedTextFrameIsAMessageViewingTheGivenBuffer) {
    const std::string text = "Hello, WebSocket!";
    bytes frame = client_frame(op_text, text);
    ASSERT_EQ(frame.size(), 2 + 4 + text.size());
    frame_reader reader(1024);
    std::size_t consumed = 0;
    const event e = reader.next(frame, consumed);
    EXPECT_EQ(e.what, event::kind::message);
    EXPECT_TRUE(e.text);
    EXPECT_EQ(e.payload, text);
    EXPECT_EQ(consumed, frame.size());
    // Unmasked in place: the view is the payload's place in the buffer, not a copy.
    EXPECT_EQ(static_cast<const void*>(e.payload.data()), static_cast<void*>(frame.data() + 6));
}

TEST(WsFrameReader, ABinaryFrameIsABinaryMessage) {
    const std::string payload = pattern(100, false);
    bytes frame = client_frame(op_binary, payload);
    frame_reader reader(1024);
    std::size_t consumed = 0;
    const event e = reader.next(frame, consumed);
    EXPECT_EQ(e.what, event::kind::message);
    EXPECT_FALSE(e.text);
    EXPECT_EQ(e.payload, payload);
    EXPECT_EQ(consumed, frame.size());
}

TEST(WsFrameReader, AnEmptyFrameIsAnEmptyMessage) {
    for (const std::uint8_t op : {op_text, op_binary}) {
        bytes frame = client_frame(op, "");
        ASSERT_EQ(frame.size(), 6u);
        frame_reader reader(1024);
        std::size_t consumed = 0;
        const event e = reader.next(frame, consumed);
        EXPECT_EQ(e.what, event::kind::message) << int{op};
        EXPECT_EQ(e.text, op == op_text);
        EXPECT_TRUE(e.payload.empty());
        EXPECT_EQ(consumed, 6u);
    }
}

TEST(WsFrameReader, LengthsAtTheEncodingBoundariesAreRead) {
    for (const std::size_t n : {std::size_t{125}, std::size_t{126}, std::size_t{65535},
                                std::size_t{65536}, std::size_t{70001}}) {
        for (const bool text : {true, false}) {
            const std::string payload = pattern(n, text);
            bytes frame = client_frame(text ? op_text : op_binary, payload);
            const std::size_t header = client_header_size(n);
            ASSERT_EQ(frame.size(), header + n);
            // The length field as RFC 6455 §5.2 lays it out.
            if (n < 126) {
                EXPECT_EQ(frame[1], 0x80 | n);
            } else if (n <= 65535) {
                EXPECT_EQ(frame[1], 0x80 | 126);
                EXPECT_EQ((std::size_t{frame[2]} << 8) | frame[3], n);
            } else {
                EXPECT_EQ(frame[1], 0x80 | 127);
            }
            frame_reader reader(big_limit);
            std::size_t consumed = 0;
            const event e = reader.next(frame, consumed);
            ASSERT_EQ(e.what, event::kind::message) << n;
            EXPECT_EQ(e.text, text);
            EXPECT_TRUE(e.payload == payload) << n;
            EXPECT_EQ(consumed, frame.size());
            EXPECT_EQ(static_cast<const void*>(e.payload.data()),
                      static_cast<void*>(frame.data() + header));
        }
    }
}

TEST(WsFrameReader, EveryMaskKeyOffsetIsUnmasked) {
    // Lengths around the 8-byte unmasking step, with a key whose bytes all differ.
    for (std::size_t n = 0; n <= 33; ++n) {
        const std::string payload = pattern(n, false);
        bytes frame = client_frame(op_binary, payload, opts().with_key({0x01, 0x80, 0x7F, 0xFE}));
        frame_reader reader(1024);
        std::size_t consumed = 0;
        const event e = reader.next(frame, consumed);
        ASSERT_EQ(e.what, event::kind::message);
        EXPECT_EQ(e.payload, payload) << n;
    }
}

TEST(WsFrameReader, TwoFramesInOneBufferAreReadOneAtATime) {
    const bytes first = client_frame(op_text, "first message");
    const bytes second =
        client_frame(op_binary, pattern(300, false), opts().with_key({9, 8, 7, 6}));
    bytes buffer = concat({first, second});
    frame_reader reader(1024);

    std::size_t consumed = 0;
    event e = reader.next(buffer, consumed);
    ASSERT_EQ(e.what, event::kind::message);
    EXPECT_TRUE(e.text);
    EXPECT_EQ(e.payload, "first message");
    EXPECT_EQ(consumed, first.size());

    const std::size_t at = consumed;
    e = reader.next(std::span(buffer).subspan(at), consumed);
    ASSERT_EQ(e.what, event::kind::message);
    EXPECT_FALSE(e.text);
    EXPECT_EQ(e.payload, pattern(300, false));
    EXPECT_EQ(consumed, second.size());

    e = reader.next(std::span(buffer).subspan(at + consumed), consumed);
    EXPECT_EQ(e.what, event::kind::need_more);
    EXPECT_EQ(consumed, 0u);
}

TEST(WsFrameReader, AFrameSplitAtEveryByteNeedsMoreUntilComplete) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{125}, std::size_t{126},
                                std::size_t{300}, std::size_t{65536}}) {
        const std::string payload = pattern(n);
        bytes frame = client_frame(op_text, payload);
        const std::size_t header = client_header_size(n);
        frame_reader reader(big_limit);
        for (std::size_t have = 0; have < frame.size(); ++have) {
            std::size_t consumed = 99;
            const event e = reader.next(std::span(frame).first(have), consumed);
            ASSERT_EQ(e.what, event::kind::need_more) << n << " bytes, prefix " << have;
            ASSERT_EQ(consumed, 0u);
            // Unknown until the header (with the key) is in, then exactly the bytes missing.
            ASSERT_EQ(reader.wanted(), have < header ? 0 : frame.size() - have)
                << n << " bytes, prefix " << have;
        }
        std::size_t consumed = 0;
        const event e = reader.next(frame, consumed);
        ASSERT_EQ(e.what, event::kind::message) << n;
        EXPECT_TRUE(e.payload == payload);
        EXPECT_EQ(consumed, frame.size());
        EXPECT_EQ(reader.wanted(), 0u);
    }
}

TEST(WsFrameReader, AStreamSplitAtEveryByteGivesTheSameEvents) {
    frame_stream stream;
    stream.add(client_frame(op_text, "one"));
    stream.add(client_frame(op_text, "tw", opts().not_final()));
    stream.add(client_frame(op_ping, "p!"));
    stream.add(client_frame(op_cont, "o", opts().not_final().with_key({1, 2, 3, 4})));
    stream.add(client_frame(op_cont, ""));
    stream.add(client_frame(op_binary, pattern(130, false)));
    stream.add(client_frame(op_pong, "q"));
    stream.add(client_frame(op_close, std::string("\x03\xE8", 2) + "done"));
    const std::vector<received> expected = {
        message("one"), ping("p!"),           message("two"), message(pattern(130, false), false),
        pong("q"),      closed(1000, "done"),
    };
    EXPECT_EQ(read_all(stream.data), expected);

    for (std::size_t split = 0; split <= stream.data.size(); ++split) {
        socket_reader sock(1024, stream.ends);
        const std::span<const std::uint8_t> all(stream.data);
        sock.feed(all.first(split), all.size() - split);
        sock.feed(all.subspan(split), 0);
        EXPECT_EQ(sock.events(), expected) << "split at " << split;
    }
    // And one byte at a time.
    socket_reader sock(1024, stream.ends);
    for (std::size_t i = 0; i < stream.data.size() && !sock.done(); ++i) {
        sock.feed(std::span(stream.data).subspan(i, 1), stream.data.size() - i - 1);
    }
    EXPECT_EQ(sock.events(), expected);
}

// ---------------------------------------------------------------------------------------------
// Fragmentation

TEST(WsFrameReaderFragments, ThreeFragmentsAreGatheredIntoOneMessage) {
    const bytes stream = concat({
        client_frame(op_text, "Hello, ", opts().not_final()),
        client_frame(op_cont, "fragmented ", opts().not_final().with_key({5, 6, 7, 8})),
        client_frame(op_cont, "world", opts().with_key({0xFF, 0, 0xFF, 0})),
    });
    EXPECT_EQ(read_all(stream), std::vector<received>{message("Hello, fragmented world")});

    // One call reads all three frames.
    bytes buffer = stream;
    frame_reader reader(1024);
    std::size_t consumed = 0;
    const event e = reader.next(buffer, consumed);
    ASSERT_EQ(e.what, event::kind::message);
    EXPECT_TRUE(e.text);
    EXPECT_EQ(e.payload, "Hello, fragmented world");
    EXPECT_EQ(consumed, buffer.size());
}

TEST(WsFrameReaderFragments, ABinaryMessageInFragmentsStaysBinary) {
    const std::string payload = pattern(1000, false);
    const bytes stream = concat({
        client_frame(op_binary, payload.substr(0, 1), opts().not_final()),
        client_frame(op_cont, payload.substr(1, 600), opts().not_final()),
        client_frame(op_cont, payload.substr(601)),
    });
    EXPECT_EQ(read_all(stream), std::vector<received>{message(payload, false)});
}

TEST(WsFrameReaderFragments, ANonFinalFragmentIsConsumedWithoutAnEvent) {
    const bytes first = client_frame(op_text, "abc", opts().not_final());
    const bytes last = client_frame(op_cont, "def");
    bytes buffer = concat({first, last});
    frame_reader reader(1024);

    // Only the first fragment and part of the last: nothing to hand out yet, but the fragment is
    // gathered by the reader and the caller may drop it.
    std::size_t consumed = 0;
    event e = reader.next(std::span(buffer).first(first.size() + 7), consumed);
    EXPECT_EQ(e.what, event::kind::need_more);
    EXPECT_EQ(consumed, first.size());
    EXPECT_EQ(reader.wanted(), last.size() - 7);

    e = reader.next(std::span(buffer).subspan(first.size()), consumed);
    ASSERT_EQ(e.what, event::kind::message);
    EXPECT_EQ(e.payload, "abcdef");
    EXPECT_EQ(consumed, last.size());
}

TEST(WsFrameReaderFragments, APingBetweenFragmentsIsReturnedAndTheMessageStillCompletes) {
    const bytes stream = concat({
        client_frame(op_text, "first ", opts().not_final()),
        client_frame(op_ping, "are you there"),
        client_frame(op_cont, "second ", opts().not_final()),
        client_frame(op_pong, "pong!"),
        client_frame(op_cont, "third"),
        client_frame(op_text, "after"),
    });
    EXPECT_EQ(read_all(stream),
              (std::vector<received>{ping("are you there"), pong("pong!"),
                                     message("first second third"), message("after")}));
}

TEST(WsFrameReaderFragments, ACloseBetweenFragmentsIsReturned) {
    const bytes stream = concat({
        client_frame(op_text, "unfinished", opts().not_final()),
        client_frame(op_close, std::string("\x03\xE9", 2)),
    });
    EXPECT_EQ(read_all(stream), std::vector<received>{closed(1001)});
}

TEST(WsFrameReaderFragments, AContinuationWithoutAStartIsAProtocolError) {
    EXPECT_EQ(read_all(client_frame(op_cont, "orphan")), std::vector<received>{failed(1002)});
    EXPECT_EQ(read_all(client_frame(op_cont, "orphan", opts().not_final())),
              std::vector<received>{failed(1002)});
    // Also right after a complete message.
    EXPECT_EQ(read_all(concat({client_frame(op_text, "done"), client_frame(op_cont, "more")})),
              (std::vector<received>{message("done"), failed(1002)}));
}

TEST(WsFrameReaderFragments, ANewMessageWhileOneIsOpenIsAProtocolError) {
    for (const std::uint8_t start : {op_text, op_binary}) {
        for (const std::uint8_t interrupt : {op_text, op_binary}) {
            for (const bool fin : {true, false}) {
                frame_options o;
                o.fin = fin;
                const bytes stream = concat({
                    client_frame(start, "open", opts().not_final()),
                    client_frame(interrupt, "new", o),
                });
                EXPECT_EQ(read_all(stream), std::vector<received>{failed(1002)})
                    << int{start} << " then " << int{interrupt} << " fin " << fin;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Protocol errors (1002)

TEST(WsFrameReaderProtocol, AnRsvBitIsAProtocolError) {
    for (const std::uint8_t rsv : {1, 2, 4, 7}) {
        for (const std::uint8_t op : {op_text, op_binary, op_ping, op_close}) {
            const bytes frame = client_frame(op, "x", opts().with_rsv(rsv));
            EXPECT_EQ(read_all(frame), std::vector<received>{failed(1002)}) << int{rsv};
            // The first two bytes are enough to tell.
            EXPECT_EQ(read_all(bytes(frame.begin(), frame.begin() + 2)),
                      std::vector<received>{failed(1002)});
        }
    }
}

TEST(WsFrameReaderProtocol, AnUnmaskedFrameIsAProtocolError) {
    for (const std::uint8_t op : {op_text, op_binary, op_ping, op_pong, op_close, op_cont}) {
        const bytes frame = client_frame(op, "", opts().unmasked());
        EXPECT_EQ(read_all(frame), std::vector<received>{failed(1002)}) << int{op};
    }
    EXPECT_EQ(read_all(client_frame(op_text, "hello", opts().unmasked())),
              std::vector<received>{failed(1002)});
    EXPECT_EQ(read_all(client_frame(op_binary, pattern(70000), opts().unmasked())),
              std::vector<received>{failed(1002)});
}

TEST(WsFrameReaderProtocol, ReservedOpcodesAreAProtocolError) {
    for (const std::uint8_t op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        const bytes frame = client_frame(op, "payload");
        EXPECT_EQ(read_all(frame), std::vector<received>{failed(1002)}) << int{op};
        EXPECT_EQ(read_all(bytes(frame.begin(), frame.begin() + 2)),
                  std::vector<received>{failed(1002)})
            << int{op};
        // Also inside a fragmented message.
        EXPECT_EQ(read_all(concat({client_frame(op_text, "a", opts().not_final()), frame})),
                  std::vector<received>{failed(1002)})
            << int{op};
    }
}

TEST(WsFrameReaderProtocol, AFragmentedControlFrameIsAProtocolError) {
    for (const std::uint8_t op : {op_close, op_ping, op_pong}) {
        EXPECT_EQ(read_all(client_frame(op, "", opts().not_final())),
                  std::vector<received>{failed(1002)})
            << int{op};
        EXPECT_EQ(read_all(client_frame(op, "ab", opts().not_final())),
                  std::vector<received>{failed(1002)})
            << int{op};
    }
}

TEST(WsFrameReaderProtocol, AControlFrameOver125BytesIsAProtocolError) {
    EXPECT_EQ(read_all(client_frame(op_ping, pattern(125))),
              std::vector<received>{ping(pattern(125))});
    for (const std::uint8_t op : {op_close, op_ping, op_pong}) {
        for (const std::size_t n : {std::size_t{126}, std::size_t{127}, std::size_t{65536}}) {
            const std::string payload =
                op == op_close ? std::string("\x03\xE8", 2) + pattern(n - 2) : pattern(n);
            const bytes frame = client_frame(op, payload);
            EXPECT_EQ(read_all(frame), std::vector<received>{failed(1002)}) << int{op} << " " << n;
            // From the header alone.
            const bytes header(frame.begin(),
                               frame.begin() + static_cast<std::ptrdiff_t>(client_header_size(n)));
            EXPECT_EQ(read_all(header), std::vector<received>{failed(1002)}) << int{op} << " " << n;
        }
    }
}

TEST(WsFrameReaderProtocol, A64BitLengthWithTheTopBitSetIsAProtocolError) {
    for (const std::uint64_t length :
         {std::uint64_t{1} << 63, ~std::uint64_t{0}, (std::uint64_t{1} << 63) | 5}) {
        const bytes header = client_frame(op_binary, "", opts().declaring(length));
        ASSERT_EQ(header.size(), 14u);
        // Even with a limit too high to catch it as too big.
        EXPECT_EQ(read_all(header, ~std::size_t{0}), std::vector<received>{failed(1002)}) << length;
    }
}

// ---------------------------------------------------------------------------------------------
// The message size limit (1009)

TEST(WsFrameReaderLimit, AFrameOfExactlyTheLimitIsAccepted) {
    for (const std::size_t limit : {std::size_t{0}, std::size_t{100}, std::size_t{1000},
                                    std::size_t{65536}, std::size_t{70000}}) {
        const std::string payload = pattern(limit);
        EXPECT_EQ(read_all(client_frame(op_text, payload), limit),
                  std::vector<received>{message(payload)})
            << limit;
    }
}

TEST(WsFrameReaderLimit, AFrameOverTheLimitFailsFromItsHeaderAlone) {
    // Limits whose limit+1 is written in the 7-bit, 16-bit and 64-bit forms.
    for (const std::size_t limit : {std::size_t{0}, std::size_t{100}, std::size_t{1000},
                                    std::size_t{65535}, std::size_t{70000}}) {
        for (const std::uint8_t op : {op_text, op_binary}) {
            const bytes header = client_frame(op, "", opts().declaring(limit + 1));
            ASSERT_EQ(header.size(), client_header_size(limit + 1));
            EXPECT_EQ(read_all(header, limit), std::vector<received>{failed(1009)}) << limit;
        }
    }
    // A huge length (the 64-bit form's largest legal value) without its payload.
    EXPECT_EQ(read_all(client_frame(op_binary, "", opts().declaring((std::uint64_t{1} << 63) - 1)),
                       1 << 20),
              std::vector<received>{failed(1009)});
}

TEST(WsFrameReaderLimit, FragmentsOverTheLimitFailWithTooBig) {
    const std::size_t limit = 10;
    // Exactly the limit in three fragments is fine ...
    EXPECT_EQ(read_all(concat({client_frame(op_text, "abcd", opts().not_final()),
                               client_frame(op_cont, "efgh", opts().not_final()),
                               client_frame(op_cont, "ij")}),
                       limit),
              std::vector<received>{message("abcdefghij")});
    // ... one byte more fails from the header of the fragment that crosses it.
    const bytes over = client_frame(op_cont, "ijk");
    EXPECT_EQ(read_all(concat({client_frame(op_text, "abcd", opts().not_final()),
                               client_frame(op_cont, "efgh", opts().not_final()),
                               bytes(over.begin(), over.begin() + 6)}),
                       limit),
              std::vector<received>{failed(1009)});
    // Binary too, and with the crossing fragment not final.
    EXPECT_EQ(read_all(concat({client_frame(op_binary, "abcdefghij", opts().not_final()),
                               client_frame(op_cont, "k", opts().not_final())}),
                       limit),
              std::vector<received>{failed(1009)});
}

TEST(WsFrameReaderLimit, ControlFramesDoNotCountTowardsTheMessage) {
    const std::size_t limit = 10;
    EXPECT_EQ(
        read_all(concat({client_frame(op_text, "abcde", opts().not_final()),
                         client_frame(op_ping, pattern(100)), client_frame(op_cont, "fghij")}),
                 limit),
        (std::vector<received>{ping(pattern(100)), message("abcdefghij")}));
}

// ---------------------------------------------------------------------------------------------
// UTF-8 in text messages (1007)

TEST(WsFrameReaderUtf8, InvalidUtf8InATextMessageIsABadPayload) {
    const std::vector<std::string> invalid = {
        "\xFF",
        "abc\xFE",
        "\x80",              // a continuation byte first
        "\xC0\x80",          // overlong NUL
        "\xC1\xBF",          // overlong
        "\xE0\x80\x80",      // overlong
        "\xE0\x9F\xBF",      // overlong
        "\xF0\x80\x80\x80",  // overlong
        "\xF0\x8F\xBF\xBF",  // overlong
        "\xED\xA0\x80",      // U+D800, a surrogate
        "\xED\xBF\xBF",      // U+DFFF
        "\xF4\x90\x80\x80",  // U+110000
        "\xF5\x80\x80\x80",  // past U+10FFFF
        "\xC3\x28",          // a lead byte without its continuation
        "abc\xE2\x82",       // truncated at the end
        "\xF0\x9F\x98",      // truncated
        "\xC3",              // a lone lead byte
        "hello world, this is a longer ASCII prefix \xE9 then more ASCII text",
    };
    for (const auto& s : invalid) {
        EXPECT_EQ(read_all(client_frame(op_text, s)), std::vector<received>{failed(1007)})
            << ::testing::PrintToString(s);
        // In fragments too, split after the first byte.
        EXPECT_EQ(read_all(concat({client_frame(op_text, s.substr(0, 1), opts().not_final()),
                                   client_frame(op_cont, s.substr(1))})),
                  std::vector<received>{failed(1007)})
            << ::testing::PrintToString(s);
    }
}

TEST(WsFrameReaderUtf8, ValidMultiByteTextPasses) {
    const std::vector<std::string> valid = {
        "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80",
        "\xC2\x80",          // U+0080
        "\xDF\xBF",          // U+07FF
        "\xE0\xA0\x80",      // U+0800
        "\xED\x9F\xBF",      // U+D7FF
        "\xEE\x80\x80",      // U+E000
        "\xEF\xBF\xBF",      // U+FFFF
        "\xF0\x90\x80\x80",  // U+10000
        "\xF4\x8F\xBF\xBF",  // U+10FFFF
        std::string("nul \0 inside", 12),
    };
    for (const auto& s : valid) {
        EXPECT_EQ(read_all(client_frame(op_text, s)), std::vector<received>{message(s)})
            << ::testing::PrintToString(s);
    }
}

TEST(WsFrameReaderUtf8, ACharacterSplitAcrossFragmentsPasses) {
    const std::string s = "ab\xF0\x9F\x98\x80yz";  // U+1F600 at bytes 2..5
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
        EXPECT_EQ(read_all(concat({client_frame(op_text, s.substr(0, cut), opts().not_final()),
                                   client_frame(op_cont, s.substr(cut))})),
                  std::vector<received>{message(s)})
            << cut;
    }
    // One byte per fragment.
    frame_stream stream;
    for (std::size_t i = 0; i < s.size(); ++i) {
        frame_options o;
        o.fin = i + 1 == s.size();
        stream.add(client_frame(i == 0 ? op_text : op_cont, s.substr(i, 1), o));
    }
    EXPECT_EQ(read_all(stream.data), std::vector<received>{message(s)});
}

TEST(WsFrameReaderUtf8, AFragmentedTextMessageEndingInsideACharacterIsABadPayload) {
    EXPECT_EQ(read_all(concat({client_frame(op_text, "ab\xF0\x9F", opts().not_final()),
                               client_frame(op_cont, "\x98")})),
              std::vector<received>{failed(1007)});
    EXPECT_EQ(read_all(concat({client_frame(op_text, "ab\xF0\x9F", opts().not_final()),
                               client_frame(op_cont, "")})),
              std::vector<received>{failed(1007)});
}

TEST(WsFrameReaderUtf8, InvalidUtf8FailsInTheFragmentThatHasIt) {
    // The message is not finished, but the fragment already cannot be UTF-8.
    EXPECT_EQ(read_all(client_frame(op_text, "ok \xFF", opts().not_final())),
              std::vector<received>{failed(1007)});
    EXPECT_EQ(read_all(concat({client_frame(op_text, "ok ", opts().not_final()),
                               client_frame(op_cont, "\xED\xA0", opts().not_final())})),
              std::vector<received>{failed(1007)});
}

TEST(WsFrameReaderUtf8, BinaryMessagesAreNotChecked) {
    const std::string junk = "\xFF\xC0\x80\xED\xA0\x80\xF4\x90\x80\x80\xE2";
    EXPECT_EQ(read_all(client_frame(op_binary, junk)), std::vector<received>{message(junk, false)});
    EXPECT_EQ(read_all(concat({client_frame(op_binary, junk.substr(0, 4), opts().not_final()),
                               client_frame(op_cont, junk.substr(4))})),
              std::vector<received>{message(junk, false)});
}

TEST(WsFrameReaderUtf8, AFragmentedTextMessageDoesNotCarryStateIntoTheNextOne) {
    // A binary message ending "inside a character" does not affect the text message after it.
    EXPECT_EQ(
        read_all(concat(
            {client_frame(op_binary, "\xE2", opts().not_final()), client_frame(op_cont, "\x82"),
             client_frame(op_text, "x", opts().not_final()), client_frame(op_cont, "y")})),
        (std::vector<received>{message("\xE2\x82", false), message("xy")}));
}

// ---------------------------------------------------------------------------------------------
// utf8_checker

// A UTF-8 decoder written from RFC 3629's definition (lead byte gives the length, the code point
// must need that length, not be a surrogate nor past U+10FFFF), not from the checker's table.
enum class utf8_status { valid, truncated, invalid };

utf8_status reference_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<std::uint8_t>(s[i]);
        int length = 0;
        std::uint32_t cp = 0;
        if (b < 0x80) {
            ++i;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            length = 2;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            length = 3;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            length = 4;
            cp = b & 0x07;
        } else {
            return utf8_status::invalid;
        }
        int have = 1;
        for (; have < length && i + static_cast<std::size_t>(have) < s.size(); ++have) {
            const auto c = static_cast<std::uint8_t>(s[i + static_cast<std::size_t>(have)]);
            if ((c & 0xC0) != 0x80) return utf8_status::invalid;
            cp = (cp << 6) | (c & 0x3F);
        }
        const std::uint32_t min_for_length = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        // The code points the bytes so far could still become.
        const int missing = length - have;
        const std::uint32_t lo = cp << (6 * missing);
        const std::uint32_t hi = lo | ((std::uint32_t{1} << (6 * missing)) - 1);
        const auto possible = [&](std::uint32_t from, std::uint32_t to) {
            return std::max(lo, from) <= std::min(hi, to);
        };
        if (!possible(min_for_length, 0xD7FF) &&
            !possible(std::max(min_for_length, std::uint32_t{0xE000}), 0x10FFFF)) {
            return utf8_status::invalid;
        }
        if (missing > 0) return utf8_status::truncated;
        i += static_cast<std::size_t>(length);
    }
    return utf8_status::valid;
}

utf8_status checked(std::string_view s) {
    utf8_checker check;
    if (!check.feed(s)) return utf8_status::invalid;
    return check.finish() ? utf8_status::valid : utf8_status::truncated;
}

utf8_status checked_bytewise(std::string_view s) {
    utf8_checker check;
    for (const char c : s) {
        if (!check.feed(std::string_view(&c, 1))) return utf8_status::invalid;
    }
    return check.finish() ? utf8_status::valid : utf8_status::truncated;
}

TEST(Utf8Checker, AValidStringFedOneByteAtATimeIsAcceptedThroughout) {
    const std::string s = "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF end";
    utf8_checker check;
    for (std::size_t i = 0; i < s.size(); ++i) {
        EXPECT_TRUE(check.feed(s.substr(i, 1))) << i;
    }
    EXPECT_TRUE(check.finish());
    // And in one piece.
    utf8_checker whole;
    EXPECT_TRUE(whole.feed(s));
    EXPECT_TRUE(whole.finish());
}

TEST(Utf8Checker, ALoneLeadByteIsNotFinished) {
    for (const std::string s : {"\xC3", "\xE2", "\xE2\x82", "\xF0", "\xF0\x9F", "\xF0\x9F\x98",
                                "abc\xC3", "0123456789abcdef\xE2\x82"}) {
        utf8_checker check;
        EXPECT_TRUE(check.feed(s)) << ::testing::PrintToString(s);
        EXPECT_FALSE(check.finish()) << ::testing::PrintToString(s);
    }
}

TEST(Utf8Checker, ResetForgetsAPartialCharacter) {
    utf8_checker check;
    EXPECT_TRUE(check.feed("\xE2\x82"));
    check.reset();
    EXPECT_TRUE(check.finish());
    EXPECT_TRUE(check.feed("a"));  // not taken as the missing continuation byte
    EXPECT_TRUE(check.finish());
    check.reset();
    EXPECT_FALSE(check.feed("\x82"));
}

TEST(Utf8Checker, PureAsciiOfEveryLengthPasses) {
    const std::string ascii = pattern(64) + "\x7F\x01 ~{}";
    for (std::size_t offset = 0; offset < 8; ++offset) {  // every alignment of the 8-byte steps
        for (std::size_t n = 0; n <= 40; ++n) {
            utf8_checker check;
            EXPECT_TRUE(check.feed(std::string_view(ascii).substr(offset, n)))
                << offset << " " << n;
            EXPECT_TRUE(check.finish());
        }
    }
    std::string all_ascii;
    for (int c = 0; c < 0x80; ++c) all_ascii.push_back(static_cast<char>(c));
    EXPECT_EQ(checked(all_ascii), utf8_status::valid);
}

TEST(Utf8Checker, ANonAsciiByteAtEveryPositionIsDetected) {
    for (const std::uint8_t bad : {0x80, 0xBF, 0xC0, 0xFF}) {
        for (std::size_t n = 1; n <= 40; ++n) {
            for (std::size_t at = 0; at < n; ++at) {
                std::string s = pattern(n);
                s[at] = static_cast<char>(bad);
                utf8_checker check;
                const bool ok = check.feed(s) && check.finish();
                EXPECT_FALSE(ok) << "byte " << int{bad} << " at " << at << " of " << n;
            }
        }
    }
    // A valid character at every position passes, and a lead byte there is noticed as open.
    for (std::size_t n = 2; n <= 40; ++n) {
        for (std::size_t at = 0; at + 2 <= n; ++at) {
            std::string s = pattern(n);
            s[at] = '\xC3';
            s[at + 1] = '\xA9';
            EXPECT_EQ(checked(s), utf8_status::valid) << at << " of " << n;
            EXPECT_EQ(checked(s.substr(0, at + 1)), utf8_status::truncated) << at << " of " << n;
        }
    }
}

TEST(Utf8Checker, AgreesWithAReferenceDecoderOnEveryShortSequence) {
    std::string s;
    // Every one- and two-byte string, whole and byte by byte.
    for (int a = 0; a < 256; ++a) {
        s.assign(1, static_cast<char>(a));
        ASSERT_EQ(checked(s), reference_utf8(s)) << a;
        for (int b = 0; b < 256; ++b) {
            s.assign({static_cast<char>(a), static_cast<char>(b)});
            ASSERT_EQ(checked(s), reference_utf8(s)) << a << " " << b;
            ASSERT_EQ(checked_bytewise(s), reference_utf8(s)) << a << " " << b;
        }
    }
    // Every three-byte string starting with a lead byte of a longer sequence.
    for (int a = 0xC0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            for (int c = 0; c < 256; ++c) {
                s.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
                ASSERT_EQ(checked(s), reference_utf8(s)) << a << " " << b << " " << c;
            }
        }
    }
    // Four-byte strings: every lead and second byte, the edges of the continuation range after.
    const int edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (int a = 0xE0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            for (const int c : edges) {
                for (const int d : edges) {
                    s.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                              static_cast<char>(d)});
                    ASSERT_EQ(checked(s), reference_utf8(s))
                        << a << " " << b << " " << c << " " << d;
                    ASSERT_EQ(checked_bytewise(s), reference_utf8(s));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Close frames

const std::vector<std::uint16_t> valid_codes = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010,
                                                1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999};
const std::vector<std::uint16_t> invalid_codes = {0,    1,    999,  1004, 1005, 1006, 1015,
                                                  1016, 1100, 2000, 2999, 5000, 65535};

TEST(WsCloseFrame, ACloseWithoutPayloadHasCodeZero) {
    EXPECT_EQ(read_all(client_frame(op_close, "")), std::vector<received>{closed(0)});
}

TEST(WsCloseFrame, ACloseCarriesItsCodeAndReason) {
    bytes frame = client_frame(op_close, close_payload(1000, "bye"));
    frame_reader reader(1024);
    std::size_t consumed = 0;
    const event e = reader.next(frame, consumed);
    ASSERT_EQ(e.what, event::kind::close);
    EXPECT_EQ(e.code, 1000);
    EXPECT_EQ(e.reason, "bye");
    EXPECT_EQ(consumed, frame.size());

    EXPECT_EQ(read_all(client_frame(op_close, close_payload(4321, pattern(123)))),
              std::vector<received>{closed(4321, pattern(123))});
    EXPECT_EQ(read_all(client_frame(op_close, close_payload(1001, "\xE2\x82\xAC ok"))),
              std::vector<received>{closed(1001, "\xE2\x82\xAC ok")});
}

TEST(WsCloseFrame, AOneBytePayloadIsAProtocolError) {
    EXPECT_EQ(read_all(client_frame(op_close, "\x03")), std::vector<received>{failed(1002)});
}

TEST(WsCloseFrame, InvalidCodesAreAProtocolError) {
    for (const std::uint16_t code : invalid_codes) {
        EXPECT_EQ(read_all(client_frame(op_close, close_payload(code))),
                  std::vector<received>{failed(1002)})
            << code;
        EXPECT_EQ(read_all(client_frame(op_close, close_payload(code, "reason"))),
                  std::vector<received>{failed(1002)})
            << code;
    }
}

TEST(WsCloseFrame, ValidCodesAreAccepted) {
    for (const std::uint16_t code : valid_codes) {
        EXPECT_EQ(read_all(client_frame(op_close, close_payload(code))),
                  std::vector<received>{closed(code)})
            << code;
    }
}

TEST(WsCloseFrame, AReasonThatIsNotUtf8IsABadPayload) {
    for (const std::string reason : {"\xFF", "bad \xC0\x80", "\xED\xA0\x80", "cut \xE2\x82"}) {
        EXPECT_EQ(read_all(client_frame(op_close, close_payload(1000, reason))),
                  std::vector<received>{failed(1007)})
            << ::testing::PrintToString(reason);
    }
}

TEST(WsCloseCode, IsValidCloseCodeAgreesWithRfc6455) {
    for (const std::uint16_t code : valid_codes) EXPECT_TRUE(is_valid_close_code(code)) << code;
    for (const std::uint16_t code : invalid_codes) EXPECT_FALSE(is_valid_close_code(code)) << code;
    // Every code: 1000-1003, 1007-1014 (defined and IANA-registered), 3000-4999 only.
    for (std::uint32_t code = 0; code <= 0xFFFF; ++code) {
        const bool expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                              (code >= 3000 && code <= 4999);
        EXPECT_EQ(is_valid_close_code(static_cast<std::uint16_t>(code)), expected) << code;
    }
}

// ---------------------------------------------------------------------------------------------
// Ping and pong

TEST(WsFrameReaderControl, PingAndPongCarryTheirUnmaskedPayload) {
    const std::string payload = pattern(125, false);
    bytes frame = client_frame(op_ping, payload, opts().with_key({0xDE, 0xAD, 0xBE, 0xEF}));
    frame_reader reader(16);  // control frames are not limited by the message size
    std::size_t consumed = 0;
    event e = reader.next(frame, consumed);
    ASSERT_EQ(e.what, event::kind::ping);
    EXPECT_EQ(e.payload, payload);
    EXPECT_EQ(consumed, frame.size());

    frame = client_frame(op_pong, "pong data");
    e = reader.next(frame, consumed);
    ASSERT_EQ(e.what, event::kind::pong);
    EXPECT_EQ(e.payload, "pong data");
    EXPECT_EQ(consumed, frame.size());

    EXPECT_EQ(read_all(client_frame(op_ping, "")), std::vector<received>{ping("")});
    EXPECT_EQ(read_all(client_frame(op_pong, "")), std::vector<received>{pong("")});
    // Ping payloads are not text: they need not be UTF-8.
    EXPECT_EQ(read_all(client_frame(op_ping, "\xFF\xFE")), std::vector<received>{ping("\xFF\xFE")});
}

// ---------------------------------------------------------------------------------------------
// Writers

bytes header_bytes(opcode op, std::uint64_t length) {
    std::uint8_t out[max_header_bytes + 4];
    std::fill(std::begin(out), std::end(out), 0xCC);
    const std::size_t n = write_header(out, op, length);
    EXPECT_LE(n, max_header_bytes);
    for (std::size_t i = n; i < sizeof out; ++i) EXPECT_EQ(out[i], 0xCC) << "wrote past " << n;
    return bytes(out, out + n);
}

TEST(WsFrameWriter, WriteHeaderUsesTheShortestLengthForm) {
    EXPECT_EQ(header_bytes(opcode::text, 0), (bytes{0x81, 0x00}));
    EXPECT_EQ(header_bytes(opcode::text, 125), (bytes{0x81, 125}));
    EXPECT_EQ(header_bytes(opcode::text, 126), (bytes{0x81, 126, 0x00, 126}));
    EXPECT_EQ(header_bytes(opcode::binary, 65535), (bytes{0x82, 126, 0xFF, 0xFF}));
    EXPECT_EQ(header_bytes(opcode::binary, 65536),
              (bytes{0x82, 127, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}));
    EXPECT_EQ(header_bytes(opcode::binary, std::uint64_t{1} << 32),
              (bytes{0x82, 127, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00}));
    EXPECT_EQ(header_bytes(opcode::binary, 0x0102030405060708ULL),
              (bytes{0x82, 127, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08}));
}

TEST(WsFrameWriter, WriteHeaderSetsFinAndTheOpcode) {
    EXPECT_EQ(header_bytes(opcode::text, 3)[0], 0x81);
    EXPECT_EQ(header_bytes(opcode::binary, 3)[0], 0x82);
    EXPECT_EQ(header_bytes(opcode::close, 3)[0], 0x88);
    EXPECT_EQ(header_bytes(opcode::ping, 3)[0], 0x89);
    EXPECT_EQ(header_bytes(opcode::pong, 3)[0], 0x8A);
    EXPECT_EQ(header_bytes(opcode::pong, 3)[1], 3);  // never masked
}

TEST(WsFrameWriter, ControlFrameBytes) {
    EXPECT_EQ(control_frame(opcode::pong, "abc"), std::string("\x8A\x03"
                                                              "abc"));
    EXPECT_EQ(control_frame(opcode::ping, ""), std::string("\x89\x00", 2));
    const std::string full = control_frame(opcode::ping, pattern(125));
    EXPECT_EQ(full, std::string("\x89\x7D") + pattern(125));
    // A longer payload is cut: a control frame never carries more than 125 bytes (§5.5).
    EXPECT_EQ(control_frame(opcode::pong, pattern(200)), std::string("\x8A\x7D") + pattern(125));
}

TEST(WsFrameWriter, CloseFrameBytes) {
    EXPECT_EQ(close_frame(1000, "bye"), std::string("\x88\x05\x03\xE8"
                                                    "bye"));
    EXPECT_EQ(close_frame(1002, ""), std::string("\x88\x02\x03\xEA"));
    EXPECT_EQ(close_frame(4999, ""), std::string("\x88\x02\x13\x87"));
    EXPECT_EQ(close_frame(0, ""), std::string("\x88\x00", 2));
}

TEST(WsFrameWriter, ALongCloseReasonIsCutToFitAControlFrame) {
    const std::string reason = pattern(200);
    const std::string frame = close_frame(1008, reason);
    ASSERT_EQ(frame.size(), 2u + 125u);
    EXPECT_EQ(static_cast<std::uint8_t>(frame[0]), 0x88);
    EXPECT_EQ(static_cast<std::uint8_t>(frame[1]), 125);
    EXPECT_EQ(frame.substr(2, 2), "\x03\xF0");
    EXPECT_EQ(frame.substr(4), reason.substr(0, 123));
    // 123 bytes of reason fit exactly; 124 do not.
    EXPECT_EQ(close_frame(1000, pattern(123)).size(), 127u);
    EXPECT_EQ(close_frame(1000, pattern(124)).size(), 127u);
}

TEST(WsFrameWriter, ACutCloseReasonDoesNotEndInsideACharacter) {
    struct cut_case {
        std::string character;
        std::size_t expected_reason_bytes;  // the most whole characters within 123 bytes
    };
    for (const auto& c : {cut_case{"\xC3\xA9", 122}, cut_case{"\xE2\x82\xAC", 123},
                          cut_case{"\xF0\x9F\x98\x80", 120}}) {
        for (const std::string prefix : {"", "a", "ab", "abc"}) {
            std::string reason = prefix;
            while (reason.size() < 200) reason += c.character;
            const std::string frame = close_frame(1000, reason);
            ASSERT_GE(frame.size(), 4u);
            const std::string cut = frame.substr(4);
            EXPECT_EQ(static_cast<std::uint8_t>(frame[1]), cut.size() + 2);
            EXPECT_LE(cut.size(), 123u);
            EXPECT_GT(cut.size() + c.character.size(), 123u);  // not cut more than needed
            EXPECT_EQ(cut, reason.substr(0, cut.size()));
            EXPECT_EQ(checked(cut), utf8_status::valid) << ::testing::PrintToString(cut);
            if (prefix.empty()) {
                EXPECT_EQ(cut.size(), c.expected_reason_bytes);
            }
        }
    }
}

// A frame we write, masked as a client would send it, reads back to what was written.
bytes as_client_frame(std::string_view server_frame, mask_key key) {
    const auto b1 = static_cast<std::uint8_t>(server_frame[1]);
    std::size_t header = 2;
    if ((b1 & 0x7F) == 126) header = 4;
    if ((b1 & 0x7F) == 127) header = 10;
    frame_options o;
    o.key = key;
    o.form = header == 2   ? length_form::bits7
             : header == 4 ? length_form::bits16
                           : length_form::bits64;
    return client_frame(static_cast<std::uint8_t>(server_frame[0]) & 0x0F,
                        server_frame.substr(header), o);
}

TEST(WsFrameWriter, FramesWeWriteReadBackWhenMasked) {
    EXPECT_EQ(read_all(as_client_frame(close_frame(1000, "bye"), default_key)),
              std::vector<received>{closed(1000, "bye")});
    EXPECT_EQ(read_all(as_client_frame(close_frame(0, "ignored"), default_key)),
              std::vector<received>{closed(0)});
    EXPECT_EQ(read_all(as_client_frame(control_frame(opcode::ping, "x"), {1, 2, 3, 4})),
              std::vector<received>{ping("x")});
    std::string reason;
    while (reason.size() < 300) reason += "\xF0\x9F\x98\x80";
    const std::string cut_frame = close_frame(1011, reason);
    EXPECT_EQ(read_all(as_client_frame(cut_frame, default_key)),
              std::vector<received>{closed(1011, cut_frame.substr(4))});
    for (const std::size_t n : {std::size_t{0}, std::size_t{126}, std::size_t{65536}}) {
        std::uint8_t head[max_header_bytes];
        const std::size_t h = write_header(head, opcode::binary, n);
        std::string frame(reinterpret_cast<const char*>(head), h);
        frame += pattern(n, false);
        EXPECT_EQ(read_all(as_client_frame(frame, {7, 7, 7, 7})),
                  std::vector<received>{message(pattern(n, false), false)})
            << n;
    }
}

// ---------------------------------------------------------------------------------------------
// Randomized

std::string random_utf8(std::mt19937& rng, std::size_t min_bytes) {
    std::string out;
    out.reserve(min_bytes + 4);
    std::uniform_int_distribution<int> kind(0, 9);
    while (out.size() < min_bytes) {
        const int k = kind(rng);
        std::uint32_t cp = 0;
        if (k < 6) {
            cp = std::uniform_int_distribution<std::uint32_t>(0, 0x7F)(rng);
        } else if (k < 8) {
            cp = std::uniform_int_distribution<std::uint32_t>(0x80, 0x7FF)(rng);
        } else if (k < 9) {
            do {
                cp = std::uniform_int_distribution<std::uint32_t>(0x800, 0xFFFF)(rng);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
        } else {
            cp = std::uniform_int_distribution<std::uint32_t>(0x10000, 0x10FFFF)(rng);
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

std::string random_bytes(std::mt19937& rng, std::size_t n) {
    std::string out(n, '\0');
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& c : out) c = static_cast<char>(byte(rng));
    return out;
}

mask_key random_key(std::mt19937& rng) {
    std::uniform_int_distribution<int> byte(0, 255);
    return {static_cast<std::uint8_t>(byte(rng)), static_cast<std::uint8_t>(byte(rng)),
            static_cast<std::uint8_t>(byte(rng)), static_cast<std::uint8_t>(byte(rng))};
}

TEST(WsFrameRoundTrip, RandomMessagesInRandomChunksAreReadBackInOrder) {
    std::mt19937 rng(20240611);
    const auto uniform = [&rng](std::size_t lo, std::size_t hi) {
        return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
    };
    frame_stream stream;
    std::vector<received> sent;
    const auto maybe_control = [&] {
        const std::size_t roll = uniform(0, 9);
        if (roll >= 2) return;
        const std::string payload = random_bytes(rng, uniform(0, 125));
        stream.add(
            client_frame(roll == 0 ? op_ping : op_pong, payload, opts().with_key(random_key(rng))));
        sent.push_back(roll == 0 ? ping(payload) : pong(payload));
    };
    for (int m = 0; m < 200; ++m) {
        maybe_control();
        const bool text = uniform(0, 1) == 0;
        // Mostly short messages, some across the 16-bit and 64-bit length forms.
        const std::size_t length = uniform(0, 3) == 0 ? uniform(0, 70000) : uniform(0, 300);
        const std::string payload = text ? random_utf8(rng, length) : random_bytes(rng, length);
        const std::size_t fragments = uniform(1, 5);
        // Cut points anywhere (also inside a UTF-8 character), empty fragments allowed.
        std::vector<std::size_t> cuts = {0, payload.size()};
        for (std::size_t i = 1; i < fragments; ++i) cuts.push_back(uniform(0, payload.size()));
        std::sort(cuts.begin(), cuts.end());
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
            frame_options o;
            o.fin = i + 2 == cuts.size();
            o.key = random_key(rng);
            stream.add(
                client_frame(i == 0 ? (text ? op_text : op_binary) : op_cont,
                             std::string_view(payload).substr(cuts[i], cuts[i + 1] - cuts[i]), o));
            if (!o.fin) maybe_control();
        }
        sent.push_back(message(payload, text));
    }
    stream.add(client_frame(op_close, close_payload(1000, "the end")));
    sent.push_back(closed(1000, "the end"));

    socket_reader sock(70010, stream.ends);
    std::size_t at = 0;
    while (at < stream.data.size() && !sock.done()) {
        std::size_t chunk = 0;
        switch (uniform(0, 2)) {
            case 0:
                chunk = uniform(1, 16);
                break;
            case 1:
                chunk = uniform(1, 1024);
                break;
            default:
                chunk = uniform(1, 131072);
                break;
        }
        chunk = std::min(chunk, stream.data.size() - at);
        sock.feed(std::span(stream.data).subspan(at, chunk), stream.data.size() - at - chunk);
        at += chunk;
    }
    EXPECT_TRUE(sock.done());
    EXPECT_EQ(at, stream.data.size());
    const auto& got = sock.events();
    ASSERT_EQ(got.size(), sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        ASSERT_TRUE(got[i] == sent[i])
            << "event " << i << ": got " << got[i] << ", sent " << sent[i];
    }
}

TEST(WsFrameFuzz, RandomBytesNeverCrashTheReader) {
    std::mt19937 rng(4242);
    const auto uniform = [&rng](std::size_t lo, std::size_t hi) {
        return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
    };
    const std::size_t limits[] = {0, 1, 64, 256, big_limit};
    const std::uint8_t ops[] = {op_cont, op_text, op_binary, op_close, op_ping, op_pong, 0x3, 0xB};
    std::size_t events_seen = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::size_t length = uniform(0, 300);
        std::string input;
        switch (uniform(0, 2)) {
            case 0:  // pure noise
                input = random_bytes(rng, length);
                break;
            case 1: {  // noise with a plausible first header
                input = random_bytes(rng, length);
                if (input.size() >= 2) {
                    input[0] = static_cast<char>((uniform(0, 1) ? 0x80 : 0) | ops[uniform(0, 7)]);
                    input[1] = static_cast<char>(input[1] | 0x80);
                }
                break;
            }
            default: {  // real frames, then a few bytes changed, then cut
                while (input.size() < length) {
                    const std::uint8_t op = ops[uniform(0, 7)];
                    std::string payload = uniform(0, 1) ? random_utf8(rng, uniform(0, 40))
                                                        : random_bytes(rng, uniform(0, 40));
                    if (op == op_close && uniform(0, 1)) payload = close_payload(1000, "r");
                    frame_options o;
                    o.fin = uniform(0, 2) != 0;
                    o.key = random_key(rng);
                    if (uniform(0, 9) == 0) o.form = length_form::bits64;
                    const bytes frame = client_frame(op, payload, o);
                    input.append(frame.begin(), frame.end());
                }
                for (std::size_t flips = uniform(0, 3); flips > 0 && !input.empty(); --flips) {
                    input[uniform(0, input.size() - 1)] = static_cast<char>(uniform(0, 255));
                }
                input.resize(length);
                break;
            }
        }
        // Exactly sized, so AddressSanitizer catches a read past the end.
        const std::size_t n = input.size();
        const auto buffer = std::make_unique<std::uint8_t[]>(n);
        std::copy(input.begin(), input.end(), buffer.get());
        const std::size_t limit = limits[uniform(0, 4)];
        frame_reader reader(limit);
        std::size_t at = 0;
        for (int calls = 0;; ++calls) {
            ASSERT_LT(calls, 1000);
            std::size_t consumed = 0;
            const event e = reader.next(std::span(buffer.get() + at, n - at), consumed);
            ASSERT_LE(consumed, n - at) << "round " << round;
            at += consumed;
            if (e.what == event::kind::need_more) break;
            ++events_seen;
            if (e.what == event::kind::failed) {
                EXPECT_TRUE(e.code == 1002 || e.code == 1007 || e.code == 1009) << e.code;
                break;
            }
            if (e.what == event::kind::close) {
                EXPECT_TRUE(e.code == 0 || is_valid_close_code(e.code)) << e.code;
                EXPECT_EQ(checked(e.reason), utf8_status::valid);
                break;
            }
            if (e.what == event::kind::message) {
                EXPECT_LE(e.payload.size(), limit);
                if (e.text) {
                    EXPECT_EQ(reference_utf8(e.payload), utf8_status::valid);
                }
            } else {
                EXPECT_LE(e.payload.size(), 125u);  // ping or pong
            }
            ASSERT_GT(consumed, 0u);  // an event always takes its frame
        }
    }
    EXPECT_GT(events_seen, 1000u);  // the inputs reached past the header checks
}

}  // namespace
}  // namespace gameserver::net::ws
