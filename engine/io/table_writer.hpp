// lc::io writing result tables through GDAL: one GeoPackage holding every layer, or one file per
// layer (GeoJSON, FlatGeobuf, CSV) chosen by extension. Everything is written to a temporary
// path and renamed into place at the end, so a failed run never leaves a half-written file.
#pragma once

#include <string>
#include <vector>

#include "io/table.hpp"

namespace lc::io {

// All tables as layers of one dataset (`.gpkg`), or, for a single table, any vector format by
// extension (`.geojson`, `.fgb`, `.csv`, `.gpkg`). Throws OutputError.
void write_tables(const std::string& path, const std::vector<const Table*>& tables, bool overwrite);

// Plain CSV of one table (geometry, if any, as lon/lat of its representative point is not
// written: CSV is for tables). Throws OutputError.
void write_csv(const std::string& path, const Table& table, bool overwrite);

std::string format_cell(const Cell& c);

}  // namespace lc::io
