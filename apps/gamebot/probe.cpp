#include "probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "gameserver/bot/frames.hpp"
#include "gameserver/bot/ws_connection.hpp"

namespace gameserver::app {

namespace asio = boost::asio;

std::string probe_server(const bot::ws_endpoint& endpoint) {
    asio::io_context ioc;
    auto strand = asio::make_strand(ioc);
    bot::connection_settings settings;
    settings.connect_timeout = std::chrono::seconds(5);
    auto conn = std::make_shared<bot::ws_connection>(strand, settings);
    std::string error;
    asio::co_spawn(
        strand,
        [&]() -> asio::awaitable<void> {
            if (auto ec = co_await conn->connect(endpoint)) {
                error = ec.message();
                co_return;
            }
            std::string text;
            if (auto ec = co_await conn->read(text)) {
                error = "no welcome: " + ec.message();
                co_return;
            }
            auto frame = bot::parse_frame(text);
            if (!frame.ok() || frame.envelopes.empty() ||
                frame.envelopes.front().value("type", "") != "welcome") {
                error = "the server did not send a welcome (is this a gameserverd /ws URL?)";
            }
            conn->close();
            while (!co_await conn->read(text)) {
            }
        },
        asio::detached);
    ioc.run();
    return error;
}

}  // namespace gameserver::app
