// Small builders and checks shared by the game tests: expected outbox entries and hook errors.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "games/harness.hpp"

namespace gameserver::games::testkit {

inline outbound state_to(const std::string& to, const std::string& state) {
    return {to, {}, "game_state", state, true, {}, {}};
}
inline outbound message_to(const std::string& to, const std::string& type,
                           const std::string& data) {
    return {to, {}, type, data, true, {}, {}};
}
inline outbound error_to(const std::string& to, const std::string& message,
                         const std::string& code) {
    return {to, {}, "error", {}, false, message, code};
}

// A hook returned exactly this error.
inline void expect_error(const sdk::status& status, sdk::error_code code,
                         const std::string& message) {
    ASSERT_TRUE(status.has_value()) << "expected " << message;
    EXPECT_EQ(status->code, code) << message;
    EXPECT_EQ(status->message, message);
}

}  // namespace gameserver::games::testkit
