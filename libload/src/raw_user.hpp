// Private to libload: one virtual user that is not a game bot (idler, lobby watcher, spammer,
// malformed sender, churner, spectator), a coroutine pair on its own strand: a reader that
// answers pings and counts replies, and the behaviour's loop that sends.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gameserver/bot/ws_connection.hpp"
#include "gameserver/bot/ws_url.hpp"
#include "gameserver/load/report.hpp"
#include "gameserver/load/scenario.hpp"
#include "gameserver/sdk/rng.hpp"
#include "latency_book.hpp"
#include "room_list_scan.hpp"
#include "virtual_user.hpp"

namespace gameserver::load {

class raw_user : public virtual_user, public std::enable_shared_from_this<raw_user> {
  public:
    using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;

    raw_user(boost::asio::io_context& ioc, user_group& group, int index,
             std::chrono::microseconds start_at, std::uint64_t seed, latency_book& latency,
             histogram& connect_us, std::mutex& connect_mutex, const user_clock& clock);

    void start() override;
    void post_drop() override;
    void post_stop() override;  // closes cleanly

  private:
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<void> read_loop(std::shared_ptr<bot::ws_connection> conn);
    boost::asio::awaitable<void> behave();
    boost::asio::awaitable<bool> pause(std::chrono::microseconds delay);
    // Sends and waits for the reply of `reply_type` (true), a timeout or a drop (false).
    boost::asio::awaitable<bool> request(const std::string& type, sdk::json data,
                                         const std::string& reply_type);
    void on_envelope(const sdk::json& envelope);
    void on_room_list(std::vector<listed_room> rooms);
    void reply_arrived();  // the awaited reply came: its latency, and the request's wait ends
    bool send_text(const std::string& text);
    bool expects_refusals() const;
    bool over() const;
    std::string malformed_frame();

    user_group& group_;
    int index_;
    std::chrono::microseconds start_at_;
    strand_type strand_;
    sdk::rng rng_;
    latency_book& latency_;
    histogram& connect_us_;
    std::mutex& connect_mutex_;
    const user_clock& clock_;
    std::shared_ptr<bot::ws_connection> conn_;
    boost::asio::steady_timer timer_;        // pauses of the behaviour loop
    boost::asio::steady_timer reply_timer_;  // a request's wait, cancelled by its reply
    std::string awaiting_;                   // the reply type a request waits for
    std::string asked_type_;                 // the request's type (the latency key)
    std::chrono::steady_clock::time_point asked_at_;
    std::vector<listed_room> last_rooms_;  // the rooms of the last room list asked for
    bool connected_once_ = false;
    bool someone_left_ = false;  // spectator: a member left the watched room
    int sequence_ = 0;
};

}  // namespace gameserver::load
