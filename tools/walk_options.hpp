// tools: the options every command that walks to facilities shares (--network and how it is built
// and walked; --categories; --max-snap and --min-component; --speed; the output and resource
// options), each defined once here so that a flag means the same thing, and a
// bad value gives the same message and exit code 2, on every command and in job files (whose
// tasks are checked against these same definitions).
#pragma once

#include <CLI/CLI.hpp>

#include <lifecircle/inputs.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "api/walk_text.hpp"
#include "io/table.hpp"
#include "network/snap.hpp"

namespace lc::tools {

// --categories ID,ID,...: only these categories, each computed even when no facility has it.
void add_categories_option(CLI::App& cmd, std::vector<std::string>& ids);

// --max-snap M and --min-component N: how far from a walkable street a point may be and still
// join it, and the fewest nodes a network component must have for points to join it (the
// crumbs a clipped extract leaves at its edges would strand homes that are well connected).
struct SnapFlags {
  double max_snap = 250;
  std::uint32_t min_component = 0;
  network::SnapOptions options() const { return {Metres{max_snap}, min_component}; }
};
void add_snap_options(CLI::App& cmd, SnapFlags& snap);

// --speed M_PER_S: one walking speed for every category instead of the catalog's speed profiles
// (rule_for in pipeline.hpp; thresholds the catalog gives as distances stay distances).
// `without` says in the help what a run without it walks at.
void add_speed_option(CLI::App& cmd, std::optional<double>& speed, const std::string& without);

// --dem FILE: a digital elevation model (any GDAL raster, heights in metres) read along every
// street: uphill and downhill are walked at Tobler's speeds (docs/network.md, Slope). The same on
// every command that builds a network (reach, coverage, site, compare, isochrones).
void add_dem_option(CLI::App& cmd, std::string& dem);

// --season winter: the catalog's speeds scaled by each profile's winter factor (snow and ice;
// docs/catalog.md), one speed (--speed, reach) by the general profile's.
void add_season_option(CLI::App& cmd, std::string& season);
// --walk-profile wheelchair (network::walk_profile, access::with_walk_profile).
void add_walk_profile_option(CLI::App& cmd, std::string& walk_profile);

// The streets a walking command builds and how people walk them: --network, --dem, --walk-profile,
// --season, --crs and, on the commands that read GIS lines as they are, --node-crossings and
// --merge-tolerance. network_source() is the request's network (the season is the request's own).
struct NetworkFlags {
  std::string network, dem, walk_profile, season, crs;
  bool node_crossings = false;
  double merge_tolerance = 0.5;
  lifecircle::NetworkSource network_source() const;
};
void add_network_options(CLI::App& cmd, NetworkFlags& flags, bool noding = true);

// What every command that writes results takes besides its outputs: --overwrite, --update,
// --out-crs, --threads and --max-memory.
struct OutputFlags {
  bool overwrite = false;
  bool update = false;     // --update: layers added to an existing GeoPackage
  std::string out_crs;     // CRS of the written geometries
  unsigned threads = 0;
  std::string max_memory;  // --max-memory (api/memory_budget.hpp)
};
void add_output_options(CLI::App& cmd, OutputFlags& flags);

// How a run walks, for the layer descriptions and the report (api/walk_text.hpp), in the command
// line's words ("0.8 m/s for every category (--speed)").
using api::describe_speed;
std::string speed_text(const std::optional<double>& speed, const access::Catalog& catalog);

}  // namespace lc::tools
