#include "walk_options.hpp"


#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "cli_errors.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/crs.hpp"
#include "io/table_writer.hpp"
#include "outputs.hpp"
#include "run_options.hpp"

namespace lc::tools {

namespace {

// The number a value holds, all of it ("12", "0.8", "1e2"; not "12m", "", "nan", "inf").
bool parse_number(const std::string& text, double& value) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno != ERANGE && std::isfinite(value);
}

// A check run when the command line (or a job task) is parsed: "" when the text is a number that
// `ok` accepts, else CLI11 reports "--OPTION: must be WHAT, got 'TEXT'" (exit 2).
CLI::Validator number_check(const std::string& what, bool (*ok)(double)) {
  return CLI::Validator(
      [what, ok](std::string& text) -> std::string {
        double v = 0;
        return parse_number(text, v) && ok(v) ? std::string() : "must be " + what + ", got '" + text + "'";
      },
      what);
}

}  // namespace

std::string speed_text(const std::optional<double>& speed, const access::Catalog& catalog) {
  return api::speed_text(speed, catalog).word(flag_of);
}

void add_snap_options(CLI::App& cmd, SnapFlags& snap) {
  cmd.add_option("--max-snap", snap.max_snap, "Farthest snap to the network, metres")
      ->capture_default_str()
      ->check(number_check("a distance in metres >= 0", [](double v) { return v >= 0; }));
  cmd.add_option("--min-component", snap.min_component,
                 "Do not snap to network components with fewer nodes (0: to any)")
      ->capture_default_str()
      ->check(number_check("a whole number of nodes >= 0",
                           [](double v) { return v >= 0 && v <= 4294967295.0 && v == std::floor(v); }));
}

void add_speed_option(CLI::App& cmd, std::optional<double>& speed, const std::string& without) {
  cmd.add_option("--speed", speed, "One walking speed in m/s for every category, instead of the catalog's speed profiles "
                                   "(distance thresholds stay distances); without it: " + without)
      ->check(number_check("a walking speed in m/s > 0", [](double v) { return v > 0; }));
}

void add_dem_option(CLI::App& cmd, std::string& dem) {
  cmd.add_option("--dem", dem,
                 "Digital elevation model (any GDAL raster, heights in metres): uphill and downhill walked at Tobler's "
                 "speeds, level ground at the profile's speed");
}

void add_walk_profile_option(CLI::App& cmd, std::string& walk_profile) {
  cmd.add_option("--walk-profile", walk_profile,
                 "wheelchair: OSM steps, raised kerbs (kerb=raised, barrier=kerb not lowered or flush) and "
                 "wheelchair=no ways and nodes closed, every category at the catalog's wheelchair speed (docs/network.md)")
      ->check(CLI::IsMember({"wheelchair"}));
}

void add_season_option(CLI::App& cmd, std::string& season) {
  cmd.add_option("--season", season,
                 "winter: walking speeds scaled by the catalog's winter factor of each speed profile (snow and ice); "
                 "with one speed (--speed), the general profile's")
      ->check(CLI::IsMember({"winter"}));
}

lifecircle::NetworkSource NetworkFlags::network_source() const {
  lifecircle::NetworkSource s;
  s.path = network;
  s.merge_tolerance_m = merge_tolerance;
  s.node_crossings = node_crossings;
  s.dem = dem;
  s.walk_profile = walk_profile;
  if (!crs.empty()) s.epsg = io::parse_epsg(crs);
  return s;
}

void add_network_options(CLI::App& cmd, NetworkFlags& flags, bool noding) {
  cmd.add_option("--network", flags.network, "Street network: .osm.pbf/.osm, a GDAL line source FILE[:LAYER], or a PostGIS table \"PG:... tables=SCHEMA.TABLE\"")->required();
  add_dem_option(cmd, flags.dem);
  add_season_option(cmd, flags.season);
  add_walk_profile_option(cmd, flags.walk_profile);
  cmd.add_option("--crs", flags.crs, "Metric working CRS, EPSG:N (default: UTM zone of the network)");
  if (!noding) return;
  cmd.add_flag("--node-crossings", flags.node_crossings, "Split GIS lines where they cross (GEOS noding)");
  cmd.add_option("--merge-tolerance", flags.merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
}

void add_output_options(CLI::App& cmd, OutputFlags& flags) {
  add_out_crs_option(cmd, flags.out_crs);
  cmd.add_flag("--overwrite", flags.overwrite, "Replace existing output files");
  add_update_option(cmd, flags.update);
  add_threads_option(cmd, flags.threads);
  add_max_memory_option(cmd, flags.max_memory);
}

void add_categories_option(CLI::App& cmd, std::vector<std::string>& ids) {
  cmd.add_option("--categories", ids,
                 "Only these category ids, e.g. convenience_store,pharmacy; each is computed even without facilities "
                 "(an id neither in the catalog nor among the facilities is an error)")
      ->delimiter(',');
}

}  // namespace lc::tools
