// tools: the one way every command writes a result: the format by extension (GeoPackage with
// every layer, GeoJSON/FlatGeobuf for one layer, CSV for one table), the QGIS styles of the
// layers attached (report/styles), geometries in the CRS of --out-crs, and the command line that
// made the result appended to every layer's description.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "io/table.hpp"

namespace lc::tools {

// Throws UsageError, InputError or OutputError; an existing `path` is replaced only with `overwrite`.
void write_result(const std::string& path, const std::vector<const io::Table*>& tables, bool overwrite,
                  const std::string& out_crs);

// --out-crs EPSG:N, checked when the command line is parsed (a CRS that PROJ does not know is a
// usage error).
void add_out_crs_option(CLI::App& cmd, std::string& out_crs);

// The command line of this run, kept for the layer descriptions (called once by main).
void remember_command_line(int argc, const char* const* argv);

}  // namespace lc::tools
