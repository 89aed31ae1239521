#include "cmd_coverage.hpp"


#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "access/coverage.hpp"
#include "access/fca.hpp"
#include "access/gap_areas.hpp"
#include "command_context.hpp"
#include "core/parallel.hpp"
#include "plan/checklist.hpp"
#include "plan/gap_measures.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"
#include "coverage_inputs.hpp"
#include "outputs.hpp"
#include "coverage_report.hpp"
#include "pipeline.hpp"
#include "walk_options.hpp"
#include "work_split.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/chinese_coords.hpp"
#include "io/convert_file.hpp"
#include "io/vector_reader.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "memory_budget.hpp"
#include "network/snap.hpp"
#include "reach/category_reach.hpp"
#include "reach/counts.hpp"

namespace lc::tools {

namespace {

struct CoverageOptions {
  std::string network, facilities, catalog, out, out_dir, summary, crs;
  std::string category_field, id_field, units, unit_name_field = "name";
  OriginRequest origins;
  std::vector<double> thresholds_min{5, 10, 15};
  double default_threshold_min = 15, merge_tolerance = 0.5, point_radius = 100;
  SnapFlags snap;  // --max-snap, --min-component
  std::optional<double> speed;  // --speed: one for every category
  unsigned k = 3, threads = 0;
  bool node_crossings = false, overwrite = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  std::vector<std::string> input_crs;  // LAYER=gcj02|bd09|EPSG:N
  std::string capacity_field;
  std::string checklist, as_of, gap_report;  // the plan the gaps are linked to
  std::string plan_facilities;                // facilities the plan adds (the plan scenario)
  std::vector<std::string> categories;        // only these (default: every category found)
  std::string max_memory;                     // --max-memory (memory_budget.hpp)
  std::string out_crs;                        // CRS of the written geometries
  std::string report;                         // the planner's HTML report
  std::vector<std::string> report_sites;      // [CATEGORY=]sites.csv from `lifecircle site`
};

// --input-crs: EPSG codes are declared to the readers before anything is read; Chinese datums
// (GCJ-02, BD-09) are undone on the lon/lat that the readers return.
struct InputDatums {
  std::map<std::string, io::ChineseDatum> datum;  // layer name -> datum of its coordinates
  io::ChineseDatum of(const std::string& layer) const {
    auto it = datum.find(layer);
    return it == datum.end() ? io::ChineseDatum::wgs84 : it->second;
  }
};

InputDatums apply_input_crs(const CoverageOptions& o) {
  const std::map<std::string, std::string> specs = {
      {"network", o.network}, {"facilities", o.facilities}, {"origins", o.origins.spec},
      {"units", o.units}, {"entrances", o.origins.entrances}, {"grid-boundary", o.origins.grid_boundary}};
  InputDatums out;
  for (const auto& item : o.input_crs) {
    const auto eq = item.find('=');
    const std::string layer = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    auto it = specs.find(layer);
    if (eq == std::string::npos || it == specs.end())
      throw UsageError("--input-crs " + item + ": expected LAYER=gcj02|bd09|EPSG:N with LAYER one of network, "
                       "facilities, origins, units, entrances, grid-boundary");
    if (it->second.empty()) throw UsageError("--input-crs " + item + ": no " + layer + " layer was given");
    if (value.rfind("EPSG:", 0) == 0 || value.rfind("epsg:", 0) == 0) {
      current_context().input_epsg[io::parse_layer_ref(it->second).file] = io::parse_epsg(value);
      continue;
    }
    const io::ChineseDatum d = io::parse_chinese_datum(value);
    if ((layer == "entrances" || layer == "grid-boundary") && d != out.of("origins"))
      throw UsageError("--input-crs " + item + ": entrances and the grid boundary must share the origins' datum "
                       "(say origins=" + value + " too)");
    if (layer == "network" && io::is_osm_path(o.network)) throw UsageError("--input-crs network=" + value + ": OSM data is always WGS84");
    out.datum[layer] = d;
  }
  return out;
}

void undo_datum(io::ChineseDatum d, std::vector<LonLat>& pts) {
  if (d == io::ChineseDatum::wgs84) return;
  for (auto& p : pts) p = io::convert(p, d, io::ChineseDatum::wgs84);
}

void undo_datum(io::ChineseDatum d, access::OriginSet& set) {
  if (d == io::ChineseDatum::wgs84) return;
  for (auto& o : set.origins) {
    undo_datum(d, o.access);
    o.centre = io::convert(o.centre, d, io::ChineseDatum::wgs84);
    if (!o.wkt.empty()) o.wkt = io::convert_wkt(o.wkt, d, io::ChineseDatum::wgs84);
  }
}

void validate(const CoverageOptions& o) {
  if (o.out.empty() && o.out_dir.empty() && o.summary.empty() && o.report.empty())
    throw UsageError("give --out FILE.gpkg, --out-dir DIR, --summary FILE.csv or --report FILE.html: nothing would be written");
  if (!(o.default_threshold_min > 0)) throw UsageError("--default-threshold must be > 0 minutes");
  if (o.k < 1 || o.k > 16) throw UsageError("--k must be between 1 and 16");
  for (double t : o.thresholds_min)
    if (!(t > 0 && t < 1440)) throw UsageError("--thresholds: minutes must be > 0 and < 1440");
  if (!o.out.empty()) io::check_writable(o.out, o.overwrite, o.update);
  if (!o.summary.empty()) io::check_writable(o.summary, o.overwrite);
  if (!o.gap_report.empty()) io::check_writable(o.gap_report, o.overwrite);
  if (!o.report.empty()) check_coverage_report({o.report, o.report_sites, o.overwrite, {}, {}});
  if (!o.out_dir.empty() && !std::filesystem::is_directory(o.out_dir))
    throw OutputError(o.out_dir, "folder does not exist");
}

}  // namespace

namespace {

// 2SFCA and its Gaussian variant over the pairs within the category's threshold: supply is the
// facilities' capacity, demand the people the category serves. The search's pairs are freed once
// converted, so one copy is held while the matrices are built (kFcaPairBytes).
void add_fca(access::CategoryResult& c, const network::Graph& g, const network::Weights& w,
             const std::vector<reach::Anchor>& facilities, const reach::OriginAnchors& origins,
             const std::vector<double>& capacity, const access::People& people) {
  std::vector<access::ReachPair> pairs;
  {
    const auto found = reach::pairs_within(g, w, facilities, origins, c.threshold);
    pairs.reserve(found.size());
    for (const auto& p : found) pairs.push_back({p.origin, p.facility, p.cost.seconds().value});
  }
  std::vector<double> demand(people.size());
  for (std::size_t i = 0; i < demand.size(); ++i) demand[i] = access::served(people, i, c.group, {});
  const double d0 = c.threshold.seconds().value;
  c.fca = access::two_step_fca(pairs, demand, capacity, d0, access::Decay::step).accessibility;
  c.fca_gaussian = access::two_step_fca(pairs, demand, capacity, d0, access::Decay::gaussian).accessibility;
}

// Bytes per (facility, origin) pair while add_fca runs: its pairs (16 B), and inside two_step_fca
// the pairs sorted (16 B), the triplets (16 B) and the sparse matrix (12 B), not all at once
// (measured 56 B on 3.2 million pairs, docs/memory.md).
constexpr double kFcaPairBytes = 64;

// add_fca holds one category's pairs at a time: the largest category's, estimated from a sample
// of its facilities (estimate_pairs), is what the searches and results add at their peak.
EstimatePart fca_pairs_part(const CoverageOptions& o, const access::Catalog& catalog, const network::Graph& g,
                            const CategorizedFacilities& fac, const std::vector<network::Snap>& fsnap,
                            OriginNetwork& on) {
  PairEstimate largest;
  std::string largest_id;
  for (const auto& [id, members] : fac.members) {
    const Rule rule = rule_for(id, catalog, o.default_threshold_min, o.speed);
    const auto& [w, origins] = on.at(g, rule.speed);
    std::vector<network::Snap> snaps;
    for (auto i : members) snaps.push_back(fsnap[i]);
    const PairEstimate est = estimate_pairs(g, w, reach::make_anchors(g, w, snaps), origins, rule.threshold);
    if (est.pairs > largest.pairs) largest = est, largest_id = id;
  }
  return {"2SFCA pairs of the largest category (" + largest_id + "): about " + format_count(largest.pairs) +
              " (facility, origin) pairs (" + format_count(largest.mean) + " per facility in a sample of " +
              std::to_string(largest.sample) + ")",
          static_cast<std::uint64_t>(largest.pairs * kFcaPairBytes)};
}

std::vector<access::CategoryResult> run_categories(const CoverageOptions& o, const access::Catalog& catalog,
                                                   const network::Graph& g, const CategorizedFacilities& fac,
                                                   const std::vector<network::Snap>& fsnap, OriginNetwork& on,
                                                   const access::People& people) {
  std::vector<Cost> counts_at;
  for (double t : o.thresholds_min) counts_at.push_back(Cost::from_seconds({t * 60.0}));
  // Under `lifecircle run` with split = true, each MPI rank takes every size-th category.
  const WorkSplit& split = current_split();
  std::vector<std::pair<std::size_t, access::CategoryResult>> mine;
  std::size_t index = 0;
  for (const auto& [id, members] : fac.members) {
    progress::report("category", index + 1, fac.members.size());
    if (!split.mine(index++)) continue;
    const Rule rule = rule_for(id, catalog, o.default_threshold_min, o.speed);
    const auto& [w, origins] = on.at(g, rule.speed);
    std::vector<network::Snap> snaps;
    std::vector<double> capacity;
    for (auto i : members) snaps.push_back(fsnap[i]), capacity.push_back(fac.points.capacity[i]);
    const auto anchors = reach::make_anchors(g, w, snaps);
    const auto r = reach::category_reach(g, w, anchors, origins, o.k, counts_at);
    access::CategoryResult c{id, rule.threshold, rule.group, rule.level, {}, {}, r.counts, o.thresholds_min, {}, {}};
    for (std::uint32_t i = 0; i < origins.origin_count(); ++i) {
      const auto& best = r.nearest.row(i)[0];
      c.nearest.push_back(best.cost);
      c.nearest_id.push_back(best.cost.reachable() ? fac.points.ids[members[best.source]] : std::string());
    }
    add_fca(c, g, w, anchors, origins, capacity, people);
    log::info("category " + id + ": " + std::to_string(members.size()) + " facilities, threshold " +
              io::format_cell(rule.threshold.seconds().value / 60.0) + " min at " + io::format_cell(rule.speed) + " m/s");
    mine.emplace_back(index - 1, std::move(c));
  }
  return exchange_categories(std::move(mine), fac.members.size());
}

// The plan scenario: the base facilities plus those the plan adds, snapped the same way.
void add_plan_facilities(const CoverageOptions& o, const access::Catalog& catalog, const InputDatums& datums,
                         const network::Snapper& snapper, const io::Projector& proj, const network::SnapOptions& so,
                         CategorizedFacilities& plan, std::vector<network::Snap>& snaps) {
  CategorizedFacilities added = load_catalog_facilities(o.plan_facilities, catalog, o.category_field, o.id_field, o.capacity_field);
  undo_datum(datums.of("facilities"), added.points.lonlat);
  const auto offset = static_cast<std::uint32_t>(plan.points.ids.size());
  for (std::size_t i = 0; i < added.points.ids.size(); ++i) {
    plan.points.ids.push_back(added.points.ids[i]);
    plan.points.categories.push_back(added.points.categories[i]);
    plan.points.lonlat.push_back(added.points.lonlat[i]);
    plan.points.capacity.push_back(added.points.capacity[i]);
  }
  for (const auto& [cat, members] : added.members)
    for (auto i : members) plan.members[cat].push_back(offset + i);
  const auto more = snapper.snap_all(project(proj, added.points.lonlat), so);
  snaps.insert(snaps.end(), more.begin(), more.end());
  log::info("plan scenario: " + std::to_string(added.points.ids.size()) + " facilities added from " + o.plan_facilities);
}

// Links every gap to the checklist measures meant to close it (gap_measures) and lists the
// measures' progress; --gap-report writes the Markdown section for the planner's report.
void add_checklist_tables(const CoverageOptions& o, const access::Catalog& catalog, std::vector<io::Table>& tables,
                          const io::Table* plan_unit_coverage) {
  std::vector<std::string> ids;
  for (const auto& c : catalog.categories) ids.push_back(c.id);
  const plan::Checklist checklist =
      plan::load_checklist(o.checklist.empty() ? default_checklist() : o.checklist, ids);
  const plan::Date as_of = o.as_of.empty() ? checklist.published : plan::parse_date_arg(o.as_of);
  const io::Table& unit_coverage = tables[2];
  tables.push_back(plan::gap_measures_table(unit_coverage, catalog, checklist, as_of));
  tables.push_back(plan::progress_table(checklist, catalog, unit_coverage, plan_unit_coverage, as_of));
  if (!o.gap_report.empty()) {
    io::AtomicFile md(o.gap_report, o.overwrite);
    md.write(plan::gap_report_markdown(tables[tables.size() - 2], checklist, as_of));
    md.commit();
    log::info("wrote " + o.gap_report);
  }
}

void write_outputs(const CoverageOptions& o, const std::vector<io::Table>& tables) {
  if (!o.out.empty()) {
    std::vector<const io::Table*> all;
    for (const auto& t : tables) all.push_back(&t);
    write_result(o.out, all, o.overwrite, o.out_crs, o.update);
    log::info("wrote " + o.out);
  }
  if (!o.out_dir.empty())
    for (const auto& t : tables) {
      // The outlined tables stay CSV here, as they were (their shapes are in the GeoPackage).
      const io::Table flat = access::is_outlined(t) ? io::Table{t.name, t.description, t.fields, false, t.rows, {}} : io::Table{};
      const io::Table& w = access::is_outlined(t) ? flat : t;
      const std::string path = o.out_dir + "/" + t.name + (w.has_geometry ? ".geojson" : ".csv");
      write_result(path, {&w}, o.overwrite, o.out_crs);
      log::info("wrote " + path);
    }
}

// What the report lists under "parameters" and "data sources".
CoverageReportRequest report_request(const CoverageOptions& o, const access::Catalog& catalog) {
  auto fmt = [](double v) { return io::format_cell(v); };
  std::string thresholds;
  for (double t : o.thresholds_min) thresholds += (thresholds.empty() ? "" : ",") + fmt(t);
  CoverageReportRequest r{o.report, o.report_sites, o.overwrite, {}, {}};
  r.parameters = {{"origins", o.origins.grid_cell_m > 0 ? fmt(o.origins.grid_cell_m) + " m " + o.origins.grid_shape + " grid"
                                                         : "type " + o.origins.type},
                  {"default threshold (ad-hoc categories)", fmt(o.default_threshold_min) + " min"},
                  {"walking speed", speed_text(o.speed, catalog)},
                  {"count thresholds", thresholds + " min"}, {"nearest facilities searched (k)", std::to_string(o.k)},
                  {"max snap", fmt(o.snap.max_snap) + " m"}, {"gap area radius around a point", fmt(o.point_radius) + " m"},
                  {"checklist", o.checklist.empty() ? "Wuhai 2023 (data/checklist/wuhai-2023.toml)" : o.checklist},
                  {"as of", o.as_of.empty() ? "the checklist's publication date" : o.as_of}};
  if (o.snap.min_component > 0)
    r.parameters.emplace_back("smallest network component snapped to", std::to_string(o.snap.min_component) + " nodes");
  if (!o.crs.empty()) r.parameters.emplace_back("working CRS", o.crs);
  for (const auto& c : o.input_crs) r.parameters.emplace_back("input CRS", c);
  for (const auto& [role, spec] : {std::pair<const char*, const std::string&>{"street network", o.network},
                                   {"facilities", o.facilities}, {"origins", o.origins.spec},
                                   {"entrances", o.origins.entrances}, {"grid boundary", o.origins.grid_boundary},
                                   {"units", o.units}, {"plan facilities", o.plan_facilities}})
    if (!spec.empty()) r.inputs.emplace_back(role, spec);
  return r;
}

void print_summary(const io::Table& summary) {
  std::printf("%-22s %-20s %12s %12s %9s\n", "unit", "category", "population", "covered", "coverage");
  for (const auto& row : summary.rows) {
    if (std::get<std::string>(row[0]) != "ALL") continue;
    std::printf("%-22s %-20s %12.0f %12.0f %8.1f%%\n", "ALL", std::get<std::string>(row[1]).c_str(),
                std::get<double>(row[2]), std::get<double>(row[3]), 100.0 * std::get<double>(row[4]));
  }
}

void run_coverage(const CoverageOptions& o) {
  validate(o);
  const CommandContext context(o.threads);
  const access::Catalog catalog = access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog);
  const InputDatums datums = apply_input_crs(o);

  NetworkSource src{o.network, io::is_osm_path(o.network), {}, {o.merge_tolerance, o.node_crossings}};
  src.datum = datums.of("network");
  LoadedNetwork net = load_network(src, o.crs.empty() ? std::nullopt : std::optional<int>(io::parse_epsg(o.crs)));
  const network::Graph& g = net.graph;
  log::info("network: " + std::to_string(g.node_count()) + " nodes, " + std::to_string(g.edge_count()) + " edges, " +
            std::to_string(g.component_size.size()) + " components");

  CategorizedFacilities fac = load_catalog_facilities(o.facilities, catalog, o.category_field, o.id_field, o.capacity_field);
  undo_datum(datums.of("facilities"), fac.points.lonlat);
  select_categories(o.categories, known_categories(&catalog, fac.members), fac.members, o.facilities);
  if (fac.members.empty()) throw InputError({o.facilities, "", ""}, "no facilities of any category");
  const RunShape run{g.node_count(), g.edge_count(), 0, 0, fac.points.ids.size(), fac.members.size(), o.k,
                     static_cast<unsigned>(o.thresholds_min.size()), worker_threads(o.threads), true};
  check_origin_budget(o.origins, *net.projector, o.max_memory, run);
  access::OriginSet set = load_origin_set(o.origins, *net.projector);
  undo_datum(datums.of("origins"), set);
  for (const auto& w : set.warnings) log::warn(w);
  std::vector<std::string> unit_of;
  std::vector<access::Unit> units;
  if (!o.units.empty()) {
    units = access::load_units(o.units, o.unit_name_field);
    if (const auto d = datums.of("units"); d != io::ChineseDatum::wgs84)
      for (auto& u : units) u.wkt = io::convert_wkt(u.wkt, d, io::ChineseDatum::wgs84);
    unit_of = access::assign_units(set.origins, units);
  }
  const bool communities = o.origins.grid_cell_m <= 0 && set.origins.size() > 0 && !set.origins.front().wkt.empty() &&
                           o.origins.type != "raster" && !(o.origins.spec.ends_with(".tif") || o.origins.spec.ends_with(".tiff"));
  access::People people = people_of(set, unit_of, communities);

  const network::Snapper snapper(g);
  const network::SnapOptions so = o.snap.options();
  OriginNetwork on = snap_origins(set, snapper, *net.projector, so, people);
  const auto fsnap = snapper.snap_all(project(*net.projector, fac.points.lonlat), so);
  RunShape shape = run;
  shape.origins = set.origins.size(), shape.access_points = on.snaps.size();
  shape.polygon_origins = !set.origins.empty() && !set.origins.front().wkt.empty();
  check_memory_budget(o.max_memory, shape, {}, {fca_pairs_part(o, catalog, g, fac, fsnap, on)});
  const auto cats = run_categories(o, catalog, g, fac, fsnap, on, people);

  const access::GroupShares shares;
  std::vector<std::string> area_wkt;
  for (const auto& origin : set.origins) area_wkt.push_back(origin.wkt);
  std::vector<io::Table> tables;
  tables.push_back(access::origin_access_table(people, cats, shares));
  tables.push_back(access::coverage_table("community_coverage", "community", access::group_by(people.community, false), people, cats, shares));
  tables.push_back(access::coverage_table("unit_coverage", "unit", access::group_by(people.unit, true), people, cats, shares));
  tables.push_back(access::gaps_table(people, cats, shares));
  tables.push_back(access::gap_areas_table(people, area_wkt, cats, shares, *net.projector, {o.point_radius}));
  tables.push_back(access::unit_gaps_table(tables.back(), people, cats, shares));
  access::attach_outlines(tables, people, area_wkt, units);
  std::optional<io::Table> plan_coverage;
  if (!o.plan_facilities.empty()) {
    CategorizedFacilities plan = fac;
    std::vector<network::Snap> plan_snaps = fsnap;
    add_plan_facilities(o, catalog, datums, snapper, *net.projector, so, plan, plan_snaps);
    const auto plan_cats = run_categories(o, catalog, g, plan, plan_snaps, on, people);
    plan_coverage = access::coverage_table("plan_unit_coverage", "unit", access::group_by(people.unit, true), people, plan_cats, shares);
  }
  if (!current_split().writes()) return;  // another rank of a split task: rank 0 writes
  add_checklist_tables(o, catalog, tables, plan_coverage ? &*plan_coverage : nullptr);
  if (plan_coverage) tables.push_back(std::move(*plan_coverage));
  const io::Table summary = access::summary_table(tables[2]);
  for (auto& t : tables) describe_speed(t, speed_text(o.speed, catalog));
  write_outputs(o, tables);
  if (!o.summary.empty()) io::write_csv(o.summary, summary, o.overwrite), log::info("wrote " + o.summary);
  if (!o.report.empty())
    write_coverage_report(report_request(o, catalog), tables, catalog, units,
                          {&g, net.projector.get(), &people.id, &area_wkt, o.origins.grid_cell_m > 0, &fac});
  if (log::level() >= log::Level::normal) print_summary(summary);
}

}  // namespace

void setup_coverage(CLI::App& app) {
  auto o = std::make_shared<CoverageOptions>();
  CLI::App* cmd = app.add_subcommand("coverage", "Population coverage, gaps and gap areas per facility category");
  cmd->add_option("--network", o->network, "Street network: .osm.pbf/.osm or a GDAL line source FILE[:LAYER]")->required();
  cmd->add_option("--facilities", o->facilities, "Facilities FILE[:LAYER]; OSM: categories from the catalog's tag rules")->required();
  add_origin_options(*cmd, o->origins);
  cmd->add_option("--catalog", o->catalog, "Category catalog (default: the project's)")->default_str(default_catalog());
  add_categories_option(*cmd, o->categories);
  cmd->add_option("--category-field", o->category_field, "Facility category field (catalog ids, or ad-hoc categories)");
  cmd->add_option("--id-field", o->id_field, "Facility id field");
  cmd->add_option("--default-threshold", o->default_threshold_min, "Minutes for categories not in the catalog")->capture_default_str();
  cmd->add_option("--units", o->units, "Administrative units (polygons) FILE[:LAYER]");
  cmd->add_option("--unit-name-field", o->unit_name_field, "Unit name field")->capture_default_str();
  cmd->add_option("--out", o->out, "GeoPackage with every layer");
  cmd->add_option("--out-dir", o->out_dir, "Folder for one GeoJSON/CSV file per layer");
  add_out_crs_option(*cmd, o->out_crs);
  cmd->add_option("--summary", o->summary, "Summary CSV: unit,category,population,covered_population,coverage,mean_s,p85_s");
  cmd->add_option("--thresholds", o->thresholds_min, "Minutes for the count columns")->delimiter(',')->capture_default_str();
  cmd->add_option("--k", o->k, "Nearest facilities searched per origin")->capture_default_str();
  add_snap_options(*cmd, o->snap);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of each category");
  cmd->add_option("--gap-point-radius", o->point_radius, "Radius of the gap area around a point origin, metres")->capture_default_str();
  cmd->add_option("--crs", o->crs, "Metric working CRS, EPSG:N");
  cmd->add_option("--threads", o->threads, "Worker threads (default: all cores)");
  cmd->add_flag("--node-crossings", o->node_crossings, "Split GIS lines where they cross");
  cmd->add_option("--merge-tolerance", o->merge_tolerance, "Merge GIS line vertices closer than this, metres")->capture_default_str();
  cmd->add_option("--input-crs", o->input_crs, "LAYER=gcj02|bd09|EPSG:N: coordinates of a layer (network, facilities, origins, units, entrances, grid-boundary)");
  cmd->add_option("--capacity-field", o->capacity_field, "Facility capacity field (seats, beds, places) for 2SFCA; default 1 each");
  cmd->add_option("--checklist", o->checklist, "Checklist the gaps are linked to (default: Wuhai 2023)")->default_str(default_checklist());
  cmd->add_option("--as-of", o->as_of, "Date deadlines are judged at, YYYY-MM-DD (default: the checklist's publication)");
  cmd->add_option("--plan-facilities", o->plan_facilities, "Facilities the plan adds: the progress table gets a plan column and plan_unit_coverage is written");
  cmd->add_option("--gap-report", o->gap_report, "Markdown gap report: gaps with their measures, units and deadlines");
  cmd->add_option("--report", o->report, "The planner's report: one self-contained HTML file (docs/report.md)");
  cmd->add_option("--report-sites", o->report_sites, "Proposed sites for the report: [CATEGORY=]sites.csv written by `lifecircle site`")->delimiter(',');
  cmd->add_flag("--overwrite", o->overwrite, "Replace existing output files");
  add_update_option(*cmd, o->update);
  add_max_memory_option(*cmd, o->max_memory);
  cmd->callback([o] { run_coverage(*o); });
}

}  // namespace lc::tools
