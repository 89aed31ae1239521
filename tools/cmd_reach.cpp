#include "cmd_reach.hpp"


#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "coverage_inputs.hpp"
#include "inputs.hpp"
#include "io/atomic_file.hpp"
#include "io/osm_reader.hpp"
#include "io/table.hpp"
#include "memory_budget.hpp"
#include "io/table_writer.hpp"
#include "network/snap.hpp"
#include "outputs.hpp"
#include "pipeline.hpp"
#include "reach/category_reach.hpp"

namespace lc::tools {

namespace {

struct ReachOptions {
  std::string network, facilities, origins, out;
  std::string category_field, id_field, origin_id_field;
  std::string catalog;                  // set: facility categories by the catalog's rules
  std::vector<std::string> categories;  // set: only these categories, each one written
  double speed = 1.0;
  std::vector<double> thresholds_min{5, 10, 15};
  unsigned k = 3;
  double max_snap = 250.0;
  std::string crs;
  unsigned threads = 0;
  bool node_crossings = false;
  double merge_tolerance = 0.5;
  std::uint32_t min_component = 0;
  bool overwrite = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  std::string max_memory;  // --max-memory (memory_budget.hpp)
  std::string out_crs;
};

void validate(const ReachOptions& o) {
  if (!(o.speed > 0 && std::isfinite(o.speed))) throw UsageError("--speed must be > 0 m/s");
  if (o.k < 1 || o.k > 16) throw UsageError("--k must be between 1 and 16");
  if (o.thresholds_min.empty()) throw UsageError("--thresholds needs at least one value");
  for (double t : o.thresholds_min)
    if (!(t > 0 && t < 24 * 60)) throw UsageError("--thresholds: minutes must be > 0 and < 1440");
  if (!(o.max_snap >= 0)) throw UsageError("--max-snap must be >= 0 metres");
  const std::string ext = std::filesystem::path(o.out).extension().string();
  if (ext != ".csv" && ext != ".gpkg" && ext != ".geojson" && ext != ".fgb")
    throw UsageError("--out " + o.out + ": use .csv, .gpkg, .geojson or .fgb");
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

struct CategoryRun {
  std::string name;
  std::vector<std::uint32_t> members;  // facility indices of this category
  reach::CategoryReach result;
};

void write_rows(io::AtomicFile& out, const ReachOptions& o, const PointSet& origins,
                const std::vector<network::Snap>& osnap, const PointSet& facilities,
                const CategoryRun& cat) {
  const std::size_t T = cat.result.thresholds;
  for (std::size_t i = 0; i < origins.ids.size(); ++i) {
    std::string row = csv_field(origins.ids[i]) + "," + csv_field(cat.name);
    const auto nearest = cat.result.nearest.row(i);
    for (unsigned j = 0; j < o.k; ++j) {
      const bool ok = nearest[j].cost.reachable();
      row += "," + (ok ? fmt1(nearest[j].cost.seconds().value) : "");
      if (j == 0) row += "," + (ok ? csv_field(facilities.ids[cat.members[nearest[0].source]]) : "");
    }
    for (std::size_t t = 0; t < T; ++t)
      row += "," + (osnap[i].snapped() ? std::to_string(cat.result.counts[i * T + t]) : "");
    row += "," + (osnap[i].snapped() ? fmt1(osnap[i].offset.value) : "");
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
  t.description = "Walking time from every origin to the nearest facilities of each category over the network at " +
                  io::format_cell(o.speed) + " m/s (seconds, including the walks to and from the street; empty: none "
                  "reachable), the " + std::to_string(o.k) + " nearest distinct facilities, facilities within " + minutes +
                  " min, snap distance; origins and facilities farther than " + io::format_cell(o.max_snap) +
                  " m from a street are not snapped";
  return t;
}

double tenth(double v) { return std::round(v * 10.0) / 10.0; }

void add_rows(io::Table& t, const ReachOptions& o, const PointSet& origins, const std::vector<network::Snap>& osnap,
              const PointSet& facilities, const CategoryRun& cat) {
  const std::size_t T = cat.result.thresholds;
  for (std::size_t i = 0; i < origins.ids.size(); ++i) {
    std::vector<io::Cell> row{origins.ids[i], cat.name};
    const auto nearest = cat.result.nearest.row(i);
    for (unsigned j = 0; j < o.k; ++j) {
      const bool ok = nearest[j].cost.reachable();
      row.push_back(ok ? io::Cell{tenth(nearest[j].cost.seconds().value)} : io::Cell{});
      if (j == 0) row.push_back(ok ? io::Cell{facilities.ids[cat.members[nearest[0].source]]} : io::Cell{});
    }
    for (std::size_t k = 0; k < T; ++k)
      row.push_back(osnap[i].snapped() ? io::Cell{static_cast<long long>(cat.result.counts[i * T + k])} : io::Cell{});
    row.push_back(osnap[i].snapped() ? io::Cell{tenth(osnap[i].offset.value)} : io::Cell{});
    t.add(std::move(row), point_wkt(origins.lonlat[i]));
  }
}

void report_unsnapped(const std::string& what, const PointSet& pts, const std::vector<network::Snap>& s,
                      double max_snap) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!s[i].snapped()) ids.push_back(pts.ids[i]);
  if (ids.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < ids.size() && i < 20; ++i) list += (i ? ", " : "") + ids[i];
  if (ids.size() > 20) list += ", ...";
  log::warn(std::to_string(ids.size()) + " " + what + " farther than " + fmt1(max_snap) +
            " m from any walkable street, not snapped (" + pts.source + "): " + list);
}

// `--origins nodes`: every graph node is an origin, named by its node id and standing on the
// network (no snapping leg), so one run gives the times at every node.
constexpr const char* kNodeOrigins = "nodes";

PointSet node_origins(const LoadedNetwork& net, std::vector<network::Snap>& snaps) {
  const auto& g = net.graph;
  PointSet pts{"graph nodes", {}, {}, {}, {}};
  for (NodeId n = 0; n < g.node_count(); ++n) {
    pts.ids.push_back(std::to_string(n));
    pts.categories.push_back("all");
    pts.lonlat.push_back(net.projector->inverse(g.node_xy[n]));
    pts.capacity.push_back(1.0);
    snaps.push_back(network::snap_at_node(g, n));
  }
  return pts;
}

// Facilities and their categories: the built-in OSM mapping or a category field, or with
// --catalog the catalog's rules (a facility may then serve several categories).
CategorizedFacilities reach_facilities(const ReachOptions& o) {
  CategorizedFacilities fac;
  if (!o.catalog.empty()) {
    fac = load_catalog_facilities(o.facilities, access::load_catalog(o.catalog), o.category_field, o.id_field);
  } else {
    fac.points = load_facilities(o.facilities, o.category_field, o.id_field);
    for (std::uint32_t i = 0; i < fac.points.ids.size(); ++i)
      if (!fac.points.categories[i].empty()) fac.members[fac.points.categories[i]].push_back(i);
  }
  if (o.categories.empty()) return fac;
  std::map<std::string, std::vector<std::uint32_t>> chosen;
  for (const auto& c : o.categories) {
    auto it = fac.members.find(c);
    if (it == fac.members.end()) log::warn("category " + c + ": no facilities in " + o.facilities);
    chosen[c] = it == fac.members.end() ? std::vector<std::uint32_t>{} : it->second;
  }
  fac.members = std::move(chosen);
  return fac;
}

void run_reach(const ReachOptions& o) {
  validate(o);
  io::check_writable(o.out, o.overwrite, o.update);  // fail before the work, not after
  const CommandContext context(o.threads);

  NetworkSource src{o.network, io::is_osm_path(o.network), {}, {o.merge_tolerance, o.node_crossings}};
  const std::optional<int> epsg = o.crs.empty() ? std::nullopt : std::optional<int>(io::parse_epsg(o.crs));
  LoadedNetwork net = load_network(src, epsg);
  const auto& g = net.graph;
  log::info("network: " + std::to_string(g.node_count()) + " nodes, " + std::to_string(g.edge_count()) +
            " edges, " + std::to_string(g.component_size.size()) + " components (largest " +
            std::to_string(g.component_size.empty() ? 0 : g.component_size[0]) + " nodes), EPSG:" +
            std::to_string(net.projector->epsg()));

  const CategorizedFacilities fac = reach_facilities(o);
  const PointSet& facilities = fac.points;
  std::vector<network::Snap> osnap;
  const PointSet origins = o.origins == kNodeOrigins ? node_origins(net, osnap) : load_origins(o.origins, o.origin_id_field);
  const network::Snapper snapper(g);
  const network::SnapOptions so{Metres{o.max_snap}, o.min_component};
  const auto fsnap = snapper.snap_all(project(*net.projector, facilities.lonlat), so);
  if (o.origins != kNodeOrigins) osnap = snapper.snap_all(project(*net.projector, origins.lonlat), so);
  report_unsnapped("facilities", facilities, fsnap, o.max_snap);
  report_unsnapped("origins", origins, osnap, o.max_snap);

  const network::Weights w = network::make_weights(g, MetresPerSecond{o.speed});
  const auto oanchors = reach::make_anchors(g, w, osnap);
  std::vector<Cost> thresholds;
  for (double t : o.thresholds_min) thresholds.push_back(Cost::from_seconds({t * 60.0}));

  const auto& by_category = fac.members;  // a sorted map: stable output order
  if (by_category.empty()) log::warn("no facilities in " + o.facilities);

  check_memory_budget(o.max_memory, {g.node_count(), g.edge_count(), origins.ids.size(), origins.ids.size(),
                                     facilities.ids.size(), by_category.size(), o.k,
                                     static_cast<unsigned>(thresholds.size()), worker_threads(o.threads), false, !is_csv(o.out)});
  std::optional<io::AtomicFile> out;
  if (is_csv(o.out)) out.emplace(o.out, o.overwrite), out->write(header(o));
  io::Table table = reach_table(o);
  for (const auto& [name, members] : by_category) {
    std::vector<network::Snap> snaps;
    for (auto i : members) snaps.push_back(fsnap[i]);
    CategoryRun cat{name, members, reach::category_reach(g, w, reach::make_anchors(g, w, snaps), oanchors, o.k, thresholds)};
    if (out) write_rows(*out, o, origins, osnap, facilities, cat);
    else add_rows(table, o, origins, osnap, facilities, cat);
    log::info("category " + name + ": " + std::to_string(members.size()) + " facilities");
  }
  if (out) out->commit();
  else write_result(o.out, {&table}, o.overwrite, o.out_crs, o.update);
  log::info("wrote " + o.out);
}

}  // namespace

void setup_reach(CLI::App& app) {
  auto opt = std::make_shared<ReachOptions>();
  CLI::App* cmd = app.add_subcommand("reach", "Walking times from every origin to every facility category");
  cmd->add_option("--network", opt->network, "Street network: .osm.pbf/.osm, or any GDAL line source FILE[:LAYER]")->required();
  cmd->add_option("--facilities", opt->facilities, "Facility points or polygons FILE[:LAYER] (OSM: categories from tags)")->required();
  cmd->add_option("--origins", opt->origins, "Origins (homes, grid cells) FILE[:LAYER]; OSM: buildings; 'nodes': every graph node")->required();
  cmd->add_option("--out", opt->out, "Output: .csv table, or the reach layer as .gpkg, .geojson or .fgb")->required();
  add_out_crs_option(*cmd, opt->out_crs);
  cmd->add_option("--category-field", opt->category_field, "Facility field holding the category (default: one category 'all')");
  cmd->add_option("--catalog", opt->catalog, "Categories by this catalog's rules (OSM tags, Amap codes, names) instead of the built-in OSM mapping");
  cmd->add_option("--categories", opt->categories, "Only these categories, e.g. pharmacy,hospital (each written even without facilities)")->delimiter(',');
  cmd->add_option("--id-field", opt->id_field, "Facility id field (default: feature id)");
  cmd->add_option("--origin-id-field", opt->origin_id_field, "Origin id field (default: feature id)");
  cmd->add_option("--speed", opt->speed, "Walking speed in m/s")->capture_default_str();
  cmd->add_option("--thresholds", opt->thresholds_min, "Thresholds in minutes")->delimiter(',')->capture_default_str();
  cmd->add_option("--k", opt->k, "How many nearest distinct facilities")->capture_default_str();
  cmd->add_option("--max-snap", opt->max_snap, "Farthest snap to the network, metres")->capture_default_str();
  cmd->add_option("--crs", opt->crs, "Metric working CRS, EPSG:N (default: UTM zone of the network)");
  cmd->add_option("--threads", opt->threads, "Worker threads (default: all cores)");
  cmd->add_flag("--node-crossings", opt->node_crossings, "Split GIS lines where they cross (GEOS noding)");
  cmd->add_option("--merge-tolerance", opt->merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
  cmd->add_option("--min-component", opt->min_component, "Do not snap to network components with fewer nodes")->capture_default_str();
  cmd->add_flag("--overwrite", opt->overwrite, "Replace an existing output file");
  add_update_option(*cmd, opt->update);
  add_max_memory_option(*cmd, opt->max_memory);
  cmd->callback([opt] { run_reach(*opt); });
}

}  // namespace lc::tools
