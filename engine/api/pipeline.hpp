// tools: the stages `coverage` and `site` share: each category's walking rule, the people at
// the origins, and origins snapped to the network with their anchors per walking speed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/catalog.hpp"
#include "access/coverage.hpp"
#include "access/origins.hpp"
#include "io/crs.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"

namespace lc::tools {

// How to walk to one category: the catalog's rule, or the defaults for an ad-hoc category
// (--default-threshold minutes at the general speed). `speed` (--speed) replaces the speed
// profile's: a threshold the catalog gives as a distance stays that distance (its time budget is
// the distance at that speed), one given in minutes stays those minutes.
struct Rule {
  Cost threshold;
  double speed;
  access::Population group = access::Population::all;
  int level = 0;
};

Rule rule_for(const std::string& id, const access::Catalog& catalog, double default_threshold_min,
              std::optional<double> speed);

std::string point_wkt(LonLat p);

access::People people_of(const access::OriginSet& set, const std::vector<std::string>& units, bool communities);

// Snapped origins, their anchors at each speed built on demand.
struct OriginNetwork {
  std::vector<network::Snap> snaps;  // all access points, origin by origin
  std::vector<std::uint32_t> first;  // origin -> snaps
  std::map<double, std::pair<network::Weights, reach::OriginAnchors>> by_speed;

  const std::pair<network::Weights, reach::OriginAnchors>& at(const network::Graph& g, double speed);
};

OriginNetwork snap_origins(const access::OriginSet& set, const network::Snapper& snapper, const io::Projector& proj,
                           const network::SnapOptions& so, access::People& people);

}  // namespace lc::tools
