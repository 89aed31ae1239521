// api (internal): loading the inputs (network, facilities, origins) from OSM or GDAL sources into
// plain point and graph data. Only wiring: the rules live in io and network.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/chinese_coords.hpp"
#include "io/crs.hpp"
#include "io/geo.hpp"
#include "io/vector_reader.hpp"
#include "network/from_lines.hpp"
#include "network/graph.hpp"
#include "network/osm_profile.hpp"

namespace lc::api {

struct PointSet {
  std::string source;               // file[:layer] as given
  std::vector<std::string> ids;
  std::vector<std::string> categories;  // parallel; "all" without a category field
  std::vector<LonLat> lonlat;
  std::vector<double> capacity;  // parallel; 1 when no capacity field is given
};

struct NetworkSource {
  std::string spec;
  bool osm = false;
  network::WalkProfile profile;
  network::LineOptions lines;
  io::ChineseDatum datum = io::ChineseDatum::wgs84;  // of GIS line coordinates
  // GIS lines: the street class field; empty: the layer's `highway`, `fclass` or `class` field,
  // the first it has (none: every street has class "").
  std::string class_field{};
  // Lines given rather than read (their one value the street class); `spec` names them in messages.
  const io::VectorLayer* streets = nullptr;
  // A DEM (any GDAL raster): walking times uphill and downhill by Tobler's function; empty: flat.
  std::string dem{};
};

// The facility categories recognised in OSM tags until the catalog takes over: a small, fixed
// mapping (shop=convenience|supermarket, amenity=clinic|doctors|hospital, amenity=pharmacy,
// senior social facilities). Empty when the tags are none of these.
std::string builtin_osm_category(const TagList& tags);
// The categories builtin_osm_category gives, for `--categories` to know them all.
inline constexpr std::array<const char*, 4> kBuiltinOsmCategories = {"convenience", "clinic", "pharmacy", "elder_care"};

PointSet load_facilities(const std::string& spec, const std::string& category_field,
                         const std::string& id_field, const std::string& capacity_field = "");
PointSet load_origins(const std::string& spec, const std::string& id_field);

// Reads the network source once, chooses the metric CRS (given or UTM of the network's extent),
// and builds the graph.
struct LoadedNetwork {
  std::unique_ptr<io::Projector> projector;
  network::Graph graph;
  std::size_t source_ways = 0;
};
LoadedNetwork load_network(const NetworkSource& src, std::optional<int> epsg);

std::vector<Point> project(const io::Projector& p, const std::vector<LonLat>& pts);

}  // namespace lc::api
