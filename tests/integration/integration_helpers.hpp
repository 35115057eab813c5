// Helpers shared by the socket-level integration tests: connecting past the welcome, checking
// envelopes, waiting for effects the server applies asynchronously, reading /metrics.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/test_server.hpp"
#include "support/ws_test_client.hpp"

namespace gameserver::testing {

// Connects and consumes the `welcome` every connection gets first.
inline void connect_past_welcome(ws_test_client& client, std::uint16_t port,
                                 const std::string& target = "/ws") {
    client.connect(port, {.target = target});
    auto welcome = client.next();
    if (!welcome || (*welcome)["type"] != "welcome") {
        throw std::runtime_error("no welcome after connecting to " + target);
    }
}

// A failure envelope of `type` with exactly `error` and `code`, and no data.
inline ::testing::AssertionResult is_failure(const std::optional<json>& envelope,
                                             std::string_view type, std::string_view error,
                                             std::string_view code) {
    if (!envelope) return ::testing::AssertionFailure() << "no envelope";
    const json& e = *envelope;
    if (e.value("type", "") != type || e.value("success", true) || e.value("error", "") != error ||
        e.value("code", "") != code || e.contains("data")) {
        return ::testing::AssertionFailure()
               << "expected " << type << " / " << error << " / " << code << ", got " << e.dump();
    }
    return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult is_success(const std::optional<json>& envelope,
                                             std::string_view type) {
    if (!envelope) return ::testing::AssertionFailure() << "no envelope (wanted " << type << ")";
    const json& e = *envelope;
    if (e.value("type", "") != type || !e.value("success", false) || e.contains("error")) {
        return ::testing::AssertionFailure()
               << "expected a successful " << type << ", got " << e.dump();
    }
    return ::testing::AssertionSuccess();
}

inline std::vector<std::string> types_of(const std::vector<json>& envelopes) {
    std::vector<std::string> out;
    for (const auto& e : envelopes) out.push_back(e.value("type", ""));
    return out;
}

// Polls `condition` until it holds or `timeout` passes (for effects with no event to wait on).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// True once the server stored a reconnect session for `client_id` (its disconnect is handled).
inline bool wait_for_session(test_server& server, const std::string& client_id) {
    return eventually(
        [&] { return server.sessions().find(client_id, core::wall_clock::now()).has_value(); });
}

inline bool room_exists(const test_server& server, const std::string& room_id) {
    return server.http("GET", "/api/v1/rooms/" + room_id).status == 200;
}

// The sum of every series of metric `name` (labels ignored) in Prometheus text; nullopt when the
// metric does not appear at all.
inline std::optional<double> metric_value(const std::string& text, std::string_view name) {
    std::istringstream lines(text);
    std::string line;
    std::optional<double> sum;
    while (std::getline(lines, line)) {
        if (line.empty() || line.front() == '#') continue;
        if (!line.starts_with(name)) continue;
        const char after = line.size() > name.size() ? line[name.size()] : '\0';
        if (after != '{' && after != ' ') continue;
        const auto space = line.rfind(' ');
        sum = sum.value_or(0) + std::strtod(line.c_str() + space + 1, nullptr);
    }
    return sum;
}

inline std::optional<double> metric(const test_server& server, std::string_view name) {
    return metric_value(server.http("GET", "/metrics").body, name);
}

}  // namespace gameserver::testing
