// lc::io GeoPackage spatial indexes built in bulk. GDAL 3.6 fills a layer's R-tree one row at a
// time through SQLite's R*Tree module, about 15 us a row: three quarters of writing a Malta-sized
// layer of 190,000 points. Here the tree is packed at once (sort-tile-recursive: full nodes of
// neighbouring boxes) and written straight into the R*Tree's own tables, then the GeoPackage
// triggers and extension row are added exactly as GDAL writes them, so the file is the same kind
// of GeoPackage, editable in QGIS, only indexed faster.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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

// A cell of SQLite's R*Tree node: a row id in a leaf, a child node number above; the box rounded
// outwards to 32-bit floats, as SQLite stores it.
struct RtreeCell {
  std::int64_t id;
  float minx, maxx, miny, maxy;
};

// An R-tree packed while its rows are still being written: entries are buffered, and once
// kFlushEntries are buffered (checked as the next part comes) they are packed into leaves (sort-tile-recursive among themselves)
// and written at once, only each leaf's box kept; finish() packs the levels above the leaves. A
// tree whose entries never filled the buffer is packed whole, as bulk_load_rtree always did, so
// what is held is the buffer plus one box per leaf (about 0.5 B per entry), whatever the rows.
class RtreePacker {
 public:
  static constexpr std::size_t kFlushEntries = std::size_t{1} << 18;
  // Creates `rtree` (an R*Tree virtual table with columns id, minx, maxx, miny, maxy) when the
  // first node is written (at the latest in finish()).
  RtreePacker(const sqlite::Db& db, std::string rtree);
  void add(const std::vector<RtreeEntry>& entries);
  void finish();

 private:
  void create();
  void flush();
  void write_level(std::vector<RtreeCell>& level, int depth, std::vector<RtreeCell>& above);
  const sqlite::Db& db_;
  std::string rtree_;
  std::size_t node_size_ = 0, cap_ = 0;
  std::vector<RtreeCell> buffer_, leaves_;
  std::vector<std::pair<std::int64_t, std::int64_t>> rowid_links_, parent_links_;
  std::int64_t next_ = 2;  // node 1 is the root
  bool flushed_ = false;
};

// The GeoPackage triggers and extension row of layer `table`'s R-tree (rtree_TABLE_GEOM), as
// GDAL's own CreateSpatialIndex writes them (GeoPackage 1.2).
void add_rtree_triggers(const sqlite::Db& db, const std::string& table, const std::string& geom_column,
                        const std::string& fid_column);

// The packing itself: creates `rtree` (an R*Tree virtual table with columns id, minx, maxx,
// miny, maxy) and fills its node, rowid and parent tables. The tests compare it with SQLite's
// own inserts.
void bulk_load_rtree(const sqlite::Db& db, const std::string& rtree, std::vector<RtreeEntry> entries);

}  // namespace lc::io
