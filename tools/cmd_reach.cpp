#include "cmd_reach.hpp"

#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "api/pipeline.hpp"
#include "access/catalog.hpp"
#include "api/reach_run.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/crs.hpp"
#include "io/postgis.hpp"
#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "api/memory_budget.hpp"
#include "origin_options.hpp"
#include "outputs.hpp"
#include "run_options.hpp"
#include "walk_options.hpp"

namespace lc::tools {

namespace {

struct ReachOptions {
  std::string network, dem, season, walk_profile, facilities, origins, out;
  std::string category_field, id_field, origin_id_field;
  std::string catalog;                  // set: facility categories by the catalog's rules
  std::vector<std::string> categories;  // set: only these categories, each one written
  std::optional<double> speed;  // 1.0 m/s without it
  std::vector<double> thresholds_min{5, 10, 15};
  unsigned k = 3;
  SnapFlags snap;  // --max-snap, --min-component
  std::string crs;
  unsigned threads = 0;
  bool node_crossings = false;
  double merge_tolerance = 0.5;
  bool overwrite = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  std::string max_memory;  // --max-memory (api/memory_budget.hpp)
  std::string out_crs;
};

void validate(const ReachOptions& o) {
  if (o.k < 1 || o.k > 16) throw UsageError("--k must be between 1 and 16");
  if (o.thresholds_min.empty()) throw UsageError("--thresholds needs at least one value");
  for (double t : o.thresholds_min)
    if (!(t > 0 && t < 24 * 60)) throw UsageError("--thresholds: minutes must be > 0 and < 1440");
  const std::string ext = std::filesystem::path(o.out).extension().string();
  if (ext != ".csv" && ext != ".gpkg" && ext != ".geojson" && ext != ".fgb" && !io::is_postgis(o.out))
    throw UsageError("--out " + o.out + ": use .csv, .gpkg, .geojson, .fgb or a PostGIS database PG:...");
}

bool is_csv(const std::string& path) { return path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0; }

std::string fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string header(const ReachOptions& o) {
  std::string h = "origin_id,category,nearest_s,nearest_id";
  for (unsigned i = 2; i <= o.k; ++i) h += ",k" + std::to_string(i) + "_s";
  for (double t : o.thresholds_min) h += ",count_" + io::minutes_label(t);
  return h + ",snap_m\n";
}

// CSV field quoting for ids and categories that carry commas or quotes.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void write_rows(io::AtomicFile& out, const ReachOptions& o, const lifecircle::ReachResult& origins,
                const lifecircle::ReachCategory& cat) {
  const std::size_t T = origins.thresholds_min.size();
  for (std::size_t i = 0; i < origins.origin_ids.size(); ++i) {
    const bool snapped = !std::isnan(origins.snap_m[i]);
    std::string row = csv_field(origins.origin_ids[i]) + "," + csv_field(cat.id);
    for (unsigned j = 0; j < o.k; ++j) {
      const double s = cat.nearest_s[i * o.k + j];
      row += "," + (std::isnan(s) ? std::string() : fmt1(s));
      if (j == 0) row += "," + (std::isnan(s) ? std::string() : csv_field(cat.nearest_id[i]));
    }
    for (std::size_t t = 0; t < T; ++t) row += "," + (snapped ? std::to_string(cat.counts[i * T + t]) : "");
    row += "," + (snapped ? fmt1(origins.snap_m[i]) : "");
    out.write(row + "\n");
  }
}

// The same columns as the CSV, times rounded to 0.1 s as there, and the origin as a point.
io::Table reach_table(const ReachOptions& o) {
  io::Table t{"reach", "", {{"origin_id"}, {"category"}, {"nearest_s", io::FieldType::real}, {"nearest_id"}}, true, {}, {}};
  for (unsigned i = 2; i <= o.k; ++i) t.fields.push_back({"k" + std::to_string(i) + "_s", io::FieldType::real});
  for (double m : o.thresholds_min) t.fields.push_back({"count_" + io::minutes_label(m), io::FieldType::integer});
  t.fields.push_back({"snap_m", io::FieldType::real});
  std::string minutes;
  for (double m : o.thresholds_min) minutes += (minutes.empty() ? "" : "/") + io::format_cell(m);
  // In a season the one speed walks at the general profile's factor, under --walk-profile at that
  // profile's speed and factor (api::reach_speed_mps).
  std::string speed = io::format_cell(o.speed.value_or(1.0)) + " m/s";
  if (!o.walk_profile.empty()) {
    const auto c = access::with_walk_profile(
        access::with_season(access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog), o.season), o.walk_profile);
    const access::SpeedProfile* p = c.find_profile(o.walk_profile);
    std::string how = o.speed ? "--speed " + io::format_cell(*o.speed) + " m/s" : "the catalog's " + o.walk_profile + " profile";
    if (!o.season.empty()) how += " x " + io::format_cell(p->season_factor) + " in " + o.season;
    speed = io::format_cell(o.speed ? *o.speed * p->season_factor : p->speed_mps) + " m/s (" + how + ")";
  } else if (!o.season.empty()) {
    const auto c = access::with_season(access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog), o.season);
    const double f = access::season_factor(c, "general");
    speed = io::format_cell(o.speed.value_or(1.0) * f) + " m/s (" + speed + " x " + io::format_cell(f) +
            ", the general profile's factor in " + o.season + ")";
  }
  if (!o.walk_profile.empty())
    speed += " on the streets of the " + o.walk_profile + " profile (no steps, raised kerbs or wheelchair=no; --walk-profile)";
  t.description = "Walking time from every origin to the nearest facilities of each category over the network at " +
                  speed + " (seconds, including the walks to and from the street; empty: none "
                  "reachable), the " + std::to_string(o.k) + " nearest distinct facilities, facilities within " + minutes +
                  " min, snap distance; origins and facilities farther than " + io::format_cell(o.snap.max_snap) +
                  " m from a street are not snapped";
  return t;
}

double tenth(double v) { return std::round(v * 10.0) / 10.0; }

void add_rows(io::Table& t, const ReachOptions& o, const lifecircle::ReachResult& origins,
              const lifecircle::ReachCategory& cat) {
  const std::size_t T = origins.thresholds_min.size();
  for (std::size_t i = 0; i < origins.origin_ids.size(); ++i) {
    const bool snapped = !std::isnan(origins.snap_m[i]);
    std::vector<io::Cell> row{origins.origin_ids[i], cat.id};
    for (unsigned j = 0; j < o.k; ++j) {
      const double s = cat.nearest_s[i * o.k + j];
      row.push_back(std::isnan(s) ? io::Cell{} : io::Cell{tenth(s)});
      if (j == 0) row.push_back(std::isnan(s) ? io::Cell{} : io::Cell{cat.nearest_id[i]});
    }
    for (std::size_t k = 0; k < T; ++k)
      row.push_back(snapped ? io::Cell{static_cast<long long>(cat.counts[i * T + k])} : io::Cell{});
    row.push_back(snapped ? io::Cell{tenth(origins.snap_m[i])} : io::Cell{});
    t.add(std::move(row), api::point_wkt({origins.origin_at[i].lon, origins.origin_at[i].lat}));
  }
}

// `--origins nodes`: every graph node is an origin, named by its node id and standing on the
// network (no snapping leg), so one run gives the times at every node.
constexpr const char* kNodeOrigins = "nodes";

lifecircle::ReachRequest reach_request(const ReachOptions& o) {
  lifecircle::ReachRequest r;
  r.network.path = o.network;
  r.network.merge_tolerance_m = o.merge_tolerance;
  r.network.node_crossings = o.node_crossings;
  r.network.dem = o.dem;
  r.season = o.season;
  r.network.walk_profile = o.walk_profile;
  if (!o.crs.empty()) r.network.epsg = io::parse_epsg(o.crs);
  r.facilities.path = o.facilities;
  r.facilities.category_field = o.category_field;
  r.facilities.id_field = o.id_field;
  r.origins_at_nodes = o.origins == kNodeOrigins;
  if (!r.origins_at_nodes) r.origins.path = o.origins, r.origins.fields.id = o.origin_id_field;
  r.catalog = o.catalog;
  r.categories = o.categories;
  r.speed_mps = o.speed;
  r.thresholds_min = o.thresholds_min;
  r.k = o.k;
  r.max_snap_m = o.snap.max_snap;
  r.min_component = o.snap.min_component;
  return r;
}

void run_reach(const ReachOptions& o) {
  validate(o);
  check_facility_flags(o.facilities, o.category_field, o.id_field, !o.catalog.empty());
  io::check_writable(o.out, o.overwrite, o.update);  // fail before the work, not after
  const CommandContext context(o.threads);
  api::ReachHooks hooks;
  hooks.before_searches = [&o](const api::RunSizes& s) {
    api::check_memory_budget(o.max_memory, {s.nodes, s.edges, s.origins, s.access_points, s.facilities, s.categories, o.k,
                                            static_cast<unsigned>(o.thresholds_min.size()), api::worker_threads(o.threads), false,
                                            !is_csv(o.out)});
  };
  std::optional<io::AtomicFile> out;
  io::Table table = reach_table(o);
  const auto sink = [&](const lifecircle::ReachResult& origins, const lifecircle::ReachCategory& cat) {
    if (is_csv(o.out)) {
      if (!out) out.emplace(o.out, o.overwrite), out->write(header(o));
      write_rows(*out, o, origins, cat);
    } else {
      add_rows(table, o, origins, cat);
    }
  };
  api::run_reach(reach_request(o), hooks, sink);
  if (is_csv(o.out)) {
    if (!out) out.emplace(o.out, o.overwrite), out->write(header(o));
    out->commit();
  } else {
    write_result(o.out, {&table}, o.overwrite, o.out_crs, o.update);
  }
  log::info("wrote " + o.out);
}

}  // namespace

void setup_reach(CLI::App& app, CommandActions& actions) {
  auto opt = std::make_shared<ReachOptions>();
  CLI::App* cmd = app.add_subcommand("reach", "Walking times from every origin to every facility category");
  cmd->add_option("--network", opt->network, "Street network: .osm.pbf/.osm, any GDAL line source FILE[:LAYER], or a PostGIS table \"PG:... tables=SCHEMA.TABLE\"")->required();
  cmd->add_option("--facilities", opt->facilities, "Facility points or polygons FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\" (OSM: categories from tags)")->required();
  cmd->add_option("--origins", opt->origins, "Origins (homes, grid cells) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"; OSM: buildings; 'nodes': every graph node")->required();
  cmd->add_option("--out", opt->out, "Output: .csv table, or the reach layer as .gpkg, .geojson, .fgb or a PostGIS table \"PG:... active_schema=SCHEMA\"")->required();
  add_out_crs_option(*cmd, opt->out_crs);
  cmd->add_option("--category-field", opt->category_field, "Facility field holding the category (default: one category 'all')");
  cmd->add_option("--catalog", opt->catalog, "Categories by this catalog's rules (OSM tags, Amap codes, names) instead of the built-in OSM mapping");
  add_categories_option(*cmd, opt->categories);
  cmd->add_option("--id-field", opt->id_field, "Facility id field (default: feature id)");
  cmd->add_option("--origin-id-field", opt->origin_id_field, "Origin id field (default: feature id)");
  add_speed_option(*cmd, opt->speed, "1.0 m/s (under --walk-profile the catalog's speed of that profile)");
  cmd->add_option("--thresholds", opt->thresholds_min, "Thresholds in minutes")->delimiter(',')->capture_default_str();
  cmd->add_option("--k", opt->k, "How many nearest distinct facilities")->capture_default_str();
  add_snap_options(*cmd, opt->snap);
  add_dem_option(*cmd, opt->dem);
  add_season_option(*cmd, opt->season);
  add_walk_profile_option(*cmd, opt->walk_profile);
  cmd->add_option("--crs", opt->crs, "Metric working CRS, EPSG:N (default: UTM zone of the network)");
  add_threads_option(*cmd, opt->threads);
  cmd->add_flag("--node-crossings", opt->node_crossings, "Split GIS lines where they cross (GEOS noding)");
  cmd->add_option("--merge-tolerance", opt->merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
  cmd->add_flag("--overwrite", opt->overwrite, "Replace an existing output file");
  add_update_option(*cmd, opt->update);
  add_max_memory_option(*cmd, opt->max_memory);
  actions.on_run(*cmd, [opt] { run_reach(*opt); });
}

}  // namespace lc::tools
