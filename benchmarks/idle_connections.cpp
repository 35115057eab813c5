// Opens N WebSocket connections to a server and holds them idle, to measure the server's
// resident memory per idle connection (see loadtest/idle_rss.sh). Loopback only.
// Usage: idle_connections PORT COUNT SECONDS
#include <sys/resource.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <vector>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct idle_client : std::enable_shared_from_this<idle_client> {
    explicit idle_client(asio::io_context& ioc) : ws(ioc) {}
    websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
    int* connected = nullptr;
    int* failed = nullptr;

    void start(const tcp::endpoint& endpoint) {
        beast::get_lowest_layer(ws).async_connect(
            endpoint, [self = shared_from_this()](beast::error_code ec) {
                if (ec) return self->fail();
                self->ws.async_handshake("127.0.0.1", "/ws", [self](beast::error_code hec) {
                    if (hec) return self->fail();
                    ++*self->connected;
                    self->read();
                });
            });
    }
    void read() {
        ws.async_read(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->buffer.consume(self->buffer.size());
            self->read();
        });
    }
    void fail() { ++*failed; }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: idle_connections PORT COUNT SECONDS\n";
        return 2;
    }
    const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
    const int count = std::atoi(argv[2]);
    const int seconds = std::atoi(argv[3]);
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    asio::io_context ioc;
    const tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
    int connected = 0;
    int failed = 0;
    std::vector<std::shared_ptr<idle_client>> clients;
    clients.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        auto client = std::make_shared<idle_client>(ioc);
        client->connected = &connected;
        client->failed = &failed;
        client->start(endpoint);
        clients.push_back(client);
    }
    asio::steady_timer report(ioc, std::chrono::seconds(seconds));
    report.async_wait([&](beast::error_code) {
        std::cout << "connected=" << connected << " failed=" << failed << std::endl;
        ioc.stop();
    });
    ioc.run();
    return failed == 0 ? 0 : 1;
}
