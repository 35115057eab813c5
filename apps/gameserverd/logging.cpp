#include "logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace gameserver::app {

void setup_logging(const core::log_config& cfg) {
    auto logger = spdlog::stderr_logger_mt("gameserverd");
    if (cfg.format == "json") {
        // One JSON object per line; messages are written as key=value pairs by the code, which
        // log collectors split further. %v is escaped by spdlog only for control characters,
        // so the message stays a single line.
        logger->set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","thread":%t,"msg":"%v"})");
    } else {
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    }
    logger->set_level(spdlog::level::from_str(cfg.level));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

}  // namespace gameserver::app
