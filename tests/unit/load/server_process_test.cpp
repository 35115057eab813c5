// server_process reads a process's CPU time from /proc, user and kernel apart (gameload's server
// CPU per action comes from it). A shell stands in for gameserverd: it makes system calls for a
// while (each redirection opens and closes /dev/null), then says it listens and waits.
#include <gtest/gtest.h>

#include <chrono>

#include "server_process.hpp"

namespace gameserver::load {
namespace {

TEST(ServerProcess, ReadsUserAndKernelCpuFromProc) {
    // `exec sleep` keeps the pid and the CPU time the loop used; start() appends --port N, which
    // the shell takes as $0 and $1.
    server_process shell("/bin/sh",
                         {"-c",
                          "i=0; while [ $i -lt 200000 ]; do : >/dev/null; i=$((i+1)); done; "
                          "echo 'listening on 127.0.0.1:1'; exec sleep 30"});
    shell.start(0, std::chrono::seconds(60));
    const auto used = shell.cpu();
    ASSERT_TRUE(used.has_value());
    // ~0.2 s of each measured with `time` on this machine; /proc counts in 10 ms ticks.
    EXPECT_GT(used->system, 0.02);
    EXPECT_GT(used->user, 0.02);
    EXPECT_GT(shell.rss_kib().value_or(0), 0);
    shell.kill_hard();
    EXPECT_FALSE(shell.cpu().has_value()) << "no process, no reading";
}

}  // namespace
}  // namespace gameserver::load
