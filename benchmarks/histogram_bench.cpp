// gameload's latency histogram: record() is on every measured message, percentile() on every
// progress line and report, so both must stay cheap at 10,000 connections.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gameserver/load/histogram.hpp"

namespace {

using gameserver::load::histogram;

// Latency-like values, log-uniform over 1 µs .. 2^30 µs, fixed seed.
std::vector<std::uint64_t> latencies(std::size_t n) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> exponent(0.0, 30.0);
    std::vector<std::uint64_t> values(n);
    for (auto& v : values) v = static_cast<std::uint64_t>(std::exp2(exponent(rng)));
    return values;
}

void bm_histogram_record(benchmark::State& state) {
    const auto values = latencies(4096);  // a power of two, so the index wraps with a mask
    histogram h;
    std::size_t i = 0;
    for (auto _ : state) {
        h.record(values[i]);
        i = (i + 1) & (values.size() - 1);
    }
    benchmark::DoNotOptimize(h.count());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_histogram_record);

// p99.9 walks nearly every bucket (3841 at the default shape), the worst case for a percentile.
void bm_histogram_percentile(benchmark::State& state) {
    histogram h;
    for (std::uint64_t v : latencies(1'000'000)) h.record(v);
    const double q = static_cast<double>(state.range(0)) / 10.0;
    for (auto _ : state) benchmark::DoNotOptimize(h.percentile(q));
}
BENCHMARK(bm_histogram_percentile)->Arg(500)->Arg(990)->Arg(999);

}  // namespace
