#include "ws_transport.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/detail/hybi13.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <cstring>

namespace gameserver::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr std::size_t min_read_bytes = 1536;
// A read buffer grown by one large message is given back once it is empty again.
constexpr std::size_t kept_buffer_bytes = 16 * 1024;

using response_type = http::response<http::string_body>;

// Sends on the socket then return would_block at once instead of waiting (see write_data).
void make_non_blocking(ws_transport::socket_type& socket) {
    boost::system::error_code ignored;  // a socket that failed fails its next operation anyway
    if (socket.is_open()) socket.non_blocking(true, ignored);
}

// Removes the first `bytes` of `buffers`.
void drop_front(std::vector<asio::const_buffer>& buffers, std::size_t bytes) {
    auto first = buffers.begin();
    while (first != buffers.end() && bytes >= first->size()) {
        bytes -= first->size();
        ++first;
    }
    buffers.erase(buffers.begin(), first);
    if (!buffers.empty()) buffers.front() += bytes;
}

// The upgrade response (RFC 6455 §4.2.2), or the refusal of a bad handshake.
std::shared_ptr<response_type> handshake_response(const ws_transport::request& req, bool& ok) {
    auto res = std::make_shared<response_type>();
    res->version(11);
    res->set(http::field::server, "gameserverd");
    ok = false;
    const auto key = req[http::field::sec_websocket_key];
    const auto refuse = [&](http::status status, std::string_view why) {
        res->result(status);
        res->set(http::field::content_type, "text/plain");
        res->keep_alive(false);
        res->body() = std::string(why) + "\n";
        res->prepare_payload();
        return res;
    };
    if (req.method() != http::verb::get || req.version() < 11 ||
        !boost::beast::websocket::is_upgrade(req)) {
        return refuse(http::status::bad_request, "Not a WebSocket upgrade");
    }
    if (req.find(http::field::host) == req.end()) {
        return refuse(http::status::bad_request, "Missing Host");
    }
    if (key.empty() ||
        key.size() > boost::beast::websocket::detail::sec_ws_key_type::static_capacity) {
        return refuse(http::status::bad_request, "Bad Sec-WebSocket-Key");
    }
    if (req[http::field::sec_websocket_version] != "13") {
        res->set(http::field::sec_websocket_version, "13");
        return refuse(http::status::upgrade_required, "Unsupported Sec-WebSocket-Version");
    }
    // SHA-1 and base64 of the key: Beast's, so no crypto library is needed for four lines.
    boost::beast::websocket::detail::sec_ws_accept_type accept;
    boost::beast::websocket::detail::make_sec_ws_accept(accept, key);
    res->result(http::status::switching_protocols);
    res->set(http::field::upgrade, "websocket");
    res->set(http::field::connection, "Upgrade");
    res->set(http::field::sec_websocket_accept, std::string_view(accept.data(), accept.size()));
    ok = true;
    return res;
}

}  // namespace

ws_transport::ws_transport(socket_type socket, options opts, events& owner_events)
    : socket_(std::move(socket)),
      opts_(std::move(opts)),
      events_(owner_events),
      reader_(opts_.max_message_bytes),
      idle_timer_(socket_.get_executor()) {
    make_non_blocking(socket_);
}

void ws_transport::accept(const request& req, std::weak_ptr<void> owner,
                          std::string_view read_ahead) {
    owner_ = std::move(owner);
    if (!read_ahead.empty()) {
        auto space = read_buffer_.prepare(read_ahead.size());
        std::memcpy(space.data(), read_ahead.data(), read_ahead.size());
        read_buffer_.commit(read_ahead.size());
    }
    auto k = keep();
    if (!k) return;
    bool ok = false;
    response_ = handshake_response(req, ok);
    http::async_write(socket_, *response_,
                      [this, k, ok](boost::system::error_code ec, std::size_t) {
                          response_.reset();
                          if (ended_) return;
                          if (ec || !ok) return end(end_cause::handshake);
                          arm_idle_timer();
                          events_.on_open();
                      });
}

void ws_transport::read_next() {
    want_message_ = true;
    if (!delivering_) process();
}

void ws_transport::process() {
    // While the owner wants a message, or (our close frame sent) until the client's close.
    // After the client's close, or a protocol error, nothing more is read.
    while (!ended_ && !close_received_ && !fail_after_close_ && (want_message_ || close_sent_)) {
        const auto data = read_buffer_.data();
        std::span<std::uint8_t> bytes(static_cast<std::uint8_t*>(data.data()), data.size());
        std::size_t consumed = 0;
        const ws::event ev = reader_.next(bytes, consumed);
        switch (ev.what) {
            case ws::event::kind::need_more:
                read_buffer_.consume(consumed);
                return read_socket();
            case ws::event::kind::message:
                if (close_sent_ || close_frame_)
                    break;  // closing: dropped until the client's close
                want_message_ = false;
                delivering_ = true;
                events_.on_message(ev.payload);
                delivering_ = false;
                break;
            case ws::event::kind::ping:
                if (!close_sent_ && !close_frame_) {
                    control_.push_back(ws::control_frame(ws::opcode::pong, ev.payload));
                    pump();
                }
                break;
            case ws::event::kind::pong:
                break;
            case ws::event::kind::close:
                read_buffer_.consume(consumed);
                close_received_ = true;
                if (close_sent_) return end(close_cause_);  // the handshake we began is done
                // The client began it: echo its code (§5.5.1), then end.
                close_cause_ = end_cause::peer_closed;
                close_frame_ = ws::close_frame(ev.code, {});
                return pump();
            case ws::event::kind::failed:
                close_cause_ = ev.code == ws::close_code::too_big ? end_cause::too_big
                                                                  : end_cause::protocol_error;
                fail_after_close_ = true;  // no handshake with a client that broke the protocol
                if (!close_sent_ && !close_frame_) close_frame_ = ws::close_frame(ev.code, {});
                if (close_sent_) return end(close_cause_);
                return pump();
        }
        read_buffer_.consume(consumed);
        if (read_buffer_.size() == 0 && read_buffer_.capacity() > kept_buffer_bytes) {
            read_buffer_.shrink_to_fit();
        }
    }
}

void ws_transport::read_socket() {
    if (reading_socket_ || ended_) return;
    auto k = keep();
    if (!k) return;
    reading_socket_ = true;
    const std::size_t want = std::max(reader_.wanted(), min_read_bytes);
    socket_.async_read_some(
        read_buffer_.prepare(want), [this, k](boost::system::error_code ec, std::size_t n) {
            reading_socket_ = false;
            if (ended_) return;
            if (ec) {
                if (close_sent_) return end(close_cause_);
                return end(ec == asio::error::eof ? end_cause::peer_closed : end_cause::io_error);
            }
            read_buffer_.commit(n);
            heard_since_tick_ = true;
            process();
        });
}

void ws_transport::write_text(const std::vector<asio::const_buffer>& payload) {
    if (ended_ || close_frame_ || close_sent_) return;  // nothing may follow a close frame
    const std::size_t header =
        ws::write_header(data_header_, ws::opcode::text, asio::buffer_size(payload));
    gather_.clear();
    gather_.reserve(payload.size() + 1);
    gather_.emplace_back(data_header_, header);
    gather_.insert(gather_.end(), payload.begin(), payload.end());
    data_pending_ = true;
    pump();
}

void ws_transport::pump() {
    // A call from inside on_written (a write finished inline) leaves the work to the loop below.
    if (pumping_) return;
    auto k = keep();
    if (!k) return;
    pumping_ = true;
    while (!writing_ && !ended_) {
        if (!control_.empty()) {
            std::string frame = std::move(control_.front());
            control_.pop_front();
            write_control(std::move(frame), false);
        } else if (data_pending_) {
            data_pending_ = false;
            write_data(k);
        } else if (close_frame_ && !close_sent_) {
            std::string frame = std::move(*close_frame_);
            close_frame_.reset();
            write_control(std::move(frame), true);
        } else {
            break;
        }
    }
    pumping_ = false;
}

// The frame is written at once if the socket takes it (non-blocking: a send, no waiting), which
// is nearly always: that spares the loop a queued completion and the extra poll it costs. What
// the socket does not take (a client that reads slowly) goes out asynchronously.
void ws_transport::write_data(const std::shared_ptr<void>& k) {
    const std::size_t total = asio::buffer_size(gather_);
    const std::size_t payload = total - gather_.front().size();
    boost::system::error_code send_error;
    const std::size_t sent = socket_.write_some(gather_, send_error);
    if (send_error && send_error != asio::error::would_block &&
        send_error != asio::error::try_again) {
        return end(end_cause::io_error);
    }
    if (sent == total) return events_.on_written(payload);
    drop_front(gather_, sent);
    writing_ = true;
    asio::async_write(socket_, gather_,
                      [this, k, payload](boost::system::error_code ec, std::size_t) {
                          writing_ = false;
                          if (ended_) return;
                          if (ec) return end(end_cause::io_error);
                          events_.on_written(payload);
                          pump();
                      });
}

void ws_transport::write_control(std::string frame, bool is_close) {
    auto k = keep();
    if (!k) return;
    control_in_flight_ = std::move(frame);
    writing_ = true;
    asio::async_write(socket_, asio::buffer(control_in_flight_),
                      [this, k, is_close](boost::system::error_code ec, std::size_t) {
                          writing_ = false;
                          if (ended_) return;
                          if (ec) return end(end_cause::io_error);
                          if (!is_close) return pump();
                          close_sent_ = true;
                          after_close_written();
                      });
}

void ws_transport::after_close_written() {
    if (close_received_ || fail_after_close_) return end(close_cause_);
    process();  // read until the client's close frame
}

void ws_transport::close(std::uint16_t code, std::string_view reason) {
    if (ended_ || close_frame_ || close_sent_) return;
    close_cause_ = end_cause::closed;
    close_frame_ = ws::close_frame(code, reason);
    pump();
}

void ws_transport::abort() {
    if (ended_) return;
    boost::system::error_code ignored;
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
    end(end_cause::io_error);
}

void ws_transport::end(end_cause why) {
    if (ended_) return;
    ended_ = true;
    idle_timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    // Reported from the loop's queue: end() may run inside a call from the owner.
    if (auto k = keep()) {
        asio::post(socket_.get_executor(), [this, k, why] { events_.on_closed(why); });
    }
}

void ws_transport::arm_idle_timer() {
    auto k = keep();
    if (!k || ended_) return;
    idle_timer_.expires_after(opts_.idle_timeout / 2);
    const std::uint32_t armed_in = moves_.load(std::memory_order_relaxed);
    idle_timer_.async_wait([this, k, armed_in](boost::system::error_code ec) {
        if (ec || moves_.load(std::memory_order_relaxed) != armed_in || ended_) return;
        on_idle_timer();
    });
}

bool ws_transport::can_move() const {
    return !ended_ && !response_ && !delivering_ && !reading_socket_ && !writing_ &&
           !data_pending_ && control_.empty() && !close_frame_ && !close_sent_ && socket_.is_open();
}

ws_transport::socket_type ws_transport::attach(detached_socket socket, asio::io_context& loop) {
    socket_type attached(loop.get_executor());
    boost::system::error_code ec;
    if (socket.handle >= 0) attached.assign(socket.protocol, socket.handle, ec);
    return attached;
}

ws_transport::detached_socket ws_transport::move_out() {
    moves_.fetch_add(1, std::memory_order_relaxed);
    idle_timer_.cancel();
    return detach(socket_);
}

void ws_transport::move_in(asio::io_context& loop, detached_socket socket) {
    socket_ = attach(socket, loop);
    make_non_blocking(socket_);
    idle_timer_ = asio::steady_timer(loop.get_executor());
    if (!socket_.is_open()) return end(end_cause::io_error);
    arm_idle_timer();
}

// Every half idle timeout: a client heard from is fine; a silent one gets a ping, and is
// dropped if the next tick still has not heard from it (any bytes count, as with Beast).
void ws_transport::on_idle_timer() {
    if (heard_since_tick_) {
        heard_since_tick_ = false;
        ping_unanswered_ = false;
        return arm_idle_timer();
    }
    if (!ping_unanswered_) {
        ping_unanswered_ = true;
        if (!close_sent_ && !close_frame_) {
            control_.push_back(ws::control_frame(ws::opcode::ping, {}));
            pump();
        }
        return arm_idle_timer();
    }
    end(end_cause::timed_out);
}

}  // namespace gameserver::net
