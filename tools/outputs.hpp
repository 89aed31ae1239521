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
// With `update` the tables are added as layers to the GeoPackage `path` (io::WriteOptions::update).
void write_result(const std::string& path, const std::vector<const io::Table*>& tables, bool overwrite,
                  const std::string& out_crs, bool update = false);

// --update: the result layers go into an existing GeoPackage --out, replacing only the layers of the
// same names (and their styles); every other layer is kept. The `ogr2ogr -update` habit.
void add_update_option(CLI::App& cmd, bool& update);

// --out-crs EPSG:N, checked when the command line is parsed (a CRS that PROJ does not know is a
// usage error).
void add_out_crs_option(CLI::App& cmd, std::string& out_crs);

// An output must never destroy an input. Looks at the command `root` parsed (its innermost
// subcommand): every output path (--out, --out-dir, --summary, --gap-report, --report, OUT) is
// compared by file identity (io::same_file: relative paths, "./", symlinks and hard links
// included) with every input it reads (FILE or FILE:LAYER options, IN, and the default catalog and
// checklist of a command that has those options); one that is the same file is a UsageError
// naming both. With `install`, the inputs also go into the current context (Context::inputs),
// where every write checks them again: the files an output folder receives, .qml sidecars.
void guard_inputs(const CLI::App& root, bool install);

// The command line of this run, kept for the layer descriptions (called once by main).
void remember_command_line(int argc, const char* const* argv);

}  // namespace lc::tools
