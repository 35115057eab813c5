// A real gameserverd server for tests: port 0, in-memory storage unless given one, its
// io_context on background threads; stopped and joined by the destructor.
#pragma once

#include <boost/beast/http/fields.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "gameserver/core/config.hpp"
#include "gameserver/core/game_registry.hpp"
#include "gameserver/core/session_store.hpp"
#include "gameserver/core/storage.hpp"
#include "gameserver/net/server.hpp"

namespace gameserver::testing {

struct http_result {
    int status = 0;
    std::string body;
    std::string content_type;
    boost::beast::http::fields headers;
    // A response header's value (names are case-insensitive); empty when absent.
    std::string header(const std::string& name) const { return std::string(headers[name]); }
};

// A blocking HTTP/1.1 request to 127.0.0.1:`port` (a bearer token when given), the target sent
// exactly as written; `headers` are set on the request after the defaults (Host, Authorization).
// HEAD reads the answer's headers only.
http_result http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& bearer = {},
                      const std::map<std::string, std::string>& headers = {});

class test_server {
  public:
    // `tweak` adjusts the config (limits, grace, tokens) before the server starts.
    explicit test_server(const std::function<void(core::config&)>& tweak = {},
                         std::unique_ptr<core::storage> storage = nullptr);
    ~test_server();

    std::uint16_t port() const { return port_; }
    core::storage& storage() { return *storage_; }
    core::session_store& sessions() { return *sessions_; }
    const core::config& config() const { return cfg_; }
    // Graceful stop; returns what server::run() returned.
    bool stop();

    using http_result = testing::http_result;
    // A blocking HTTP request to the server: {status, body}.
    http_result http(const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::string& bearer = {}) const;

  private:
    core::config cfg_;
    core::game_registry games_;
    std::unique_ptr<core::storage> storage_;
    std::unique_ptr<core::session_store> sessions_;
    std::unique_ptr<net::server> server_;
    std::thread thread_;
    std::uint16_t port_ = 0;
    bool stopped_ = false;
    bool clean_ = false;
};

}  // namespace gameserver::testing
