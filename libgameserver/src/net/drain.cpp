#include "drain.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>

#include "io_pool.hpp"
#include "room_host.hpp"
#include "server_state.hpp"

namespace gameserver::net {

namespace {

// How often the drain looks for rooms whose game has ended (started() is false again).
constexpr std::chrono::milliseconds check_interval{200};

// Closes the rooms with no game running, or every room once the deadline has passed. The
// started() flag is checked again on the room's event loop: a game may have started in between.
void close_rooms(server_state& state, bool all) {
    for (const auto& host : state.rooms.all()) {
        if (!all && host->room().started()) continue;
        boost::asio::post(host->executor(), [host, all] {
            core::room& r = host->room();
            if (all || !r.started()) r.close();
        });
    }
}

// Runs until the deadline (a room created in the instant the drain began is caught too).
void check(server_state& state, const std::shared_ptr<boost::asio::steady_timer>& timer) {
    const auto deadline = state.drain.deadline();
    const bool overdue = !deadline || drain_state::clock::now() >= *deadline;
    if (overdue) spdlog::info("drain deadline: closing {} rooms", state.rooms.size());
    close_rooms(state, overdue);
    if (overdue) return;
    timer->expires_after(check_interval);
    timer->async_wait([&state, timer](boost::system::error_code ec) {
        if (!ec) check(state, timer);
    });
}

}  // namespace

bool drain_state::begin(clock::time_point now, std::chrono::seconds timeout) {
    std::lock_guard lock(mutex_);
    if (active_.load()) return false;
    timeout_ = timeout;
    deadline_ = now + timeout;
    active_ = true;
    return true;
}

std::optional<drain_state::clock::time_point> drain_state::deadline() const {
    std::lock_guard lock(mutex_);
    if (!active_.load()) return std::nullopt;
    return deadline_;
}

sdk::json drain_state::status(clock::time_point now, std::size_t rooms_left) const {
    std::lock_guard lock(mutex_);
    if (!active_.load()) return sdk::json{{"draining", false}};
    const auto remaining = std::max<std::chrono::seconds::rep>(
        0, std::chrono::ceil<std::chrono::seconds>(deadline_ - now).count());
    return sdk::json{{"draining", true},
                     {"timeoutSeconds", timeout_.count()},
                     {"remainingSeconds", remaining},
                     {"roomsLeft", rooms_left},
                     {"done", rooms_left == 0}};
}

bool start_drain(server_state& state, std::chrono::seconds timeout) {
    if (!state.drain.begin(drain_state::clock::now(), timeout)) return false;
    state.accepting = false;  // /readyz answers 503 from now on
    spdlog::info("draining: no new rooms; running games have {}s", timeout.count());
    auto timer = std::make_shared<boost::asio::steady_timer>(state.io.control());
    boost::asio::post(state.io.control(), [&state, timer] { check(state, timer); });
    return true;
}

}  // namespace gameserver::net
