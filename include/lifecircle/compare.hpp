// lifecircle compare: the base against a scenario (facilities added or removed, walking links
// added), per category and unit and origin by origin. The scenario is reached from the base by
// incremental updates, identical to a full re-run of it (`full` runs both in full). What the
// command `lifecircle compare` computes, as one call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifecircle/context.hpp>
#include <lifecircle/inputs.hpp>
#include <lifecircle/table.hpp>

namespace lifecircle {

struct CompareRequest {
  NetworkSource network;          // read and built unless `built` is given
  std::optional<Network> built;
  FacilitySource facilities;      // the base
  OriginSource origins;
  UnitSource units;               // optional: per unit besides the whole area
  std::string catalog;            // empty: Catalog::default_path()
  double default_threshold_min = 15;
  std::optional<double> speed_mps;
  std::string season;             // "winter": speeds scaled by the catalog's winter factors (the
                                  // general profile's for one speed); empty: none
  double max_snap_m = 250;
  std::uint32_t min_component = 0;
  // The scenario: at least one of these.
  FacilitySource add_facilities;  // new ids, categories as the base's (path or points)
  std::vector<std::string> remove_facilities;  // ids of base facilities
  std::string remove_facilities_file;          // or a file of them, one a line (# comments)
  std::string add_links;          // walking links FILE[:LAYER] (lines; each end joins the nearest node)
  std::vector<Street> links;      // or given as lines (their class unused)
  double link_snap_m = 20;        // farthest a link end may be from a network node
  bool full = false;              // both runs in full instead of the scenario updated from the base
  bool origin_changes = true;     // false: only the summary (the changes are a row per changed origin)
};

struct CompareResult {
  // compare_summary: per unit (and ALL) and category: population, covered_base, covered_scenario,
  // newly_covered, lost, coverage_base/_scenario, mean_s_base/_scenario, delta_mean_s, p85_s_base/
  // _scenario, delta_p85_s.
  Table summary;
  // origin_changes: each origin whose walk changed, per category: origin_id, category, population,
  // base_s, scenario_s, delta_s, the nearest ids, counts within the threshold, status, unit; points.
  Table origin_changes;
  std::size_t unsnapped_added = 0;  // added facilities farther than max_snap_m from the streets
};

CompareResult compare(Context& ctx, const CompareRequest& request);

}  // namespace lifecircle
