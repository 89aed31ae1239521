#include "cmd_compare.hpp"


#include <memory>
#include <optional>

#include "commands.hpp"
#include "api/compare_run.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/table_writer.hpp"
#include "api/run_budget.hpp"
#include "origin_options.hpp"
#include "outputs.hpp"
#include "run_options.hpp"
#include "walk_options.hpp"

namespace lc::tools {

namespace {

struct CompareOptions : NetworkFlags, OutputFlags {
  std::string facilities, catalog, out, summary;
  std::string category_field, id_field, units, unit_name_field = "name";
  OriginRequest origins;
  double default_threshold_min = 15, link_snap = 20;
  SnapFlags snap;  // --max-snap, --min-component
  std::optional<double> speed;  // --speed
  bool full = false;
  std::string add_facilities, remove_facilities_file, add_links;
  std::vector<std::string> remove_facilities;
};

lifecircle::CompareRequest compare_request(const CompareOptions& o) {
  lifecircle::CompareRequest r;
  r.network = o.network_source();
  r.facilities = {o.facilities, {}, o.category_field, o.id_field, {}, lifecircle::Datum::wgs84};
  r.origins = origin_source(o.origins);
  r.units.path = o.units;
  r.units.name_field = o.unit_name_field;
  r.catalog = o.catalog.empty() ? default_catalog() : o.catalog;
  r.default_threshold_min = o.default_threshold_min;
  r.speed_mps = o.speed;
  r.season = o.season;
  r.max_snap_m = o.snap.max_snap;
  r.min_component = o.snap.min_component;
  if (!o.add_facilities.empty()) r.add_facilities = {o.add_facilities, {}, o.category_field, o.id_field, {}, lifecircle::Datum::wgs84};
  r.remove_facilities = o.remove_facilities;
  r.remove_facilities_file = o.remove_facilities_file;
  r.add_links = o.add_links;
  r.link_snap_m = o.link_snap;
  r.full = o.full;
  r.origin_changes = !o.out.empty();
  return r;
}

// The request's own checks (an empty scenario, --link-snap) between the command line's.
void validate(const CompareOptions& o, const lifecircle::CompareRequest& request) {
  if (o.out.empty() && o.summary.empty()) throw UsageError("give --out FILE.gpkg and/or --summary FILE.csv: nothing would be written");
  api::check_compare_request(request);
  if (!o.out.empty()) io::check_writable(o.out, o.overwrite, o.update);
  if (!o.summary.empty()) io::check_writable(o.summary, o.overwrite);
}

void run_compare(const CompareOptions& o) {
  const lifecircle::CompareRequest request = compare_request(o);
  validate(o, request);
  const CommandContext context(o.threads);
  check_origin_flags(o.origins);
  if (!o.add_facilities.empty()) check_facility_flags(o.add_facilities, o.category_field, o.id_field, true);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
  api::CompareHooks hooks;
  api::add_compare_budget(hooks, o.origins, o.max_memory, o.threads);
  hooks.unsnapped_added = [](std::size_t n) {
    log::warn(std::to_string(n) + " added facilities are farther than --max-snap from a walkable street and reach no one");
  };
  api::CompareRun run = api::run_compare(request, hooks);
  describe_speed(run.summary, speed_text(o.speed, run.catalog));
  if (!o.out.empty()) {
    describe_speed(run.origin_changes, speed_text(o.speed, run.catalog));
    write_result(o.out, {&run.summary, &run.origin_changes}, o.overwrite, o.out_crs, o.update);
    log::info("wrote " + o.out + " (" + std::to_string(run.origin_changes.rows.size()) + " origin changes)");
  }
  if (!o.summary.empty()) io::write_csv(o.summary, run.summary, o.overwrite), log::info("wrote " + o.summary);
}

}  // namespace

void setup_compare(CLI::App& app, CommandActions& actions) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "The base against a scenario: facilities added or removed, walking links added");
  add_network_options(*cmd, *o);
  cmd->add_option("--facilities", o->facilities, "Base facilities FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"")->required();
  add_origin_options(*cmd, o->origins);
  cmd->add_option("--add-facilities", o->add_facilities, "Scenario: facilities added FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\" (same fields as --facilities)");
  cmd->add_option("--remove-facilities", o->remove_facilities, "Scenario: ids of base facilities removed")->delimiter(',');
  cmd->add_option("--remove-facilities-file", o->remove_facilities_file, "Scenario: a file of base facility ids removed, one a line");
  cmd->add_option("--add-links", o->add_links, "Scenario: walking links added FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\" (lines; each end joins the nearest node)");
  cmd->add_option("--link-snap", o->link_snap, "Farthest a link end may be from a network node, metres")->capture_default_str();
  cmd->add_flag("--full", o->full, "Re-run every category in full instead of updating the base incrementally");
  cmd->add_option("--out", o->out, "GeoPackage with the compare_summary and origin_changes layers, or \"PG:... active_schema=SCHEMA\" (tables)");
  cmd->add_option("--summary", o->summary, "compare_summary as CSV");
  cmd->add_option("--catalog", o->catalog, "Category catalog (default: the project's)")->default_str(default_catalog());
  cmd->add_option("--category-field", o->category_field, "Facility category field (catalog ids, or ad-hoc categories)");
  cmd->add_option("--id-field", o->id_field, "Facility id field");
  cmd->add_option("--default-threshold", o->default_threshold_min, "Minutes for categories not in the catalog")->capture_default_str();
  cmd->add_option("--units", o->units, "Administrative units (polygons) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
  cmd->add_option("--unit-name-field", o->unit_name_field, "Unit name field")->capture_default_str();
  add_snap_options(*cmd, o->snap);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of each category");
  add_output_options(*cmd, *o);
  actions.on_run(*cmd, [o] { run_compare(*o); });
}

}  // namespace lc::tools
