#include "http_reply.hpp"

#include "gameserver/core/json_codec.hpp"

namespace gameserver::net {

namespace http = boost::beast::http;

http_response text_reply(const http_request& req, http::status status, std::string body) {
    http_response res{status, req.version()};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

http_response raw_json_reply(const http_request& req, http::status status, std::string body) {
    http_response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

http_response json_reply(const http_request& req, http::status status, const sdk::json& value) {
    return raw_json_reply(req, status, core::to_json(value));
}

http_response api_error(const http_request& req, http::status status, std::string_view message,
                        sdk::error_code code) {
    return json_reply(req, status,
                      sdk::json{{"error", message}, {"code", std::string(sdk::to_string(code))}});
}

}  // namespace gameserver::net
