#include "tellit/rules.hpp"

#include <array>
#include <limits>
#include <utility>

namespace gameserver::games::tellit {
namespace {

// Decodes one UTF-8 sequence at text[i]; returns the code point (U+FFFD for invalid bytes)
// and advances i past it (one byte for an invalid sequence), as Go's range over a string does.
char32_t next_rune(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    std::size_t length = 0;
    char32_t rune = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        rune = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        rune = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        rune = lead & 0x07;
        minimum = 0x10000;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + length > text.size()) {
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        rune = (rune << 6) | (byte(i + k) & 0x3F);
    }
    if (rune < minimum || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += length;
    return rune;
}

// Go's unicode.IsSpace.
bool is_space(char32_t r) {
    switch (r) {
        case U'\t':
        case U'\n':
        case U'\v':
        case U'\f':
        case U'\r':
        case U' ':
        case 0x85:
        case 0xA0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202F:
        case 0x205F:
        case 0x3000:
            return true;
        default:
            return r >= 0x2000 && r <= 0x200A;
    }
}

}  // namespace

bool key_matches(std::string_view key, std::string_view field) {
    std::size_t i = 0;
    std::size_t j = 0;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    while (i < key.size() && j < field.size()) {
        char c = key[i];
        if (key.compare(i, 3, "\xE2\x84\xAA") == 0) {  // KELVIN SIGN
            c = 'k';
            i += 3;
        } else if (key.compare(i, 2, "\xC5\xBF") == 0) {  // LATIN SMALL LETTER LONG S
            c = 's';
            i += 2;
        } else {
            ++i;
        }
        if (lower(c) != lower(field[j])) return false;
        ++j;
    }
    return i == key.size() && j == field.size();
}

bool read_int(const sdk::json& value, std::int64_t& out) {
    if (value.is_number_unsigned()) {
        const auto raw = value.get<std::uint64_t>();
        if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return false;
        }
        out = static_cast<std::int64_t>(raw);
        return true;
    }
    if (value.is_number_integer()) {
        out = value.get<std::int64_t>();
        return true;
    }
    return false;
}

std::string_view to_string(status s) {
    switch (s) {
        case status::waiting:
            return "waiting";
        case status::started:
            return "started";
        case status::ended:
            return "ended";
    }
    return "waiting";
}

bool parse_status(std::string_view text, status& out) {
    for (const status s : {status::waiting, status::started, status::ended}) {
        if (text == to_string(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

room_options parse_options(const sdk::json& options) {
    room_options result;
    if (!options.is_object()) return result;
    for (const auto& [key, value] : options.items()) {
        if (value.is_null()) continue;
        std::int64_t number = 0;
        if (key_matches(key, "spectatorsAllowed")) {
            if (value.is_boolean()) result.spectators_allowed = value.get<bool>();
        } else if (key_matches(key, "isPublic")) {
            if (value.is_boolean()) result.is_public = value.get<bool>();
        } else if (key_matches(key, "minUsers")) {
            if (read_int(value, number)) result.min_users = number;
        } else if (key_matches(key, "maxUsers")) {
            if (read_int(value, number)) result.max_users = number;
        } else if (key_matches(key, "afkDelay")) {
            if (read_int(value, number)) result.afk_delay = number;
        } else if (key_matches(key, "botRounds")) {
            if (read_int(value, number)) result.bot_rounds = number;
        }
    }
    return result;
}

sdk::json to_json(const room_options& options) {
    return sdk::json{{"spectatorsAllowed", options.spectators_allowed},
                     {"isPublic", options.is_public},
                     {"minUsers", options.min_users},
                     {"maxUsers", options.max_users},
                     {"afkDelay", options.afk_delay},
                     {"botRounds", options.bot_rounds}};
}

bool options_from_json(const sdk::json& value, room_options& out) {
    if (!value.is_object()) return false;
    room_options result;
    const auto flag = [&](const char* key, bool& target) {
        const auto it = value.find(key);
        if (it == value.end() || !it->is_boolean()) return false;
        target = it->get<bool>();
        return true;
    };
    const auto number = [&](const char* key, std::int64_t& target) {
        const auto it = value.find(key);
        return it != value.end() && read_int(*it, target);
    };
    if (!flag("spectatorsAllowed", result.spectators_allowed) ||
        !flag("isPublic", result.is_public) || !number("minUsers", result.min_users) ||
        !number("maxUsers", result.max_users) || !number("afkDelay", result.afk_delay) ||
        !number("botRounds", result.bot_rounds)) {
        return false;
    }
    out = result;
    return true;
}

std::size_t count_words(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool space = is_space(next_rune(text, i));
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

std::string story::latest_text() const {
    return parts.empty() ? std::string() : parts.back();
}

std::string story::serialize() const {
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) joined += ". ";
        joined += parts[i];
    }
    return joined;
}

story_stats story::stats() const {
    std::int64_t words = 0;
    for (const auto& part : parts) words += static_cast<std::int64_t>(count_words(part));
    story_stats result;
    result.words = words;
    result.turns = static_cast<std::int64_t>(parts.size());
    // float64(words) / 200 * 60, in that order: 13 words give 3.9000000000000004.
    result.avg_reading_time = static_cast<double>(words) / 200 * 60;
    return result;
}

sdk::json story_dto(const std::string& text, const std::string& author, const story_stats& stats) {
    return sdk::json{{"text", text},
                     {"author", author},
                     {"stats", sdk::json{{"avgReadingTime", stats.avg_reading_time},
                                         {"words", stats.words},
                                         {"turns", stats.turns}}}};
}

bool user::dequeue(std::size_t& out) {
    if (queue.empty()) return false;
    out = queue.front();
    queue.pop_front();
    return true;
}

void user::reset() {
    afk = false;
    kick_votes.clear();
    queue.clear();
    written = 0;
}

sdk::json user::dto() const {
    return sdk::json{{"id", id},
                     {"name", name},
                     {"disconnected", disconnected},
                     {"afk", afk},
                     {"kickVotes", kick_votes},
                     {"queuedStories", queue.size()}};
}

}  // namespace gameserver::games::tellit
