// The counters the core reports; the server implements them with prometheus-cpp, tests with
// nothing. Calls happen on room strands, so implementations must be thread-safe and cheap.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "gameserver/sdk/error_code.hpp"

namespace gameserver::core {

class telemetry {
  public:
    virtual ~telemetry() = default;
    virtual void message_out(std::string_view /*type*/, std::size_t /*recipients*/) {}
    virtual void error_sent(sdk::error_code /*code*/) {}
    virtual void game_exception() {}
    virtual void bot_action(bool /*accepted*/) {}
    // A room's bot saw a state its game's desync oracle calls impossible.
    virtual void bot_desync(std::string_view /*game*/) {}
    virtual void room_created(std::string_view /*game*/) {}
    virtual void room_closed(std::string_view /*game*/) {}
    virtual void members_changed(std::string_view /*game*/, long /*delta*/) {}
    virtual void reconnect(bool /*ok*/) {}
    // A real-time room ran `run` ticks at once, `late` of them behind schedule (a catch-up).
    virtual void ticks(std::string_view /*game*/, std::uint64_t /*run*/, std::uint64_t /*late*/) {}
};

// A telemetry that counts nothing (tests, tools).
telemetry& null_telemetry();

}  // namespace gameserver::core
