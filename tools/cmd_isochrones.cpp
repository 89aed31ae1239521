#include "cmd_isochrones.hpp"

#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include "api/isochrone_run.hpp"
#include "api/run_budget.hpp"
#include "command_context.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/table_writer.hpp"
#include "origin_options.hpp"
#include "outputs.hpp"
#include "run_options.hpp"
#include "walk_options.hpp"

namespace lc::tools {

namespace {

struct IsochroneOptions : NetworkFlags, OutputFlags {
  std::string facilities, catalog, category_field, id_field, out, out_dir;
  std::vector<std::string> categories;  // only these (all when empty)
  std::optional<double> speed;
  std::vector<double> minutes{5, 10, 15};
  double corridor_m = 50;
  SnapFlags snap;  // --max-snap, --min-component
  bool service_areas = false;
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

lifecircle::IsochroneRequest isochrone_request(const IsochroneOptions& o) {
  lifecircle::IsochroneRequest r;
  r.network = o.network_source();
  r.season = o.season;
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
  const lifecircle::IsochroneRequest request = isochrone_request(o);
  api::IsochroneHooks hooks;
  api::add_isochrone_budget(hooks, request, o.max_memory, o.threads);
  const api::IsochroneLayers layers = api::run_isochrones(request, hooks);
  std::vector<const io::Table*> tables{&layers.isochrones};
  if (o.service_areas) tables.push_back(&layers.service_areas);
  if (!o.out.empty()) {
    write_result(o.out, tables, o.overwrite, o.out_crs, o.update);
    log::info("wrote " + o.out);
  }
  if (!o.out_dir.empty())
    for (const std::string& path : api::write_result_folder(o.out_dir, tables, result_options(o.overwrite, o.out_crs)))
      log::info("wrote " + path);
}

}  // namespace

void setup_isochrones(CLI::App& app, CommandActions& actions) {
  auto o = std::make_shared<IsochroneOptions>();
  CLI::App* cmd = app.add_subcommand("isochrones", "Walking isochrones and service areas drawn from the reached streets");
  add_network_options(*cmd, *o);
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
  cmd->add_option("--out", o->out, "Output: .gpkg with layers isochrones (and service_areas), or \"PG:... active_schema=SCHEMA\" (tables), or .geojson/.fgb for isochrones alone");
  cmd->add_option("--out-dir", o->out_dir, "Or: a folder for one GeoJSON per layer");
  add_output_options(*cmd, *o);
  actions.on_run(*cmd, [o] { run_isochrones(*o); });
}

}  // namespace lc::tools
