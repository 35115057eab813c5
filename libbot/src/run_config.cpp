#include "gameserver/bot/run_config.hpp"

#include <cctype>
#include <charconv>

namespace gameserver::bot {

const std::set<std::string, std::less<>>& stale_view_codes() {
    static const std::set<std::string, std::less<>> codes = {
        "NOT_YOUR_TURN", "GAME_OVER", "INVALID_MOVE", "GAME_IN_PROGRESS", "GAME_STARTED"};
    return codes;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    std::int64_t value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc{} || ptr == begin || value < 0) return std::nullopt;
    const std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
    std::int64_t scale = 0;
    if (unit.empty() || unit == "ms") {
        scale = 1;
    } else if (unit == "s") {
        scale = 1'000;
    } else if (unit == "m") {
        scale = 60'000;
    } else if (unit == "h") {
        scale = 3'600'000;
    } else {
        return std::nullopt;
    }
    return std::chrono::milliseconds(value * scale);
}

std::optional<think_range> parse_think(std::string_view text) {
    const auto dots = text.find("..");
    if (dots == std::string_view::npos) {
        auto single = parse_duration(text);
        if (!single) return std::nullopt;
        return think_range{*single, *single};
    }
    auto low = parse_duration(text.substr(0, dots));
    auto high = parse_duration(text.substr(dots + 2));
    if (!low || !high || *high < *low) return std::nullopt;
    return think_range{*low, *high};
}

}  // namespace gameserver::bot
