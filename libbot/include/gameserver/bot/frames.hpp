// Splits a server frame (a JSON array of envelopes, docs/protocol.md) into envelopes. A bad
// frame is an error value: bytes from the network never throw out of here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::bot {

struct parsed_frame {
    std::vector<sdk::json> envelopes;
    std::string error;  // empty when the frame was good
    bool ok() const { return error.empty(); }
};

// An array of envelope objects; a single object is accepted as a frame of one. Anything else
// (not JSON, a scalar, an array holding a non-object) is an error and yields no envelopes.
parsed_frame parse_frame(std::string_view text);

}  // namespace gameserver::bot
