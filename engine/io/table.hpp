// lc::io result tables: plain rows of typed cells with an optional WGS84 geometry (WKT), the one
// shape every stage hands to the writers. Stages fill tables; only io knows file formats.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lc::io {

enum class FieldType { text, integer, real };

struct Field {
  std::string name;
  FieldType type = FieldType::text;
};

// A missing value (std::monostate) is written as NULL / an empty CSV cell.
using Cell = std::variant<std::monostate, std::string, long long, double>;

struct Table {
  std::string name;         // layer name
  std::string description;  // what was computed, with which parameters
  std::vector<Field> fields;
  bool has_geometry = false;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> wkt;  // parallel to rows when has_geometry ("" = no geometry)

  void add(std::vector<Cell> row, std::string geometry = {}) {
    rows.push_back(std::move(row));
    if (has_geometry) wkt.push_back(std::move(geometry));
  }
};

// Rows of a layer written while a run computes it (GpkgStream::append), made without copies: the
// cells, row-major and `width` to a row, refer to text the caller keeps until they are written,
// and each row's geometry is a point of the list `points` (WGS84 WKT, shared by every block of a
// run) picked by its index, so that a point repeated in many rows (an origin in each category's
// rows) is parsed, projected and encoded once. The cells are those a Table row would hold.
using CellRef = std::variant<std::monostate, std::string_view, long long, double>;

struct RowBlock {
  static constexpr std::uint32_t kNoPoint = UINT32_MAX;  // a row without geometry
  std::string name;                                      // layer name
  std::size_t width = 0;                                 // the layer's fields
  const std::vector<std::string>* points = nullptr;
  std::vector<CellRef> cells;       // size() x width
  std::vector<std::uint32_t> point;  // per row: index into *points, or kNoPoint
  std::size_t size() const { return point.size(); }
  void clear() { cells.clear(), point.clear(); }
};

// The block's rows added to `t` as Table rows (text copied, points as their WKT).
inline void append_rows(Table& t, const RowBlock& b) {
  for (std::size_t r = 0; r < b.size(); ++r) {
    std::vector<Cell> row;
    row.reserve(b.width);
    for (std::size_t i = 0; i < b.width; ++i) {
      const CellRef& c = b.cells[r * b.width + i];
      if (const auto* text = std::get_if<std::string_view>(&c)) row.emplace_back(std::string(*text));
      else if (const auto* n = std::get_if<long long>(&c)) row.emplace_back(*n);
      else if (const auto* v = std::get_if<double>(&c)) row.emplace_back(*v);
      else row.emplace_back();
    }
    t.add(std::move(row), b.point[r] == RowBlock::kNoPoint ? std::string() : (*b.points)[b.point[r]]);
  }
}

inline Cell opt_real(std::optional<double> v) { return v ? Cell{*v} : Cell{}; }

// "5" for 5 minutes, "7_5" for 7.5: the suffix of count_ columns.
inline std::string minutes_label(double minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", minutes);
  std::string s = buf;
  for (char& c : s) c = c == '.' ? '_' : c;
  return s;
}

}  // namespace lc::io
