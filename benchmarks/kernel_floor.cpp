// What the kernel alone costs a game server on this machine: the floor under the server CPU
// figures of docs/performance.md. A "server" that does nothing but relay (one thread, raw epoll,
// one recv per message, one send per recipient, no WebSocket, no JSON, no game) against a client
// process that plays like gameload's players: rooms of `--group` connections, two of which take
// turns to send a 32-byte action after a think time; the server sends `--payload` bytes to every
// member of the room for each action. The server's CPU per action and per delivered message is
// what any server with one TCP socket per player pays here before doing any work of its own.
//
// Raw epoll and blocking-free POSIX calls rather than Asio on purpose: Asio's own costs are part
// of what gameserverd spends, not of the floor.
//
//   kernel_floor --connections 1000 --think-ms 100 300 --seconds 10       (like tictactoe-1k)
//   kernel_floor --connections 200 --think-ms 0 0                        (saturated)
//   kernel_floor --connections 2000 --group 8 --think-ms 100 300         (like fanout)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
constexpr std::size_t action_bytes = 32;

struct options {
    int connections = 1000;
    int group = 2;  // connections per room; members 0 and 1 take turns to act
    int think_min_ms = 100;
    int think_max_ms = 300;
    int payload = 300;
    int seconds = 10;
    int warmup_seconds = 3;
    int client_threads = 2;
};

[[noreturn]] void fail(const char* what) {
    std::perror(what);
    std::exit(2);
}

void set_nodelay_nonblocking(int fd) {
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) fail("TCP_NODELAY");
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) fail("O_NONBLOCK");
}

double cpu_seconds(const timeval& t) {
    return double(t.tv_sec) + double(t.tv_usec) / 1e6;
}

// ---- The relay server (parent process, one thread) ----

struct server_conn {
    int fd = -1;
    int room = 0;
    std::size_t buffered = 0;
    char buffer[action_bytes * 8];
};

void run_server(int listener, const options& opt) {
    const int epoll_fd = epoll_create1(0);
    std::vector<server_conn> conns(opt.connections);
    const std::string payload(opt.payload, 'x');
    for (int i = 0; i < opt.connections; ++i) {
        const int fd = accept(listener, nullptr, nullptr);
        if (fd < 0) fail("accept");
        // The client's first 4 bytes name its index, so rooms match on both sides.
        std::uint32_t index = 0;
        if (recv(fd, &index, sizeof index, MSG_WAITALL) != sizeof index ||
            index >= std::uint32_t(opt.connections)) {
            fail("recv index");
        }
        set_nodelay_nonblocking(fd);
        conns[index].fd = fd;
        conns[index].room = int(index) / opt.group;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLET;
        ev.data.u32 = index;
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) fail("epoll_ctl");
    }
    std::uint64_t actions = 0, delivered = 0, window_actions = 0, window_delivered = 0;
    const auto start = clock_type::now();
    const auto window_from = start + std::chrono::seconds(opt.warmup_seconds);
    const auto window_to = window_from + std::chrono::seconds(opt.seconds);
    rusage at_from{}, at_to{};
    bool in_window = false;
    std::vector<epoll_event> events(256);
    for (;;) {
        const auto now = clock_type::now();
        if (!in_window && now >= window_from) {
            getrusage(RUSAGE_SELF, &at_from);
            window_actions = actions;
            window_delivered = delivered;
            in_window = true;
        }
        if (now >= window_to) break;
        const int n = epoll_wait(epoll_fd, events.data(), int(events.size()), 100);
        for (int e = 0; e < n; ++e) {
            server_conn& c = conns[events[e].data.u32];
            // One recv: a read shorter than asked for means the socket is drained (a new edge
            // comes with new bytes), so no second recv to see EAGAIN.
            const ssize_t got = recv(c.fd, c.buffer + c.buffered, sizeof c.buffer - c.buffered, 0);
            if (got <= 0) continue;
            c.buffered += std::size_t(got);
            while (c.buffered >= action_bytes) {
                ++actions;
                const int first = c.room * opt.group;
                for (int m = first; m < first + opt.group && m < opt.connections; ++m) {
                    if (send(conns[m].fd, payload.data(), payload.size(), MSG_NOSIGNAL) !=
                        ssize_t(payload.size())) {
                        fail("send (a short send: the client stopped reading)");
                    }
                    ++delivered;
                }
                c.buffered -= action_bytes;
                std::memmove(c.buffer, c.buffer + action_bytes, c.buffered);
            }
        }
    }
    getrusage(RUSAGE_SELF, &at_to);
    const double user = cpu_seconds(at_to.ru_utime) - cpu_seconds(at_from.ru_utime);
    const double sys = cpu_seconds(at_to.ru_stime) - cpu_seconds(at_from.ru_stime);
    const double acts = double(actions - window_actions);
    const double dels = double(delivered - window_delivered);
    std::printf(
        "connections %d, rooms of %d, think %d..%d ms, payload %d B, %d s window\n"
        "actions/s %.0f, delivered/s %.0f\n"
        "server CPU per action: %.1f us (user %.1f, kernel %.1f)\n"
        "server CPU per delivered message: %.2f us\n",
        opt.connections, opt.group, opt.think_min_ms, opt.think_max_ms, opt.payload, opt.seconds,
        acts / opt.seconds, dels / opt.seconds, (user + sys) * 1e6 / acts, user * 1e6 / acts,
        sys * 1e6 / acts, (user + sys) * 1e6 / dels);
    for (auto& c : conns) close(c.fd);
}

// ---- The players (child process) ----

struct client_room {
    int first = 0;         // index of the room's first connection
    int turn = 0;          // 0 or 1: who acts next
    bool waiting = false;  // an action is out; the next comes after its relay reaches the actor
};

void run_client_thread(int port, const options& opt, int thread, std::atomic<bool>& stop) {
    const int epoll_fd = epoll_create1(0);
    std::vector<int> fds(opt.connections, -1);
    std::vector<client_room> rooms;
    std::mt19937 rng(1234u + unsigned(thread));
    std::uniform_int_distribution<int> think(opt.think_min_ms, opt.think_max_ms);
    const int room_count = (opt.connections + opt.group - 1) / opt.group;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(std::uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int r = thread; r < room_count; r += opt.client_threads) {
        rooms.push_back({r * opt.group, 0, false});
        for (int i = r * opt.group; i < std::min((r + 1) * opt.group, opt.connections); ++i) {
            const int fd = socket(AF_INET, SOCK_STREAM, 0);
            if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("connect");
            const std::uint32_t index = std::uint32_t(i);
            if (send(fd, &index, sizeof index, 0) != sizeof index) fail("send index");
            set_nodelay_nonblocking(fd);
            fds[i] = fd;
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLET;
            ev.data.u32 = std::uint32_t(rooms.size() - 1) << 8 | std::uint32_t(i - r * opt.group);
            if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) fail("epoll_ctl");
        }
    }
    // Due actions, soonest first: (when, room).
    using due = std::pair<clock_type::time_point, std::size_t>;
    std::priority_queue<due, std::vector<due>, std::greater<>> timers;
    const auto now0 = clock_type::now();
    for (std::size_t r = 0; r < rooms.size(); ++r) {
        timers.push({now0 + std::chrono::milliseconds(think(rng)), r});
    }
    std::vector<std::size_t> received(opt.connections, 0);
    const char action[action_bytes] = {};
    std::vector<epoll_event> events(256);
    std::vector<char> sink(64 * 1024);
    while (!stop.load(std::memory_order_relaxed)) {
        auto now = clock_type::now();
        while (!timers.empty() && timers.top().first <= now) {
            client_room& room = rooms[timers.top().second];
            timers.pop();
            const int actor = room.first + room.turn;
            if (send(fds[actor], action, sizeof action, MSG_NOSIGNAL) != ssize_t(sizeof action)) {
                stop = true;  // the server has ended the run
                break;
            }
            room.waiting = true;
        }
        int timeout_ms = 100;
        if (!timers.empty()) {
            const auto wait =
                std::chrono::ceil<std::chrono::milliseconds>(timers.top().first - now);
            timeout_ms = int(std::clamp<long>(wait.count(), 0, 100));
        }
        const int n = epoll_wait(epoll_fd, events.data(), int(events.size()), timeout_ms);
        for (int e = 0; e < n; ++e) {
            const std::size_t r = events[e].data.u32 >> 8;
            const int member = int(events[e].data.u32 & 0xFF);
            client_room& room = rooms[r];
            const int fd = fds[room.first + member];
            std::size_t got_now = 0;
            for (;;) {
                const ssize_t got = recv(fd, sink.data(), sink.size(), 0);
                if (got <= 0) break;
                got_now += std::size_t(got);
            }
            std::size_t& total = received[room.first + member];
            const std::size_t before = total / std::size_t(opt.payload);
            total += got_now;
            // The actor's copy of the relay is the answer: the turn passes.
            if (room.waiting && member == room.turn && total / std::size_t(opt.payload) > before) {
                room.waiting = false;
                room.turn = opt.group > 1 ? 1 - room.turn : 0;
                timers.push({clock_type::now() + std::chrono::milliseconds(think(rng)), r});
            }
        }
    }
    for (int fd : fds) {
        if (fd >= 0) close(fd);
    }
}

void run_clients(int port, const options& opt) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < opt.client_threads; ++t) {
        threads.emplace_back([&, t] { run_client_thread(port, opt, t, stop); });
    }
    // The server ends the run; its closed sockets end ours.
    std::this_thread::sleep_for(std::chrono::seconds(opt.warmup_seconds + opt.seconds + 1));
    stop = true;
    for (auto& t : threads) t.join();
}

}  // namespace

int main(int argc, char** argv) {
    options opt;
    CLI::App app{
        "The kernel's floor under a game server's CPU figures: a relay server with no work of "
        "its own against players that take turns (see the comment at the top of the source)."};
    app.add_option("--connections", opt.connections, "client connections")
        ->check(CLI::Range(2, 60000));
    app.add_option("--group", opt.group, "connections per room (2 act, all receive)")
        ->check(CLI::Range(1, 255));
    std::vector<int> think{opt.think_min_ms, opt.think_max_ms};
    app.add_option("--think-ms", think, "think time range before each action, ms (0 0: none)")
        ->expected(2);
    app.add_option("--payload", opt.payload, "bytes the server sends per recipient")
        ->check(CLI::Range(1, 65536));
    app.add_option("--seconds", opt.seconds, "measured window")->check(CLI::Range(1, 600));
    app.add_option("--warmup", opt.warmup_seconds, "seconds before the window")
        ->check(CLI::Range(1, 60));
    CLI11_PARSE(app, argc, argv);
    opt.think_min_ms = think[0];
    opt.think_max_ms = std::max(think[0], think[1]);

    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);

    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("bind");
    if (listen(listener, 4096) != 0) fail("listen");
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);

    const pid_t child = fork();
    if (child < 0) fail("fork");
    if (child == 0) {
        close(listener);
        run_clients(port, opt);
        return 0;
    }
    run_server(listener, opt);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
