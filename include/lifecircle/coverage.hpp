// lifecircle coverage: who is reached and who is not, per facility category of the catalog, with
// gaps, gap areas and the checklist measures meant to close them (docs/coverage.md). What the
// command `lifecircle coverage` computes, as one call.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <lifecircle/context.hpp>
#include <lifecircle/inputs.hpp>
#include <lifecircle/table.hpp>

namespace lifecircle {

struct CoverageRequest {
  NetworkSource network;          // read and built unless `built` is given
  std::optional<Network> built;   // a network built before, reused as it is
  FacilitySource facilities;
  OriginSource origins;
  UnitSource units;               // optional: coverage per unit besides the whole area
  std::string catalog;            // catalog file; empty: Catalog::default_path()
  std::vector<std::string> categories;  // only these ids, each computed even without facilities; empty: all found
  double default_threshold_min = 15;    // categories not in the catalog, walked at the general speed
  std::vector<double> thresholds_min{5, 10, 15};  // the count columns
  unsigned k = 3;                       // checked (1..16) and recorded; the tables hold each origin's
                                        // nearest facility only, so coverage searches that one
  double max_snap_m = 250;              // farthest a point may be from a walkable street and still join it
  std::uint32_t min_component = 0;      // points join only network components of at least this many nodes
  std::optional<double> speed_mps;      // one speed for every category instead of the catalog's profiles
  std::string season;             // "winter": speeds scaled by the catalog's winter factors (the
                                  // general profile's for one speed); empty: none
  double gap_point_radius_m = 100;      // the gap area around a point origin
  std::string checklist;                // checklist file the gaps are linked to; empty: Wuhai 2023
  std::string as_of;                    // YYYY-MM-DD deadlines are judged at; empty: the checklist's publication
  FacilitySource plan_facilities;       // facilities a plan adds (path or points): plan_unit_coverage
  // > 0: the searches run tile by tile, the origins in squares of this side (metres) each on the
  // network within a buffer of it, with the same results as one piece (docs/scaling.md, "Tiles");
  // with a share, the units dealt out are (category, tile) pairs. 0: the whole network at once.
  double tile_size_m = 0;
  // The per-origin layers (docs/coverage.md, "Layouts"): "long" (the default) origin_access, one
  // row per origin and category, with gaps, a row per uncovered origin and category; "wide"
  // origin_access_wide instead of both, one row per origin with each category's minutes to the
  // nearest facility (<id>_min) and whether within its threshold (<id>_covered); "both" all three. Anything else is a UsageError naming `layout`.
  std::string layout = "long";
  // One share of the categories, for a run split among processes (`lifecircle run` under mpirun):
  // this call searches the categories whose index in id order, modulo `of`, is `part`, and returns
  // only those (CoverageResult::categories), without tables. Default: every category.
  struct Share {
    unsigned part = 0, of = 1;
  } share;
};

// One category's walk from every origin (in the order of CoverageResult::origin_ids).
struct CategoryCoverage {
  std::string id;
  double threshold_s = 0;  // the time budget walked
  double speed_mps = 0;
  std::string group;       // the people it serves
  int level = 0;           // 5, 10, 15; 0: not a life-circle category
  std::vector<double> nearest_s;         // NaN: none reachable
  std::vector<std::string> nearest_id;   // "" when none
  std::vector<double> thresholds_min;    // the count thresholds
  std::vector<std::uint32_t> counts;     // origin x threshold, row by row
  std::vector<double> fca, fca_gaussian; // 2SFCA and Gaussian 2SFCA per origin
};

struct CoverageResult {
  std::vector<std::string> origin_ids;
  std::vector<double> population;
  std::vector<bool> snapped;            // false: no access point within max_snap_m
  std::vector<CategoryCoverage> categories;  // in id order
  // origin_access, community_coverage, unit_coverage, gaps, gap_areas, unit_gaps, gap_measures,
  // progress and, with plan facilities, plan_unit_coverage: the command line's layers. With
  // layout "wide" origin_access_wide comes last instead of origin_access and gaps; with "both" it
  // comes last besides.
  std::vector<Table> tables;
  // unit, category, population, covered_population, coverage, mean_s, p85_s: one row per unit
  // and category and ALL for the whole area (the command line's --summary).
  Table summary;
  std::string gap_report;  // Markdown: gaps with their measures, units and deadlines

  const Table* table(const std::string& name) const;  // nullptr when absent
};

// Called as each category finishes, before the next starts (from the calling thread).
using CategorySink = std::function<void(const CategoryCoverage&)>;

CoverageResult coverage(Context& ctx, const CoverageRequest& request, const CategorySink& on_category = {});

}  // namespace lifecircle
