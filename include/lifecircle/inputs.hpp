// lifecircle inputs: the street network, facilities, origins (where people live) and units
// (districts), each read from a file (FILE or FILE:LAYER, as GIS users name layers) or given as
// arrays. Coordinates are WGS84 lon/lat unless a source says its datum; a file whose layers lack
// a CRS (or lie about it) is declared through Context::input_epsg.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <lifecircle/context.hpp>
#include <lifecircle/datum.hpp>

namespace lifecircle {

// One street as a polyline, for networks given as arrays.
struct Street {
  std::vector<LonLat> points;  // at least two
  std::string street_class;    // "footway", "local", ...: siting candidates may keep only some classes
};

// Where the walking network comes from: an OSM file (.osm.pbf / .osm, the pedestrian profile), a
// GIS line layer (a planner's centrelines: vertices within `merge_tolerance_m` merged), or
// `streets` when `path` is empty.
struct NetworkSource {
  std::string path;              // FILE[:LAYER]; empty: `streets`
  std::vector<Street> streets;
  Datum datum = Datum::wgs84;    // of GIS lines and streets (OSM is always WGS84)
  double merge_tolerance_m = 0.5;
  bool node_crossings = false;   // GIS lines: also split where they cross and at T-junctions
  std::string class_field;       // GIS lines: the street class field (default highway, fclass or class)
  std::optional<int> epsg;       // the metric working CRS (default: the UTM zone of the network)
  std::string dem;               // a DEM (any GDAL raster, heights in metres): slope by Tobler's
                                 // function, uphill and downhill differ; empty: flat
  std::string walk_profile;      // "wheelchair": OSM steps, raised kerbs and wheelchair=no closed, and
                                 // every category at the catalog's wheelchair speed; empty: walkers
};

// The walking graph, built once and reused by any number of requests (categories, speeds,
// scenarios). Cheap to copy: copies share the graph, which is never changed.
class Network {
 public:
  // Reads and builds; InputError naming the source when it has no walkable streets.
  static Network build(Context& ctx, const NetworkSource& source);

  std::size_t nodes() const;
  std::size_t edges() const;
  std::size_t components() const;
  int epsg() const;                       // the metric CRS the network was built in
  const std::string& source() const;      // the path, or "streets"

  struct Impl;
  explicit Network(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// A facility given as an array element: it serves every category listed.
struct Facility {
  std::string id;
  LonLat at;
  std::vector<std::string> categories;
  double capacity = 1;  // seats, beds, places: the supply of the 2SFCA measures
};

// Facilities: a GIS layer (points, or polygons at a point on their surface) whose categories come
// from `category_field` (catalog ids or ad-hoc ones), an OSM file or an Amap/高德 POI table (CSV
// with typecode and a GCJ-02 location) whose categories come from the catalog's rules, or `points`
// when `path` is empty.
struct FacilitySource {
  std::string path;  // FILE[:LAYER]; empty: `points`
  std::vector<Facility> points;
  std::string category_field;  // GIS layers: the category of each facility
  std::string id_field;        // GIS layers: default the feature id
  std::string capacity_field;  // GIS layers: default 1 each
  Datum datum = Datum::wgs84;  // of the coordinates (an Amap table is read as GCJ-02 whatever this says)
};

// An origin given as an array element: a home, address point or grid cell with its people.
struct Origin {
  std::string id;
  LonLat at;
  double population = 0;
  double elderly_share = std::numeric_limits<double>::quiet_NaN();  // 0..1; NaN: unknown
  std::string community;  // the community it belongs to ("" none)
};

// Field names of population layers. `population` wins; without it (or where a feature's value is
// empty and `households` is named) population is households x persons_per_household; with
// neither named the field "population" is read. An empty `id` takes the feature id.
struct PopulationFields {
  std::string id, population, elderly_share, households;
  double persons_per_household = 2.8;
};

// Where people live: population points (CSV lon/lat or any GDAL points), community polygons
// (reaching the streets through `entrances` or points along their boundary), a population raster
// (GeoTIFF, one origin per populated cell), a square or hexagonal grid over `grid_boundary` with
// the communities' population shared out by area (`grid_cell_m` > 0), or `points` when `path` is
// empty.
struct OriginSource {
  std::string path;  // FILE[:LAYER]; empty: `points`
  std::vector<Origin> points;
  std::string type = "auto";  // auto | points | communities | raster
  PopulationFields fields;
  std::string entrances;      // community entrances (points) FILE[:LAYER]
  double grid_cell_m = 0;     // > 0: a grid over grid_boundary
  std::string grid_shape = "square";  // square | hex
  std::string grid_boundary;  // polygons the grid covers FILE[:LAYER]
  Datum datum = Datum::wgs84; // of the origins, their entrances and the grid boundary
};

// A unit (district, sub-district) to aggregate by: one polygon, outer ring first, then holes.
struct Unit {
  std::string name;
  std::vector<std::vector<LonLat>> rings;
};

// Units: a polygon layer with names, or `polygons` when `path` is empty.
struct UnitSource {
  std::string path;  // FILE[:LAYER]; empty: `polygons`
  std::vector<Unit> polygons;
  std::string name_field = "name";
  Datum datum = Datum::wgs84;
  bool empty() const { return path.empty() && polygons.empty(); }
};

}  // namespace lifecircle
