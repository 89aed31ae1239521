// lc::access gap areas: the uncovered origins of a category merged into polygons (GEOS), each
// with the people inside, its area and the worst walk, ranked by people affected. Areas never
// contain a covered origin: cells and community polygons are used as they are, and plain points
// stand for their Voronoi cell, cut to a walking-scale radius.
#pragma once

#include <memory>
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

// The gap_areas layer without rows; its description names every category of `cats`.
io::Table gap_areas_schema(const std::vector<CategoryResult>& cats, const GapAreaOptions& options);
io::Table unit_gaps_schema(const std::vector<CategoryResult>& cats);

// gap_areas and unit_gaps built category by category, as each category's results come (they may
// be freed once added): the origins' shapes are made the first time an origin is in a gap and
// kept, so what is held grows with the origins, not the categories. The tables equal
// gap_areas_table and unit_gaps_table over the categories added in the order of `headers`.
class GapAreaBuilder {
 public:
  GapAreaBuilder(const People& p, const std::vector<std::string>& area_wkt, const std::vector<CategoryResult>& headers,
                 const GroupShares& shares, const io::Projector& metric, const GapAreaOptions& options);
  ~GapAreaBuilder();
  GapAreaBuilder(const GapAreaBuilder&) = delete;
  GapAreaBuilder& operator=(const GapAreaBuilder&) = delete;
  void add(const CategoryResult& c);
  const io::Table& gap_areas() const { return areas_; }
  io::Table unit_gaps() const;

 private:
  struct Impl;
  const People& p_;
  const std::vector<std::string>& area_wkt_;
  GroupShares shares_;
  const io::Projector& metric_;
  GapAreaOptions opt_;
  io::Table areas_, unit_gaps_;
  Groups units_;
  std::vector<std::vector<std::vector<io::Cell>>> unit_rows_;  // per unit group, per category added
  std::unique_ptr<Impl> impl_;
};

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
