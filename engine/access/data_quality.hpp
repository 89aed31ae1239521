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

// When a row of data_quality says the results rest on thin data (docs/report.md "Thin data"): more
// than 5% of the row's people live farther than the snapping distance from every mapped street
// (they reach nothing), or more than 5% start on a piece of network detached from the largest one
// (they reach only what that piece holds). Street density is shown, not judged: a district holding
// desert or farmland is sparse without the data being thin (the synthetic Wuhai's districts have
// 0.3-1.1 km/km², central Nanjing's OSM 9.1 km/km² with 60% of a home grid unsnapped).
inline constexpr double kThinUnsnappedShare = 0.05;
inline constexpr double kThinOffMainShare = 0.05;

struct ThinData {
  std::string unit;  // "ALL" or the unit's name
  double people = 0, unsnapped = 0, off_main = 0;
  double unsnapped_share() const { return people > 0 ? unsnapped / people : 0; }
  double off_main_share() const { return people > 0 ? off_main / people : 0; }
};

// The rows of a data_quality table that are thin, in table order (units, then ALL). Columns found
// by name; a table without them: none.
std::vector<ThinData> thin_data(const io::Table& data_quality);
// One plain sentence (Chinese, then English) per thin row: what share of whose people, and what it
// means for the results; "" when no row is thin.
std::string thin_data_text(const std::vector<ThinData>& thin);

}  // namespace lc::access
