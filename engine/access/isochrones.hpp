// lc::access isochrones and service areas, drawn from the reached network rather than as discs:
// the streets (or the parts of streets) a walk reaches, widened by a walking corridor and unioned
// with GEOS. A street on the far side of a river stays out however close it is, and the corridor
// is the only sideways spill. The nearest-facility partition splits every street where the walks
// from two facilities meet and gives each piece to the nearer one: its service area.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/crs.hpp"
#include "io/table.hpp"
#include "network/graph.hpp"
#include "reach/anchor.hpp"
#include "reach/reached.hpp"

namespace lc::access {

// One shape in the run's metric CRS, ready to write: WGS84 WKT ("" when empty), its area and the
// length of street it was drawn from.
struct StreetShape {
  std::string wkt;
  double area_m2 = 0;
  double street_m = 0;
};

// The reached parts of the edges (cut along the edge geometry at the reached fraction of its
// length) widened by `corridor_m` on each side with round ends and unioned; WGS84 WKT, or "" when
// nothing is reached.
StreetShape isochrone(const network::Graph& g, const std::vector<reach::ReachedEdge>& reached,
                      double corridor_m, const io::Projector& metric);
inline std::string isochrone_wkt(const network::Graph& g, const std::vector<reach::ReachedEdge>& reached,
                                 double corridor_m, const io::Projector& metric) {
  return isochrone(g, reached, corridor_m, metric).wkt;
}

// The facilities of one category: ids and anchors side by side (invalid anchors are skipped).
struct FacilitySet {
  std::string category;
  std::vector<std::string> ids;
  std::vector<reach::Anchor> anchors;
};

struct IsochroneOptions {
  std::vector<double> minutes{5, 10, 15};
  double corridor_m = 50.0;
};

// Per facility and merged per category (facility_id ""), at each threshold: category,
// facility_id, minutes, area_m2, street_m; geometry the isochrone (WGS84). Rows go category by
// category, its facilities in order and then the merged row, thresholds ascending within each.
io::Table isochrones_table(const network::Graph& g, const network::Weights& w,
                           const std::vector<FacilitySet>& sets, const io::Projector& metric,
                           const IsochroneOptions& options = {});

// A piece [lo, hi] of an edge (fractions from edge_u) whose nearest facility is `facility`, an
// index into the anchors given. Pieces of one edge are sorted and cover the whole edge when any
// facility reaches it; ties go to the lower facility index.
struct ServicePiece {
  EdgeId edge = kNone;
  double lo = 0, hi = 0;
  std::uint32_t facility = kNone;
};
std::vector<ServicePiece> service_pieces(const network::Graph& g, const network::Weights& w,
                                         const std::vector<reach::Anchor>& facilities);

// One row per snapped facility: category, facility_id, area_m2, street_m; geometry its service
// area (its street pieces widened by the corridor and unioned; "" when it is nobody's nearest).
io::Table service_areas_table(const network::Graph& g, const network::Weights& w,
                              const std::vector<FacilitySet>& sets, const io::Projector& metric,
                              double corridor_m = 50.0);

}  // namespace lc::access
