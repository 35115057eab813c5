// Stable, machine-readable error codes sent as `code` beside every `error` string on the wire.
// The one list of codes: add new ones at the end of a group, never rename (clients match them).
#pragma once

#include <string_view>

namespace gameserver::sdk {

enum class error_code {
    // protocol / router
    bad_request,
    unknown_type,
    not_in_room,
    already_in_room,
    unknown_game,
    room_not_found,
    room_closed,
    session_expired,
    unauthorized,
    rate_limited,
    too_large,
    internal,
    server_busy,
    room_exists,
    forbidden,
    not_found,
    // games
    room_full,
    game_started,
    game_over,
    game_in_progress,
    not_your_turn,
    invalid_move,
    invalid_payload,
    not_a_player,
    bots_unsupported,
    player_not_found,
};

// UPPER_SNAKE wire spelling of a code, e.g. error_code::not_your_turn -> "NOT_YOUR_TURN".
constexpr std::string_view to_string(error_code code) {
    switch (code) {
        case error_code::bad_request:
            return "BAD_REQUEST";
        case error_code::unknown_type:
            return "UNKNOWN_TYPE";
        case error_code::not_in_room:
            return "NOT_IN_ROOM";
        case error_code::already_in_room:
            return "ALREADY_IN_ROOM";
        case error_code::unknown_game:
            return "UNKNOWN_GAME";
        case error_code::room_not_found:
            return "ROOM_NOT_FOUND";
        case error_code::room_closed:
            return "ROOM_CLOSED";
        case error_code::session_expired:
            return "SESSION_EXPIRED";
        case error_code::unauthorized:
            return "UNAUTHORIZED";
        case error_code::rate_limited:
            return "RATE_LIMITED";
        case error_code::too_large:
            return "TOO_LARGE";
        case error_code::internal:
            return "INTERNAL";
        case error_code::server_busy:
            return "SERVER_BUSY";
        case error_code::room_exists:
            return "ROOM_EXISTS";
        case error_code::forbidden:
            return "FORBIDDEN";
        case error_code::not_found:
            return "NOT_FOUND";
        case error_code::room_full:
            return "ROOM_FULL";
        case error_code::game_started:
            return "GAME_STARTED";
        case error_code::game_over:
            return "GAME_OVER";
        case error_code::game_in_progress:
            return "GAME_IN_PROGRESS";
        case error_code::not_your_turn:
            return "NOT_YOUR_TURN";
        case error_code::invalid_move:
            return "INVALID_MOVE";
        case error_code::invalid_payload:
            return "INVALID_PAYLOAD";
        case error_code::not_a_player:
            return "NOT_A_PLAYER";
        case error_code::bots_unsupported:
            return "BOTS_UNSUPPORTED";
        case error_code::player_not_found:
            return "PLAYER_NOT_FOUND";
    }
    return "INTERNAL";
}

}  // namespace gameserver::sdk
