#include "report/cells.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "io/table_writer.hpp"

namespace lc::report {

std::optional<std::size_t> find_column(const io::Table& table, std::string_view name) {
  for (std::size_t i = 0; i < table.fields.size(); ++i)
    if (table.fields[i].name == name) return i;
  return std::nullopt;
}

std::size_t column(const io::Table& table, std::string_view name) {
  if (auto i = find_column(table, name)) return *i;
  throw InputError(Where{"", table.name, ""}, "the table has no column '" + std::string(name) + "'");
}

std::optional<double> number(const std::vector<io::Cell>& row, std::optional<std::size_t> col) {
  if (!col || *col >= row.size()) return std::nullopt;
  const io::Cell& c = row[*col];
  if (const auto* d = std::get_if<double>(&c)) return std::isfinite(*d) ? std::optional<double>(*d) : std::nullopt;
  if (const auto* i = std::get_if<long long>(&c)) return static_cast<double>(*i);
  return std::nullopt;
}

std::string text(const std::vector<io::Cell>& row, std::optional<std::size_t> col) {
  if (!col || *col >= row.size()) return {};
  return io::format_cell(row[*col]);
}

std::string format_people(std::optional<double> people) {
  if (!people) return "–";
  const long long n = std::llround(*people);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

namespace {

std::string printf_1(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::string format_share(std::optional<double> share) {
  return share ? printf_1("%.1f%%", *share * 100.0) : "–";
}

std::string format_minutes(std::optional<double> seconds) {
  return seconds ? printf_1("%.1f", *seconds / 60.0) : "–";
}

std::string format_fixed(std::optional<double> value, int decimals) {
  if (!value) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *value);
  return buf;
}

std::string format_number(std::optional<double> value) {
  return value ? printf_1("%.6g", *value) : "–";
}

}  // namespace lc::report
