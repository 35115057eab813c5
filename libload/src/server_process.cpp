#include "server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace gameserver::load {

namespace {

constexpr std::size_t kept_output = 16 * 1024;

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A port nothing listens on now (the kernel's pick), so that a restart can reuse it.
std::uint16_t free_loopback_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    std::uint16_t port = 0;
    if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    if (fd >= 0) close(fd);
    if (port == 0) throw std::runtime_error("no free loopback port");
    return port;
}

bool accepts(std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    const sockaddr_in address = loopback(port);
    const bool up = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return up;
}

}  // namespace

server_process::server_process(std::string binary, std::vector<std::string> args)
    : binary_(std::move(binary)), args_(std::move(args)) {}

server_process::~server_process() {
    stop();
}

std::uint16_t server_process::start(std::uint16_t port, std::chrono::milliseconds timeout) {
    if (current_pid() > 0) throw std::runtime_error("gameserverd is already running");
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    if (port == 0) port = free_loopback_port();
    std::vector<std::string> words = {binary_};
    words.insert(words.end(), args_.begin(), args_.end());
    words.insert(words.end(), {"--port", std::to_string(port)});
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, binary_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        throw std::runtime_error("cannot start " + binary_ + ": " + std::strerror(spawned));
    }
    {
        std::lock_guard lock(mutex_);
        pid_ = pid;
        port_ = 0;
        output_closed_ = false;
    }
    if (reader_.joinable()) reader_.join();
    reader_ = std::thread([this, fd = pipe_fds[0]] { drain(fd); });

    // Up when it says so (at log level info) or when the port accepts (any log level).
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex_);
    while (port_ == 0 && !output_closed_ && std::chrono::steady_clock::now() < deadline) {
        lock.unlock();
        const bool up = accepts(port);
        lock.lock();
        if (up) port_ = port;
        if (port_ == 0) listening_.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (port_ == 0) {
        const std::string output = output_;
        lock.unlock();
        kill_hard();
        throw std::runtime_error(binary_ + " did not start listening: " + output);
    }
    return port_;
}

// Keeps reading its output (a full pipe would block the server) and notices the listen line.
void server_process::drain(int fd) {
    static const std::regex listening(R"(listening on [^ ]+:(\d+))");
    std::string line;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        std::lock_guard lock(mutex_);
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buffer[i];
            if (c != '\n') {
                line.push_back(c);
                continue;
            }
            std::smatch match;
            if (port_ == 0 && std::regex_search(line, match, listening)) {
                port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
                listening_.notify_all();
            }
            output_ += line + "\n";
            if (output_.size() > kept_output) output_.erase(0, output_.size() - kept_output);
            line.clear();
        }
    }
    close(fd);
    std::lock_guard lock(mutex_);
    output_closed_ = true;  // it exited (or closed its output): stop waiting for the listen line
    listening_.notify_all();
}

void server_process::reap() {
    pid_t pid = -1;
    {
        std::lock_guard lock(mutex_);
        pid = std::exchange(pid_, -1);
    }
    if (pid > 0) waitpid(pid, nullptr, 0);
    if (reader_.joinable()) reader_.join();  // its pipe closed with the process
}

pid_t server_process::current_pid() const {
    std::lock_guard lock(mutex_);
    return pid_;
}

void server_process::kill_hard() {
    if (const pid_t pid = current_pid(); pid > 0) ::kill(pid, SIGKILL);
    reap();
}

void server_process::stop(std::chrono::milliseconds timeout) {
    const pid_t pid = current_pid();
    if (pid <= 0) {
        if (reader_.joinable()) reader_.join();
        return;
    }
    ::kill(pid, SIGTERM);
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (waitpid(pid, nullptr, WNOHANG) == pid) {
            std::lock_guard lock(mutex_);
            pid_ = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill_hard();  // only if it is still there
}

std::optional<cpu_time> server_process::cpu() const {
    const pid_t pid = current_pid();
    if (pid <= 0) return std::nullopt;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    long long utime = 0;
    long long stime = 0;
    for (int i = 3; fields >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return cpu_time{double(utime) / ticks, double(stime) / ticks};
}

std::optional<std::int64_t> server_process::rss_kib() const {
    const pid_t pid = current_pid();
    if (pid <= 0) return std::nullopt;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
    }
    return std::nullopt;
}

std::string server_process::tail() const {
    std::lock_guard lock(mutex_);
    return output_;
}

}  // namespace gameserver::load
