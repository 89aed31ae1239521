// lc::io result tables: plain rows of typed cells with an optional WGS84 geometry (WKT), the one
// shape every stage hands to the writers. Stages fill tables; only io knows file formats.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
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
