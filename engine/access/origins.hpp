// lc::access origins: where people live, as the places walks start from. Population comes from
// points (a CSV grid, address points), a raster (one origin per populated cell), community /
// residential-compound polygons (reached through their entrances or boundary), or a generated
// square / hexagonal grid that shares the communities' population out by area. Administrative
// units (districts, sub-districts) are loaded here too, to aggregate origins by.
// Every population value is validated on load: a bad one is an InputError naming the feature.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "io/crs.hpp"
#include "io/geo.hpp"

namespace lc::access {

struct Origin {
  std::string id;
  double population = 0;                                             // people
  double elderly_share = std::numeric_limits<double>::quiet_NaN();   // 0..1; NaN: unknown
  std::string community;       // id of the community it lies in, "" if none
  std::vector<LonLat> access;  // where it joins the network: one point, or entrances / boundary
                               // samples (the best is taken)
  LonLat centre;               // representative point (inside its area)
  std::string wkt;  // the area it stands for in WGS84 (cell or community polygon); "" for points
};

struct OriginSet {
  std::string source;
  std::vector<Origin> origins;
  std::vector<std::string> warnings;
};

// Attribute names. `population` wins; where it is not named (or a feature's value is empty and
// `households` is named) population is households x persons_per_household. With neither named,
// the field "population" is read. An empty `id` takes the feature id (FID).
struct PopulationFields {
  std::string id, population, elderly_share, households;
  double persons_per_household = 2.8;
};

// Any GDAL point layer (polygons stand in by a point on their surface), or a CSV with lon/lat
// columns, given as FILE[:LAYER].
OriginSet origins_from_points(const std::string& spec, const PopulationFields& f);

// One origin per raster cell with more than `min_population` people (see io::read_raster_cells).
OriginSet origins_from_raster(const std::string& path, double min_population = 0.0);

// Community / residential-compound polygons with population (or households x persons per household)
// and an optional elderly share; they reach the network through the entrances layer's points that lie
// within `entrance_radius_m` of the polygon (when given), else through points every `boundary_spacing_m`
// along the boundary (at least 4 per polygon part). A community with no entrance near it falls back
// to its boundary, with a warning.
OriginSet origins_from_communities(const std::string& spec, const PopulationFields& f,
                                   const std::string& entrances_spec, const io::Projector& metric,
                                   double boundary_spacing_m = 50.0, double entrance_radius_m = 30.0);

enum class GridShape { square, hexagon };

// A grid over the union of the boundary layer's polygons: one origin per cell whose centre lies inside; its
// population is shared out from the communities by area (each community's population spread evenly over its
// area, a cell gets the sum over communities of population x (intersection area / community area), GEOS);
// cells with zero population are kept only if keep_empty. Cell polygons are clipped to nothing: full cells.
// Squares are `cell_m` wide, aligned to multiples of `cell_m` in the metric CRS; hexagons (pointy-top)
// are `cell_m` across their flats, i.e. neighbouring centres are `cell_m` apart. Communities without a
// polygon (plain points) put their whole population in the cell containing them. A cell's elderly
// share is the population-weighted mean of its contributors' (NaN if any is unknown); its community
// is the one that gives it the most people.
OriginSet grid_origins(const std::string& boundary_spec, GridShape shape, double cell_m,
                       const OriginSet& communities, const io::Projector& metric, bool keep_empty = false);

// The size of such a grid, known before any cell is made: the boundary polygons' area (summed, so
// overlaps count twice: never less than the union's) over one cell's area. The cells whose centre
// lies inside number about that (within 3% from 2,000 cells up, tests/cli/memory_budget_test.cpp;
// a tiny boundary may get a few more); the memory budget is checked against it before generating.
struct GridSize {
  double area_m2 = 0;
  double cells = 0;
};
GridSize grid_size(const std::string& boundary_spec, GridShape shape, double cell_m, const io::Projector& metric);

struct Unit {
  std::string name;
  std::string wkt;  // WGS84
};

// Polygons of a boundary layer with their names; an empty name is an InputError.
std::vector<Unit> load_units(const std::string& spec, const std::string& name_field);

// The unit containing each origin's centre ("" when none; the first in layer order when several).
std::vector<std::string> assign_units(const std::vector<Origin>& origins, const std::vector<Unit>& units);

}  // namespace lc::access
