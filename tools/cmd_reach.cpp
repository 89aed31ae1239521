#include "cmd_reach.hpp"

#include <filesystem>
#include <memory>
#include <optional>

#include "cli_errors.hpp"
#include "commands.hpp"
#include "api/reach_run.hpp"
#include "api/reach_table.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/crs.hpp"
#include "io/postgis.hpp"
#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "api/run_budget.hpp"
#include "origin_options.hpp"
#include "outputs.hpp"
#include "run_options.hpp"
#include "walk_options.hpp"

namespace lc::tools {

namespace {

struct ReachOptions : NetworkFlags, OutputFlags {
  std::string facilities, origins, out;
  std::string category_field, id_field, origin_id_field;
  std::string catalog;                  // set: facility categories by the catalog's rules
  std::vector<std::string> categories;  // set: only these categories, each one written
  std::optional<double> speed;  // 1.0 m/s without it
  std::vector<double> thresholds_min{5, 10, 15};
  unsigned k = 3;
  SnapFlags snap;  // --max-snap, --min-component
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

// `--origins nodes`: every graph node is an origin, named by its node id and standing on the
// network (no snapping leg), so one run gives the times at every node.
constexpr const char* kNodeOrigins = "nodes";

lifecircle::ReachRequest reach_request(const ReachOptions& o) {
  lifecircle::ReachRequest r;
  r.network = o.network_source();
  r.season = o.season;
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
  const lifecircle::ReachRequest request = reach_request(o);
  api::ReachHooks hooks;
  api::add_reach_budget(hooks, request, o.max_memory, o.threads, !is_csv(o.out));
  std::optional<io::AtomicFile> out;
  io::Table table = api::reach_table(request, o.catalog.empty() ? default_catalog() : o.catalog, flag_of);
  const auto sink = [&](const lifecircle::ReachResult& origins, const lifecircle::ReachCategory& cat) {
    if (is_csv(o.out)) {
      if (!out) out.emplace(o.out, o.overwrite), out->write(api::reach_csv_header(o.k, o.thresholds_min));
      api::write_reach_csv_rows(*out, o.k, origins, cat);
    } else {
      api::add_reach_rows(table, o.k, origins, cat);
    }
  };
  api::run_reach(request, hooks, sink);
  if (is_csv(o.out)) {
    if (!out) out.emplace(o.out, o.overwrite), out->write(api::reach_csv_header(o.k, o.thresholds_min));
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
  add_network_options(*cmd, *opt);
  cmd->add_option("--facilities", opt->facilities, "Facility points or polygons FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\" (OSM: categories from tags)")->required();
  cmd->add_option("--origins", opt->origins, "Origins (homes, grid cells) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"; OSM: buildings; 'nodes': every graph node")->required();
  cmd->add_option("--out", opt->out, "Output: .csv table, or the reach layer as .gpkg, .geojson, .fgb or a PostGIS table \"PG:... active_schema=SCHEMA\"")->required();
  cmd->add_option("--category-field", opt->category_field, "Facility field holding the category (default: one category 'all')");
  cmd->add_option("--catalog", opt->catalog, "Categories by this catalog's rules (OSM tags, Amap codes, names) instead of the built-in OSM mapping");
  add_categories_option(*cmd, opt->categories);
  cmd->add_option("--id-field", opt->id_field, "Facility id field (default: feature id)");
  cmd->add_option("--origin-id-field", opt->origin_id_field, "Origin id field (default: feature id)");
  add_speed_option(*cmd, opt->speed, "1.0 m/s (under --walk-profile the catalog's speed of that profile)");
  cmd->add_option("--thresholds", opt->thresholds_min, "Thresholds in minutes")->delimiter(',')->capture_default_str();
  cmd->add_option("--k", opt->k, "How many nearest distinct facilities")->capture_default_str();
  add_snap_options(*cmd, opt->snap);
  add_output_options(*cmd, *opt);
  actions.on_run(*cmd, [opt] { run_reach(*opt); });
}

}  // namespace lc::tools
