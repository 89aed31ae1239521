// api (internal): the stages coverage and siting share: each category's walking rule, the people at
// the origins, and origins snapped to the network with their anchors per walking speed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "access/catalog.hpp"
#include "access/coverage.hpp"
#include "access/origins.hpp"
#include "io/crs.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"

namespace lc::api {

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

// For warnings about points left unsnapped: "" or " in a network component of at least N nodes".
std::string component_clause(const network::SnapOptions& snap);

// The category ids a run knows: the catalog's (when the run uses one) and those found among the
// facilities (ad-hoc categories of a category field, or the built-in OSM mapping).
std::set<std::string> known_categories(const access::Catalog* catalog,
                                       const std::map<std::string, std::vector<std::uint32_t>>& members);

// Throws UsageError about the request field `field` ("categories"), naming the unknown ids and the
// known ones, unless every id of `wanted` is known.
void check_known_categories(const std::string& field, const std::vector<std::string>& wanted,
                            const std::set<std::string>& known);

// Only the wanted categories (checked with check_known_categories as "categories") of `members`,
// a wanted one without facilities with an empty list and a warning naming `facilities`. Nothing
// changes when `wanted` is empty.
void select_categories(const std::vector<std::string>& wanted, const std::set<std::string>& known,
                       std::map<std::string, std::vector<std::uint32_t>>& members, const std::string& facilities);

// Snapped origins, their anchors at each speed built on demand.
struct OriginNetwork {
  std::vector<network::Snap> snaps;  // all access points, origin by origin
  std::vector<std::uint32_t> first;  // origin -> snaps
  std::map<double, std::pair<network::Weights, reach::OriginAnchors>> by_speed;

  const std::pair<network::Weights, reach::OriginAnchors>& at(const network::Graph& g, double speed);
};

OriginNetwork snap_origins(const access::OriginSet& set, const network::Snapper& snapper, const io::Projector& proj,
                           const network::SnapOptions& so, access::People& people);

}  // namespace lc::api
