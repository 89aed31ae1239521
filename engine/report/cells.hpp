// lc::report reading result tables: columns found by name (the tables' contracts live in access
// and plan), cells read as numbers or text, and the report's number formats (people, shares,
// minutes), so every section prints the same value the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.hpp"

namespace lc::report {

// Index of a column; throws InputError naming the table when it is missing.
std::size_t column(const io::Table& table, std::string_view name);
// Index of a column, or none.
std::optional<std::size_t> find_column(const io::Table& table, std::string_view name);

// A cell as a finite number (integers too), or none for empty, text and non-finite cells.
std::optional<double> number(const std::vector<io::Cell>& row, std::optional<std::size_t> col);
// A cell as text ("" for empty); numbers as io::format_cell writes them.
std::string text(const std::vector<io::Cell>& row, std::optional<std::size_t> col);

// Whole people with thousands separators: 12345.6 -> "12,346"; none -> "–".
std::string format_people(std::optional<double> people);
// A share 0..1 as a percentage with one decimal: 0.8734 -> "87.3%"; none -> "–".
std::string format_share(std::optional<double> share);
// Seconds as minutes with one decimal: 454 -> "7.6"; none -> "–".
std::string format_minutes(std::optional<double> seconds);
// A number with `decimals` decimals: (0.32592, 3) -> "0.326"; none -> "–".
std::string format_fixed(std::optional<double> value, int decimals);
// A plain number, shortest of %.6g ("0.25", "1200"); none -> "–".
std::string format_number(std::optional<double> value);

}  // namespace lc::report
