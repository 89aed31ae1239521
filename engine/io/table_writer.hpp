// lc::io writing result tables through GDAL: one GeoPackage holding every layer, or one file per
// layer (GeoJSON, FlatGeobuf, CSV) chosen by extension. Everything is written to a temporary
// path and renamed into place at the end, so a failed run never leaves a half-written file.
// QGIS styles travel with the data: in a GeoPackage's layer_styles table (the schema QGIS itself
// writes), or as NAME.qml beside a single-layer file, which QGIS loads as the default style.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/table.hpp"

namespace lc::io {

// One QGIS style of one layer. The first style given for a layer is its default.
struct LayerStyle {
  std::string layer, name, qml, sld, description;
};

struct WriteOptions {
  int out_epsg = 4326;              // geometries are reprojected from WGS84 into this CRS
  std::vector<LayerStyle> styles;   // styles of layers that are written; others are ignored
  std::string provenance;           // appended to every layer's description (how the result was made)
  // GeoPackage only: add the layers to the existing file, replacing only layers of the same names
  // and their rows in layer_styles; every other layer is kept as it is. The file changes at once
  // (a copy updated and renamed over it: gpkg_update.hpp). A missing file is created.
  bool update = false;
};

// All tables as layers of one dataset (`.gpkg`), or, for a single table, any vector format by
// extension (`.geojson`, `.fgb`, `.csv`, `.gpkg`). GeoPackages are byte-identical for the same
// input: their timestamps are fixed (OGR_CURRENT_DATE) unless the caller sets OGR_CURRENT_DATE.
// Throws OutputError (UsageError for an unknown extension or CRS, for an update of another format
// than GeoPackage, and for an update that would replace a layer the run reads).
void write_tables(const std::string& path, const std::vector<const Table*>& tables, bool overwrite,
                  const WriteOptions& options = {});

// A layer written while the run still computes it: its schema (name, description, fields,
// has_geometry; rows ignored) and the WKT type every row's geometry has ("POINT").
struct StreamedLayer {
  const Table* schema = nullptr;
  std::string geometry = "POINT";
};

// A new GeoPackage whose largest layers are written as their rows come (coverage's origin_access
// and gaps, category by category), so that they are never all held: the streamed layers are made
// at once in a temporary file beside `path`, their rows go in part by part (append), their
// R-trees are packed as the rows come (gpkg_rows, gpkg_rtree), and finish() writes the other
// layers and the styles as write_tables does, puts the layers in the order of `tables` and
// renames the file into place. Rows, R-tree entries, descriptions and styles are those
// write_tables writes for the same tables. Destroyed unfinished, it removes the temporary file.
// Throws as write_tables; `options.update` is refused (an update is written whole).
class GpkgStream {
 public:
  GpkgStream(const std::string& path, const std::vector<StreamedLayer>& layers, bool overwrite,
             const WriteOptions& options = {});
  ~GpkgStream();
  GpkgStream(const GpkgStream&) = delete;
  GpkgStream& operator=(const GpkgStream&) = delete;
  // Rows of the streamed layer of the same name (rows.name), with its fields.
  void append(const Table& rows);
  // The same from a RowBlock (each of its points encoded once, whatever the rows that repeat it).
  void append(const RowBlock& rows);
  // `tables`: every layer, in order; the streamed ones by their schemas (their rows are in),
  // the others written now with their rows. `styles` as WriteOptions::styles (options.styles is
  // not used: a streamed layer's styles are known once its rows are).
  void finish(const std::vector<const Table*>& tables, const std::vector<LayerStyle>& styles);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// NAME.qml beside a single-layer file: where QGIS looks for a file's default style.
std::string sidecar_qml_path(const std::string& path);

// Plain CSV of one table (geometry, if any, as lon/lat of its representative point is not
// written: CSV is for tables). Throws OutputError.
void write_csv(const std::string& path, const Table& table, bool overwrite);

std::string format_cell(const Cell& c);

}  // namespace lc::io
