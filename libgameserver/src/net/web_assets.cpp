#include "web_assets.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "http_reply.hpp"

namespace gameserver::net {

namespace http = boost::beast::http;

namespace {

constexpr std::size_t max_disk_file_bytes = 16 * 1024 * 1024;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A path we serve: relative, segments of plain names. No "..", no ".hidden", no backslashes or
// NULs (they could mean something else on disk), and nothing under tests/ (not shipped).
bool safe_relative_path(std::string_view path) {
    if (path.empty() || path.size() > 256) return false;
    if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
        return false;
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty() || segment.front() == '.') return false;
        if (start == 0 && segment == "tests") return false;
        start = end + 1;
    }
    return true;
}

std::optional<std::string> read_embedded(std::string_view relative) {
    for (const auto& file : embedded_web_files()) {
        if (file.path == relative) {
            return std::string(reinterpret_cast<const char*>(file.data), file.size);
        }
    }
    return std::nullopt;
}

// Disk reads are blocking, on the I/O thread: fine for small pages in development (web.dir).
std::optional<std::string> read_from_dir(const std::string& dir, std::string_view relative) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path root = fs::weakly_canonical(fs::path(dir), ec);
    if (ec) return std::nullopt;
    if (root.filename().empty()) root = root.parent_path();  // "web/" as written in a config
    const fs::path file = fs::weakly_canonical(root / fs::path(relative), ec);
    if (ec) return std::nullopt;
    // Symlinks out of the directory are refused too.
    const auto [root_end, file_it] =
        std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    if (root_end != root.end()) return std::nullopt;
    if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > max_disk_file_bytes) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<std::string> read_web_file(const core::web_config& cfg, std::string_view relative) {
    if (!safe_relative_path(relative)) return std::nullopt;
    return cfg.dir.empty() ? read_embedded(relative) : read_from_dir(cfg.dir, relative);
}

http_response file_reply(const http_request& req, std::string_view path, std::string body) {
    http_response res{http::status::ok, req.version()};
    res.set(http::field::content_type, content_type_for(path));
    // Always revalidate: a rebuilt server (or an edited web.dir) shows new pages at once.
    res.set(http::field::cache_control, "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(req.keep_alive());
    if (req.method() == http::verb::head) {
        res.content_length(body.size());  // the length of the GET answer, no body
    } else {
        res.body() = std::move(body);
        res.prepare_payload();
    }
    return res;
}

}  // namespace

bool wants_html(const http_request& req) {
    const auto accept = req.find(http::field::accept);
    if (accept == req.end()) return false;
    return lower(accept->value()).find("text/html") != std::string::npos;
}

std::string_view content_type_for(std::string_view path) {
    const auto dot = path.rfind('.');
    const std::string ext = dot == std::string_view::npos ? "" : lower(path.substr(dot + 1));
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "json") return "application/json";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

bool web_lobby(const core::web_config& cfg, const http_request& req, http_response& out) {
    auto body = read_web_file(cfg, "index.html");
    if (!body) return false;
    out = file_reply(req, "index.html", std::move(*body));
    out.set(http::field::vary, "Accept");  // the same URL answers JSON to API clients
    return true;
}

http_response web_file(const core::web_config& cfg, const http_request& req,
                       std::string_view relative) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        return text_reply(req, http::status::method_not_allowed, "Method not allowed\n");
    }
    if (relative.empty()) relative = "index.html";  // /ui/ is the lobby
    auto body = read_web_file(cfg, relative);
    if (!body) return text_reply(req, http::status::not_found, "Not found\n");
    return file_reply(req, relative, std::move(*body));
}

}  // namespace gameserver::net
