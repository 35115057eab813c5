// The operator's REST routes under /api/v1/admin/ (docs/protocol.md, "REST admin API"): server
// info, rooms with members and message rates, one room's detail, close, kick, drain, sessions.
// Every route needs `Authorization: Bearer <admin.token>`.
#pragma once

#include <boost/url/url_view.hpp>

#include <optional>
#include <string_view>

#include "rest.hpp"

namespace gameserver::net {

class server_state;

inline constexpr std::string_view admin_prefix = "/api/v1/admin/";

// 403 when no admin token is configured (the admin API is off), 401 when the request lacks the
// token; nullopt when it carries it.
std::optional<http_response> check_admin(const server_state& state, const http_request& req);

// Answers a request whose path starts with admin_prefix; calls `respond` exactly once.
void handle_admin(server_state& state, const http_request& req, const boost::urls::url_view& url,
                  responder respond);

}  // namespace gameserver::net
