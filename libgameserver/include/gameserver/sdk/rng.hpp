// The per-room deterministic random engine games must use (xoshiro256**, seeded by splitmix64).
// Written out here instead of <random> so that a recorded seed replays identically on every
// standard library: std::uniform_int_distribution's output is implementation-defined.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace gameserver::sdk {

class rng {
    __extension__ typedef unsigned __int128 uint128;  // GCC/Clang builtin; pedantic-clean

  public:
    explicit rng(std::uint64_t seed = 0) { reseed(seed); }

    void reseed(std::uint64_t seed) {
        for (auto& word : state_) word = splitmix64(seed);
    }

    std::uint64_t next_u64() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform integer in [0, bound); bound must be > 0. Lemire's unbiased multiply-shift.
    std::uint64_t below(std::uint64_t bound) {
        if (bound == 0) throw std::invalid_argument("rng::below(0)");
        uint128 m = static_cast<uint128>(next_u64()) * bound;
        auto low = static_cast<std::uint64_t>(m);
        if (low < bound) {
            const std::uint64_t threshold = (0 - bound) % bound;
            while (low < threshold) {
                m = static_cast<uint128>(next_u64()) * bound;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    // Uniform integer in [lo, hi] inclusive.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    // Uniform double in [0, 1).
    double unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

    bool chance(double probability) { return unit() < probability; }

    // A uniformly chosen index into a container of `size` elements (size > 0).
    std::size_t index(std::size_t size) { return static_cast<std::size_t>(below(size)); }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_[4]{};
};

}  // namespace gameserver::sdk
