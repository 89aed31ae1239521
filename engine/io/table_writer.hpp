// lc::io writing result tables through GDAL: one GeoPackage holding every layer, or one file per
// layer (GeoJSON, FlatGeobuf, CSV) chosen by extension. Everything is written to a temporary
// path and renamed into place at the end, so a failed run never leaves a half-written file.
// QGIS styles travel with the data: in a GeoPackage's layer_styles table (the schema QGIS itself
// writes), or as NAME.qml beside a single-layer file, which QGIS loads as the default style.
#pragma once

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

// NAME.qml beside a single-layer file: where QGIS looks for a file's default style.
std::string sidecar_qml_path(const std::string& path);

// Plain CSV of one table (geometry, if any, as lon/lat of its representative point is not
// written: CSV is for tables). Throws OutputError.
void write_csv(const std::string& path, const Table& table, bool overwrite);

std::string format_cell(const Cell& c);

}  // namespace lc::io
