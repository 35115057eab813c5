// Which browser origins may open a WebSocket (PROTOCOL.md "Fixed": whole host names or
// `*.suffix` on a dot boundary; any port; `development` allows everything). Pages served by
// gameserverd itself are allowed too (same_origin), checked by the caller.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gameserver::net {

class origin_policy {
  public:
    origin_policy(std::vector<std::string> allowed, bool allow_missing, bool allow_all)
        : allowed_(std::move(allowed)), allow_missing_(allow_missing), allow_all_(allow_all) {}

    // `origin` is the raw header value; `present` false when the header was absent.
    bool allows(std::string_view origin, bool present) const;

    // True when the Origin's host[:port] is the request's Host header: a page gameserverd served
    // itself (the lobby under /ui/), whatever name or address the browser reached it by.
    static bool same_origin(std::string_view origin, std::string_view host_header);

    // The host of an Origin value (`https://a.b:8443` -> `a.b`), lowercased; empty if unparsable.
    static std::string host_of(std::string_view origin);

  private:
    std::vector<std::string> allowed_;
    bool allow_missing_;
    bool allow_all_;
};

}  // namespace gameserver::net
