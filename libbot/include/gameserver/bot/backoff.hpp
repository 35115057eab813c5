// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
// Jitter"): attempt n waits a uniform draw from [0, min(cap, base * factor^n)].
#pragma once

#include <chrono>
#include <optional>

#include "gameserver/sdk/rng.hpp"

namespace gameserver::bot {

struct backoff_policy {
    std::chrono::milliseconds base{100};
    double factor = 2.0;
    std::chrono::milliseconds cap{5'000};
    int max_attempts = 8;  // attempts after which next() gives up
};

class backoff {
  public:
    explicit backoff(backoff_policy policy = {}) : policy_(policy) {}

    // The delay before the next attempt, or nullopt once max_attempts were used.
    std::optional<std::chrono::milliseconds> next(sdk::rng& random);
    // After a success: the next failure starts again from `base`.
    void reset() { attempts_ = 0; }
    int attempts() const { return attempts_; }
    const backoff_policy& policy() const { return policy_; }

    // The upper bound of the draw for attempt `n` (0-based): min(cap, base * factor^n).
    std::chrono::milliseconds ceiling(int n) const;

  private:
    backoff_policy policy_;
    int attempts_ = 0;
};

}  // namespace gameserver::bot
