#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace gameserver::testing {

process::process(const std::string& path, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        std::vector<char*> argv{const_cast<char*>(path.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& e : env_strings) envp.push_back(e.data());
        envp.push_back(nullptr);
        execve(path.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(fds[1]);
    out_fd_ = fds[0];
}

process::~process() {
    if (!status_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
}

bool process::read_some(std::chrono::milliseconds timeout) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) return false;
    output_.append(buf, static_cast<std::size_t>(n));
    return true;
}

std::optional<std::string> process::wait_for_output(const std::string& needle,
                                                    std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto at = output_.find(needle);
        if (at != std::string::npos) {
            const auto begin = output_.rfind('\n', at);
            const auto end = output_.find('\n', at);
            return output_.substr(begin == std::string::npos ? 0 : begin + 1,
                                  end == std::string::npos
                                      ? std::string::npos
                                      : end - (begin == std::string::npos ? 0 : begin + 1));
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !read_some(left)) return std::nullopt;
    }
}

void process::signal(int sig) {
    kill(pid_, sig);
}

std::optional<int> process::wait(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            while (read_some(std::chrono::milliseconds(0))) {
            }
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return status_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        read_some(std::chrono::milliseconds(10));
    }
}

std::pair<int, std::string> process::run(const std::string& path,
                                         const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& env) {
    process p(path, args, env);
    auto code = p.wait(std::chrono::seconds(20));
    return {code.value_or(-1), p.output()};
}

}  // namespace gameserver::testing
