// The browser pages (web/ in the repo) on the HTTP port: GET / answers the lobby to a browser,
// GET/HEAD /ui/<path> answers the files. They come from the copies embedded at build time
// (cmake/embed_web.cmake) or, with web.dir set, from that directory on disk.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "gameserver/core/config.hpp"
#include "rest.hpp"

namespace gameserver::net {

struct embedded_web_file {
    std::string_view path;  // relative to web/, e.g. "js/client.js"
    const unsigned char* data;
    std::size_t size;
};

// Generated at build time (web_assets_embedded.cpp in the build tree).
std::span<const embedded_web_file> embedded_web_files();

constexpr std::string_view web_prefix = "/ui/";

// True when the request's Accept header names text/html: a browser navigating, not an API client.
bool wants_html(const http_request& req);

// "text/javascript; charset=utf-8" for "a/b.js"; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view path);

// The lobby page for GET / from a browser; false when it cannot be read (the caller answers
// the JSON instead).
bool web_lobby(const core::web_config& cfg, const http_request& req, http_response& out);

// GET/HEAD of `relative` (the part after /ui/, already percent-decoded): the file, a 404, or a
// 405 for other methods.
http_response web_file(const core::web_config& cfg, const http_request& req,
                       std::string_view relative);

}  // namespace gameserver::net
