// Per-connection message rate limit: `rate` tokens per second up to `burst`; time passed in.
#pragma once

#include <algorithm>
#include <chrono>

namespace gameserver::net {

class token_bucket {
  public:
    using clock = std::chrono::steady_clock;

    token_bucket(double rate, double burst, clock::time_point now)
        : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

    // Takes one token if there is one.
    bool try_take(clock::time_point now) {
        // Only time moving forward refills; an earlier `now` is ignored, so an interval is never
        // credited twice.
        if (now > last_) {
            const std::chrono::duration<double> elapsed = now - last_;
            tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
            last_ = now;
        }
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

  private:
    double rate_;
    double burst_;
    double tokens_;
    clock::time_point last_;
};

}  // namespace gameserver::net
