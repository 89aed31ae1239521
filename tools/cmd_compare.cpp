#include "cmd_compare.hpp"


#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "access/compare.hpp"
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
#include "io/vector_reader.hpp"
#include "memory_budget.hpp"
#include "network/links.hpp"
#include "network/snap.hpp"
#include "outputs.hpp"
#include "api/pipeline.hpp"
#include "reach/category_reach.hpp"
#include "reach/incremental.hpp"
#include "walk_options.hpp"

namespace lc::tools {

using namespace api;  // the engine's input and pipeline stages (engine/api)

namespace {

struct CompareOptions {
  std::string network, dem, facilities, catalog, out, summary, crs, out_crs;
  std::string category_field, id_field, units, unit_name_field = "name";
  OriginRequest origins;
  double default_threshold_min = 15, merge_tolerance = 0.5, link_snap = 20;
  SnapFlags snap;  // --max-snap, --min-component
  std::optional<double> speed;  // --speed
  unsigned threads = 0;
  bool node_crossings = false, overwrite = false, full = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  std::string add_facilities, remove_facilities_file, add_links;
  std::vector<std::string> remove_facilities;
  std::string max_memory;  // --max-memory (memory_budget.hpp)
};

void validate(const CompareOptions& o) {
  if (o.out.empty() && o.summary.empty()) throw UsageError("give --out FILE.gpkg and/or --summary FILE.csv: nothing would be written");
  if (o.add_facilities.empty() && o.remove_facilities.empty() && o.remove_facilities_file.empty() && o.add_links.empty())
    throw UsageError("empty scenario: give --add-facilities, --remove-facilities, --remove-facilities-file or --add-links");
  if (!(o.link_snap >= 0)) throw UsageError("--link-snap must be >= 0 metres");
  if (!o.out.empty()) io::check_writable(o.out, o.overwrite, o.update);
  if (!o.summary.empty()) io::check_writable(o.summary, o.overwrite);
}

// Ids to remove, from the option and the file (one id a line; blank lines and # comments skipped).
std::set<std::string> removal_ids(const CompareOptions& o, const PointSet& points) {
  std::set<std::string> ids(o.remove_facilities.begin(), o.remove_facilities.end());
  if (!o.remove_facilities_file.empty()) {
    std::ifstream in(o.remove_facilities_file);
    if (!in) throw InputError({o.remove_facilities_file, "", ""}, "cannot be read");
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty() && line[0] != '#') ids.insert(line);
    }
  }
  const std::set<std::string> known(points.ids.begin(), points.ids.end());
  std::string unknown;
  std::size_t n = 0;
  for (const auto& id : ids)
    if (!known.count(id)) unknown += (n++ ? ", " : "") + id;
  if (n && o.remove_facilities_file.empty())
    throw InputError({o.facilities, "", ""}, std::to_string(n) + " facilities to remove are not among its facilities: " + unknown);
  if (n)
    throw InputError({o.remove_facilities_file, "", ""},
                     std::to_string(n) + " facilities to remove are not among the facilities of " + o.facilities + ": " + unknown);
  return ids;
}

std::vector<network::LinkLine> load_links(const std::string& spec, const io::Projector& proj) {
  const io::VectorLayer layer = io::read_vector(io::parse_layer_ref(spec), {io::GeomKind::lines, "", {}});
  for (const auto& w : layer.warnings) log::warn(w);
  std::vector<network::LinkLine> lines;
  for (const auto& f : layer.features)
    for (std::size_t k = 0; k < f.parts.size(); ++k) {
      network::LinkLine l{f.parts.size() > 1 ? f.id + "#" + std::to_string(k + 1) : f.id, {}};
      for (const auto& p : f.parts[k]) l.xy.push_back(proj.forward(p));
      lines.push_back(std::move(l));
    }
  if (lines.empty()) throw InputError({layer.file, layer.layer, ""}, "has no link lines");
  return lines;
}

// One category's facilities in the base and the scenario: the base list with removed ones made
// invalid (indices kept), then the added ones, so ties break the same way in every path.
struct Lists {
  std::vector<network::Snap> snaps;       // scenario order
  std::vector<std::string> ids;
  std::size_t base_count = 0;
  std::vector<std::uint32_t> removed;     // indices into the base list
};

struct Scenario {
  std::map<std::string, Lists> categories;
  std::optional<network::LinkedGraph> linked;
};

access::CategoryResult result_of(const std::string& id, const Rule& rule, const std::vector<reach::Label>& nearest,
                                 const std::vector<std::uint32_t>& counts, const std::vector<std::string>& ids) {
  access::CategoryResult c{id, rule.threshold, rule.group, rule.level, {}, {}, counts, {rule.threshold.seconds().value / 60.0}, {}, {}};
  for (const auto& l : nearest) {
    c.nearest.push_back(l.cost);
    c.nearest_id.push_back(l.cost.reachable() ? ids[l.source] : std::string());
  }
  return c;
}

std::vector<reach::Label> nearest_of(const reach::NearestTable& t) {
  std::vector<reach::Label> out;
  for (std::size_t o = 0; o * t.k < t.entries.size(); ++o) out.push_back(t.row(o)[0]);
  return out;
}

struct Pair {
  access::CategoryResult base, scenario;
};

std::string ms_since(std::chrono::steady_clock::time_point t0) {
  return io::format_cell(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()) + " ms";
}

void log_update(const std::string& id, const std::string& what, const reach::UpdateStats& s) {
  log::info("  " + id + ": " + what + ": " + std::to_string(s.nodes) + " nodes, " + std::to_string(s.origins) +
            " origins, " + std::to_string(s.facilities) + " count searches");
}

// The base and the scenario of one category: two full runs with --full, else the base once and
// the scenario reached from it by incremental updates (identical results, reach/incremental.hpp).
Pair run_category(const CompareOptions& o, const std::string& id, const Rule& rule, const Lists& lists,
                  const network::Graph& g, const network::LinkedGraph* linked, OriginNetwork& on) {
  const auto& [w, origins] = on.at(g, rule.speed);
  const std::vector<Cost> limit{rule.threshold};
  std::vector<reach::Anchor> scen = reach::make_anchors(g, w, lists.snaps);
  const std::vector<reach::Anchor> base(scen.begin(), scen.begin() + static_cast<long>(lists.base_count));
  for (auto r : lists.removed) scen[r] = {};
  const network::Graph& g2 = linked ? linked->graph : g;
  const network::Weights w2 = linked ? network::make_weights(g2, MetresPerSecond{rule.speed}) : network::Weights{};
  const network::Weights& ws = linked ? w2 : w;
  if (o.full) {
    const auto rb = reach::category_reach(g, w, base, origins, 1, limit);
    const auto t1 = std::chrono::steady_clock::now();
    const auto rs = reach::category_reach(g2, ws, scen, origins, 1, limit);
    log::info("category " + id + ": full re-run of the scenario in " + ms_since(t1));
    return {result_of(id, rule, nearest_of(rb.nearest), rb.counts, lists.ids),
            result_of(id, rule, nearest_of(rs.nearest), rs.counts, lists.ids)};
  }
  const auto t0 = std::chrono::steady_clock::now();
  reach::IncrementalNearest inc(g, w, base, origins, limit);
  Pair out{result_of(id, rule, inc.nearest(), inc.counts(), lists.ids), {}};
  log::info("category " + id + ": base in " + ms_since(t0));
  const auto t1 = std::chrono::steady_clock::now();
  for (auto r : lists.removed) inc.remove_facility(r), log_update(id, "removed " + lists.ids[r], inc.last_update());
  for (std::size_t i = lists.base_count; i < scen.size(); ++i)
    inc.add_facility(scen[i]), log_update(id, "added " + lists.ids[i], inc.last_update());
  if (linked) inc.add_links(g2, ws, linked->added), log_update(id, std::to_string(linked->added.size()) + " links", inc.last_update());
  if (!lists.removed.empty() || lists.base_count < scen.size() || linked)
    log::info("category " + id + ": scenario updated incrementally in " + ms_since(t1));
  out.scenario = result_of(id, rule, inc.nearest(), inc.counts(), lists.ids);
  return out;
}

Scenario build_scenario(const CompareOptions& o, const access::Catalog& catalog, const CategorizedFacilities& fac,
                        const network::Snapper& snapper, const io::Projector& proj, const network::SnapOptions& so,
                        const network::Graph& g) {
  Scenario sc;
  const auto fsnap = snapper.snap_all(project(proj, fac.points.lonlat), so);
  const std::set<std::string> remove = removal_ids(o, fac.points);
  for (const auto& [cat, members] : fac.members) {
    Lists& l = sc.categories[cat];
    for (auto i : members) {
      if (remove.count(fac.points.ids[i])) l.removed.push_back(static_cast<std::uint32_t>(l.snaps.size()));
      l.snaps.push_back(fsnap[i]), l.ids.push_back(fac.points.ids[i]);
    }
    l.base_count = l.snaps.size();
  }
  if (!o.add_facilities.empty()) {
    const CategorizedFacilities added = load_catalog_facilities(o.add_facilities, catalog, o.category_field, o.id_field);
    const std::set<std::string> known(fac.points.ids.begin(), fac.points.ids.end());
    for (const auto& id : added.points.ids)
      if (known.count(id))
        throw InputError({o.add_facilities, "", id}, "an added facility has the id of a base facility; give it a new id");
    const auto asnap = snapper.snap_all(project(proj, added.points.lonlat), so);
    std::size_t unsnapped = 0;
    for (const auto& [cat, members] : added.members) {
      Lists& l = sc.categories[cat];
      for (auto i : members) l.snaps.push_back(asnap[i]), l.ids.push_back(added.points.ids[i]), unsnapped += !asnap[i].snapped();
    }
    if (unsnapped) log::warn(std::to_string(unsnapped) + " added facilities are farther than --max-snap from a walkable street and reach no one");
    log::info("scenario: " + std::to_string(added.points.ids.size()) + " facilities added from " + o.add_facilities);
  }
  if (!remove.empty()) log::info("scenario: " + std::to_string(remove.size()) + " facilities removed");
  if (!o.add_links.empty()) {
    sc.linked = network::add_links(g, load_links(o.add_links, proj), Metres{o.link_snap}, o.add_links);
    log::info("scenario: " + std::to_string(sc.linked->added.size()) + " walking links added from " + o.add_links);
  }
  return sc;
}

// What the memory budget checks: the base and the scenario of every category, one count
// threshold, and the origin_changes table (counted as coverage's tables: every origin may change).
RunShape compare_shape(const network::Graph& g, const CategorizedFacilities& fac, std::size_t origins,
                       const CompareOptions& o) {
  return {g.node_count(), g.edge_count(), origins, origins, fac.points.ids.size(), 2 * fac.members.size(), 1, 1,
          worker_threads(o.threads), true};
}

void run_compare(const CompareOptions& o) {
  validate(o);
  const CommandContext context(o.threads);
  const access::Catalog catalog = access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog);
  check_origin_flags(o.origins);
  if (!o.add_facilities.empty()) check_facility_flags(o.add_facilities, o.category_field, o.id_field, true);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
  NetworkSource src{o.network, io::is_osm_path(o.network), {}, {o.merge_tolerance, o.node_crossings}};
  src.dem = o.dem;
  LoadedNetwork net = load_network(src, o.crs.empty() ? std::nullopt : std::optional<int>(io::parse_epsg(o.crs)));
  const network::Graph& g = net.graph;

  const CategorizedFacilities fac = load_catalog_facilities(o.facilities, catalog, o.category_field, o.id_field);
  check_origin_budget(o.origins, *net.projector, o.max_memory, compare_shape(g, fac, 0, o));
  access::OriginSet set = load_origin_set(o.origins, *net.projector);
  for (const auto& w : set.warnings) log::warn(w);
  std::vector<std::string> unit_of;
  if (!o.units.empty()) unit_of = access::assign_units(set.origins, access::load_units(o.units, o.unit_name_field));
  const bool communities = o.origins.grid_cell_m <= 0 && !set.origins.empty() && !set.origins.front().wkt.empty() &&
                           o.origins.type != "raster";
  access::People people = people_of(set, unit_of, communities);
  const network::Snapper snapper(g);
  const network::SnapOptions so = o.snap.options();
  OriginNetwork on = snap_origins(set, snapper, *net.projector, so, people);
  RunShape shape = compare_shape(g, fac, set.origins.size(), o);
  shape.access_points = on.snaps.size();
  check_memory_budget(o.max_memory, shape);

  const Scenario sc = build_scenario(o, catalog, fac, snapper, *net.projector, so, g);
  std::vector<access::CategoryResult> base, scenario;
  for (const auto& [id, lists] : sc.categories) {
    auto pair = run_category(o, id, rule_for(id, catalog, o.default_threshold_min, o.speed), lists, g,
                             sc.linked ? &*sc.linked : nullptr, on);
    base.push_back(std::move(pair.base)), scenario.push_back(std::move(pair.scenario));
  }
  const access::GroupShares shares;
  io::Table summary = access::compare_summary_table(people, base, scenario, shares);
  describe_speed(summary, speed_text(o.speed, catalog));
  if (!o.out.empty()) {
    io::Table changes = access::origin_changes_table(people, base, scenario, shares);
    describe_speed(changes, speed_text(o.speed, catalog));
    write_result(o.out, {&summary, &changes}, o.overwrite, o.out_crs, o.update);
    log::info("wrote " + o.out + " (" + std::to_string(changes.rows.size()) + " origin changes)");
  }
  if (!o.summary.empty()) io::write_csv(o.summary, summary, o.overwrite), log::info("wrote " + o.summary);
}

}  // namespace

void setup_compare(CLI::App& app) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "The base against a scenario: facilities added or removed, walking links added");
  cmd->add_option("--network", o->network, "Street network: .osm.pbf/.osm or a GDAL line source FILE[:LAYER]")->required();
  cmd->add_option("--facilities", o->facilities, "Base facilities FILE[:LAYER]")->required();
  add_origin_options(*cmd, o->origins);
  cmd->add_option("--add-facilities", o->add_facilities, "Scenario: facilities added FILE[:LAYER] (same fields as --facilities)");
  cmd->add_option("--remove-facilities", o->remove_facilities, "Scenario: ids of base facilities removed")->delimiter(',');
  cmd->add_option("--remove-facilities-file", o->remove_facilities_file, "Scenario: a file of base facility ids removed, one a line");
  cmd->add_option("--add-links", o->add_links, "Scenario: walking links added FILE[:LAYER] (lines; each end joins the nearest node)");
  cmd->add_option("--link-snap", o->link_snap, "Farthest a link end may be from a network node, metres")->capture_default_str();
  cmd->add_flag("--full", o->full, "Re-run every category in full instead of updating the base incrementally");
  cmd->add_option("--out", o->out, "GeoPackage with the compare_summary and origin_changes layers");
  add_out_crs_option(*cmd, o->out_crs);
  cmd->add_option("--summary", o->summary, "compare_summary as CSV");
  cmd->add_option("--catalog", o->catalog, "Category catalog (default: the project's)")->default_str(default_catalog());
  cmd->add_option("--category-field", o->category_field, "Facility category field (catalog ids, or ad-hoc categories)");
  cmd->add_option("--id-field", o->id_field, "Facility id field");
  cmd->add_option("--default-threshold", o->default_threshold_min, "Minutes for categories not in the catalog")->capture_default_str();
  cmd->add_option("--units", o->units, "Administrative units (polygons) FILE[:LAYER]");
  cmd->add_option("--unit-name-field", o->unit_name_field, "Unit name field")->capture_default_str();
  add_snap_options(*cmd, o->snap);
  add_dem_option(*cmd, o->dem);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of each category");
  cmd->add_option("--crs", o->crs, "Metric working CRS, EPSG:N");
  add_threads_option(*cmd, o->threads);
  cmd->add_flag("--node-crossings", o->node_crossings, "Split GIS lines where they cross");
  cmd->add_option("--merge-tolerance", o->merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
  cmd->add_flag("--overwrite", o->overwrite, "Replace existing output files");
  add_update_option(*cmd, o->update);
  add_max_memory_option(*cmd, o->max_memory);
  cmd->callback([o] { run_compare(*o); });
}

}  // namespace lc::tools
