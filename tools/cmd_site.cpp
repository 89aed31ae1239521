#include "cmd_site.hpp"


#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "api/site_run.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/postgis.hpp"
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

struct SiteOptions : NetworkFlags, OutputFlags {
  std::string facilities, category, catalog, out;
  std::string category_field, id_field, units, unit_name_field = "name";
  std::string candidates, candidate_id_field, candidate_classes, street_class_field;
  OriginRequest origins;
  double candidate_spacing = 0, default_threshold_min = 15;
  SnapFlags snap;  // --max-snap, --min-component
  std::optional<double> speed;  // --speed
  std::optional<std::size_t> count;
  std::optional<double> target_coverage;
  std::string per_district;
};

// --per-district 海勃湾区=9,乌达区=6,海南区=5 -> {海勃湾区: 9, 乌达区: 6, 海南区: 5}.
std::map<std::string, std::size_t> quotas_of(const std::string& per_district) {
  std::map<std::string, std::size_t> quotas;
  std::string rest = per_district;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string item = rest.substr(0, comma);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--per-district: expected NAME=N, got '" + item + "'");
    try {
      quotas[item.substr(0, eq)] = std::stoul(item.substr(eq + 1));
    } catch (const std::exception&) {
      throw UsageError("--per-district: '" + item.substr(eq + 1) + "' is not a count");
    }
  }
  return quotas;
}

// --candidate-classes footway,residential -> {footway, residential}.
std::vector<std::string> candidate_classes(const std::string& text) {
  std::vector<std::string> names;
  if (text.empty()) return names;
  std::string rest = text;
  for (;;) {
    const auto comma = rest.find(',');
    std::string item = rest.substr(0, comma);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (std::find(names.begin(), names.end(), item) == names.end()) names.push_back(item);
    if (comma == std::string::npos) return names;
    rest = rest.substr(comma + 1);
  }
}

lifecircle::SiteRequest site_request(const SiteOptions& o) {
  lifecircle::SiteRequest r;
  r.network = o.network_source();
  r.network.class_field = o.street_class_field;
  r.facilities = {o.facilities, {}, o.category_field, o.id_field, {}, lifecircle::Datum::wgs84};
  r.origins = origin_source(o.origins);
  r.category = o.category;
  r.catalog = o.catalog.empty() ? default_catalog() : o.catalog;
  r.default_threshold_min = o.default_threshold_min;
  r.speed_mps = o.speed;
  r.season = o.season;
  r.max_snap_m = o.snap.max_snap;
  r.min_component = o.snap.min_component;
  r.candidates.path = o.candidates;
  r.candidates.id_field = o.candidate_id_field;
  r.candidate_spacing_m = o.candidate_spacing;
  r.candidate_classes = candidate_classes(o.candidate_classes);
  r.count = o.count;
  r.target_coverage = o.target_coverage;
  r.per_district = quotas_of(o.per_district);
  r.units.path = o.units;
  r.units.name_field = o.unit_name_field;
  return r;
}

// Candidates outside every district sit out a --per-district run. For the planner's own candidate
// layer that deserves a warning naming them; street points generated past the district outlines
// are expected and only mentioned.
void say_outside_districts(const lifecircle::SiteResult& r, const SiteOptions& o) {
  const auto& outside = r.outside_districts;
  if (outside.empty()) return;
  const std::string head = std::to_string(outside.size()) + " of " + std::to_string(r.candidates);
  if (o.candidates.empty()) {
    log::info(head + " street points lie outside every district and are not used with --per-district");
    return;
  }
  constexpr std::size_t kListed = 10;
  std::string list;
  for (std::size_t i = 0; i < std::min(kListed, outside.size()); ++i) list += (i ? ", " : "") + outside[i];
  if (outside.size() > kListed) list += ", ... (" + std::to_string(outside.size() - kListed) + " more)";
  log::warn(head + " candidates in " + o.candidates + " lie outside every district and are not used with --per-district: " + list);
}

void run_site(const SiteOptions& o) {
  const lifecircle::SiteRequest request = site_request(o);
  if (!o.candidate_classes.empty()) {  // checked before any input is read, in the flags' words
    if (!o.candidates.empty() || !(o.candidate_spacing > 0))
      throw UsageError("--candidate-classes picks the streets --candidate-spacing M generates candidates along; give --candidate-spacing");
    for (const auto& c : request.candidate_classes)
      if (c.empty()) throw UsageError("--candidate-classes: an empty class name in '" + o.candidate_classes + "'");
  }
  api::check_site_request(request);
  io::check_writable(o.out, o.overwrite, o.update);
  const CommandContext context(o.threads);
  check_origin_flags(o.origins);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
  api::SiteHooks hooks;
  api::add_site_budget(hooks, o.origins, o.max_memory, o.threads, o.candidate_spacing, !o.units.empty());
  hooks.unsnapped_candidates = [](std::size_t n) {
    log::warn(std::to_string(n) + " candidates are farther than --max-snap from a walkable street and can cover no one");
  };
  api::SiteRun run = api::run_site(request, hooks);
  const lifecircle::SiteResult& result = run.result;
  for (const auto& wmsg : result.warnings) log::warn(wmsg);
  say_outside_districts(result, o);
  describe_speed(run.sites, speed_text(o.speed, run.catalog));
  if (o.out.ends_with(".gpkg") || io::is_postgis(o.out)) {  // every layer
    describe_speed(run.curve, speed_text(o.speed, run.catalog));
    write_result(o.out, {&run.sites, &run.curve}, o.overwrite, o.out_crs, o.update);
  } else {
    write_result(o.out, {&run.sites}, o.overwrite, o.out_crs, o.update);  // .csv: the table as it is
  }
  const auto& rows = run.sites.rows;
  log::info(o.category + ": " + std::to_string(result.existing) + " existing, coverage " +
            io::format_cell(result.population > 0 ? result.covered_population / result.population : 0.0) + "; " +
            std::to_string(rows.size()) + " sites proposed" +
            (rows.empty() ? "" : ", coverage then " + io::format_cell(rows.back().back())) + "; wrote " + o.out);
}

}  // namespace

void setup_site(CLI::App& app, CommandActions& actions) {
  auto o = std::make_shared<SiteOptions>();
  CLI::App* cmd = app.add_subcommand("site", "Where to build new facilities of one category (maximal covering)");
  add_network_options(*cmd, *o, false);
  cmd->add_option("--facilities", o->facilities, "Existing facilities FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"")->required();
  add_origin_options(*cmd, o->origins);
  cmd->add_option("--category", o->category, "Category to site (catalog id)")->required();
  cmd->add_option("--out", o->out, "proposed_sites: .csv (rank,site_id,district,x,y,new_covered,cumulative_covered,cumulative_coverage) or .gpkg (with a coverage_curve layer) / .geojson, or PostGIS tables \"PG:... active_schema=SCHEMA\"")->required();
  cmd->add_option("--candidates", o->candidates, "Candidate sites FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\" (vacant lots, ground-floor retail)");
  cmd->add_option("--candidate-id-field", o->candidate_id_field, "Candidate id field (default: feature id)");
  cmd->add_option("--candidate-spacing", o->candidate_spacing, "Or: candidates every M metres along the walkable streets");
  cmd->add_option("--candidate-classes", o->candidate_classes,
                  "With --candidate-spacing: only along streets of these classes, e.g. footway,residential (OSM highway=*, or the GIS layer's class field)");
  cmd->add_option("--street-class-field", o->street_class_field,
                  "GIS line network: the street class field (default: highway, fclass or class, the first the layer has)");
  cmd->add_option("--count", o->count, "How many sites");
  cmd->add_option("--target-coverage", o->target_coverage, "Or: add sites until this share of people is covered (0..1]");
  cmd->add_option("--per-district", o->per_district, "Or: quotas per district, e.g. 海勃湾区=9,乌达区=6,海南区=5 (needs --units)");
  cmd->add_option("--units", o->units, "Districts (polygons) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
  cmd->add_option("--unit-name-field", o->unit_name_field, "District name field")->capture_default_str();
  cmd->add_option("--category-field", o->category_field, "Facility category field");
  cmd->add_option("--id-field", o->id_field, "Facility id field");
  cmd->add_option("--catalog", o->catalog, "Category catalog")->default_str(default_catalog());
  cmd->add_option("--default-threshold", o->default_threshold_min, "Minutes for categories not in the catalog")->capture_default_str();
  add_snap_options(*cmd, o->snap);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of the category");
  add_output_options(*cmd, *o);
  actions.on_run(*cmd, [o] { run_site(*o); });
}

}  // namespace lc::tools
