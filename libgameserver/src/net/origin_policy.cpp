#include "origin_policy.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

namespace gameserver::net {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool matches(std::string_view host, std::string_view pattern) {
    if (pattern.starts_with("*.")) {
        const std::string_view suffix = pattern.substr(1);  // ".example.com"
        return host.size() > suffix.size() && host.ends_with(suffix);
    }
    return host == pattern;
}

}  // namespace

std::string origin_policy::host_of(std::string_view origin) {
    auto parsed = boost::urls::parse_absolute_uri(origin);
    if (!parsed || !parsed->has_authority()) return {};
    // An origin is scheme://host[:port]. Boost 1.81 parses `https://a.com:junk` as an empty
    // port plus the path `junk`, so anything after the authority makes it garbage.
    const auto path = parsed->encoded_path();
    if ((!path.empty() && path != "/") || parsed->has_query() || parsed->has_fragment()) return {};
    std::string host = lower(parsed->encoded_host());
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);  // [::1] -> ::1
    }
    return host;
}

bool origin_policy::same_origin(std::string_view origin, std::string_view host_header) {
    if (host_of(origin).empty() || host_header.empty()) return false;  // also rejects "null"
    auto parsed = boost::urls::parse_absolute_uri(origin);
    if (!parsed) return false;
    return lower(parsed->encoded_host_and_port()) == lower(host_header);
}

bool origin_policy::allows(std::string_view origin, bool present) const {
    if (allow_all_) return true;
    if (!present) return allow_missing_;
    const std::string host = host_of(origin);
    if (host.empty()) return false;  // "null" (file:// pages) and garbage
    return std::any_of(allowed_.begin(), allowed_.end(),
                       [&](const std::string& pattern) { return matches(host, lower(pattern)); });
}

}  // namespace gameserver::net
