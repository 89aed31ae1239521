#include "cmd_isochrones.hpp"


#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "access/isochrones.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "api/coverage_inputs.hpp"
#include "origin_options.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "api/memory_budget.hpp"
#include "network/snap.hpp"
#include "outputs.hpp"
#include "run_options.hpp"
#include "api/isochrone_run.hpp"
#include "api/pipeline.hpp"
#include "walk_options.hpp"

namespace lc::tools {

using namespace api;  // the engine's input and pipeline stages (engine/api)

namespace {

struct IsochroneOptions {
  std::string network, dem, season, walk_profile, facilities, catalog, category_field, id_field, crs, out, out_dir, out_crs;
  std::vector<std::string> categories;  // only these (all when empty)
  std::optional<double> speed;
  std::vector<double> minutes{5, 10, 15};
  double corridor_m = 50, merge_tolerance = 0.5;
  SnapFlags snap;  // --max-snap, --min-component
  bool service_areas = false, node_crossings = false, overwrite = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  unsigned threads = 0;
  std::string max_memory;  // --max-memory (api/memory_budget.hpp)
};

void validate(const IsochroneOptions& o) {
  if (o.out.empty() == o.out_dir.empty()) throw UsageError("give either --out FILE.gpkg or --out-dir DIR");
  if (o.minutes.empty()) throw UsageError("--minutes needs at least one value");
  for (double m : o.minutes)
    if (!(m > 0 && m < 1440)) throw UsageError("--minutes: values must be > 0 and < 1440");
  if (!(o.corridor_m > 0 && std::isfinite(o.corridor_m))) throw UsageError("--corridor must be > 0 metres");
  if (!o.out.empty()) {
    if (std::filesystem::path(o.out).extension() != ".gpkg" && o.service_areas)
      throw UsageError("--out " + o.out + ": two layers (isochrones, service_areas) need a GeoPackage; or use --out-dir");
    io::check_writable(o.out, o.overwrite, o.update);
  }
  if (!o.out_dir.empty() && !std::filesystem::is_directory(o.out_dir)) throw OutputError(o.out_dir, "folder does not exist");
}

// Bytes a row of the isochrones or service_areas table holds besides its WKT (cells, ids, the
// vectors' slack), and the factor for the WKT's copies while GEOS builds it and the writer reads it.
constexpr double kRowBytes = 256, kWktCopies = 2;

// The output rows grow with facilities x minutes, each as large as the streets it reaches: a
// sample of facilities (up to 4 of the first category, evenly spread) is drawn in full, and its
// mean bytes per row, times the rows to come, are checked before any other is drawn.
void check_isochrone_budget(const IsochroneOptions& o, const api::DrawStage& stage) {
  const LoadedNetwork& net = stage.network;
  const CategorizedFacilities& fac = stage.facilities;
  const auto& [category, members] = *fac.members.begin();
  const double speed = stage.speed(category);
  const network::Weights w = network::make_weights(net.graph, MetresPerSecond{speed});
  const network::Snapper snapper(net.graph);
  access::FacilitySet sample{category, {}, {}};
  const std::size_t step = std::max<std::size_t>(1, members.size() / 4);
  for (std::size_t i = 0; i < members.size() && sample.ids.size() < 4; i += step) {
    sample.ids.push_back(fac.points.ids[members[i]]);
    sample.anchors.push_back(reach::make_anchor(
        net.graph, w, snapper.snap(net.projector->forward(fac.points.lonlat[members[i]]), o.snap.options())));
  }
  const io::Table drawn = access::isochrones_table(net.graph, w, {sample}, *net.projector, {o.minutes, o.corridor_m});
  double bytes = 0;
  for (const auto& wkt : drawn.wkt) bytes += static_cast<double>(wkt.size()) * kWktCopies + kRowBytes;
  const double per_row = drawn.wkt.empty() ? kRowBytes : bytes / static_cast<double>(drawn.wkt.size());
  std::size_t facilities = 0;
  for (const auto& [id, m] : fac.members) facilities += m.size();
  // A row per facility and per category merged, per threshold; service areas add one per facility.
  const double rows = static_cast<double>((facilities + fac.members.size()) * o.minutes.size()) +
                      (o.service_areas ? static_cast<double>(facilities) : 0.0);
  const api::RunShape shape{net.graph.node_count(), net.graph.edge_count(), 0, facilities, fac.points.ids.size(),
                            fac.members.size(), 1, 0, api::worker_threads(o.threads), false};
  api::check_memory_budget(o.max_memory, shape,
                           {"the isochrones are drawn", {"use fewer {minutes} or {categories}", {"minutes", "categories"}}},
                           {{"isochrones: " + api::format_count(rows) + " rows of about " + api::format_bytes(static_cast<std::uint64_t>(per_row)) +
                                 " (drawn for a sample of " + std::to_string(sample.ids.size()) + " facilities)",
                             static_cast<std::uint64_t>(rows * per_row)}});
}

lifecircle::IsochroneRequest isochrone_request(const IsochroneOptions& o) {
  lifecircle::IsochroneRequest r;
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
  r.catalog = o.catalog.empty() ? default_catalog() : o.catalog;
  r.categories = o.categories;
  r.speed_mps = o.speed;
  r.minutes = o.minutes;
  r.corridor_m = o.corridor_m;
  r.service_areas = o.service_areas;
  r.max_snap_m = o.snap.max_snap;
  r.min_component = o.snap.min_component;
  return r;
}

void run_isochrones(const IsochroneOptions& o) {
  validate(o);
  const CommandContext context(o.threads);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
  api::IsochroneHooks hooks;
  hooks.before_drawing = [&o](const api::DrawStage& stage) { check_isochrone_budget(o, stage); };
  const api::IsochroneLayers layers = api::run_isochrones(isochrone_request(o), hooks);
  std::vector<const io::Table*> tables{&layers.isochrones};
  if (o.service_areas) tables.push_back(&layers.service_areas);
  if (!o.out.empty()) {
    write_result(o.out, tables, o.overwrite, o.out_crs, o.update);
    log::info("wrote " + o.out);
  }
  if (!o.out_dir.empty())
    for (const io::Table* t : tables) {
      const std::string path = o.out_dir + "/" + t->name + ".geojson";
      write_result(path, {t}, o.overwrite, o.out_crs);
      log::info("wrote " + path);
    }
}

}  // namespace

void setup_isochrones(CLI::App& app, CommandActions& actions) {
  auto o = std::make_shared<IsochroneOptions>();
  CLI::App* cmd = app.add_subcommand("isochrones", "Walking isochrones and service areas drawn from the reached streets");
  cmd->add_option("--network", o->network, "Street network: .osm.pbf/.osm, a GDAL line source FILE[:LAYER], or a PostGIS table \"PG:... tables=SCHEMA.TABLE\"")->required();
  cmd->add_option("--facilities", o->facilities, "Facilities FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"; OSM: categories from the catalog's tag rules")->required();
  cmd->add_option("--category-field", o->category_field, "Facility category field (catalog ids, or ad-hoc categories)");
  cmd->add_option("--id-field", o->id_field, "Facility id field (default: feature id)");
  cmd->add_option("--catalog", o->catalog, "Category catalog: walking speed per category")->default_str(default_catalog());
  add_categories_option(*cmd, o->categories);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of each category");
  cmd->add_option("--minutes", o->minutes, "Isochrone thresholds in minutes")->delimiter(',')->capture_default_str();
  cmd->add_option("--corridor", o->corridor_m, "Half-width of the walking corridor around reached streets, metres")->capture_default_str();
  cmd->add_flag("--service-areas", o->service_areas, "Also the nearest-facility partition (layer service_areas)");
  add_snap_options(*cmd, o->snap);
  add_dem_option(*cmd, o->dem);
  add_season_option(*cmd, o->season);
  add_walk_profile_option(*cmd, o->walk_profile);
  cmd->add_option("--crs", o->crs, "Metric working CRS, EPSG:N (default: UTM zone of the network)");
  cmd->add_option("--out", o->out, "Output: .gpkg with layers isochrones (and service_areas), or \"PG:... active_schema=SCHEMA\" (tables), or .geojson/.fgb for isochrones alone");
  cmd->add_option("--out-dir", o->out_dir, "Or: a folder for one GeoJSON per layer");
  add_out_crs_option(*cmd, o->out_crs);
  add_threads_option(*cmd, o->threads);
  cmd->add_flag("--node-crossings", o->node_crossings, "Split GIS lines where they cross");
  cmd->add_option("--merge-tolerance", o->merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
  cmd->add_flag("--overwrite", o->overwrite, "Replace existing output files");
  add_update_option(*cmd, o->update);
  add_max_memory_option(*cmd, o->max_memory);
  actions.on_run(*cmd, [o] { run_isochrones(*o); });
}

}  // namespace lc::tools
