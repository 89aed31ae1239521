// api: the one way a result is written, for the command line and any client: the format by the
// path (a GeoPackage with every layer, GeoJSON or FlatGeobuf for one layer, CSV for one table, a
// PostGIS schema "PG:... active_schema=S"), the QGIS styles of the layers attached
// (report/styles), geometries in the CRS asked for, and how the result was made appended to every
// layer's description.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/table.hpp"
#include "io/table_writer.hpp"

namespace lc::api {

struct ResultOptions {
  bool overwrite = false;  // an existing file is replaced only with it
  std::string out_crs;     // "EPSG:N" of the written geometries; "" for WGS84
  bool update = false;     // the layers added to an existing GeoPackage (io::WriteOptions::update)
  std::string provenance;  // appended to every layer's description ("Made by: lifecircle ..."); "" none
};

// The EPSG code of `out_crs` ("" is 4326). A UsageError naming the field out_crs otherwise.
int out_epsg(const std::string& out_crs);

// Throws UsageError, InputError or OutputError.
void write_result(const std::string& path, const std::vector<const io::Table*>& tables, const ResultOptions& options);

// One file a table in the folder `dir`: GeoJSON for a table with geometries, else CSV; the tables
// outlined with compound and unit polygons (access::is_outlined) stay CSV (their shapes are in a
// GeoPackage). Returns the paths written, in order.
std::vector<std::string> write_result_folder(const std::string& dir, const std::vector<const io::Table*>& tables,
                                             const ResultOptions& options);

// A new GeoPackage `path` written while a run computes its largest layers (`streamed`: coverage's
// origin_access and gaps); rows are appended to it as they come (GpkgStream::append).
// finish_result_stream writes the other layers of `tables` and the styles chosen from
// `style_tables` (the tables as layer_styles reads them: a streamed layer's digest for its rows).
std::unique_ptr<io::GpkgStream> open_result_stream(const std::string& path, const std::vector<const io::Table*>& streamed,
                                                   const ResultOptions& options);
void finish_result_stream(io::GpkgStream& stream, const std::vector<const io::Table*>& tables,
                          const std::vector<const io::Table*>& style_tables);

}  // namespace lc::api
