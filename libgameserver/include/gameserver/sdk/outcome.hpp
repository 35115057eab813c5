// Reading a seat's outcome from a view, for games whose state names the winner's id and flags
// the end with one boolean field (tic-tac-toe's `gameOver`, snake's `over`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gameserver/sdk/game.hpp"

namespace gameserver::sdk {

// nullopt until `view[over_field]` is true; then win or loss by `view.winner == self`, and a
// draw when `winner` is empty or missing (no winner: a tie, or a game ended by a leave).
inline std::optional<seat_outcome> outcome_by_winner_id(const json& view, const player_id& self,
                                                        std::string_view over_field) {
    if (!view.is_object()) return std::nullopt;
    const auto over = view.find(over_field);
    if (over == view.end() || !over->is_boolean() || !over->get<bool>()) return std::nullopt;
    const auto winner = view.find("winner");
    if (winner == view.end() || !winner->is_string() || winner->get<std::string>().empty()) {
        return seat_outcome::draw;
    }
    return winner->get<std::string>() == self ? seat_outcome::win : seat_outcome::loss;
}

}  // namespace gameserver::sdk
