#include "outputs.hpp"

#include <ogr_spatialref.h>

#include <cctype>

#include "core/context.hpp"
#include "core/error.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/crs.hpp"
#include "io/postgis.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "jobs/job_file.hpp"
#include "report/styles.hpp"

namespace lc::tools {

namespace {

std::string& command_line() {
  static std::string line;
  return line;
}

int out_epsg(const std::string& text) {
  if (text.empty()) return 4326;
  try {
    return io::parse_epsg(text);
  } catch (const UsageError&) {
    throw UsageError("--out-crs: expected EPSG:N, got '" + text + "'");
  }
}

std::string shell_word(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`;&|<>()*?") == std::string::npos) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Options that hold paths are told apart by their names, the same ones the job runner resolves
// against the job's folders (jobs/job_file.hpp); positional IN/OUT are `input`/`output` there.
std::string path_key(const CLI::Option& opt) {
  if (!opt.get_lnames().empty()) return opt.get_lnames().front();
  std::string name = opt.get_name(true);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "in" ? "input" : name == "out" ? "output" : name;
}

struct FileArg {
  std::string what;  // "--network", "IN", "--catalog (default)"
  std::string spec;  // as given, FILE or FILE:LAYER
};

std::string shown_name(const CLI::Option& opt) {
  return opt.get_lnames().empty() ? opt.get_name(true) : "--" + opt.get_lnames().front();
}

// --report-sites takes [CATEGORY=]FILE: the file is after the '='.
std::string file_part(const std::string& value) {
  if (io::is_postgis(value)) return value;  // PG:key=value ... is one source
  const auto eq = value.find('=');
  return eq != std::string::npos && value.find('/') > eq ? value.substr(eq + 1) : value;
}

std::vector<FileArg> file_args(const CLI::App& cmd, bool inputs) {
  std::vector<FileArg> out;
  for (const CLI::Option* opt : cmd.get_options()) {
    const std::string key = path_key(*opt);
    if (!(inputs ? jobs::is_input_path_key(key) : jobs::is_output_path_key(key))) continue;
    for (const std::string& value : opt->results())
      if (!value.empty()) out.push_back({shown_name(*opt), file_part(value)});
  }
  if (!inputs) return out;
  // Files a command reads when the option is not given: the project's catalog and checklist.
  for (const auto& [option, file] : {std::pair<const char*, const char*>{"--catalog", "geo/categories.toml"},
                                     {"--checklist", "checklist/wuhai-2023.toml"}})
    if (const CLI::Option* opt = cmd.get_option_no_throw(option); opt && opt->count() == 0)
      out.push_back({std::string(option) + " (default)", data_path(file)});
  return out;
}

const CLI::App& innermost(const CLI::App& app) {
  const auto subs = app.get_subcommands();
  return subs.empty() ? app : innermost(*subs.front());
}

}  // namespace

void guard_inputs(const CLI::App& root, bool install) { guard_command_inputs(innermost(root), install); }

void guard_command_inputs(const CLI::App& cmd, bool install) {
  const std::vector<FileArg> inputs = file_args(cmd, true);
  const CLI::Option* update = cmd.get_option_no_throw("--update");
  const bool updating = update && update->count() > 0 && update->as<bool>();
  for (const FileArg& out : file_args(cmd, false)) {
    // --update adds layers to --out: it may be an input, as long as the layers read are kept
    // (io::check_update_keeps_inputs, once the layers written are known).
    if (updating && out.what == "--out") continue;
    for (const FileArg& in : inputs)
      if (io::same_file(out.spec, io::parse_layer_ref(in.spec).file))
        throw UsageError(out.what + " " + out.spec + " is the same file as the input " + in.what + " " + in.spec +
                         ": an output never replaces an input (write it elsewhere" +
                         (update && out.what == "--out" ? std::string(", or add the results to it as new layers with --update)") : ")"));
  }
  if (!install) return;
  auto& installed = current_context().inputs;
  installed.clear();
  for (const FileArg& in : inputs) installed.emplace(in.spec, in.what);
}

void remember_command_line(int argc, const char* const* argv) {
  std::string line = "lifecircle";
  for (int i = 1; i < argc; ++i) line += " " + shell_word(argv[i]);
  command_line() = io::redacted(line);  // a PG: password never reaches a layer description
}

void write_result(const std::string& path, const std::vector<const io::Table*>& tables, bool overwrite,
                  const std::string& out_crs, bool update) {
  const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  if (csv) {
    if (update) throw UsageError(path + ": only a GeoPackage (.gpkg) takes results as added layers");
    if (tables.size() != 1) throw UsageError(path + ": several layers need a GeoPackage (.gpkg)");
    io::write_csv(path, *tables[0], overwrite);  // a table: lon/lat columns, no geometry, no CRS
    return;
  }
  io::WriteOptions options;
  options.out_epsg = out_epsg(out_crs);
  options.update = update;
  options.styles = report::layer_styles(tables);
  if (!command_line().empty()) options.provenance = "Made by: " + command_line();
  io::write_tables(path, tables, overwrite, options);
}

std::unique_ptr<io::GpkgStream> open_result_stream(const std::string& path, const std::vector<const io::Table*>& streamed,
                                                   bool overwrite, const std::string& out_crs) {
  io::WriteOptions options;
  options.out_epsg = out_epsg(out_crs);
  if (!command_line().empty()) options.provenance = "Made by: " + command_line();
  std::vector<io::StreamedLayer> layers;
  for (const io::Table* t : streamed) layers.push_back({t, "POINT"});
  return std::make_unique<io::GpkgStream>(path, layers, overwrite, options);
}

void finish_result_stream(io::GpkgStream& stream, const std::vector<const io::Table*>& tables,
                          const std::vector<const io::Table*>& style_tables) {
  stream.finish(tables, report::layer_styles(style_tables));
}

void add_update_option(CLI::App& cmd, bool& update) {
  cmd.add_flag("--update", update,
               "Add the result layers to the existing GeoPackage --out (or PostGIS schema), replacing only layers of the same names; "
               "it may be an input as long as none of its layers read is replaced");
}

void add_out_crs_option(CLI::App& cmd, std::string& out_crs) {
  cmd.add_option("--out-crs", out_crs, "CRS of the written geometries, EPSG:N (default EPSG:4326, WGS84; lon/lat and x/y columns stay WGS84)")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            int epsg = 0;
            try {
              epsg = out_epsg(value);
            } catch (const UsageError& e) {
              return e.what();
            }
            OGRSpatialReference srs;
            return srs.importFromEPSG(epsg) == OGRERR_NONE ? std::string() : "--out-crs: unknown CRS EPSG:" + std::to_string(epsg);
          },
          "EPSG:N"));
}

}  // namespace lc::tools
