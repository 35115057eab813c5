// tic-tac-toe rules (SEED-SPEC §6.1) as a pure value type: the board, lines, legal moves and
// apply. Shared by the game (authoritative state) and the bots (search over rebuilt boards).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gameserver/sdk/json.hpp"

namespace gameserver::games::tictactoe {

inline constexpr int board_size = 3;
inline constexpr int cell_count = board_size * board_size;

// A cell's content, which is also a player's symbol (x or o).
enum class mark : std::uint8_t { empty, x, o };

// "", "X" or "O": the wire spelling used in `board` and `symbol`.
std::string_view to_string(mark m);
// The inverse of to_string; nullopt for anything else.
std::optional<mark> parse_mark(std::string_view text);
// x <-> o; empty stays empty.
mark opponent(mark m);

struct move {
    int row = 0;
    int col = 0;
    friend bool operator==(const move&, const move&) = default;
};

// Both coordinates in 0..2.
bool in_bounds(int row, int col);

class board {
  public:
    mark at(int row, int col) const { return cells_[index(row, col)]; }
    bool is_empty(int row, int col) const { return at(row, col) == mark::empty; }
    // Precondition: in_bounds and is_empty. Callers validate first (the game answers with the
    // Go server's error strings), so a violation is a programming error.
    void place(const move& m, mark symbol);
    void clear() { cells_.fill(mark::empty); }

    // The mark holding three in a row (any row, column or diagonal), or empty.
    mark winner() const;
    bool full() const;
    int filled() const;
    // The empty cells in row-major order (none once the game is won: see legal_moves()).
    std::vector<move> empty_cells() const;

    // [["","",""],["","",""],["","",""]], indexed board[row][col].
    sdk::json to_json() const;
    // nullopt unless `value` is a 3x3 array of "", "X", "O".
    static std::optional<board> from_json(const sdk::json& value);

    friend bool operator==(const board&, const board&) = default;

  private:
    static std::size_t index(int row, int col) {
        return static_cast<std::size_t>(row * board_size + col);
    }

    std::array<mark, cell_count> cells_{};
};

// The moves still playable: the empty cells, or none when someone has three in a row.
std::vector<move> legal_moves(const board& b);

// What a move leads to, for the player who made it.
enum class outcome : std::uint8_t { in_progress, win, draw };

// Places `symbol` at `m` and reports whether that ended the game. Same preconditions as place().
outcome apply(board& b, const move& m, mark symbol);

}  // namespace gameserver::games::tictactoe
