#include "gameserver/bot/ws_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace gameserver::bot {

std::optional<ws_endpoint> parse_ws_url(std::string_view text, std::string* error) {
    auto fail = [&](std::string message) -> std::optional<ws_endpoint> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed) return fail("not a URL: " + parsed.error().message());
    const boost::urls::url_view& url = *parsed;
    if (url.scheme() != "ws")
        return fail("the scheme must be ws:// (got " + std::string(url.scheme()) + ")");
    if (url.host().empty()) return fail("the URL has no host");
    ws_endpoint out;
    out.host = url.host_address();  // an IPv6 literal without its brackets, as the resolver wants
    out.port = url.has_port() ? std::string(url.port()) : std::string("80");
    out.target = url.encoded_path().empty() ? std::string("/") : std::string(url.encoded_path());
    if (url.has_query()) out.target += "?" + std::string(url.encoded_query());
    return out;
}

}  // namespace gameserver::bot
