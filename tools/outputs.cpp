#include "outputs.hpp"

#include <ogr_spatialref.h>

#include "core/error.hpp"
#include "io/crs.hpp"
#include "io/table_writer.hpp"
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

}  // namespace

void remember_command_line(int argc, const char* const* argv) {
  std::string line = "lifecircle";
  for (int i = 1; i < argc; ++i) line += " " + shell_word(argv[i]);
  command_line() = line;
}

void write_result(const std::string& path, const std::vector<const io::Table*>& tables, bool overwrite,
                  const std::string& out_crs) {
  const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  if (csv) {
    if (tables.size() != 1) throw UsageError(path + ": several layers need a GeoPackage (.gpkg)");
    io::write_csv(path, *tables[0], overwrite);  // a table: lon/lat columns, no geometry, no CRS
    return;
  }
  io::WriteOptions options;
  options.out_epsg = out_epsg(out_crs);
  options.styles = report::layer_styles(tables);
  if (!command_line().empty()) options.provenance = "Made by: " + command_line();
  io::write_tables(path, tables, overwrite, options);
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
