// lc::access how much the results can rest on the data: the `data_quality` table of every coverage
// run (issue 18), one row per unit and one `ALL`: street length per km² of the unit, the share of it
// that is footway, the network components reaching into the unit, the people whose home is farther
// than the snapping distance from any street (or snaps only to a detached piece of network), and
// the facilities that could not be snapped. Thin Chinese OSM shows here before it shows as gaps.
#pragma once

#include <string>
#include <vector>

#include "access/coverage.hpp"
#include "access/origins.hpp"
#include "io/crs.hpp"
#include "io/table.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"

namespace lc::access {

struct DataQualityInput {
  const network::Graph& graph;
  const io::Projector& projector;
  const std::vector<Unit>& units;  // WGS84; empty: the ALL row only
  const People& people;            // unit, population, snapped per origin
  // Per origin, whether one of its access points lies on the largest component (empty: unknown).
  const std::vector<bool>& on_main_component;
  const std::vector<LonLat>& facilities;          // WGS84
  const std::vector<network::Snap>& facility_snaps;  // parallel
};

// Street classes counted as footway: paths where only walkers go (OSM highway values, and the
// `footpath` of GIS layers such as the synthetic Wuhai).
bool is_footway_class(const std::string& class_name);

// Columns (contract): unit, street_km_per_km2, footway_share, components, people_unsnapped,
// facilities_unsnapped; then area_km2, street_km, people, people_off_main_component,
// facilities. Unit rows in layer order, then ALL: the units together (streets and components
// inside any unit; people and facilities everywhere), or without units the network's convex hull.
io::Table data_quality_table(const DataQualityInput& in);

}  // namespace lc::access
