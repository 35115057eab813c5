#include "tictactoe/rules.hpp"

#include <cassert>

namespace gameserver::games::tictactoe {
namespace {

// The eight lines: three rows, three columns, two diagonals.
constexpr std::array<std::array<move, board_size>, 8> lines{{
    {{{0, 0}, {0, 1}, {0, 2}}},
    {{{1, 0}, {1, 1}, {1, 2}}},
    {{{2, 0}, {2, 1}, {2, 2}}},
    {{{0, 0}, {1, 0}, {2, 0}}},
    {{{0, 1}, {1, 1}, {2, 1}}},
    {{{0, 2}, {1, 2}, {2, 2}}},
    {{{0, 0}, {1, 1}, {2, 2}}},
    {{{0, 2}, {1, 1}, {2, 0}}},
}};

}  // namespace

std::string_view to_string(mark m) {
    switch (m) {
        case mark::x:
            return "X";
        case mark::o:
            return "O";
        case mark::empty:
            break;
    }
    return "";
}

std::optional<mark> parse_mark(std::string_view text) {
    if (text.empty()) return mark::empty;
    if (text == "X") return mark::x;
    if (text == "O") return mark::o;
    return std::nullopt;
}

mark opponent(mark m) {
    switch (m) {
        case mark::x:
            return mark::o;
        case mark::o:
            return mark::x;
        case mark::empty:
            break;
    }
    return mark::empty;
}

bool in_bounds(int row, int col) {
    return row >= 0 && row < board_size && col >= 0 && col < board_size;
}

void board::place(const move& m, mark symbol) {
    assert(in_bounds(m.row, m.col) && is_empty(m.row, m.col) && symbol != mark::empty);
    cells_[index(m.row, m.col)] = symbol;
}

mark board::winner() const {
    for (const auto& line : lines) {
        const mark first = at(line[0].row, line[0].col);
        if (first != mark::empty && at(line[1].row, line[1].col) == first &&
            at(line[2].row, line[2].col) == first) {
            return first;
        }
    }
    return mark::empty;
}

int board::filled() const {
    int count = 0;
    for (const mark m : cells_) count += m != mark::empty ? 1 : 0;
    return count;
}

bool board::full() const {
    return filled() == cell_count;
}

std::vector<move> board::empty_cells() const {
    std::vector<move> result;
    for (int row = 0; row < board_size; ++row) {
        for (int col = 0; col < board_size; ++col) {
            if (is_empty(row, col)) result.push_back({row, col});
        }
    }
    return result;
}

sdk::json board::to_json() const {
    sdk::json rows = sdk::json::array();
    for (int row = 0; row < board_size; ++row) {
        sdk::json cells = sdk::json::array();
        for (int col = 0; col < board_size; ++col) cells.push_back(to_string(at(row, col)));
        rows.push_back(std::move(cells));
    }
    return rows;
}

std::optional<board> board::from_json(const sdk::json& value) {
    if (!value.is_array() || value.size() != board_size) return std::nullopt;
    board result;
    for (int row = 0; row < board_size; ++row) {
        const auto& cells = value[static_cast<std::size_t>(row)];
        if (!cells.is_array() || cells.size() != board_size) return std::nullopt;
        for (int col = 0; col < board_size; ++col) {
            const auto& cell = cells[static_cast<std::size_t>(col)];
            if (!cell.is_string()) return std::nullopt;
            const auto parsed = parse_mark(cell.get_ref<const std::string&>());
            if (!parsed) return std::nullopt;
            result.cells_[index(row, col)] = *parsed;
        }
    }
    return result;
}

std::vector<move> legal_moves(const board& b) {
    if (b.winner() != mark::empty) return {};
    return b.empty_cells();
}

outcome apply(board& b, const move& m, mark symbol) {
    b.place(m, symbol);
    // As in the Go server: any completed line after the move is the mover's win.
    if (b.winner() != mark::empty) return outcome::win;
    if (b.full()) return outcome::draw;
    return outcome::in_progress;
}

}  // namespace gameserver::games::tictactoe
