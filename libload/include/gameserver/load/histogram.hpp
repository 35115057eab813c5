// A log-linear histogram of non-negative integers (gameload records microseconds), written here
// because Debian packages no HDR histogram for C++. Values below 2^sub_bits are kept exactly;
// above, each power-of-two range is split into 2^sub_bits linear buckets, so a reported
// percentile is within a relative error of 2^-sub_bits of a recorded value (0.8% at 7 bits).
// Fixed memory, O(1) record, mergeable. Not thread-safe: one per thread or behind a lock.
//
// Memory: about (log2(highest) - sub_bits + 1) * 2^sub_bits 8-byte buckets; the default
// (sub_bits 7, highest 2^36 µs ~ 19 hours) has 30 * 128 + 1 = 3841 buckets, about 30 KiB.
#pragma once

#include <cstdint>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::load {

class histogram {
  public:
    // sub_bits in 1..16 (throws std::invalid_argument else). Values above `highest` are
    // recorded as `highest`: they count in count(), max(), mean() and the percentiles as
    // `highest`, and clamped() says how many there were.
    explicit histogram(int sub_bits = 7, std::uint64_t highest = std::uint64_t{1} << 36);

    // Records `value` `times` times; times == 0 records nothing.
    void record(std::uint64_t value, std::uint64_t times = 1);
    // Adds every value of `other` (same sub_bits and highest; throws std::invalid_argument else).
    // The result is the same as recording both streams into one histogram.
    void merge(const histogram& other);
    void reset();

    std::uint64_t count() const { return count_; }
    std::uint64_t min() const;  // 0 when empty
    std::uint64_t max() const { return max_; }
    double mean() const;  // 0 when empty
    std::uint64_t clamped() const { return clamped_; }
    // The value at rank ceil(q / 100 * count()) (at least rank 1) of the sorted values, reported
    // as the highest value of its bucket but never above max(): so never below the true value
    // and at most 2^-sub_bits above it (exact below 2^sub_bits). percentile(0) is min() and
    // percentile(100) is max(). 0 when empty. q outside 0..100 (or NaN) throws
    // std::invalid_argument.
    std::uint64_t percentile(double q) const;

    // {"count","min","max","mean","p50","p90","p99","p999"}, all numbers (mean a double).
    sdk::json summary() const;

  private:
    std::size_t index_of(std::uint64_t value) const;
    std::uint64_t highest_in(std::size_t index) const;

    int sub_bits_;
    std::uint64_t highest_;
    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
    std::uint64_t min_ = UINT64_MAX;
    std::uint64_t max_ = 0;
    long double sum_ = 0;
    std::uint64_t clamped_ = 0;
};

}  // namespace gameserver::load
