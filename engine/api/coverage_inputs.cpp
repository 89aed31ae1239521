#include "api/coverage_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "api/poi_facilities.hpp"
#include "io/osm_reader.hpp"
#include "io/raster_reader.hpp"
#include "io/vector_reader.hpp"

namespace lc::api {

namespace {

bool ends_with(const std::string& s, std::string_view e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

// An Amap/高德-style POI export: a CSV whose header has a type-code column, or Amap's packed
// "lng,lat" location column. An export that lost its type codes still goes to the Amap reader,
// which names the missing column, rather than to the plain lon/lat reader, which would complain
// about lon/lat columns the table never had.
bool is_amap_table(const std::string& spec) {
  if (!ends_with(spec, ".csv")) return false;
  std::ifstream in(spec);
  std::string header;
  std::getline(in, header);
  if (header.find("typecode") != std::string::npos || header.find("类型编码") != std::string::npos) return true;
  std::set<std::string> columns;
  std::stringstream fields(header);
  for (std::string f; std::getline(fields, f, ',');) {
    const auto keep = f.find_first_not_of(" \t\r\"\xEF\xBB\xBF");  // blanks, quotes, a UTF-8 BOM
    f = keep == std::string::npos ? "" : f.substr(keep, f.find_last_not_of(" \t\r\"") - keep + 1);
    for (char& c : f) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    columns.insert(f);
  }
  const auto any = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (columns.count(n)) return true;
    return false;
  };
  return any({"类型代码"}) || (any({"location", "经纬度", "坐标"}) && !any({"lon", "lng", "longitude", "x"}));
}

CategorizedFacilities load_catalog_facilities(const std::string& spec, const access::Catalog& catalog,
                                              const std::string& category_field, const std::string& id_field,
                                              const std::string& capacity_field) {
  CategorizedFacilities out;
  if (io::is_osm_path(spec)) {
    if (!category_field.empty())
      throw UsageError("facilities (" + spec + "): a category field does not apply to OSM data, whose categories "
                       "come from the catalog's tag rules");
    auto matches = [&](const TagList& t) { return access::categories_for_osm(catalog, access::tag_lookup(t)); };
    const io::OsmData osm = io::read_osm(spec, nullptr, [&](const TagList& t) { return !matches(t).empty(); });
    out.points.source = spec;
    for (const auto& p : osm.pois) {
      const auto i = static_cast<std::uint32_t>(out.points.ids.size());
      out.points.ids.push_back(std::string(1, p.kind) + std::to_string(p.id));
      out.points.categories.push_back("");
      out.points.lonlat.push_back(p.location);
      out.points.capacity.push_back(1.0);
      for (const auto& c : matches(p.tags)) out.members[c].push_back(i);
    }
    return out;
  }
  if (is_amap_table(spec)) {
    if (!category_field.empty())
      throw UsageError("facilities (" + spec + "): a category field does not apply to an Amap POI table, whose "
                       "categories come from the catalog's Amap rules");
    return facilities_from_amap(spec, catalog);
  }
  out.points = load_facilities(spec, category_field, id_field, capacity_field);
  for (std::uint32_t i = 0; i < out.points.ids.size(); ++i)
    if (!out.points.categories[i].empty()) out.members[out.points.categories[i]].push_back(i);
  return out;
}

namespace {

// The origins' type, with auto resolved: by extension, by the grid and entrance options, else by the layer's geometry.
std::string origin_type(const OriginRequest& r) {
  if (r.type != "auto") return r.type;
  if (ends_with(r.spec, ".tif") || ends_with(r.spec, ".tiff")) return "raster";
  if (r.grid_cell_m > 0 || !r.entrances.empty()) return "communities";
  return io::layer_kind(io::parse_layer_ref(r.spec)) == io::GeomKind::polygons ? "communities" : "points";
}

}  // namespace

access::GridShape grid_shape(const OriginRequest& r) {
  if (r.grid_shape == "hex" || r.grid_shape == "hexagon") return access::GridShape::hexagon;
  if (r.grid_shape == "square") return access::GridShape::square;
  throw UsageError("origins (" + r.spec + "): grid shape '" + r.grid_shape + "' is not square or hex");
}

access::OriginSet load_origin_set(const OriginRequest& r, const io::Projector& metric) {
  const std::string type = origin_type(r);
  if (type == "raster") return access::origins_from_raster(r.spec);
  if (type == "points") return access::origins_from_points(r.spec, r.fields);
  if (type != "communities")
    throw UsageError("origins (" + r.spec + "): type '" + type + "' is not auto, points, communities or raster");
  access::OriginSet communities = access::origins_from_communities(r.spec, r.fields, r.entrances, metric);
  if (r.grid_cell_m <= 0) return communities;
  if (r.grid_boundary.empty()) throw UsageError("origins (" + r.spec + "): a grid needs a boundary layer");
  return access::grid_origins(r.grid_boundary, grid_shape(r), r.grid_cell_m, communities, metric);
}

}  // namespace lc::api
