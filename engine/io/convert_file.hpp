// lc::io whole-file datum conversion between WGS84, GCJ-02 and BD-09 (io/chinese_coords.hpp):
// every layer, field and feature of a GDAL vector source is written to a new file with every vertex
// converted. This is `lifecircle convert`, the tool planners use on web-map data by itself.
#pragma once

#include <string>

#include "io/chinese_coords.hpp"

namespace lc::io {

// Reads every layer of the GDAL vector source `in` and writes the same layers, fields and
// features to `out`, in the format its extension names (.gpkg, .geojson, .json, .geojsonl, .fgb,
// .shp, .csv, .kml, .gml, .sqlite, or any other GDAL vector format that writes that extension).
//
// Input: lon/lat only, i.e. a layer with a geographic WGS84 (or CGCS2000, EPSG:4490) CRS, or with
// no CRS and every coordinate in lon/lat range. CSV inputs take their points from lon|lng|longitude|x
// and lat|latitude|y columns; those columns (and a WKT column) are kept and rewritten with the
// converted coordinates. Output CRS: EPSG:4326 when `to` is wgs84; otherwise the input's CRS label
// is kept (GCJ-02 and BD-09 have no CRS code of their own; such data is conventionally labelled
// WGS84). Non-spatial layers are copied unchanged; a source with no geometry at all is an error.
//
// The result is written to a hidden temporary file beside `out` (".NAME.tmp-PID.EXT", plus
// sidecars such as .dbf for shapefiles) and renamed into place only when complete: a failure never
// leaves a half-written `out`, and an existing `out` is replaced only when `overwrite`.
//
// Throws InputError (naming file, layer, feature and vertex) for unreadable or non-lon/lat input,
// UsageError for an output extension no format writes or a multi-layer source into a one-layer
// format, OutputError when the output cannot be written.
void convert_vector_file(const std::string& in, const std::string& out, ChineseDatum from,
                         ChineseDatum to, bool overwrite);

// The same conversion for one geometry given as WKT in lon/lat (for layers already read).
std::string convert_wkt(const std::string& wkt, ChineseDatum from, ChineseDatum to);

}  // namespace lc::io
