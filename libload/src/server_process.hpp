// Private to libload: a gameserverd that gameload starts itself, so that it can kill -9 it and
// start it again on the same port (a chaos fault), and read its CPU time and resident memory
// from /proc.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gameserver::load {

// CPU time a process used: in user space, and in the kernel on its behalf (system calls, and
// here most of loopback TCP, whose receive path runs in the sender's system call).
struct cpu_time {
    double user = 0;
    double system = 0;

    double total() const { return user + system; }
    cpu_time& operator+=(const cpu_time& other) {
        user += other.user;
        system += other.system;
        return *this;
    }
    friend cpu_time operator-(cpu_time a, const cpu_time& b) {
        a.user -= b.user;
        a.system -= b.system;
        return a;
    }
};

class server_process {
  public:
    server_process(std::string binary, std::vector<std::string> args);
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    // Starts it with `--port port` (0: a free one) and waits until it says it listens. Returns
    // the port; throws std::runtime_error with its last output when it does not come up.
    std::uint16_t start(std::uint16_t port, std::chrono::milliseconds timeout);
    // SIGKILL, then reaps it (the fault: no shutdown, no flush).
    void kill_hard();
    // SIGTERM and a wait, as an operator stops it (SIGKILL after `timeout`).
    void stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    bool running() const { return current_pid() > 0; }

    // From /proc/<pid>: CPU time, resident memory. nullopt when not running.
    std::optional<cpu_time> cpu() const;
    std::optional<std::int64_t> rss_kib() const;
    // The last lines it wrote (for error messages).
    std::string tail() const;

  private:
    pid_t current_pid() const;
    void drain(int fd);
    void reap();

    std::string binary_;
    std::vector<std::string> args_;
    pid_t pid_ = -1;
    std::thread reader_;
    mutable std::mutex mutex_;
    std::condition_variable listening_;
    std::string output_;  // the last 16 KiB
    std::uint16_t port_ = 0;
    bool output_closed_ = false;
};

}  // namespace gameserver::load
