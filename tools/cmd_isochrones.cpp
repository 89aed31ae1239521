#include "cmd_isochrones.hpp"


#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

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
#include "memory_budget.hpp"
#include "network/snap.hpp"
#include "outputs.hpp"
#include "api/pipeline.hpp"
#include "walk_options.hpp"

namespace lc::tools {

using namespace api;  // the engine's input and pipeline stages (engine/api)

namespace {

struct IsochroneOptions {
  std::string network, facilities, catalog, category_field, id_field, crs, out, out_dir, out_crs;
  std::vector<std::string> categories;  // only these (all when empty)
  std::optional<double> speed;
  std::vector<double> minutes{5, 10, 15};
  double corridor_m = 50, merge_tolerance = 0.5;
  SnapFlags snap;  // --max-snap, --min-component
  bool service_areas = false, node_crossings = false, overwrite = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  unsigned threads = 0;
  std::string max_memory;  // --max-memory (memory_budget.hpp)
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
void check_isochrone_budget(const IsochroneOptions& o, const access::Catalog& catalog, const LoadedNetwork& net,
                            const CategorizedFacilities& fac) {
  const auto& [category, members] = *fac.members.begin();
  const double speed = rule_for(category, catalog, 15, o.speed).speed;
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
  const RunShape shape{net.graph.node_count(), net.graph.edge_count(), 0, facilities, fac.points.ids.size(),
                       fac.members.size(), 1, 0, worker_threads(o.threads), false};
  check_memory_budget(o.max_memory, shape, {"the isochrones are drawn", "use fewer --minutes or --categories"},
                      {{"isochrones: " + format_count(rows) + " rows of about " + format_bytes(static_cast<std::uint64_t>(per_row)) +
                            " (drawn for a sample of " + std::to_string(sample.ids.size()) + " facilities)",
                        static_cast<std::uint64_t>(rows * per_row)}});
}

// One category's facilities at its walking speed: the tables of each category are built on that
// category's weights and appended in category order.
struct Layers {
  io::Table isochrones, service_areas;
};

void append(io::Table& into, io::Table&& part) {
  if (into.fields.empty()) {
    into = std::move(part);
    return;
  }
  for (std::size_t r = 0; r < part.rows.size(); ++r) into.add(std::move(part.rows[r]), std::move(part.wkt[r]));
}

std::string minutes_text(const std::vector<double>& minutes) {
  std::string s;
  for (double m : minutes) s += (s.empty() ? "" : "/") + io::format_cell(m);
  return s;
}

Layers build(const IsochroneOptions& o, const access::Catalog& catalog, const LoadedNetwork& net,
             const CategorizedFacilities& fac) {
  const network::Snapper snapper(net.graph);
  const network::SnapOptions so = o.snap.options();
  Layers out;
  std::string speeds;
  for (const auto& [category, members] : fac.members) {
    const double speed = rule_for(category, catalog, 15, o.speed).speed;
    const network::Weights w = network::make_weights(net.graph, MetresPerSecond{speed});
    access::FacilitySet set{category, {}, {}};
    std::size_t unsnapped = 0;
    for (auto i : members) {
      const network::Snap s = snapper.snap(net.projector->forward(fac.points.lonlat[i]), so);
      unsnapped += !s.snapped();
      set.ids.push_back(fac.points.ids[i]);
      set.anchors.push_back(reach::make_anchor(net.graph, w, s));
    }
    if (unsnapped)
      log::warn(category + ": " + std::to_string(unsnapped) + " facilities farther than --max-snap from a walkable street have no isochrone");
    append(out.isochrones, access::isochrones_table(net.graph, w, {set}, *net.projector, {o.minutes, o.corridor_m}));
    if (o.service_areas)
      append(out.service_areas, access::service_areas_table(net.graph, w, {set}, *net.projector, o.corridor_m));
    speeds += (speeds.empty() ? "" : ", ") + category + " " + io::format_cell(speed) + " m/s";
    log::info("category " + category + ": " + std::to_string(members.size()) + " facilities at " + io::format_cell(speed) + " m/s");
  }
  const std::string walk = " (walking speeds: " + speeds + "; snapping up to " + io::format_cell(o.snap.max_snap) + " m)";
  out.isochrones.description = "Streets reached within " + minutes_text(o.minutes) + " min of each facility and of its "
                               "category merged (facility_id empty), cut where the walk ends and widened by a " +
                               io::format_cell(o.corridor_m) + " m corridor" + walk;
  out.service_areas.description = "Each street piece given to its nearest facility of the category; a facility's pieces "
                                  "widened by a " + io::format_cell(o.corridor_m) + " m corridor" + walk;
  return out;
}

void run_isochrones(const IsochroneOptions& o) {
  validate(o);
  const CommandContext context(o.threads);
  const access::Catalog catalog = access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
  NetworkSource src{o.network, io::is_osm_path(o.network), {}, {o.merge_tolerance, o.node_crossings}};
  const LoadedNetwork net = load_network(src, o.crs.empty() ? std::nullopt : std::optional<int>(io::parse_epsg(o.crs)));
  CategorizedFacilities fac = load_catalog_facilities(o.facilities, catalog, o.category_field, o.id_field);
  select_categories(o.categories, known_categories(&catalog, fac.members), fac.members, o.facilities);
  std::erase_if(fac.members, [](const auto& m) { return m.second.empty(); });  // nothing to draw
  if (fac.members.empty()) throw InputError({o.facilities, "", ""}, "no facilities of any category");
  check_isochrone_budget(o, catalog, net, fac);
  Layers layers = build(o, catalog, net, fac);
  if (layers.isochrones.fields.empty()) throw InputError({o.facilities, "", ""}, "no facility could be drawn");
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

void setup_isochrones(CLI::App& app) {
  auto o = std::make_shared<IsochroneOptions>();
  CLI::App* cmd = app.add_subcommand("isochrones", "Walking isochrones and service areas drawn from the reached streets");
  cmd->add_option("--network", o->network, "Street network: .osm.pbf/.osm or a GDAL line source FILE[:LAYER]")->required();
  cmd->add_option("--facilities", o->facilities, "Facilities FILE[:LAYER]; OSM: categories from the catalog's tag rules")->required();
  cmd->add_option("--category-field", o->category_field, "Facility category field (catalog ids, or ad-hoc categories)");
  cmd->add_option("--id-field", o->id_field, "Facility id field (default: feature id)");
  cmd->add_option("--catalog", o->catalog, "Category catalog: walking speed per category")->default_str(default_catalog());
  add_categories_option(*cmd, o->categories);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of each category");
  cmd->add_option("--minutes", o->minutes, "Isochrone thresholds in minutes")->delimiter(',')->capture_default_str();
  cmd->add_option("--corridor", o->corridor_m, "Half-width of the walking corridor around reached streets, metres")->capture_default_str();
  cmd->add_flag("--service-areas", o->service_areas, "Also the nearest-facility partition (layer service_areas)");
  add_snap_options(*cmd, o->snap);
  cmd->add_option("--crs", o->crs, "Metric working CRS, EPSG:N (default: UTM zone of the network)");
  cmd->add_option("--out", o->out, "Output: .gpkg with layers isochrones (and service_areas), or .geojson/.fgb for isochrones alone");
  cmd->add_option("--out-dir", o->out_dir, "Or: a folder for one GeoJSON per layer");
  add_out_crs_option(*cmd, o->out_crs);
  cmd->add_option("--threads", o->threads, "Worker threads (default: all cores)");
  cmd->add_flag("--node-crossings", o->node_crossings, "Split GIS lines where they cross");
  cmd->add_option("--merge-tolerance", o->merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
  cmd->add_flag("--overwrite", o->overwrite, "Replace existing output files");
  add_update_option(*cmd, o->update);
  add_max_memory_option(*cmd, o->max_memory);
  cmd->callback([o] { run_isochrones(*o); });
}

}  // namespace lc::tools
