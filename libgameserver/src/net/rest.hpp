// The HTTP routes on the WebSocket port: the Go server's `/`, `/games`, `/rooms`, and
// `/api/v1/...`, `/healthz`, `/readyz`, `/metrics`, and the browser pages (`/` for a browser,
// `/ui/...`, web_assets.hpp). Pure request -> response, except routes that
// must ask a room on its event loop; those answer through `respond` later.
#pragma once

#include <boost/beast/http.hpp>

#include <functional>

namespace gameserver::net {

class server_state;

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;
using responder = std::function<void(http_response)>;

// Calls `respond` exactly once (maybe from another event loop).
void handle_http(server_state& state, const http_request& req, responder respond);

}  // namespace gameserver::net
