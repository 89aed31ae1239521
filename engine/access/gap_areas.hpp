// lc::access gap areas: the uncovered origins of a category merged into polygons (GEOS), each
// with the people inside, its area and the worst walk, ranked by people affected. Areas never
// contain a covered origin: cells and community polygons are used as they are, and plain points
// stand for their Voronoi cell, cut to a walking-scale radius.
#pragma once

#include <string>
#include <vector>

#include "access/coverage.hpp"
#include "access/origins.hpp"
#include "io/crs.hpp"

namespace lc::access {

struct GapAreaOptions {
  double point_radius_m = 100.0;  // how far around a plain point its gap area may reach
};

// area_wkt: per origin, the area it stands for (WGS84 WKT), or "" for a plain point.
io::Table gap_areas_table(const People& p, const std::vector<std::string>& area_wkt,
                          const std::vector<CategoryResult>& cats, const GroupShares& shares,
                          const io::Projector& metric, const GapAreaOptions& options);

// Per unit and category: uncovered people, the number of gap areas and the largest one's people.
io::Table unit_gaps_table(const io::Table& gap_areas, const People& p,
                          const std::vector<CategoryResult>& cats, const GroupShares& shares);

// The layers a planner colours by place carry the places' shapes: community_coverage the community
// polygons (origins that are community polygons, keyed by their own id), unit_coverage and
// unit_gaps the unit outlines, matched on the table's first column. Rows whose key has no shape
// (ALL, communities of plain points or of grid cells) get none; columns and rows are unchanged; a
// table none of whose keys has a shape stays an attribute table. Other tables are left alone.
// area_wkt: per origin, its area (WGS84 WKT), "" for a plain point.
inline constexpr const char* kOutlinedTables[] = {"community_coverage", "unit_coverage", "unit_gaps"};
bool is_outlined(const io::Table& t);
void attach_outlines(std::vector<io::Table>& tables, const People& p, const std::vector<std::string>& area_wkt,
                     const std::vector<Unit>& units);

}  // namespace lc::access
