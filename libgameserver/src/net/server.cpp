#include "gameserver/net/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "http_session.hpp"
#include "io_pool.hpp"
#include "room_host.hpp"
#include "server_state.hpp"
#include "ws_session.hpp"

namespace gameserver::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class server::impl {
  public:
    impl(core::config cfg, const core::game_registry& games, core::session_store& sessions,
         core::storage& storage)
        : state_(pool_, std::move(cfg), games, sessions, storage),
          pool_(thread_count(state_.cfg.server.threads)),
          control_(pool_.control().get_executor()),
          acceptor_(control_),
          signals_(control_),
          purge_timer_(control_),
          stop_timer_(control_) {}

    ~impl() {
        // Rooms own timers of the pool's contexts: let them go while those are alive; whatever
        // handlers still hold them are destroyed with the pool, before state_ (declared first).
        state_.rooms.clear();
    }

    std::uint16_t start() {
        const auto& cfg = state_.cfg.server;
        const tcp::endpoint endpoint{asio::ip::make_address(cfg.host), cfg.port};
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(asio::socket_base::max_listen_connections);
        port_ = acceptor_.local_endpoint().port();
        spdlog::info("listening on {}:{} threads={} stage={}", cfg.host, port_,
                     thread_count(cfg.threads), cfg.stage);
        do_accept();
        schedule_purge();
        if (release_ && state_.cfg.server.memory_release_interval.count() > 0) {
            for (std::size_t i = 0; i < pool_.size(); ++i) {
                release_timers_.push_back(std::make_unique<asio::steady_timer>(pool_.at(i)));
                schedule_release(*release_timers_.back());
            }
        }
        return port_;
    }

    bool run() {
        pool_.run();
        return clean_exit_;
    }

    void stop() {
        asio::post(control_, [this] { begin_stop(); });
    }

    void set_thread_cache_release(std::function<void()> release) { release_ = std::move(release); }

    void handle_signals() {
        signals_.add(SIGINT);
        signals_.add(SIGTERM);
        signals_.async_wait([this](boost::system::error_code ec, int signal) {
            if (ec) return;
            spdlog::info("signal {} received: shutting down", signal);
            begin_stop();
        });
    }

    std::uint16_t port() const { return port_; }

  private:
    static int thread_count(int configured) {
        if (configured > 0) return configured;
        return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }

    void do_accept() {
        acceptor_.async_accept(
            pool_.next(), [this](boost::system::error_code ec, tcp::socket socket) {
                if (ec) {
                    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
                    spdlog::warn("accept failed: {}", ec.message());
                    return do_accept();
                }
                boost::system::error_code ignored;
                // Nagle's algorithm would hold a frame back while the one before it is unacked,
                // until the client's delayed ACK (up to 40 ms on Linux): a move's replies to one
                // player go out as separate writes, so games would pace themselves by it.
                socket.set_option(tcp::no_delay(true), ignored);
                auto remote = socket.remote_endpoint(ignored);
                std::string ip = ignored ? std::string("unknown") : remote.address().to_string();
                if (!state_.acquire_ip(ip)) {
                    state_.stats.rejected("per_ip");
                    socket.close(ignored);
                } else {
                    std::make_shared<http_session>(std::move(socket), state_, ip_slot(state_, ip))
                        ->run();
                }
                do_accept();
            });
    }

    void schedule_purge() {
        purge_timer_.expires_after(state_.cfg.sessions.purge_interval);
        purge_timer_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            const std::size_t purged = state_.sessions.purge(core::wall_clock::now());
            if (purged) spdlog::debug("purged {} expired sessions", purged);
            schedule_purge();
        });
    }

    // On the timer's own event loop, so `release_` runs on that loop's thread.
    void schedule_release(asio::steady_timer& timer) {
        timer.expires_after(state_.cfg.server.memory_release_interval);
        timer.async_wait([this, &timer](boost::system::error_code ec) {
            if (ec || state_.stopping) return;
            release_();
            schedule_release(timer);
        });
    }

    void begin_stop() {
        if (stopping_) return;
        stopping_ = true;
        state_.accepting = false;
        state_.stopping = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        signals_.cancel(ignored);
        purge_timer_.cancel();
        const auto sessions = state_.sessions_snapshot();
        spdlog::info("closing {} connections with 1001", sessions.size());
        for (const auto& session : sessions) session->shutdown();
        deadline_ = std::chrono::steady_clock::now() + state_.cfg.server.shutdown_timeout;
        wait_for_sessions();
    }

    void wait_for_sessions() {
        const bool all_closed = state_.session_count() == 0;
        if (all_closed || std::chrono::steady_clock::now() >= deadline_) {
            if (!all_closed) {
                spdlog::warn("{} connections still open at the shutdown deadline",
                             state_.session_count());
            }
            clean_exit_ = all_closed;
            state_.storage.flush();
            spdlog::info("storage flushed; stopped");
            pool_.stop();
            return;
        }
        stop_timer_.expires_after(std::chrono::milliseconds(20));
        stop_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) wait_for_sessions();
        });
    }

    server_state state_;  // before pool_: handlers destroyed with pool_ still reference it
    io_pool pool_;
    asio::io_context::executor_type
        control_;  // one thread runs each loop: no strand needed (io_pool)
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    asio::steady_timer purge_timer_;
    asio::steady_timer stop_timer_;
    // Not cancelled at the stop (each belongs to its own loop): a firing one sees
    // state_.stopping and ends.
    std::vector<std::unique_ptr<asio::steady_timer>> release_timers_;
    std::chrono::steady_clock::time_point deadline_;
    std::uint16_t port_ = 0;
    bool stopping_ = false;
    bool clean_exit_ = true;
    std::function<void()> release_;  // set before start()
};

server::server(core::config cfg, const core::game_registry& games, core::session_store& sessions,
               core::storage& storage)
    : impl_(std::make_unique<impl>(std::move(cfg), games, sessions, storage)) {}
server::~server() = default;
std::uint16_t server::start() {
    return impl_->start();
}
bool server::run() {
    return impl_->run();
}
void server::stop() {
    impl_->stop();
}
void server::handle_signals() {
    impl_->handle_signals();
}
void server::set_thread_cache_release(std::function<void()> release) {
    impl_->set_thread_cache_release(std::move(release));
}
std::uint16_t server::port() const {
    return impl_->port();
}

}  // namespace gameserver::net
