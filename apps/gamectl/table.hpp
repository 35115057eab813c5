// Aligned text tables for gamectl's human output.
#pragma once

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace gameserver::gamectl {

class table {
  public:
    explicit table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.empty(); }

    void print(std::ostream& out) const {
        std::vector<std::size_t> widths(headers_.size());
        for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = headers_[c].size();
        for (const auto& row : rows_) {
            for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
                widths[c] = std::max(widths[c], row[c].size());
            }
        }
        auto line = [&](const std::vector<std::string>& cells) {
            for (std::size_t c = 0; c < widths.size(); ++c) {
                const std::string cell = c < cells.size() ? cells[c] : "";
                out << cell;
                if (c + 1 < widths.size()) out << std::string(widths[c] - cell.size() + 2, ' ');
            }
            out << "\n";
        };
        line(headers_);
        for (const auto& row : rows_) line(row);
    }

  private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace gameserver::gamectl
