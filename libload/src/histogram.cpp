// The bucket layout: index v for v < 2^(sub_bits + 1), where buckets are one value wide; above,
// a value with its top bit at position m falls in bucket (m - sub_bits) * 2^sub_bits +
// (v >> (m - sub_bits)), so each power-of-two range gets 2^sub_bits buckets of width
// 2^(m - sub_bits) and the index is continuous from one range to the next.
#include "gameserver/load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gameserver::load {

namespace {

constexpr int k_max_sub_bits = 16;  // already 512 KiB of buckets per power of two

int checked_sub_bits(int sub_bits) {
    if (sub_bits < 1 || sub_bits > k_max_sub_bits) {
        throw std::invalid_argument("histogram: sub_bits must be in 1.." +
                                    std::to_string(k_max_sub_bits) + ", got " +
                                    std::to_string(sub_bits));
    }
    return sub_bits;
}

}  // namespace

histogram::histogram(int sub_bits, std::uint64_t highest)
    : sub_bits_(checked_sub_bits(sub_bits)), highest_(highest) {
    buckets_.assign(index_of(highest_) + 1, 0);
}

std::size_t histogram::index_of(std::uint64_t value) const {
    // libstdc++ 12 returns bit_width as the argument's type, not int as C++20 says.
    const int top_bit = static_cast<int>(std::bit_width(value)) - 1;
    const int shift = std::max(0, top_bit - sub_bits_);
    return (static_cast<std::size_t>(shift) << sub_bits_) +
           static_cast<std::size_t>(value >> shift);
}

std::uint64_t histogram::highest_in(std::size_t index) const {
    const std::uint64_t sub_count = std::uint64_t{1} << sub_bits_;
    if (index < sub_count) return index;
    const auto shift = static_cast<int>((index >> sub_bits_) - 1);
    const std::uint64_t top = (index & (sub_count - 1)) | sub_count;
    // Written as lowest | (width - 1) so the last bucket of a 2^64 range does not overflow.
    return (top << shift) | ((std::uint64_t{1} << shift) - 1);
}

void histogram::record(std::uint64_t value, std::uint64_t times) {
    if (times == 0) return;
    if (value > highest_) {
        value = highest_;
        clamped_ += times;
    }
    buckets_[index_of(value)] += times;
    count_ += times;
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
    sum_ += static_cast<long double>(value) * static_cast<long double>(times);
}

void histogram::merge(const histogram& other) {
    if (other.sub_bits_ != sub_bits_ || other.highest_ != highest_) {
        throw std::invalid_argument("histogram: cannot merge a histogram of another shape");
    }
    // Index by index, so merging a histogram into itself doubles it.
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
    clamped_ += other.clamped_;
}

void histogram::reset() {
    std::fill(buckets_.begin(), buckets_.end(), 0);
    count_ = 0;
    min_ = UINT64_MAX;
    max_ = 0;
    sum_ = 0;
    clamped_ = 0;
}

std::uint64_t histogram::min() const {
    return count_ == 0 ? 0 : min_;
}

double histogram::mean() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

std::uint64_t histogram::percentile(double q) const {
    if (!(q >= 0.0 && q <= 100.0)) {
        throw std::invalid_argument("histogram: percentile must be in 0..100, got " +
                                    std::to_string(q));
    }
    if (count_ == 0) return 0;
    if (q == 0.0) return min_;
    if (q == 100.0) return max_;
    // q is a double, so 99.9 is a hair above or below 99.9: without the tolerance, 99.9% of
    // 1000 values could become rank 1000 instead of 999. The tolerance is a few ulps of q,
    // far below any fraction a percentile written in decimal can produce.
    const long double exact = static_cast<long double>(q) * count_ / 100.0L;
    const long double rounded = std::ceil(exact - exact * 1e-15L);
    const std::uint64_t rank =
        std::clamp<std::uint64_t>(static_cast<std::uint64_t>(rounded), 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(highest_in(i), max_);
    }
    return max_;  // not reached: the buckets hold count_ values
}

sdk::json histogram::summary() const {
    sdk::json out = sdk::json::object();
    out["count"] = count_;
    out["min"] = min();
    out["max"] = max_;
    out["mean"] = mean();
    out["p50"] = percentile(50);
    out["p90"] = percentile(90);
    out["p99"] = percentile(99);
    out["p999"] = percentile(99.9);
    return out;
}

}  // namespace gameserver::load
