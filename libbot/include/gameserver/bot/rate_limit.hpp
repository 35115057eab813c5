// What a bot does when the server's rate limit refuses one of its messages.
#pragma once

#include <chrono>

namespace gameserver::bot {

// How long a bot waits before sending again what the rate limit refused. The limit is a token
// bucket per connection (by default 20 messages/s): 100 ms gives back two tokens, and the server
// closes a connection that keeps sending into an empty bucket.
inline constexpr std::chrono::milliseconds rate_limited_pause{100};

// The code of the server's refusal.
inline constexpr const char* rate_limited_code = "RATE_LIMITED";

}  // namespace gameserver::bot
