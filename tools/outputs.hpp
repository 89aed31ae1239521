// tools: the options every command writes its results with (--out-crs, --update), the command line
// that made a result for its layers' descriptions, and the guard that no output replaces an input.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "api/results.hpp"
#include "io/table.hpp"

namespace lc::tools {

// How the command line writes a result (api/results.hpp: the format by the path, the styles): an
// existing file replaced only with --overwrite, geometries in --out-crs, layers added with --update,
// and the command line that made it in every layer's description. write_result is the shorthand.
api::ResultOptions result_options(bool overwrite, const std::string& out_crs, bool update = false);
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
// The same for a command whose options were set without a parse (a job task: job_runner).
void guard_command_inputs(const CLI::App& cmd, bool install);

// The command line of this run, kept for the layer descriptions (called once by main).
void remember_command_line(int argc, const char* const* argv);

}  // namespace lc::tools
