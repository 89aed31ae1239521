// lifecircle tables: results as columns of numbers, ids and text, with geometries as WKB (ISO
// well-known binary, WGS84 lon/lat), ready for a data frame, GEOS or a database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle {

enum class ColumnType { text, real, integer };

// One column: the values of its type, and which rows are empty (null).
struct Column {
  std::string name;
  ColumnType type = ColumnType::text;
  std::vector<std::string> text;       // type text
  std::vector<double> real;            // type real
  std::vector<std::int64_t> integer;   // type integer
  std::vector<bool> null;              // every row: true where the cell is empty

  std::size_t size() const { return null.size(); }
};

struct Table {
  std::string name;         // the layer name the command line writes it as ("unit_coverage")
  std::string description;  // what the columns mean
  std::vector<Column> columns;
  std::vector<std::string> wkb;  // one geometry per row (empty string: none); empty when the table has no geometry
  bool has_geometry = false;

  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  const Column* column(const std::string& name) const;  // nullptr when absent
};

}  // namespace lifecircle
