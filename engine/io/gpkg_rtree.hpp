// lc::io GeoPackage spatial indexes built in bulk. GDAL 3.6 fills a layer's R-tree one row at a
// time through SQLite's R*Tree module, about 15 us a row: three quarters of writing a Malta-sized
// layer of 190,000 points. Here the tree is packed at once (sort-tile-recursive: full nodes of
// neighbouring boxes) and written straight into the R*Tree's own tables, then the GeoPackage
// triggers and extension row are added exactly as GDAL writes them, so the file is the same kind
// of GeoPackage, editable in QGIS, only indexed faster.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/sqlite.hpp"

namespace lc::io {

// One indexed row: its feature id and bounding box.
struct RtreeEntry {
  std::int64_t id;
  double minx, maxx, miny, maxy;
};

// Indexes layer `table` (geometry column `geom_column`, feature ids in `fid_column`) of an open
// GeoPackage written without a spatial index: the R*Tree virtual table filled with `entries`,
// the rtree triggers and the gpkg_extensions row. Throws OutputError naming the file.
void add_gpkg_rtree(const sqlite::Db& db, const std::string& table, const std::string& geom_column,
                    const std::string& fid_column, std::vector<RtreeEntry> entries);

// The packing itself: creates `rtree` (an R*Tree virtual table with columns id, minx, maxx,
// miny, maxy) and fills its node, rowid and parent tables. The tests compare it with SQLite's
// own inserts.
void bulk_load_rtree(const sqlite::Db& db, const std::string& rtree, std::vector<RtreeEntry> entries);

}  // namespace lc::io
