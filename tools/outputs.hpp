// tools: the one way every command writes a result: the format by extension (GeoPackage with
// every layer, GeoJSON/FlatGeobuf for one layer, CSV for one table), the QGIS styles of the
// layers attached (report/styles), geometries in the CRS of --out-crs, and the command line that
// made the result appended to every layer's description.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "io/table.hpp"
#include "io/table_writer.hpp"

namespace lc::tools {

// Throws UsageError, InputError or OutputError; an existing `path` is replaced only with `overwrite`.
// With `update` the tables are added as layers to the GeoPackage `path` (io::WriteOptions::update).
void write_result(const std::string& path, const std::vector<const io::Table*>& tables, bool overwrite,
                  const std::string& out_crs, bool update = false);

// A new GeoPackage `path` written while a command computes its largest layers (`streamed`, coverage's
// origin_access and gaps), with what write_result gives every layer (--out-crs, the command line in
// the descriptions); rows are appended to it as they come. finish_result_stream writes the other
// layers of `tables` and the styles chosen from `style_tables` (the tables as layer_styles reads
// them: a streamed layer's digest in place of its rows).
std::unique_ptr<io::GpkgStream> open_result_stream(const std::string& path, const std::vector<const io::Table*>& streamed,
                                                   bool overwrite, const std::string& out_crs);
void finish_result_stream(io::GpkgStream& stream, const std::vector<const io::Table*>& tables,
                          const std::vector<const io::Table*>& style_tables);

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
// The same for a command whose options were set without a parse (a job task: job_runner).
void guard_command_inputs(const CLI::App& cmd, bool install);

// The command line of this run, kept for the layer descriptions (called once by main).
void remember_command_line(int argc, const char* const* argv);

}  // namespace lc::tools
