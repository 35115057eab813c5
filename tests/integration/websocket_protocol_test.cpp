// RFC 6455 end to end, against a real server over real sockets: the opening handshake (§4.2),
// framing as the server reads it (masking, fragmentation, control frames, reserved bits and
// opcodes, UTF-8 of text, the size limit), the close handshake both ways (§5.5.1, §7), and
// interoperation with Beast's client. Most tests speak the protocol byte by byte over a raw TCP
// socket, so that what is on the wire is exactly what is written here.
//
// The close a server begins (1008 rate abuse, 1001 shutdown) as seen by a Beast client is in
// Limits.SustainedFloodClosesWith1008 and Shutdown.ClosesEveryClientWith1001; here it is checked
// frame by frame instead (AServerCloseWaitsForTheClientsCloseAndDropsMessagesMeanwhile).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "integration_helpers.hpp"
#include "support/ws_client_frames.hpp"

namespace gameserver::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Answers come in milliseconds; the timeout only bounds a test that fails.
constexpr auto answer_timeout = 1000ms;

using namespace ws_wire;

const std::string room_list_request = R"({"type":"get_room_list","data":{"gameType":"tictactoe"}})";

// A masked frame with no RSV bit set, as text for the socket.
std::string frame(std::uint8_t opcode, std::string_view payload, bool final = true) {
    return as_text(client_frame(opcode, payload, final ? opts() : opts().not_final()));
}

std::string upgrade_request(const std::vector<std::string>& header_lines) {
    std::string out = "GET /ws HTTP/1.1\r\n";
    for (const auto& line : header_lines) out += line + "\r\n";
    return out + "\r\n";
}

const std::vector<std::string> valid_upgrade_headers{
    "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"};

std::vector<std::string> upgrade_headers_without(std::string_view prefix) {
    std::vector<std::string> out;
    for (const auto& line : valid_upgrade_headers) {
        if (!line.starts_with(prefix)) out.push_back(line);
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

struct http_head {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string header(const std::string& name) const {
        const auto it = headers.find(lower(name));
        return it == headers.end() ? std::string() : it->second;
    }
};

struct server_frame {
    bool fin = false;
    std::uint8_t rsv = 0;
    std::uint8_t opcode = 0;
    bool masked = false;
    std::string payload;

    int close_code() const {
        if (payload.size() < 2) return 0;
        return (static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]);
    }
    // The envelope types of a text frame (the server's frames are JSON arrays of envelopes).
    std::vector<std::string> types() const {
        const json parsed = json::parse(payload, nullptr, false);
        if (!parsed.is_array()) return {};
        return types_of(parsed.get<std::vector<json>>());
    }
};

std::string describe(const std::optional<server_frame>& f) {
    if (!f) return "no frame";
    return "opcode " + std::to_string(f->opcode) + (f->fin ? " fin" : " not fin") +
           (f->masked ? " masked" : "") + ", " + std::to_string(f->payload.size()) +
           " bytes: " + f->payload.substr(0, 200);
}

// A WebSocket client that is only a TCP socket: writes the bytes it is given, and reads HTTP
// heads and (unmasked) server frames with a timeout on every wait.
class raw_ws {
  public:
    // `receive_buffer_bytes` shrinks the socket's receive buffer (and so the window the server
    // may fill before the client reads).
    explicit raw_ws(std::uint16_t port, int receive_buffer_bytes = 0) : socket_(ioc_) {
        socket_.open(tcp::v4());
        if (receive_buffer_bytes > 0) {
            socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes));
        }
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    }

    void no_delay() { socket_.set_option(tcp::no_delay(true)); }
    void write(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

    // Why the server's side ended (eof, reset); empty while it is open.
    boost::system::error_code ended() const { return end_; }

    std::optional<http_head> read_http_head(std::chrono::milliseconds timeout = answer_timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::size_t end = 0;
        while ((end = rx_.find("\r\n\r\n")) == std::string::npos) {
            if (!fill(deadline)) return std::nullopt;
        }
        const std::string head = rx_.substr(0, end);
        rx_.erase(0, end + 4);  // what follows (the first frames) stays for read_frame
        http_head out;
        std::size_t at = head.find("\r\n");
        const std::string status_line = head.substr(0, at);
        if (!status_line.starts_with("HTTP/1.1 ")) return std::nullopt;
        out.status = std::stoi(status_line.substr(9, 3));
        while (at != std::string::npos) {
            const std::size_t from = at + 2;
            at = head.find("\r\n", from);
            const std::string line = head.substr(from, at == std::string::npos ? at : at - from);
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            out.headers[lower(line.substr(0, colon))] = value;
        }
        return out;
    }

    // The next server frame; nullopt on timeout or once the connection ended.
    std::optional<server_frame> read_frame(std::chrono::milliseconds timeout = answer_timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (auto f = parse_frame()) return f;
            if (!fill(deadline)) return std::nullopt;
        }
    }

    // True once the server ended the TCP connection (end of stream or reset) within `timeout`;
    // bytes that arrive first are kept for read_frame.
    bool wait_tcp_closed(std::chrono::milliseconds timeout = answer_timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (fill(deadline)) {
        }
        return end_ == asio::error::eof || end_ == asio::error::connection_reset;
    }

    // Nothing buffered or arriving within `window`, and the connection still open.
    bool quiet_for(std::chrono::milliseconds window) {
        return rx_.empty() && !fill(std::chrono::steady_clock::now() + window) && !end_;
    }

  private:
    // Reads what the socket has into rx_; false on timeout or end.
    bool fill(std::chrono::steady_clock::time_point deadline) {
        if (end_) return false;
        std::array<char, 4096> buf;
        boost::system::error_code ec;
        std::size_t n = 0;
        bool done = false;
        socket_.async_read_some(asio::buffer(buf),
                                [&](boost::system::error_code e, std::size_t bytes) {
                                    ec = e;
                                    n = bytes;
                                    done = true;
                                });
        ioc_.restart();
        ioc_.run_until(deadline);
        if (!done) {
            socket_.cancel();
            ioc_.restart();
            ioc_.run();
        }
        if (ec == asio::error::operation_aborted) return false;  // timed out
        if (ec) {
            end_ = ec;
            return false;
        }
        rx_.append(buf.data(), n);
        return true;
    }

    std::optional<server_frame> parse_frame() {
        const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(rx_[i]); };
        if (rx_.size() < 2) return std::nullopt;
        server_frame f;
        f.fin = (byte(0) & 0x80) != 0;
        f.rsv = byte(0) & 0x70;
        f.opcode = byte(0) & 0x0F;
        f.masked = (byte(1) & 0x80) != 0;
        std::uint64_t length = byte(1) & 0x7F;
        std::size_t at = 2;
        if (length == 126) {
            if (rx_.size() < 4) return std::nullopt;
            length = (std::uint64_t{byte(2)} << 8) | byte(3);
            at = 4;
        } else if (length == 127) {
            if (rx_.size() < 10) return std::nullopt;
            length = 0;
            for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | byte(i);
            at = 10;
        }
        std::array<std::uint8_t, 4> key{};
        if (f.masked) {
            if (rx_.size() < at + 4) return std::nullopt;
            for (std::size_t i = 0; i < 4; ++i) key[i] = byte(at + i);
            at += 4;
        }
        if (rx_.size() < at + length) return std::nullopt;
        f.payload = rx_.substr(at, static_cast<std::size_t>(length));
        if (f.masked) {
            for (std::size_t i = 0; i < f.payload.size(); ++i) f.payload[i] ^= key[i % 4];
        }
        rx_.erase(0, at + static_cast<std::size_t>(length));
        return f;
    }

    asio::io_context ioc_;
    tcp::socket socket_;
    std::string rx_;
    boost::system::error_code end_;
};

// The valid handshake, then the `welcome` every connection gets first.
void upgrade_past_welcome(raw_ws& ws) {
    ws.write(upgrade_request(valid_upgrade_headers));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    ASSERT_EQ(head->status, 101);
    const auto welcome = ws.read_frame();
    ASSERT_TRUE(welcome) << "ended: " << ws.ended().message();
    ASSERT_EQ(welcome->opcode, op_text) << describe(welcome);
    ASSERT_EQ(welcome->types(), std::vector<std::string>{"welcome"}) << describe(welcome);
}

// The next frame is a well-formed server close with `code`, and the server then ends the TCP
// connection without waiting for the client's close (it broke the protocol, or answered ours).
void expect_close_then_tcp_end(raw_ws& ws, int code) {
    const auto f = ws.read_frame();
    ASSERT_TRUE(f) << "no close frame; ended: " << ws.ended().message();
    EXPECT_EQ(f->opcode, op_close) << describe(f);
    EXPECT_TRUE(f->fin);
    EXPECT_EQ(f->rsv, 0);
    EXPECT_FALSE(f->masked);  // §5.1: a server never masks
    EXPECT_EQ(f->close_code(), code) << describe(f);
    EXPECT_TRUE(ws.wait_tcp_closed()) << "still open; ended: " << ws.ended().message();
}

// The next frame is the answer to get_room_list.
void expect_room_list(raw_ws& ws) {
    const auto f = ws.read_frame();
    ASSERT_TRUE(f) << "ended: " << ws.ended().message();
    EXPECT_EQ(f->opcode, op_text) << describe(f);
    EXPECT_TRUE(f->fin);
    EXPECT_FALSE(f->masked);
    EXPECT_EQ(f->types(), std::vector<std::string>{"room_list_update"}) << describe(f);
}

// ---- The opening handshake (§4.2) ----

TEST(WebSocketProtocol, AValidUpgradeGets101WithTheRfcAcceptKey) {
    test_server server;
    raw_ws ws(server.port());
    ws.write(upgrade_request(valid_upgrade_headers));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 101);
    EXPECT_EQ(head->header("Sec-WebSocket-Accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");  // §1.3
    EXPECT_EQ(lower(head->header("Upgrade")), "websocket");
    EXPECT_EQ(lower(head->header("Connection")), "upgrade");
    EXPECT_EQ(head->header("Server"), "gameserverd");
    // No extension or subprotocol was asked for, so none is answered.
    EXPECT_EQ(head->header("Sec-WebSocket-Extensions"), "");
    EXPECT_EQ(head->header("Sec-WebSocket-Protocol"), "");
    const auto welcome = ws.read_frame();
    ASSERT_TRUE(welcome);
    EXPECT_EQ(welcome->opcode, op_text);
    EXPECT_EQ(welcome->types(), std::vector<std::string>{"welcome"}) << describe(welcome);
}

TEST(WebSocketProtocol, AConnectionHeaderListingUpgradeAmongOthersIsAnUpgradeToo) {
    test_server server;
    raw_ws ws(server.port());
    auto headers = upgrade_headers_without("Connection");
    headers.push_back("Connection: keep-alive, Upgrade");  // what Firefox sends
    ws.write(upgrade_request(headers));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 101);
    EXPECT_EQ(head->header("Sec-WebSocket-Accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketProtocol, AnUnsupportedVersionGets426NamingVersion13) {
    test_server server;
    raw_ws ws(server.port());
    auto headers = upgrade_headers_without("Sec-WebSocket-Version");
    headers.push_back("Sec-WebSocket-Version: 12");
    ws.write(upgrade_request(headers));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 426);
    EXPECT_EQ(head->header("Sec-WebSocket-Version"), "13");  // §4.4
    EXPECT_EQ(head->header("Sec-WebSocket-Accept"), "");
    EXPECT_TRUE(ws.wait_tcp_closed());
}

TEST(WebSocketProtocol, AnUpgradeWithoutAVersionGets426) {
    test_server server;
    raw_ws ws(server.port());
    ws.write(upgrade_request(upgrade_headers_without("Sec-WebSocket-Version")));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 426);
    EXPECT_EQ(head->header("Sec-WebSocket-Version"), "13");
}

TEST(WebSocketProtocol, AnUpgradeWithoutAKeyGets400) {
    test_server server;
    raw_ws ws(server.port());
    ws.write(upgrade_request(upgrade_headers_without("Sec-WebSocket-Key")));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 400);
    EXPECT_EQ(head->header("Sec-WebSocket-Accept"), "");
    EXPECT_TRUE(ws.wait_tcp_closed());
}

TEST(WebSocketProtocol, AnUpgradeWithoutHostGets400) {
    test_server server;
    raw_ws ws(server.port());
    ws.write(upgrade_request(upgrade_headers_without("Host")));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 400);  // §4.1: Host is required
}

// ---- Control frames and fragmentation (§5.4, §5.5) ----

// A client that does not wait for the 101 (§4.1 says it should) loses nothing: frames read
// with its upgrade request are handed to the WebSocket connection.
TEST(WebSocketProtocol, FramesSentRightBehindTheUpgradeRequestAreRead) {
    test_server server;
    raw_ws ws(server.port());
    ws.write(upgrade_request(valid_upgrade_headers) + frame(op_ping, "early") +
             frame(op_text, room_list_request));
    const auto head = ws.read_http_head();
    ASSERT_TRUE(head);
    ASSERT_EQ(head->status, 101);
    bool ponged = false;
    bool listed = false;
    for (int i = 0; i < 3 && !(ponged && listed); ++i) {
        const auto f = ws.read_frame();
        ASSERT_TRUE(f) << "ended: " << ws.ended().message();
        if (f->opcode == op_pong) {
            EXPECT_EQ(f->payload, "early");
            ponged = true;
        } else if (f->opcode == op_text &&
                   f->types() == std::vector<std::string>{"room_list_update"}) {
            listed = true;
        }
    }
    EXPECT_TRUE(ponged);
    EXPECT_TRUE(listed);
}

TEST(WebSocketProtocol, APingIsAnsweredWithAPongCarryingItsPayload) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_ping, "hello"));
    const auto pong = ws.read_frame();
    ASSERT_TRUE(pong) << "ended: " << ws.ended().message();
    EXPECT_EQ(pong->opcode, op_pong) << describe(pong);
    EXPECT_TRUE(pong->fin);
    EXPECT_FALSE(pong->masked);
    EXPECT_EQ(pong->payload, "hello");
    // An unsolicited pong (§5.5.3) needs no answer, and the connection carries on.
    ws.write(frame(op_pong, "unasked"));
    ws.write(frame(op_text, room_list_request));
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
}

TEST(WebSocketProtocol, AMessageInThreeFragmentsIsAnsweredLikeOneFrame) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    const std::string_view m = room_list_request;
    ws.write(frame(op_text, m.substr(0, 10), false));
    ws.write(frame(op_cont, m.substr(10, 20), false));
    ws.write(frame(op_cont, m.substr(30), true));
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
    // The same message unfragmented gets the same answer.
    ws.write(frame(op_text, room_list_request));
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
}

TEST(WebSocketProtocol, APingBetweenFragmentsIsAnsweredFirstThenTheMessage) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    const std::string_view m = room_list_request;
    ws.write(frame(op_text, m.substr(0, 10), false));
    ws.write(frame(op_ping, "mid"));  // §5.4: control frames may come between fragments
    ws.write(frame(op_cont, m.substr(10, 20), false));
    ws.write(frame(op_cont, m.substr(30), true));
    const auto pong = ws.read_frame();
    ASSERT_TRUE(pong) << "ended: " << ws.ended().message();
    EXPECT_EQ(pong->opcode, op_pong) << describe(pong);
    EXPECT_EQ(pong->payload, "mid");
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
}

TEST(WebSocketProtocol, AUtf8CodePointSplitAcrossFragmentsIsAccepted) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    // "é" is C3 A9: the first fragment ends inside it (§8.1 validates the whole message).
    const std::string m = R"({"type":"get_room_list","data":{"gameType":"tictactoe","x":"é"}})";
    const std::size_t split = m.find('\xC3') + 1;
    ws.write(frame(op_text, std::string_view(m).substr(0, split), false));
    ws.write(frame(op_cont, std::string_view(m).substr(split), true));
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
}

TEST(WebSocketProtocol, ASilentClientGetsTheServersKeepAlivePingAndItsPongCounts) {
    test_server server([](core::config& c) { c.limits.idle_timeout = 200ms; });
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    const auto ping = ws.read_frame();  // at half the idle timeout
    ASSERT_TRUE(ping) << "ended: " << ws.ended().message();
    EXPECT_EQ(ping->opcode, op_ping) << describe(ping);
    EXPECT_TRUE(ping->fin);
    EXPECT_FALSE(ping->masked);
    ws.write(frame(op_pong, ping->payload));  // §5.5.3: the pong echoes the ping's payload
    // Unanswered, the ping would end the connection at the next tick; answered, the client is
    // silent again a tick later and gets the next ping instead.
    const auto again = ws.read_frame();
    ASSERT_TRUE(again) << "ended: " << ws.ended().message();
    EXPECT_EQ(again->opcode, op_ping) << describe(again);
    ws.write(frame(op_text, room_list_request));
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
}

// ---- Protocol errors: the server closes with the code of §7.4.1, then ends the connection ----

TEST(WebSocketProtocol, AnUnmaskedClientFrameIsClosedWith1002) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(as_text(client_frame(op_text, room_list_request, opts().unmasked())));  // §5.1
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1002));
}

TEST(WebSocketProtocol, AFrameWithAReservedBitIsClosedWith1002) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(as_text(client_frame(op_text, room_list_request,
                                  opts().with_rsv(0b100))));  // RSV1, nothing negotiated
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1002));
}

TEST(WebSocketProtocol, AReservedOpcodeIsClosedWith1002) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_reserved_data, "x"));
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1002));
}

TEST(WebSocketProtocol, InvalidUtf8InATextFrameIsClosedWith1007) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_text, std::string("\xC0\x80", 2)));  // an overlong NUL
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1007));
}

// More violations, each on a connection of its own.
TEST(WebSocketProtocol, EveryOtherFramingViolationIsClosedWithItsCode) {
    test_server server;
    const std::string_view m = room_list_request;
    struct violation {
        const char* what;
        std::string bytes;
        int code;
    };
    const violation violations[] = {
        {"a continuation with no message to continue", frame(op_cont, m), 1002},
        {"a new message inside a fragmented one",
         frame(op_text, m.substr(0, 10), false) + frame(op_text, m), 1002},
        {"a fragmented ping", frame(op_ping, "x", false), 1002},
        {"a ping over 125 bytes", frame(op_ping, std::string(126, 'p')), 1002},
        {"a reserved control opcode", frame(0xB, ""), 1002},
        {"a close with a one-byte payload", frame(op_close, "x"), 1002},
        {"a close whose reason is not UTF-8", frame(op_close, close_payload(1000, "\xFF")), 1007},
        {"invalid UTF-8 split over fragments",
         frame(op_text, "\xE2\x82", false) + frame(op_cont, "x"), 1007},
        {"a text message ending inside a code point",
         frame(op_text, "ab", false) + frame(op_cont, "\xE2\x82"), 1007},
    };
    for (const auto& v : violations) {
        SCOPED_TRACE(v.what);
        raw_ws ws(server.port());
        ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
        ws.write(v.bytes);
        ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, v.code));
    }
}

TEST(WebSocketProtocol, GarbageInABinaryFrameIsAnErrorEnvelopeNotAProtocolError) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_binary, std::string("\xFF\xFE\x00\x01\xC0\x80", 6)));
    const auto reply = ws.read_frame();
    ASSERT_TRUE(reply) << "ended: " << ws.ended().message();
    ASSERT_EQ(reply->opcode, op_text) << describe(reply);
    const json envelopes = json::parse(reply->payload, nullptr, false);
    ASSERT_TRUE(envelopes.is_array() && envelopes.size() == 1) << describe(reply);
    EXPECT_TRUE(is_failure(envelopes[0], "error", "invalid message format", "BAD_REQUEST"));
    ws.write(frame(op_text, room_list_request));  // still open
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
}

// ---- The close handshake (§5.5.1, §7.1) ----

TEST(WebSocketProtocol, AClientCloseIsEchoedWithItsCodeThenTheConnectionEnds) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_close, close_payload(1000, "bye")));
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1000));
    EXPECT_TRUE(eventually(
        [&] { return metric(server, "gameserver_connections_open").value_or(-1) == 0; }, 1s));
}

TEST(WebSocketProtocol, AnEmptyClientCloseIsEchoedEmpty) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_close, ""));
    const auto f = ws.read_frame();
    ASSERT_TRUE(f) << "ended: " << ws.ended().message();
    EXPECT_EQ(f->opcode, op_close);
    EXPECT_EQ(f->payload, "");  // §7.4.1: 1005 means no code, and is never sent
    EXPECT_TRUE(ws.wait_tcp_closed());
}

TEST(WebSocketProtocol, ACloseWithAnInvalidCodeIsClosedWith1002) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_close, close_payload(1005)));  // reserved: must not be sent in a frame
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1002));
}

TEST(WebSocketProtocol, AServerCloseWaitsForTheClientsCloseAndDropsMessagesMeanwhile) {
    test_server server([](core::config& c) {
        c.limits.messages_per_second = 1;
        c.limits.message_burst = 1;
        c.limits.rate_limit_close_after = 1;
    });
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_text, room_list_request));
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
    // The second is over the limit: refused, then the server begins the close handshake.
    ws.write(frame(op_text, room_list_request));
    const auto refused = ws.read_frame();
    ASSERT_TRUE(refused) << "ended: " << ws.ended().message();
    EXPECT_EQ(refused->types(), std::vector<std::string>{"error"}) << describe(refused);
    const auto close = ws.read_frame();
    ASSERT_TRUE(close) << "ended: " << ws.ended().message();
    ASSERT_EQ(close->opcode, op_close) << describe(close);
    EXPECT_EQ(close->close_code(), 1008);
    EXPECT_EQ(close->payload.substr(2), "rate limit");
    // §7.1.1: the server waits for our close before it ends the TCP connection, and a message
    // sent meanwhile is dropped, not answered (nor is a ping: §5.5.1, no frame after a close).
    ws.write(frame(op_text, room_list_request) + frame(op_ping, "late"));
    EXPECT_TRUE(ws.quiet_for(150ms)) << "ended: " << ws.ended().message();
    ws.write(frame(op_close, close_payload(1008)));
    EXPECT_TRUE(ws.wait_tcp_closed());
    EXPECT_FALSE(ws.read_frame(0ms)) << "a frame after the server's close";
}

// ---- Limits and how bytes arrive ----

TEST(WebSocketProtocol, AFrameOverTheLimitIsClosedWith1009FromItsHeaderAlone) {
    test_server server([](core::config& c) { c.limits.max_frame_bytes = 1024; });
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    // Only the header of a 1 MB frame: the server must not wait for the payload.
    ws.write(as_text(client_frame(op_text, {}, opts().declaring(std::uint64_t{1} << 20))));
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1009));
}

TEST(WebSocketProtocol, FragmentsOverTheLimitTogetherAreClosedWith1009) {
    test_server server([](core::config& c) { c.limits.max_frame_bytes = 1024; });
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    // Each fragment is under the limit, the message is not.
    ws.write(frame(op_text, std::string(800, ' '), false));
    ws.write(frame(op_cont, std::string(800, ' '), true));
    ASSERT_NO_FATAL_FAILURE(expect_close_then_tcp_end(ws, 1009));
}

TEST(WebSocketProtocol, TwoFramesInOneWriteAreBothAnsweredInOrder) {
    test_server server;
    raw_ws ws(server.port());
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    ws.write(frame(op_text, room_list_request) + frame(op_text, R"({"type":"leave_room"})"));
    std::vector<std::string> types;
    while (types.size() < 2) {
        const auto f = ws.read_frame();
        ASSERT_TRUE(f) << "after " << types.size() << " envelopes; ended: " << ws.ended().message();
        ASSERT_EQ(f->opcode, op_text) << describe(f);
        for (auto& t : f->types()) types.push_back(t);
    }
    EXPECT_EQ(types, (std::vector<std::string>{"room_list_update", "leave_room_result"}));
}

// Replies the socket cannot take while the client is not reading are written in parts as it
// drains (the rest of a frame the socket took only partly goes out asynchronously).
TEST(WebSocketProtocol, RepliesBackedUpBehindAClientNotReadingArriveWholeWhenItReads) {
    test_server server([](core::config& c) {
        c.limits.messages_per_second = 1e6;
        c.limits.message_burst = 1e6;
        c.limits.outbox_bytes = 64 * 1024 * 1024;
    });
    raw_ws ws(server.port(), 4096);  // a small window: the server's sends back up at once
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    constexpr int requests = 120'000;  // 6.7 MB of replies: more than the socket buffers hold
    std::string burst;
    for (int i = 0; i < requests; ++i) burst += frame(op_text, room_list_request);
    ws.write(burst);
    int answered = 0;
    while (answered < requests) {
        const auto f = ws.read_frame(5000ms);
        ASSERT_TRUE(f) << "after " << answered << " answers; ended: " << ws.ended().message();
        ASSERT_EQ(f->opcode, op_text) << describe(f);
        ASSERT_TRUE(f->fin) << describe(f);
        const auto types = f->types();
        ASSERT_FALSE(types.empty()) << "not a JSON array of envelopes: " << describe(f);
        for (const auto& type : types) {
            ASSERT_EQ(type, "room_list_update") << "after " << answered << " answers";
            ++answered;
        }
    }
    EXPECT_EQ(answered, requests);
    EXPECT_TRUE(ws.quiet_for(100ms));
}

TEST(WebSocketProtocol, AFrameWrittenOneByteAtATimeIsAnswered) {
    test_server server;
    raw_ws ws(server.port());
    ws.no_delay();
    ASSERT_NO_FATAL_FAILURE(upgrade_past_welcome(ws));
    // 16-bit length form (payload over 125 bytes), so every part of the header is split too.
    const std::string m = R"({"type":"get_room_list","data":{"gameType":"tictactoe","pad":")" +
                          std::string(100, 'x') + R"("}})";
    const std::string bytes = frame(op_text, m) + frame(op_ping, "1b");
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        ws.write(std::string_view(&bytes[i], 1));
        // A moment after each byte of the first header (2 + 2 length + 4 mask bytes), so the
        // server surely reads it in pieces; the rest goes as fast as the writes go.
        if (i < 8) std::this_thread::sleep_for(2ms);
    }
    ASSERT_NO_FATAL_FAILURE(expect_room_list(ws));
    const auto pong = ws.read_frame();
    ASSERT_TRUE(pong) << "ended: " << ws.ended().message();
    EXPECT_EQ(pong->opcode, op_pong) << describe(pong);
    EXPECT_EQ(pong->payload, "1b");
}

// ---- Beast's client ----

// Runs `start(handler)` on `ioc` until it completes or `timeout` passes (the socket is then
// closed, which completes it); returns its error, or beast::error::timeout.
template <typename Start>
beast::error_code run_with_timeout(asio::io_context& ioc, tcp::socket& socket, Start start,
                                   std::chrono::milliseconds timeout = answer_timeout) {
    beast::error_code result;
    bool done = false;
    start([&](beast::error_code ec, auto&&...) {
        result = ec;
        done = true;
    });
    ioc.restart();
    ioc.run_for(timeout);
    if (done) return result;
    beast::error_code ignored;
    socket.close(ignored);
    ioc.restart();
    ioc.run();
    return beast::error::timeout;
}

class beast_client {
  public:
    explicit beast_client(std::uint16_t port) : ws(ioc) {
        beast::get_lowest_layer(ws).socket().connect({asio::ip::make_address("127.0.0.1"), port});
        ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    }

    // The next data message's text.
    std::optional<std::string> read(beast::error_code& ec) {
        buffer.clear();
        ec = run_with_timeout(ioc, socket(),
                              [&](auto handler) { ws.async_read(buffer, std::move(handler)); });
        if (ec) return std::nullopt;
        return beast::buffers_to_string(buffer.data());
    }

    std::vector<std::string> read_types() {
        beast::error_code ec;
        const auto text = read(ec);
        if (!text) return {"(" + ec.message() + ")"};
        const json parsed = json::parse(*text, nullptr, false);
        return parsed.is_array() ? types_of(parsed.get<std::vector<json>>())
                                 : std::vector<std::string>{"(not an array)"};
    }

    tcp::socket& socket() { return beast::get_lowest_layer(ws).socket(); }

    asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
};

TEST(WebSocketProtocol, ABeastClientFragmentingIntoSixteenByteFramesIsAnswered) {
    test_server server;
    beast_client c(server.port());
    ASSERT_EQ(c.read_types(), std::vector<std::string>{"welcome"});
    c.ws.auto_fragment(true);
    c.ws.write_buffer_bytes(16);  // a client masks through its write buffer: 16-byte frames
    c.ws.text(true);
    const std::string m =
        json{{"type", "get_room_list"},
             {"data", {{"gameType", "tictactoe"}, {"pad", std::string(140, 'f')}}}}
            .dump();
    ASSERT_GE(m.size(), 190u);
    c.ws.write(asio::buffer(m));
    EXPECT_EQ(c.read_types(), std::vector<std::string>{"room_list_update"});
}

TEST(WebSocketProtocol, ABeastClientPingGetsAPongWithItsPayload) {
    test_server server;
    beast_client c(server.port());
    ASSERT_EQ(c.read_types(), std::vector<std::string>{"welcome"});
    std::vector<std::string> pongs;
    c.ws.control_callback([&](websocket::frame_type kind, beast::string_view payload) {
        if (kind == websocket::frame_type::pong) pongs.emplace_back(payload);
    });
    c.ws.ping("abc");
    // The pong is seen while reading: it comes before the answer to a message sent after it.
    c.ws.text(true);
    c.ws.write(asio::buffer(room_list_request));
    EXPECT_EQ(c.read_types(), std::vector<std::string>{"room_list_update"});
    EXPECT_EQ(pongs, std::vector<std::string>{"abc"});
}

TEST(WebSocketProtocol, ABeastClientCloseCompletesTheHandshake) {
    test_server server;
    beast_client c(server.port());
    ASSERT_EQ(c.read_types(), std::vector<std::string>{"welcome"});
    // Beast's close sends its close frame, reads to the server's, and waits for the server to end
    // the TCP connection (a client's teardown): all of it must finish.
    const auto ec = run_with_timeout(c.ioc, c.socket(), [&](auto handler) {
        c.ws.async_close(websocket::close_code::normal, std::move(handler));
    });
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(c.ws.reason().code, websocket::close_code::normal);  // the server's echo
    EXPECT_FALSE(c.ws.is_open());
    // A read after the handshake fails: Beast (1.81) answers operation_aborted on a stream its
    // own close ended (websocket::error::closed is what a read gets from a close the server
    // begins: Limits.SustainedFloodClosesWith1008, Shutdown.ClosesEveryClientWith1001).
    beast::error_code read_ec;
    EXPECT_FALSE(c.read(read_ec));
    EXPECT_EQ(read_ec, asio::error::operation_aborted) << read_ec.message();
    EXPECT_TRUE(eventually(
        [&] { return metric(server, "gameserver_connections_open").value_or(-1) == 0; }, 1s));
}

}  // namespace
}  // namespace gameserver::testing
