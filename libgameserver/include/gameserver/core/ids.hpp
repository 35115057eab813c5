// Identifiers: UUID v4 strings (lowercase 8-4-4-4-12) and secret reconnect tokens.
#pragma once

#include <string>

#include "gameserver/sdk/rng.hpp"

namespace gameserver::core {

// From the kernel's CSPRNG: client ids (a client id alone can claim a seat in Go-compatible
// mode, so it must not be guessable) and room ids.
std::string random_uuid();
// From a room's engine, so bot ids replay with the room's seed.
std::string uuid_from(sdk::rng& random);
// 128 secret bits as 32 hex characters.
std::string random_token();
// 64 bits from the kernel's CSPRNG (room seeds).
std::uint64_t random_seed();

}  // namespace gameserver::core
