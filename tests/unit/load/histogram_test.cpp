// gameload's latency histogram against a sorted reference: exact below 2^sub_bits, within
// 2^-sub_bits above, the documented rank rule, clamping, merge == one stream, and the summary.
#include "gameserver/load/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace gameserver::load {
namespace {

constexpr std::uint64_t k_default_highest = std::uint64_t{1} << 36;

// The rank rule written in integers: q = tenths / 10 percent, rank ceil(tenths * n / 1000).
std::uint64_t rank_for_tenths(std::uint64_t tenths, std::uint64_t n) {
    return std::max<std::uint64_t>(1, (tenths * n + 999) / 1000);
}

// Checks every tenth of a percent against `sorted` (the same values, clamped, sorted).
void expect_matches_reference(const histogram& h, const std::vector<std::uint64_t>& sorted,
                              int sub_bits) {
    ASSERT_EQ(h.count(), sorted.size());
    ASSERT_FALSE(sorted.empty());
    EXPECT_EQ(h.min(), sorted.front());
    EXPECT_EQ(h.max(), sorted.back());
    EXPECT_EQ(h.percentile(0), sorted.front());
    EXPECT_EQ(h.percentile(100), sorted.back());
    const std::uint64_t exact_below = std::uint64_t{1} << sub_bits;
    const double max_error = std::ldexp(1.0, -sub_bits);
    for (std::uint64_t tenths = 1; tenths < 1000; ++tenths) {
        const double q = static_cast<double>(tenths) / 10.0;
        const std::uint64_t truth = sorted[rank_for_tenths(tenths, sorted.size()) - 1];
        const std::uint64_t reported = h.percentile(q);
        ASSERT_GE(reported, truth) << "q=" << q;
        ASSERT_LE(reported, sorted.back()) << "q=" << q;
        if (truth < exact_below) {
            ASSERT_EQ(reported, truth) << "q=" << q;
        } else {
            ASSERT_LE(static_cast<double>(reported - truth), static_cast<double>(truth) * max_error)
                << "q=" << q << " truth=" << truth << " reported=" << reported;
        }
    }
}

void record_all(histogram& h, const std::vector<std::uint64_t>& values) {
    for (std::uint64_t v : values) h.record(v);
}

std::vector<std::uint64_t> clamped_sorted(std::vector<std::uint64_t> values,
                                          std::uint64_t highest) {
    for (auto& v : values) v = std::min(v, highest);
    std::sort(values.begin(), values.end());
    return values;
}

// Latency-like data: log-uniform over 1 µs .. 2^40 (some above the default highest).
std::vector<std::uint64_t> random_values(std::uint64_t seed, std::size_t n) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> exponent(0.0, 40.0);
    std::vector<std::uint64_t> values;
    for (std::size_t i = 0; i < n; ++i) {
        values.push_back(static_cast<std::uint64_t>(std::exp2(exponent(rng))));
    }
    return values;
}

// The bucket edges of 2^sub_bits-wide octaves: powers of two, one either side, and the first
// and last value of every bucket in a few octaves, plus 0 and the highest.
std::vector<std::uint64_t> adversarial_values(int sub_bits, std::uint64_t highest) {
    std::vector<std::uint64_t> values{0, 1, highest, highest - 1};
    for (int bit = 1; bit < 64 && (std::uint64_t{1} << bit) <= highest; ++bit) {
        const std::uint64_t p = std::uint64_t{1} << bit;
        values.insert(values.end(), {p - 1, p, p + 1});
    }
    for (int octave : {sub_bits, sub_bits + 1, sub_bits + 5, 30}) {
        const std::uint64_t width = std::uint64_t{1} << (octave - sub_bits);
        for (std::uint64_t lowest = std::uint64_t{1} << octave;
             lowest < (std::uint64_t{2} << octave); lowest += width) {
            values.insert(values.end(), {lowest, lowest + width - 1});
        }
    }
    return values;
}

TEST(HistogramTest, EmptyReportsZeros) {
    histogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.min(), 0u);
    EXPECT_EQ(h.max(), 0u);
    EXPECT_EQ(h.mean(), 0.0);
    EXPECT_EQ(h.percentile(0), 0u);
    EXPECT_EQ(h.percentile(50), 0u);
    EXPECT_EQ(h.percentile(100), 0u);
    EXPECT_EQ(h.summary()["p999"], 0);
}

TEST(HistogramTest, ExactBelowTwoToTheSubBits) {
    histogram h;  // sub_bits 7: 0..127 (in fact 0..255) each have a bucket of their own
    std::vector<std::uint64_t> values;
    for (std::uint64_t v = 0; v < 256; ++v) values.push_back(v);
    record_all(h, values);
    for (std::uint64_t rank = 1; rank <= 256; ++rank) {
        // q chosen so that ceil(q / 100 * 256) == rank exactly.
        const double q = static_cast<double>(rank) * 100.0 / 256.0;
        EXPECT_EQ(h.percentile(q), rank - 1) << rank;
    }
}

TEST(HistogramTest, ReportsTheHighestValueOfTheBucketButNotAboveMax) {
    histogram h;  // 1000 = 0b1111101000: top bit 9, buckets 4 wide there: 1000..1003
    h.record(1000);
    h.record(5000);  // 4096..8191 has buckets 32 wide: 4992..5023
    EXPECT_EQ(h.percentile(50), 1003u);
    EXPECT_EQ(h.percentile(0), 1000u);     // min, not its bucket's top
    EXPECT_EQ(h.percentile(99.9), 5000u);  // 5023 capped at max
    EXPECT_EQ(h.percentile(100), 5000u);
    h.record(5020);
    EXPECT_EQ(h.percentile(50), 5020u);  // rank 2 of 3: 5000's bucket, top 5023, capped at 5020
}

TEST(HistogramTest, RankIsCeilOfQTimesCountAtLeastOne) {
    histogram h(10);  // exact up to 2047, so the percentile is the ranked value itself
    for (std::uint64_t v = 1; v <= 1000; ++v) h.record(v);
    EXPECT_EQ(h.percentile(50), 500u);
    EXPECT_EQ(h.percentile(90), 900u);
    EXPECT_EQ(h.percentile(99), 990u);
    EXPECT_EQ(h.percentile(99.9), 999u);  // 99.9 is not exact in binary: still rank 999
    EXPECT_EQ(h.percentile(99.95), 1000u);
    EXPECT_EQ(h.percentile(0.05), 1u);  // rank ceil(0.5) = 1
    EXPECT_EQ(h.percentile(1e-9), 1u);  // rank 0 rounds up to 1
    for (std::uint64_t tenths = 1; tenths < 1000; ++tenths) {
        EXPECT_EQ(h.percentile(static_cast<double>(tenths) / 10.0), rank_for_tenths(tenths, 1000))
            << tenths;
    }
    histogram seven(10);
    for (std::uint64_t v = 1; v <= 7; ++v) seven.record(v);
    for (std::uint64_t tenths = 1; tenths < 1000; ++tenths) {
        EXPECT_EQ(seven.percentile(static_cast<double>(tenths) / 10.0), rank_for_tenths(tenths, 7))
            << tenths;
    }
}

TEST(HistogramTest, RandomDataMatchesSortedReference) {
    for (int sub_bits : {1, 3, 7, 10}) {
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            const auto values = random_values(seed, 20000);
            histogram h(sub_bits);
            record_all(h, values);
            SCOPED_TRACE(testing::Message() << "sub_bits=" << sub_bits << " seed=" << seed);
            expect_matches_reference(h, clamped_sorted(values, k_default_highest), sub_bits);
        }
    }
}

TEST(HistogramTest, AdversarialDataMatchesSortedReference) {
    for (int sub_bits : {1, 7, 12}) {
        for (std::uint64_t highest : {k_default_highest, k_default_highest - 1, UINT64_MAX}) {
            auto values = adversarial_values(sub_bits, highest);
            histogram h(sub_bits, highest);
            record_all(h, values);
            SCOPED_TRACE(testing::Message() << "sub_bits=" << sub_bits << " highest=" << highest);
            expect_matches_reference(h, clamped_sorted(values, highest), sub_bits);
        }
    }
}

// Each edge value alone at the bottom of the ranking (with a large value above it, so max()
// does not hide the bucket top): its reported value stays within the error bound.
TEST(HistogramTest, EveryBucketEdgeIsWithinTheErrorBound) {
    constexpr int sub_bits = 7;
    for (std::uint64_t v : adversarial_values(sub_bits, k_default_highest)) {
        if (v >= k_default_highest) continue;
        histogram h;
        h.record(v);
        h.record(k_default_highest);
        const std::uint64_t reported = h.percentile(50);
        ASSERT_GE(reported, v);
        if (v < 128) {
            ASSERT_EQ(reported, v);
        } else {
            ASSERT_LT(reported - v, v >> sub_bits) << v;  // strictly under 2^-7 of v
        }
    }
}

TEST(HistogramTest, ValuesAboveHighestAreClamped) {
    histogram h(7, 1000);
    h.record(999);
    h.record(1000);  // highest itself is not clamped
    EXPECT_EQ(h.clamped(), 0u);
    h.record(1001);
    h.record(UINT64_MAX, 2);
    EXPECT_EQ(h.clamped(), 3u);
    EXPECT_EQ(h.count(), 5u);
    EXPECT_EQ(h.max(), 1000u);
    EXPECT_EQ(h.percentile(100), 1000u);
    EXPECT_EQ(h.percentile(50), 1000u);
    EXPECT_DOUBLE_EQ(h.mean(), (999.0 + 4 * 1000.0) / 5);
}

TEST(HistogramTest, HighestOfTwoToThe64MinusOneDoesNotOverflow) {
    histogram h(7, UINT64_MAX);
    h.record(UINT64_MAX);
    h.record(UINT64_MAX - (UINT64_MAX >> 8));  // the lowest value of the last bucket
    EXPECT_EQ(h.clamped(), 0u);
    EXPECT_EQ(h.percentile(50), UINT64_MAX);  // the last bucket's top is 2^64 - 1 exactly
    EXPECT_EQ(h.percentile(100), UINT64_MAX);
    EXPECT_EQ(h.min(), UINT64_MAX - (UINT64_MAX >> 8));
}

TEST(HistogramTest, SingleValue) {
    histogram h;
    h.record(123456);
    for (double q : {0.0, 0.1, 50.0, 99.9, 100.0}) EXPECT_EQ(h.percentile(q), 123456u) << q;
    EXPECT_EQ(h.min(), 123456u);
    EXPECT_EQ(h.mean(), 123456.0);
}

TEST(HistogramTest, EqualValuesAndTimes) {
    histogram once_each;
    histogram with_times;
    for (int i = 0; i < 5; ++i) once_each.record(777777);
    with_times.record(777777, 5);
    with_times.record(3, 0);  // times 0 records nothing, not even min/max
    EXPECT_EQ(once_each.summary(), with_times.summary());
    EXPECT_EQ(with_times.count(), 5u);
    EXPECT_EQ(with_times.min(), 777777u);
    EXPECT_EQ(with_times.percentile(50), 777777u);
    EXPECT_EQ(with_times.mean(), 777777.0);
}

TEST(HistogramTest, MergeEqualsRecordingBothStreams) {
    const auto first = random_values(11, 5000);
    auto second = random_values(12, 3000);
    second.insert(second.end(), {0, k_default_highest + 5});
    histogram a;
    histogram b;
    histogram both;
    record_all(a, first);
    record_all(b, second);
    record_all(both, first);
    record_all(both, second);
    a.merge(b);
    EXPECT_EQ(a.count(), both.count());
    EXPECT_EQ(a.min(), both.min());
    EXPECT_EQ(a.max(), both.max());
    EXPECT_EQ(a.clamped(), both.clamped());
    EXPECT_DOUBLE_EQ(a.mean(), both.mean());
    for (std::uint64_t tenths = 0; tenths <= 1000; ++tenths) {
        const double q = static_cast<double>(tenths) / 10.0;
        ASSERT_EQ(a.percentile(q), both.percentile(q)) << q;
    }
    auto all = first;
    all.insert(all.end(), second.begin(), second.end());
    expect_matches_reference(a, clamped_sorted(all, k_default_highest), 7);
}

TEST(HistogramTest, MergeWithEmptyKeepsMinAndMax) {
    histogram h;
    h.record(50);
    h.record(60000);
    const auto before = h.summary();
    h.merge(histogram{});
    EXPECT_EQ(h.summary(), before);
    histogram empty;
    empty.merge(h);
    EXPECT_EQ(empty.summary(), before);
}

TEST(HistogramTest, MergeIntoItselfDoubles) {
    histogram h;
    h.record(10);
    h.record(20000);
    h.merge(h);
    EXPECT_EQ(h.count(), 4u);
    EXPECT_EQ(h.percentile(50), 10u);  // rank 2 of {10, 10, 20000, 20000}
}

TEST(HistogramTest, MergeRefusesAnotherShape) {
    histogram h;
    EXPECT_THROW(h.merge(histogram(8)), std::invalid_argument);
    EXPECT_THROW(h.merge(histogram(7, k_default_highest * 2)), std::invalid_argument);
}

TEST(HistogramTest, ResetForgetsEverything) {
    histogram h(7, 1000);
    h.record(5);
    h.record(5000);
    h.reset();
    EXPECT_EQ(h.summary(), histogram(7, 1000).summary());
    EXPECT_EQ(h.clamped(), 0u);
    h.record(42);
    EXPECT_EQ(h.min(), 42u);
    EXPECT_EQ(h.max(), 42u);
    EXPECT_EQ(h.percentile(50), 42u);
}

TEST(HistogramTest, SummaryHasEveryFieldAsANumber) {
    histogram h(10);
    for (std::uint64_t v = 1; v <= 1000; ++v) h.record(v);
    const auto s = h.summary();
    for (const char* key : {"count", "min", "max", "mean", "p50", "p90", "p99", "p999"}) {
        ASSERT_TRUE(s.contains(key)) << key;
        EXPECT_TRUE(s[key].is_number()) << key;
    }
    EXPECT_EQ(s.size(), 8u);
    EXPECT_EQ(s["count"], 1000);
    EXPECT_EQ(s["min"], 1);
    EXPECT_EQ(s["max"], 1000);
    EXPECT_DOUBLE_EQ(s["mean"].get<double>(), 500.5);
    EXPECT_EQ(s["p50"], 500);
    EXPECT_EQ(s["p90"], 900);
    EXPECT_EQ(s["p99"], 990);
    EXPECT_EQ(s["p999"], 999);
}

TEST(HistogramTest, RejectsBadArguments) {
    EXPECT_THROW(histogram(0), std::invalid_argument);
    EXPECT_THROW(histogram(17), std::invalid_argument);
    histogram h;
    h.record(1);
    EXPECT_THROW((void)h.percentile(-0.1), std::invalid_argument);
    EXPECT_THROW((void)h.percentile(100.1), std::invalid_argument);
    EXPECT_THROW((void)h.percentile(std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace gameserver::load
