// Building HTTP answers for the REST routes: plain text, JSON, the `{"error", "code"}` shape, and
// asking a room on its event loop. Shared by the public routes (rest.cpp) and the admin API.
#pragma once

#include <boost/asio/post.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "gameserver/sdk/error_code.hpp"
#include "gameserver/sdk/json.hpp"
#include "rest.hpp"
#include "room_host.hpp"

namespace gameserver::net {

http_response text_reply(const http_request& req, boost::beast::http::status status,
                         std::string body);
http_response raw_json_reply(const http_request& req, boost::beast::http::status status,
                             std::string body);
http_response json_reply(const http_request& req, boost::beast::http::status status,
                         const sdk::json& value);
http_response api_error(const http_request& req, boost::beast::http::status status,
                        std::string_view message, sdk::error_code code);

// Runs `work(room)` on the room's event loop and answers with what it returns, from that loop
// (the responder posts back to the HTTP session).
template <typename Work>
void ask_room(const std::shared_ptr<room_host>& host, Work work, responder respond) {
    boost::asio::post(host->executor(),
                      [host, work = std::move(work), respond = std::move(respond)]() mutable {
                          respond(work(host->room()));
                      });
}

}  // namespace gameserver::net
