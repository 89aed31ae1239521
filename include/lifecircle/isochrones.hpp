// lifecircle isochrones: the streets reached within each threshold of each facility and of its
// category merged, cut where the walk ends and widened by a corridor (so a street across a river
// is never included), and optionally each facility's nearest-facility streets (what the command
// `lifecircle isochrones` draws, as one call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lifecircle/context.hpp>
#include <lifecircle/inputs.hpp>
#include <lifecircle/table.hpp>

namespace lifecircle {

struct IsochroneRequest {
  NetworkSource network;          // read and built unless `built` is given
  std::optional<Network> built;
  FacilitySource facilities;      // by a category field, or the catalog's rules (OSM, Amap)
  std::string catalog;            // walking speed per category; empty: Catalog::default_path()
  std::vector<std::string> categories;  // only these ids; empty: every category found
  std::optional<double> speed_mps;      // one speed for every category instead of the catalog's
  std::string season;             // "winter": speeds scaled by the catalog's winter factors (the
                                  // general profile's for one speed); empty: none
  std::vector<double> minutes{5, 10, 15};
  double corridor_m = 50;         // half-width of the corridor around the reached streets
  bool service_areas = false;     // also each facility's nearest-facility streets
  double max_snap_m = 250;
  std::uint32_t min_component = 0;
};

struct IsochroneResult {
  Table isochrones;     // category, facility_id (empty: the category merged), minutes; polygons
  Table service_areas;  // with service_areas: category, facility_id; polygons
};

IsochroneResult isochrones(Context& ctx, const IsochroneRequest& request);

}  // namespace lifecircle
