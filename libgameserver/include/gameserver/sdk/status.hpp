// The result of a game hook: ok, or an error with a wire code and the Go server's exact text.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "gameserver/sdk/error_code.hpp"

namespace gameserver::sdk {

struct game_error {
    error_code code;
    std::string message;  // sent byte for byte as the envelope's `error`
};

// std::nullopt means success. [[nodiscard]] because an ignored error is a lost reply.
using status = std::optional<game_error>;

[[nodiscard]] inline status ok() {
    return std::nullopt;
}
[[nodiscard]] inline status fail(error_code code, std::string message) {
    return game_error{code, std::move(message)};
}

}  // namespace gameserver::sdk
