#include "outputs.hpp"

#include <ogr_spatialref.h>

#include "api/results.hpp"
#include "cli_errors.hpp"
#include "commands.hpp"
#include "core/context.hpp"
#include "core/error.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/postgis.hpp"
#include "io/vector_reader.hpp"
#include "jobs/job_file.hpp"

namespace lc::tools {

namespace {

std::string& command_line() {
  static std::string line;
  return line;
}

std::string shell_word(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`;&|<>()*?") == std::string::npos) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
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
    // Options that hold paths are told apart by their job keys, the ones the job runner resolves
    // against the job's folders (jobs/job_file.hpp; positional IN/OUT are `input`/`output`).
    const std::string key = task_key(*opt);
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

api::ResultOptions result_options(bool overwrite, const std::string& out_crs, bool update) {
  return {overwrite, out_crs, update, command_line().empty() ? "" : "Made by: " + command_line()};
}

void write_result(const std::string& path, const std::vector<const io::Table*>& tables, bool overwrite,
                  const std::string& out_crs, bool update) {
  api::write_result(path, tables, result_options(overwrite, out_crs, update));
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
            // CLI11 puts the option's name before a validator's message: the message is without it.
            int epsg = 0;
            try {
              epsg = api::out_epsg(value);
            } catch (const UsageError& e) {
              std::string message = cli_message(e);
              return message.starts_with("--out-crs: ") ? message.substr(11) : message;
            }
            OGRSpatialReference srs;
            return srs.importFromEPSG(epsg) == OGRERR_NONE ? std::string() : "unknown CRS EPSG:" + std::to_string(epsg);
          },
          "EPSG:N"));
}

}  // namespace lc::tools
