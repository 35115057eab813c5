// Private to libload: the slow_reader behaviour. It subscribes to the lobby of its game
// (`?game=`), joins a fresh room, then stops reading its socket (no reads, so no pongs either)
// while it keeps asking for the room list every `interval`, until the server gives up on it
// (outbox limit -> 1013, write timeout, idle timeout); it counts the cut, reconnects and does it
// again until the run ends. Its own Beast stream rather than bot::ws_connection: that one opens
// and connects its socket in one step (no MSS can be set before the connect), offers no socket
// options, and always has Beast send keep-alive pings.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "virtual_user.hpp"

namespace gameserver::load {

class slow_reader : public virtual_user, public std::enable_shared_from_this<slow_reader> {
  public:
    using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;

    // Rooms it creates are named `room_prefix`-`index`-N (unique within the run).
    slow_reader(boost::asio::io_context& ioc, user_group& group, int index,
                std::chrono::microseconds start_at, std::string room_prefix, histogram& connect_us,
                std::mutex& connect_mutex, const user_clock& clock);

    void start() override;
    void post_drop() override;
    void post_stop() override;  // cuts the socket: a client that never reads cannot close cleanly

    // The socket's receive buffer once it stops reading, and its MSS (see slow_reader.cpp).
    static constexpr int receive_buffer_bytes = 4096;
    static constexpr int segment_bytes = 1460;

  private:
    using stream_type = boost::beast::websocket::stream<boost::beast::tcp_stream>;

    boost::asio::awaitable<void> run();
    boost::asio::awaitable<bool> connect();
    boost::asio::awaitable<bool> join();
    // Reads nothing until the server cuts the connection (true: counted) or the run ends or a
    // fault drops it (false).
    boost::asio::awaitable<bool> stall();
    boost::asio::awaitable<void> write_request(std::shared_ptr<stream_type> ws);
    boost::asio::awaitable<bool> pause(std::chrono::microseconds delay);
    bool peer_closed() const;  // a FIN or RST arrived (TCP_INFO), without reading anything
    void cut_socket();
    void count_error(const std::string& code);
    bool over() const;

    user_group& group_;
    int index_;
    std::chrono::microseconds start_at_;
    std::string room_prefix_;
    strand_type strand_;
    histogram& connect_us_;
    std::mutex& connect_mutex_;
    const user_clock& clock_;
    std::shared_ptr<stream_type> ws_;
    boost::asio::steady_timer timer_;
    std::string request_;  // the get_room_list it keeps sending
    bool write_in_flight_ = false;
    bool write_failed_ = false;
    bool dropped_ = false;  // a fault cut it: not the server's doing
    bool connected_once_ = false;
    int sequence_ = 0;
};

}  // namespace gameserver::load
