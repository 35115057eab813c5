// Messages into and out of one room, as totals and as rates over the last few seconds, for the
// admin API. Touched on the room's event loop only, so plain integers: counting costs two adds.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace gameserver::net {

class room_traffic {
  public:
    using clock = std::chrono::steady_clock;
    // A rate is the messages of the current second and the 9 before it, divided by 10.
    static constexpr std::int64_t window_seconds = 10;

    struct totals {
        std::uint64_t in = 0;
        std::uint64_t out = 0;
        double in_per_second = 0;
        double out_per_second = 0;
    };

    // A client message the room handled (join, leave, reconnect, add_bot, game messages).
    void add_in(clock::time_point now) {
        ++in_total_;
        bucket_at(now).in += 1;
    }
    // Envelopes the room sent, counted per connection that gets them (bots have none).
    void add_out(clock::time_point now, std::uint64_t recipients) {
        if (recipients == 0) return;
        out_total_ += recipients;
        bucket_at(now).out += recipients;
    }

    totals read(clock::time_point now) const {
        const std::int64_t current = second_of(now);
        std::uint64_t in = 0;
        std::uint64_t out = 0;
        for (const auto& b : buckets_) {
            if (b.second > current - window_seconds && b.second <= current) {
                in += b.in;
                out += b.out;
            }
        }
        constexpr auto window = static_cast<double>(window_seconds);
        return totals{in_total_, out_total_, static_cast<double>(in) / window,
                      static_cast<double>(out) / window};
    }

  private:
    struct bucket {
        std::int64_t second = -1;
        std::uint64_t in = 0;
        std::uint64_t out = 0;
    };

    static std::int64_t second_of(clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    }

    // One bucket per second of the window, reused round-robin: a bucket still holding an
    // older second starts over.
    bucket& bucket_at(clock::time_point now) {
        const std::int64_t second = second_of(now);
        const std::int64_t slot = ((second % window_seconds) + window_seconds) % window_seconds;
        bucket& b = buckets_[static_cast<std::size_t>(slot)];
        if (b.second != second) b = bucket{second, 0, 0};
        return b;
    }

    std::array<bucket, static_cast<std::size_t>(window_seconds)> buckets_{};
    std::uint64_t in_total_ = 0;
    std::uint64_t out_total_ = 0;
};

}  // namespace gameserver::net
