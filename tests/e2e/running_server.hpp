// A gameserverd binary on a free port for the e2e tests of the client programs (gamebot,
// gameload); bots at think 0 need a higher per-connection message rate than people.
#pragma once

#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace gameserver::testing {

class running_server {
  public:
    // `extra`: more command-line arguments, e.g. {"--set", "limits.max_connections_per_ip=1000"}.
    explicit running_server(const std::vector<std::string>& extra = {})
        : dir_(), server_(GAMESERVERD_PATH, arguments(dir_, extra)) {
        auto line = server_.wait_for_output("listening on", std::chrono::seconds(10));
        std::smatch match;
        if (line && std::regex_search(*line, match, std::regex(R"(listening on [^ ]+:(\d+))"))) {
            port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
        }
    }
    ~running_server() {
        server_.signal(SIGTERM);
        server_.wait(std::chrono::seconds(10));
    }
    std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/ws"; }
    std::uint16_t port() const { return port_; }
    const std::string& output() const { return server_.output(); }

  private:
    static std::vector<std::string> arguments(const temp_dir& dir,
                                              const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"--port",     "0",
                                         "--data-dir", dir.path().string(),
                                         "--set",      "limits.messages_per_second=10000",
                                         "--set",      "limits.message_burst=10000"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    temp_dir dir_;
    process server_;
    std::uint16_t port_ = 0;
};

}  // namespace gameserver::testing
