// lc::io GeoPackage rows written in bulk. GDAL creates each layer (columns, CRS, description,
// the GeoPackage bookkeeping) but writes no rows: going through OGRFeature and GDAL's insert
// costs about 10 us a row, most of writing a 190,000-row layer. Once GDAL has closed the file,
// the rows go straight into the layer's table through one prepared SQLite statement, geometries
// as GeoPackage blobs (GDAL still parses, reprojects and encodes them), then each layer's extent
// and feature count are set and its R-tree packed (gpkg_rtree).
#pragma once

#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "io/gpkg_rtree.hpp"
#include "io/sqlite.hpp"
#include "io/table.hpp"

namespace lc::io {

// A row's geometry as written: parsed from its WGS84 WKT, made of the layer's `type` (a Polygon
// in a MultiPolygon layer becomes one) and reprojected with `to_out` when not null. Throws
// OutputError naming `path`, the layer and the row.
std::unique_ptr<OGRGeometry> output_geometry(const std::string& wkt, OGRwkbGeometryType type,
                                             OGRCoordinateTransformation* to_out, const std::string& path,
                                             const std::string& layer, std::size_t row);

// One layer GDAL created empty, with `table`'s fields in order.
struct GpkgFill {
  const Table* table;
  std::vector<std::string> columns;  // the table's fields as GDAL named the columns
  std::string geom_column;           // "" without geometry
  std::string fid_column;
  OGRwkbGeometryType type;
  OGRCoordinateTransformation* to_out;  // null when the output CRS is WGS84
};

// The points of a RowBlock's list as a point layer writes them (parsed, projected into the output
// CRS), each made the first time a row asks for it and kept: one block list's points at a time.
class PointCache {
 public:
  // Point `i` of `list`: its x and y, an empty optional for an empty point (no geometry), or
  // nullopt when it is not a plain 2D point (then written as any geometry). Throws as
  // output_geometry, naming `layer` and `row`.
  std::optional<std::optional<std::pair<double, double>>> point(const std::vector<std::string>* list, std::uint32_t i,
                                                                 OGRCoordinateTransformation* to_out, const std::string& path,
                                                                 const std::string& layer, std::size_t row);

 private:
  enum : unsigned char { kUnknown, kNone, kPoint, kOther };
  const std::vector<std::string>* list_ = nullptr;
  OGRCoordinateTransformation* to_out_ = nullptr;
  std::vector<unsigned char> state_;
  std::vector<double> xy_;
};

// Rows appended to one layer of a GeoPackage open in `db`, in as many parts as come: GDAL's
// triggers are taken off the table first, each part's rows inserted and their boxes handed to
// the layer's R-tree (packed while the rows come: gpkg_rtree's RtreePacker); finish() sets the
// feature count and extent, puts the triggers back and completes the R-tree. One part holding
// every row writes what fill_gpkg always wrote.
class GpkgLayerRows {
 public:
  static constexpr std::size_t kBatch = 64;  // rows to an INSERT (sqlite::insert_batches)
  GpkgLayerRows(const sqlite::Db& db, const GpkgFill& layer, std::string path);
  ~GpkgLayerRows();
  GpkgLayerRows(const GpkgLayerRows&) = delete;
  GpkgLayerRows& operator=(const GpkgLayerRows&) = delete;
  void append(const Table& rows);  // rows with the layer's fields, in order
  void append(const RowBlock& rows, PointCache& points);  // the same rows, without copies
  void finish();

 private:
  template <class Bind>
  void insert(std::size_t rows, Bind bind);
  const sqlite::Db& db_;
  GpkgFill layer_;
  std::string path_;
  std::vector<std::string> triggers_, columns_;
  int srs_id_ = 0;
  std::size_t rows_ = 0;
  std::optional<OGREnvelope> extent_;
  std::unique_ptr<RtreePacker> rtree_;
};

// Writes the layers' rows into the closed GeoPackage `file` (a temporary one; errors name `path`).
void fill_gpkg(const std::string& file, const std::string& path, const std::vector<GpkgFill>& layers);

}  // namespace lc::io
