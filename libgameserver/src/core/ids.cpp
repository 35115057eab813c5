#include "gameserver/core/ids.hpp"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace gameserver::core {
namespace {

template <std::size_t N>
std::array<unsigned char, N> kernel_random() {
    std::array<unsigned char, N> bytes{};
    std::size_t filled = 0;
    while (filled < N) {
        const ssize_t got = getrandom(bytes.data() + filled, N - filled, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("getrandom failed");
        }
        filled += static_cast<std::size_t>(got);
    }
    return bytes;
}

std::string format_uuid(std::array<unsigned char, 16> bytes) {
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(hex[bytes[i] >> 4]);
        out.push_back(hex[bytes[i] & 0x0f]);
    }
    return out;
}

}  // namespace

std::string random_uuid() {
    return format_uuid(kernel_random<16>());
}

std::string uuid_from(sdk::rng& random) {
    std::array<unsigned char, 16> bytes{};
    const std::uint64_t hi = random.next_u64();
    const std::uint64_t lo = random.next_u64();
    std::memcpy(bytes.data(), &hi, 8);
    std::memcpy(bytes.data() + 8, &lo, 8);
    return format_uuid(bytes);
}

std::string random_token() {
    static constexpr char hex[] = "0123456789abcdef";
    const auto bytes = kernel_random<16>();
    std::string out;
    out.reserve(32);
    for (unsigned char b : bytes) {
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 0x0f]);
    }
    return out;
}

std::uint64_t random_seed() {
    const auto bytes = kernel_random<8>();
    std::uint64_t seed = 0;
    std::memcpy(&seed, bytes.data(), sizeof seed);
    return seed;
}

}  // namespace gameserver::core
