#include "logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <string_view>

namespace gameserver::app {
namespace {

void append_escaped(spdlog::memory_buf_t& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(escaped, escaped + sizeof escaped);
        } else {
            out.push_back(ch);
        }
    }
}

// Where a ` key=` token starts at `at` (a word of [a-z_] then '='), its key length; else 0.
std::size_t field_key_at(std::string_view text, std::size_t at) {
    if (at == 0 || text[at - 1] != ' ') return 0;
    std::size_t end = at;
    while (end < text.size() &&
           (std::islower(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
        ++end;
    }
    return end > at && end < text.size() && text[end] == '=' ? end - at : 0;
}

// `%*` in the JSON pattern: the message as JSON members. Our log lines are written as
// "what happened key=value key=value"; each key=value becomes its own field (room, client,
// game, ...) and the text before them becomes "msg", so collectors can filter by room id.
class json_fields final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const std::string_view text(msg.payload.data(), msg.payload.size());
        std::vector<std::pair<std::size_t, std::size_t>> keys;  // (start, length)
        for (std::size_t i = 1; i < text.size(); ++i) {
            if (const std::size_t len = field_key_at(text, i)) keys.emplace_back(i, len);
        }
        const std::size_t msg_end = keys.empty() ? text.size() : keys.front().first - 1;
        dest.append(std::string_view("\"msg\":\""));
        append_escaped(dest, text.substr(0, msg_end));
        dest.push_back('"');
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const auto [start, len] = keys[k];
            const std::size_t value_start = start + len + 1;
            const std::size_t value_end = k + 1 < keys.size() ? keys[k + 1].first - 1 : text.size();
            dest.append(std::string_view(",\""));
            append_escaped(dest, text.substr(start, len));
            dest.append(std::string_view("\":\""));
            append_escaped(dest, text.substr(value_start, value_end - value_start));
            dest.push_back('"');
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<json_fields>();
    }
};

}  // namespace

void setup_logging(const core::log_config& cfg) {
    auto logger = spdlog::stderr_logger_mt("gameserverd");
    if (cfg.format == "json") {
        auto formatter = std::make_unique<spdlog::pattern_formatter>();
        formatter->add_flag<json_fields>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%*})");
        logger->set_formatter(std::move(formatter));
    } else {
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    }
    logger->set_level(spdlog::level::from_str(cfg.level));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

}  // namespace gameserver::app
