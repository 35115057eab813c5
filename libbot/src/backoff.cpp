#include "gameserver/bot/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace gameserver::bot {

std::chrono::milliseconds backoff::ceiling(int n) const {
    const double cap = static_cast<double>(policy_.cap.count());
    double value = static_cast<double>(policy_.base.count()) *
                   std::pow(std::max(policy_.factor, 1.0), static_cast<double>(n));
    value = std::min(value, cap);  // pow may overflow to inf; min() brings it back to the cap
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(value, 0.0)));
}

std::optional<std::chrono::milliseconds> backoff::next(sdk::rng& random) {
    if (attempts_ >= policy_.max_attempts) return std::nullopt;
    const auto high = ceiling(attempts_++);
    return std::chrono::milliseconds(random.between(0, high.count()));
}

}  // namespace gameserver::bot
