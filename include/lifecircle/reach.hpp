// lifecircle reach: walking times from every origin to the nearest facilities of each category
// and the facilities within each threshold (what `lifecircle reach` computes, as one call).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <lifecircle/context.hpp>
#include <lifecircle/inputs.hpp>

namespace lifecircle {

struct ReachRequest {
  NetworkSource network;         // read and built unless `built` is given
  std::optional<Network> built;
  // Without a category field all facilities form one category "all"; from an OSM file categories
  // come from tags (convenience, clinic, pharmacy, elder_care), or by the catalog's rules.
  FacilitySource facilities;
  // Homes or grid cells (path with fields.id, or points); from an OSM file every building.
  OriginSource origins;
  bool origins_at_nodes = false;  // every node of the walking graph an origin instead, named by its node id
  std::string catalog;            // set: facility categories by this catalog's rules
  std::vector<std::string> categories;  // only these ids, each computed even without facilities
  // One speed for every category; without it 1.0 m/s, or under network.walk_profile the catalog's
  // speed profile of that name (0.72 m/s for wheelchair), as coverage moves every category.
  std::optional<double> speed_mps;
  std::string season;             // "winter": speeds scaled by the catalog's winter factors (the
                                  // general profile's for one speed, the walk profile's under one);
                                  // empty: none
  std::vector<double> thresholds_min{5, 10, 15};
  unsigned k = 3;                 // 1..16
  double max_snap_m = 250;
  std::uint32_t min_component = 0;
};

// One category: k times per origin (origin-major), the nearest facility's id and the counts.
struct ReachCategory {
  std::string id;
  std::vector<double> nearest_s;        // origin x k; NaN: fewer than that reachable
  std::vector<std::string> nearest_id;  // per origin; "" when none
  std::vector<std::uint32_t> counts;    // origin x threshold
};

struct ReachResult {
  std::vector<std::string> origin_ids;
  std::vector<LonLat> origin_at;
  std::vector<double> snap_m;   // walk from the origin to the street; NaN: not snapped (no counts)
  unsigned k = 3;
  std::vector<double> thresholds_min;
  int epsg = 0;                 // the metric CRS walked in
  std::vector<ReachCategory> categories;  // in id order; empty when a sink took them
};

// Called as each category finishes with the origins filled in: a host writing rows as they come
// keeps one category in memory at a time.
using ReachSink = std::function<void(const ReachResult& origins, const ReachCategory& category)>;

ReachResult reach(Context& ctx, const ReachRequest& request, const ReachSink& on_category = {});

}  // namespace lifecircle
