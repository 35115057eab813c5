// Runs a program as a user would (e2e tests): arguments, environment additions, its stderr
// and stdout captured through pipes, signals, exit status.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gameserver::testing {

class process {
  public:
    process(const std::string& path, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env = {});
    ~process();
    process(const process&) = delete;
    process& operator=(const process&) = delete;

    // Reads output (stdout and stderr merged) until `needle` appears; returns the line with it.
    std::optional<std::string> wait_for_output(const std::string& needle,
                                               std::chrono::milliseconds timeout);
    void signal(int sig);
    // Exit code (or 128 + signal), nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    const std::string& output() const { return output_; }

    // Runs to completion and returns {exit code, output}.
    static std::pair<int, std::string> run(const std::string& path,
                                           const std::vector<std::string>& args,
                                           const std::map<std::string, std::string>& env = {});

  private:
    bool read_some(std::chrono::milliseconds timeout);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::string output_;
    std::optional<int> status_;
};

}  // namespace gameserver::testing
