#include "cmd_coverage.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "cli_errors.hpp"
#include "commands.hpp"
#include "access/gap_areas.hpp"
#include "api/coverage_report.hpp"
#include "api/coverage_run.hpp"
#include "api/sources.hpp"
#include "io/table_writer.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/chinese_coords.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "api/run_budget.hpp"
#include "origin_options.hpp"
#include "outputs.hpp"
#include "run_options.hpp"
#include "plan/checklist.hpp"
#include "walk_options.hpp"
#include "work_split.hpp"

namespace lc::tools {

namespace {

struct CoverageOptions : NetworkFlags, OutputFlags {
  std::string facilities, catalog, out, out_dir, summary;
  std::string category_field, id_field, units, unit_name_field = "name";
  OriginRequest origins;
  std::vector<double> thresholds_min{5, 10, 15};
  double default_threshold_min = 15, point_radius = 100, tile_size = 0;
  SnapFlags snap;  // --max-snap, --min-component
  std::optional<double> speed;  // --speed: one for every category
  unsigned k = 3;
  std::vector<std::string> input_crs;  // LAYER=gcj02|bd09|EPSG:N
  std::string capacity_field;
  std::string checklist, as_of, gap_report;  // the plan the gaps are linked to
  std::string plan_facilities;                // facilities the plan adds (the plan scenario)
  std::vector<std::string> categories;        // only these (default: every category found)
  std::string report;                         // the planner's HTML report
  std::vector<std::string> report_sites;      // [CATEGORY=]sites.csv from `lifecircle site`
  std::string layout = "long";                // --layout long|wide|both: the per-origin layers
};

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
  if (!o.report.empty()) api::check_coverage_report({o.report, o.report_sites, o.overwrite, {}, {}});
  if (!o.out_dir.empty() && !std::filesystem::is_directory(o.out_dir))
    throw OutputError(o.out_dir, "folder does not exist");
  check_origin_flags(o.origins);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
}

}  // namespace

namespace {

// Every table but origin_access and gaps when only the wide layout is asked for (made for the report).
void write_outputs(const CoverageOptions& o, const std::vector<io::Table>& tables) {
  const bool drop_long = o.layout == "wide" && !o.report.empty();
  std::vector<const io::Table*> all;
  for (const auto& t : tables)
    if (!(drop_long && (t.name == "origin_access" || t.name == "gaps"))) all.push_back(&t);
  if (!o.out.empty()) write_result(o.out, all, o.overwrite, o.out_crs, o.update), log::info("wrote " + o.out);
  if (!o.out_dir.empty())
    for (const std::string& path : api::write_result_folder(o.out_dir, all, result_options(o.overwrite, o.out_crs)))
      log::info("wrote " + path);
}

// The report's file, sites, parameters and data sources (api::describe_coverage_run).
api::CoverageReportRequest report_request(const CoverageOptions& o, const lifecircle::CoverageRequest& r,
                                          const access::Catalog& catalog) {
  api::CoverageReportRequest report{o.report, o.report_sites, o.overwrite, {}, {}};
  api::describe_coverage_run(report, r, {o.checklist, o.crs, o.input_crs, speed_text(o.speed, catalog)}, flag_of);
  return report;
}

void print_summary(const io::Table& summary) {
  std::printf("%-22s %-20s %12s %12s %9s\n", "unit", "category", "population", "covered", "coverage");
  for (const auto& row : summary.rows) {
    if (std::get<std::string>(row[0]) != "ALL") continue;
    std::printf("%-22s %-20s %12.0f %12.0f %8.1f%%\n", "ALL", std::get<std::string>(row[1]).c_str(),
                std::get<double>(row[2]), std::get<double>(row[3]), 100.0 * std::get<double>(row[4]));
  }
}

// The per-origin layers made: the report draws its walking-time maps from origin_access (and its
// gap points from gaps), made for it, not written, when only the wide layer is asked for.
std::string made_layout(const CoverageOptions& o) { return o.layout == "wide" && !o.report.empty() ? "both" : o.layout; }

// The request the options make: every input and parameter, in the engine's words.
lifecircle::CoverageRequest coverage_request(const CoverageOptions& o) {
  lifecircle::CoverageRequest r;
  r.network = o.network_source();
  r.season = o.season;
  r.facilities = {o.facilities, {}, o.category_field, o.id_field, o.capacity_field, lifecircle::Datum::wgs84};
  r.origins = origin_source(o.origins);
  r.units.path = o.units;
  r.units.name_field = o.unit_name_field;
  r.catalog = o.catalog.empty() ? default_catalog() : o.catalog;
  r.categories = o.categories;
  r.default_threshold_min = o.default_threshold_min;
  r.thresholds_min = o.thresholds_min;
  r.k = o.k;
  r.max_snap_m = o.snap.max_snap;
  r.min_component = o.snap.min_component;
  r.speed_mps = o.speed;
  r.gap_point_radius_m = o.point_radius;
  r.tile_size_m = o.tile_size;
  r.layout = made_layout(o);
  r.checklist = o.checklist.empty() ? default_checklist() : o.checklist;
  r.as_of = o.as_of;
  if (!o.plan_facilities.empty())
    r.plan_facilities = {o.plan_facilities, {}, o.category_field, o.id_field, o.capacity_field, lifecircle::Datum::wgs84};
  api::apply_input_crs(r, o.input_crs);  // --input-crs
  return r;
}

// origin_access and gaps are written as each category finishes (a GeoPackage --out), or not made
// at all when only --summary or --gap-report is asked for; --out-dir, --update and --report need
// the whole tables, built in memory as before.
bool streams(const CoverageOptions& o) {
  return o.out_dir.empty() && !o.update && o.report.empty() && (o.out.empty() || o.out.ends_with(".gpkg"));
}

// --max-memory before the origins are loaded and before the searches; the MPI split of a task
// marked split = true under `lifecircle run`.
api::CoverageHooks coverage_hooks(const CoverageOptions& o, const WorkSplit& split) {
  api::CoverageHooks h;
  api::add_coverage_budget(h, o.origins, o.max_memory, o.threads, static_cast<unsigned>(o.thresholds_min.size()), streams(o),
                          api::Layout(made_layout(o)));
  if (split.size > 1) h.gather_all = split.gather_all;
  h.tables = split.writes();
  return h;
}

void run_coverage(const CoverageOptions& o, const WorkSplit& split) {
  validate(o);
  const CommandContext context(o.threads);
  lifecircle::CoverageRequest request = coverage_request(o);
  if (split.size > 1) request.share = {static_cast<unsigned>(split.rank), static_cast<unsigned>(split.size)};
  api::CoverageHooks hooks = coverage_hooks(o, split);
  hooks.keep_categories = false;
  std::unique_ptr<io::GpkgStream> stream;
  if (streams(o) && split.writes()) {
    const std::string speed = speed_text(o.speed, access::with_walk_profile(access::with_season(api::catalog_of(request.catalog), request.season), request.network.walk_profile));
    hooks.stream_begin = [&, speed](const std::vector<const io::Table*>& layers) {
      if (o.out.empty()) return;
      std::vector<io::Table> described;
      for (const io::Table* t : layers) described.push_back(*t), describe_speed(described.back(), speed);
      std::vector<const io::Table*> schemas;
      for (const auto& t : described) schemas.push_back(&t);
      stream = api::open_result_stream(o.out, schemas, result_options(o.overwrite, o.out_crs));
    };
    hooks.stream_rows = [&](const io::RowBlock& rows) {
      if (stream) stream->append(rows);
    };
  }
  api::CoverageRun run = api::run_coverage(request, hooks);
  if (!split.writes()) return;  // another rank of a split task: rank 0 writes
  std::vector<io::Table>& tables = run.tables;
  if (!o.gap_report.empty()) {
    io::AtomicFile md(o.gap_report, o.overwrite);
    md.write(run.gap_report);
    md.commit();
    log::info("wrote " + o.gap_report);
  }
  const io::Table& summary = *run.summary;
  for (auto& t : tables) describe_speed(t, speed_text(o.speed, run.catalog));
  if (stream) {
    std::vector<const io::Table*> all, styled;
    for (const auto& t : tables) all.push_back(&t), styled.push_back(t.name == "origin_access" ? &*run.style_digest : &t);
    api::finish_result_stream(*stream, all, styled);
    log::info("wrote " + o.out);
  } else {
    write_outputs(o, tables);
  }
  if (!o.summary.empty()) io::write_csv(o.summary, summary, o.overwrite), log::info("wrote " + o.summary);
  if (!o.report.empty())
    api::write_coverage_report(report_request(o, request, run.catalog), tables, run.catalog, run.units,
                               {&run.network->impl().net.graph, run.network->impl().net.projector.get(), &run.people.id,
                                &run.area_wkt, o.origins.grid_cell_m > 0, &run.facilities});
  if (log::level() >= log::Level::normal) print_summary(summary);
}

}  // namespace

void setup_coverage(CLI::App& app, CommandActions& actions, const WorkSplit* split) {
  auto o = std::make_shared<CoverageOptions>();
  CLI::App* cmd = app.add_subcommand("coverage", "Population coverage, gaps and gap areas per facility category");
  add_network_options(*cmd, *o);
  cmd->add_option("--facilities", o->facilities, "Facilities FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"; OSM: categories from the catalog's tag rules")->required();
  add_origin_options(*cmd, o->origins);
  cmd->add_option("--catalog", o->catalog, "Category catalog (default: the project's)")->default_str(default_catalog());
  add_categories_option(*cmd, o->categories);
  cmd->add_option("--category-field", o->category_field, "Facility category field (catalog ids, or ad-hoc categories)");
  cmd->add_option("--id-field", o->id_field, "Facility id field");
  cmd->add_option("--default-threshold", o->default_threshold_min, "Minutes for categories not in the catalog")->capture_default_str();
  cmd->add_option("--units", o->units, "Administrative units (polygons) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
  cmd->add_option("--unit-name-field", o->unit_name_field, "Unit name field")->capture_default_str();
  cmd->add_option("--out", o->out, "GeoPackage with every layer, or \"PG:... active_schema=SCHEMA\": every layer a table of that schema, in one transaction");
  cmd->add_option("--out-dir", o->out_dir, "Folder for one GeoJSON/CSV file per layer");
  cmd->add_option("--summary", o->summary, "Summary CSV: unit,category,population,covered_population,coverage,mean_s,p85_s");
  cmd->add_option("--thresholds", o->thresholds_min, "Minutes for the count columns")->delimiter(',')->capture_default_str();
  cmd->add_option("--k", o->k, "Checked (1..16) and recorded; coverage's tables hold the nearest facility only, so one is searched")->capture_default_str();
  add_snap_options(*cmd, o->snap);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of each category");
  cmd->add_option("--gap-point-radius", o->point_radius, "Radius of the gap area around a point origin, metres")->capture_default_str();
  // In the run group: the results are the same for any tile size, so a job task's fingerprint
  // leaves it out (a changed tile-size does not rerun a finished task).
  cmd->add_option("--tile-size", o->tile_size, "Search in square tiles of this side, metres, each on the network around it: the same results; a split task deals (category, tile) units to its ranks (0: no tiles; docs/scaling.md)")
      ->capture_default_str()
      ->group(kRunGroup);
  cmd->add_option("--layout", o->layout,
                 "Per-origin layers: long (origin_access, one row per origin and category), wide (origin_access_wide, "
                 "one row per origin with <category>_min and <category>_covered columns, instead of origin_access and gaps) "
                 "or both (docs/coverage.md)")
      ->check(CLI::IsMember({"long", "wide", "both"}))
      ->capture_default_str();
  cmd->add_option("--input-crs", o->input_crs, "LAYER=gcj02|bd09|EPSG:N: coordinates of a layer (network, facilities, origins, units, entrances, grid-boundary)");
  cmd->add_option("--capacity-field", o->capacity_field, "Facility capacity field (seats, beds, places) for 2SFCA; default 1 each");
  cmd->add_option("--checklist", o->checklist, "Checklist the gaps are linked to (default: Wuhai 2023)")->default_str(default_checklist());
  cmd->add_option("--as-of", o->as_of, "Date deadlines are judged at, YYYY-MM-DD (default: the checklist's publication)");
  cmd->add_option("--plan-facilities", o->plan_facilities, "Facilities the plan adds, FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\": the progress table gets a plan column and plan_unit_coverage is written");
  cmd->add_option("--gap-report", o->gap_report, "Markdown gap report: gaps with their measures, units and deadlines");
  cmd->add_option("--report", o->report, "The planner's report: one self-contained HTML file (docs/report.md)");
  cmd->add_option("--report-sites", o->report_sites, "Proposed sites for the report: [CATEGORY=]sites.csv written by `lifecircle site`")->delimiter(',');
  add_output_options(*cmd, *o);
  actions.on_run(*cmd, [o, split] { run_coverage(*o, split ? *split : WorkSplit{}); });
}

}  // namespace lc::tools
