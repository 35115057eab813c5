// The browser pages on the HTTP port: GET / answers the lobby to a browser and the Go server's
// JSON to everything else; /ui/<path> serves the embedded files (or web.dir) with their types;
// unknown paths and traversal are 404s; web.enabled=false turns it all off; and a page served
// by gameserverd may open /ws in the production stage (same origin).
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "integration_helpers.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::testing {
namespace {

using headers = std::map<std::string, std::string>;

http_result get(std::uint16_t port, const std::string& target, const headers& extra = {}) {
    return http_call(port, "GET", target, {}, {}, extra);
}

std::string read_source(const std::string& relative) {
    std::ifstream in(std::string(GS_SOURCE_DIR) + "/" + relative, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr const char* go_root_json = R"({"status": "Game server running"})";
constexpr const char* browser_accept =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

TEST(WebPages, RootAnswersHtmlToBrowsersAndJsonToEveryoneElse) {
    test_server server;
    const http_result browser = get(server.port(), "/", {{"Accept", browser_accept}});
    EXPECT_EQ(browser.status, 200);
    EXPECT_EQ(browser.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(browser.body, read_source("web/index.html"));  // the lobby, as built in
    EXPECT_EQ(browser.header("cache-control"), "no-cache");

    for (const headers& accept :
         {headers{}, headers{{"Accept", "application/json"}}, headers{{"Accept", "*/*"}}}) {
        const http_result api = get(server.port(), "/", accept);
        EXPECT_EQ(api.status, 200);
        EXPECT_EQ(api.body, go_root_json);  // byte for byte
        EXPECT_EQ(api.header("content-type"), "application/json");
        EXPECT_EQ(api.header("vary"), "Accept") << "a cache must not give this to a browser";
    }
    // A browser's POST is still the Go server's 405.
    EXPECT_EQ(http_call(server.port(), "POST", "/", {}, {}, {{"Accept", browser_accept}}).status,
              405);
}

TEST(WebPages, ServesEveryPageWithItsContentType) {
    test_server server;
    const std::pair<const char*, const char*> files[] = {
        {"index.html", "text/html; charset=utf-8"},
        {"game.html", "text/html; charset=utf-8"},
        {"monitor.html", "text/html; charset=utf-8"},
        {"css/site.css", "text/css; charset=utf-8"},
        {"js/client.js", "text/javascript; charset=utf-8"},
        {"js/lobby.js", "text/javascript; charset=utf-8"},
        {"js/game-page.js", "text/javascript; charset=utf-8"},
        {"js/monitor.js", "text/javascript; charset=utf-8"},
        {"js/games/tictactoe.js", "text/javascript; charset=utf-8"},
        {"favicon.svg", "image/svg+xml"},
    };
    for (const auto& [path, type] : files) {
        const http_result res = get(server.port(), std::string("/ui/") + path);
        EXPECT_EQ(res.status, 200) << path;
        EXPECT_EQ(res.header("content-type"), type) << path;
        EXPECT_EQ(res.header("cache-control"), "no-cache") << path;
        EXPECT_EQ(res.body, read_source(std::string("web/") + path)) << path;
    }
    // /ui/ is the lobby.
    EXPECT_EQ(get(server.port(), "/ui/").body, read_source("web/index.html"));

    // HEAD: the GET's headers and length, no body.
    const http_result head = http_call(server.port(), "HEAD", "/ui/js/client.js");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(head.header("content-length"),
              std::to_string(read_source("web/js/client.js").size()));
    EXPECT_TRUE(head.body.empty());

    EXPECT_EQ(http_call(server.port(), "POST", "/ui/index.html").status, 405);
}

TEST(WebPages, UnknownFilesAndTraversalAre404) {
    test_server server;
    for (const char* target :
         {"/ui/nope.html", "/ui/js/nope.js", "/ui/js", "/ui/tests/harness.mjs",
          "/ui/tests/package.json", "/ui/../CMakeLists.txt", "/ui/js/../../CMakeLists.txt",
          "/ui/%2e%2e/CMakeLists.txt", "/ui/js/%2E%2E/%2E%2E/README.md", "/ui/.gitignore",
          "/ui//etc/passwd", "/ui/js\\..\\index.html", "/ui/index.html%00.js"}) {
        const http_result res = get(server.port(), target);
        // 400 where the URL parser refuses the target already (a backslash).
        EXPECT_TRUE(res.status == 404 || res.status == 400) << target << ": " << res.status;
        EXPECT_TRUE(res.body == "Not found\n" || res.body == "Bad request\n") << target;
    }
}

TEST(WebPages, DisabledMeansNoPagesAndJsonAtTheRoot) {
    test_server server([](core::config& c) { c.web.enabled = false; });
    const http_result root = get(server.port(), "/", {{"Accept", browser_accept}});
    EXPECT_EQ(root.status, 200);
    EXPECT_EQ(root.body, go_root_json);
    EXPECT_EQ(get(server.port(), "/ui/index.html").status, 404);
    EXPECT_EQ(get(server.port(), "/ui/js/client.js").status, 404);
}

TEST(WebPages, WebDirServesFromDiskWithoutRebuilding) {
    temp_dir dir("gameserver-web");
    std::filesystem::create_directories(dir.path() / "js");
    std::ofstream(dir.path() / "index.html") << "<p>edited lobby</p>";
    std::ofstream(dir.path() / "js" / "client.js") << "export const edited = 1;";
    std::ofstream(dir.path().parent_path() / (dir.path().filename().string() + "-secret.txt"))
        << "outside";
    // Written with a trailing slash, as a config file might.
    test_server server([&](core::config& c) { c.web.dir = dir.path().string() + "/"; });

    EXPECT_EQ(get(server.port(), "/", {{"Accept", browser_accept}}).body, "<p>edited lobby</p>");
    const http_result js = get(server.port(), "/ui/js/client.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "export const edited = 1;");
    EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");

    // An edit shows at once.
    std::ofstream(dir.path() / "js" / "client.js") << "export const edited = 2;";
    EXPECT_EQ(get(server.port(), "/ui/js/client.js").body, "export const edited = 2;");

    // Files not in the directory (even embedded ones) are 404, and nothing outside it is read.
    EXPECT_EQ(get(server.port(), "/ui/monitor.html").status, 404);
    const std::string outside = "/ui/../" + dir.path().filename().string() + "-secret.txt";
    EXPECT_EQ(get(server.port(), outside).status, 404);
    EXPECT_EQ(
        get(server.port(), "/ui/%2e%2e/" + dir.path().filename().string() + "-secret.txt").status,
        404);
    std::filesystem::remove(dir.path().parent_path() /
                            (dir.path().filename().string() + "-secret.txt"));
}

TEST(WebPages, WebDirMustBeADirectory) {
    core::config cfg = core::default_config();
    EXPECT_THROW(core::apply_setting(cfg, "web.dir", "/nonexistent/gameserver-web"),
                 core::config_error);
    EXPECT_NO_THROW(core::apply_setting(cfg, "web.enabled", "false"));
}

TEST(WebPages, SameOriginPagesMayOpenTheWebSocketInProduction) {
    // Only example.org is listed: 127.0.0.1 is allowed solely because it is the page's own host.
    test_server server([](core::config& c) {
        c.server.stage = "production";
        c.origins.allowed = {"example.org"};
    });
    const std::string self = "http://127.0.0.1:" + std::to_string(server.port());
    EXPECT_EQ(ws_test_client::upgrade_status(server.port(), {.origin = self}), 0);
    // Another port, another host or scheme-less junk is another origin.
    EXPECT_EQ(
        ws_test_client::upgrade_status(
            server.port(), {.origin = "http://127.0.0.1:" + std::to_string(server.port() + 1)}),
        403);
    EXPECT_EQ(
        ws_test_client::upgrade_status(server.port(), {.origin = std::string("http://localhost")}),
        403);
    EXPECT_EQ(ws_test_client::upgrade_status(server.port(), {.origin = std::string("null")}), 403);
    EXPECT_EQ(ws_test_client::upgrade_status(server.port(),
                                             {.origin = std::string("https://example.org")}),
              0);

    // And the page's client learns its id from the welcome.
    ws_test_client client;
    client.connect(server.port(), {.origin = self});
    auto welcome = client.next();
    ASSERT_TRUE(is_success(welcome, "welcome"));
    EXPECT_FALSE((*welcome)["data"].value("clientId", "").empty());
}

}  // namespace
}  // namespace gameserver::testing
