// tools: the options every command that walks to facilities shares (--categories; --max-snap and
// --min-component; --speed), each defined once here so that a flag means the same thing, and a
// bad value gives the same message and exit code 2, on every command and in job files (whose
// tasks are checked against these same definitions).
#pragma once

#include <CLI/CLI.hpp>

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

// How a run walks, for the layer descriptions and the report: api/walk_text.hpp.
using api::describe_speed;
using api::speed_text;

}  // namespace lc::tools
