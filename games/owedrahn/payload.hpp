// Decoding of inbound `data` the way the Go server's encoding/json did (SEED-SPEC §1.9): an
// absent `data` fails ("unexpected end of JSON input"), `null` gives all defaults, keys match
// case-insensitively with the last one winning, unknown keys are ignored, a null field keeps its
// default and a mistyped one fails. Side-bet handlers answer with the raw decode error text, so
// failures carry Go's message.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "gameserver/sdk/json.hpp"

namespace gameserver::games::owedrahn {

// The decoded value, or Go's error text.
template <typename T>
using decoded = std::variant<T, std::string>;

struct handshake_payload {
    std::string uid;
};
struct main_bet_payload {
    double amount = 0.0;
};
struct next_player_payload {
    std::string next_player_id;
};
struct propose_payload {
    std::string opponent_id;
    double amount = 0.0;
};
struct bet_id_payload {
    std::string bet_id;
};

// `ready`'s bare boolean: null decodes to false (Go leaves the zero value).
std::optional<bool> decode_ready(const sdk::json& data);
decoded<handshake_payload> decode_handshake(const sdk::json& data);
decoded<main_bet_payload> decode_main_bet(const sdk::json& data);
decoded<next_player_payload> decode_next_player(const sdk::json& data);
decoded<propose_payload> decode_propose(const sdk::json& data);
decoded<bet_id_payload> decode_bet_id(const sdk::json& data);

}  // namespace gameserver::games::owedrahn
