#include "coverage_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "poi_facilities.hpp"
#include "io/osm_reader.hpp"
#include "io/raster_reader.hpp"
#include "io/vector_reader.hpp"

namespace lc::tools {

namespace {

bool ends_with(const std::string& s, std::string_view e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

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

}  // namespace

CategorizedFacilities load_catalog_facilities(const std::string& spec, const access::Catalog& catalog,
                                              const std::string& category_field, const std::string& id_field,
                                              const std::string& capacity_field) {
  CategorizedFacilities out;
  if (io::is_osm_path(spec)) {
    if (!category_field.empty()) throw UsageError("--category-field does not apply to OSM facilities (" + spec + ")");
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
    if (!category_field.empty()) throw UsageError("--category-field does not apply to an Amap POI table (" + spec + ")");
    return facilities_from_amap(spec, catalog);
  }
  out.points = load_facilities(spec, category_field, id_field, capacity_field);
  for (std::uint32_t i = 0; i < out.points.ids.size(); ++i)
    if (!out.points.categories[i].empty()) out.members[out.points.categories[i]].push_back(i);
  return out;
}

namespace {

// --origin-type, with auto resolved: by extension, by the grid and entrance options, else by the layer's geometry.
std::string origin_type(const OriginRequest& r) {
  if (r.type != "auto") return r.type;
  if (ends_with(r.spec, ".tif") || ends_with(r.spec, ".tiff")) return "raster";
  if (r.grid_cell_m > 0 || !r.entrances.empty()) return "communities";
  return io::layer_kind(io::parse_layer_ref(r.spec)) == io::GeomKind::polygons ? "communities" : "points";
}

access::GridShape grid_shape(const OriginRequest& r) {
  if (r.grid_shape == "hex" || r.grid_shape == "hexagon") return access::GridShape::hexagon;
  if (r.grid_shape == "square") return access::GridShape::square;
  throw UsageError("--grid-shape must be square or hex");
}

// Bytes per generated grid cell while the grid is made and once it is an origin: the cell's GEOS
// polygon and id, then the origin's id, outline as WKT and access point (docs/memory.md).
constexpr double kGridCellBytes = 640;
// Bytes per raster cell read as an origin: the cell with its outline as WKT, then the origin it
// becomes (docs/memory.md).
constexpr double kRasterCellBytes = 900;

std::string format_area(double m2) {
  char buf[48];
  if (m2 < 1e6) std::snprintf(buf, sizeof buf, "%.0f m2", m2);
  else std::snprintf(buf, sizeof buf, "%.1f km2", m2 / 1e6);
  return buf;
}

}  // namespace

// A raster's origins: its size gives the most cells it can have; only when those do not fit are the
// populated cells counted (a pass over the values, one row held at a time), so a raster mostly of
// nodata around a city is not refused for the cells it does not populate.
void check_raster_budget(const OriginRequest& r, const std::string& max_memory, RunShape shape) {
  const io::RasterSize size = io::raster_size(r.spec);
  const std::string dims = std::to_string(size.width) + " x " + std::to_string(size.height);
  double cells = static_cast<double>(size.width) * static_cast<double>(size.height);
  std::string what = "raster origins: at most " + format_count(cells) + " cells (" + dims + ")";
  const auto part = [&] { return EstimatePart{what, static_cast<std::uint64_t>(cells * kRasterCellBytes)}; };
  shape.origins = shape.access_points = static_cast<std::size_t>(cells);
  shape.polygon_origins = true;
  const Stage stage{"the raster's cells are read", "clip the raster to the area studied"};
  if (fits_memory_budget(max_memory, shape, {part()})) return check_memory_budget(max_memory, shape, stage, {part()});
  cells = static_cast<double>(io::count_raster_cells(r.spec));
  what = "raster origins: " + format_count(cells) + " populated cells of " + dims;
  shape.origins = shape.access_points = static_cast<std::size_t>(cells);
  check_memory_budget(max_memory, shape, stage, {part()});
}

void check_origin_budget(const OriginRequest& r, const io::Projector& metric, const std::string& max_memory,
                         RunShape shape) {
  const bool tif = ends_with(r.spec, ".tif") || ends_with(r.spec, ".tiff");
  if (r.type == "raster" || (r.type == "auto" && tif)) return check_raster_budget(r, max_memory, shape);
  if (r.grid_cell_m <= 0 || (r.type != "auto" && r.type != "communities")) return;
  if (r.grid_boundary.empty()) throw UsageError("--grid-cell needs --grid-boundary");
  const access::GridSize size = access::grid_size(r.grid_boundary, grid_shape(r), r.grid_cell_m, metric);
  // Only the cells that receive people become origins (their count is not known before the
  // communities are spread over them): the searches and results are checked once they are.
  shape.origins = shape.access_points = 0;
  char cell[32];
  std::snprintf(cell, sizeof cell, "%g", r.grid_cell_m);
  check_memory_budget(max_memory, shape, {"the grid origins are generated", "use a larger --grid-cell"},
                      {{"grid of about " + format_count(size.cells) + " " + r.grid_shape + " cells of " + cell +
                            " m over " + format_area(size.area_m2),
                        static_cast<std::uint64_t>(std::min(size.cells * kGridCellBytes, 1.8e19))}});
}

access::OriginSet load_origin_set(const OriginRequest& r, const io::Projector& metric) {
  const std::string type = origin_type(r);
  if (type == "raster") return access::origins_from_raster(r.spec);
  if (type == "points") return access::origins_from_points(r.spec, r.fields);
  if (type != "communities") throw UsageError("--origin-type must be auto, points, communities or raster");
  access::OriginSet communities = access::origins_from_communities(r.spec, r.fields, r.entrances, metric);
  if (r.grid_cell_m <= 0) return communities;
  if (r.grid_boundary.empty()) throw UsageError("--grid-cell needs --grid-boundary");
  return access::grid_origins(r.grid_boundary, grid_shape(r), r.grid_cell_m, communities, metric);
}

void add_origin_options(CLI::App& cmd, OriginRequest& r) {
  cmd.add_option("--origins", r.spec, "Where people live: points (CSV lon/lat), community polygons, or a population raster")->required();
  cmd.add_option("--origin-type", r.type, "auto, points, communities or raster")->capture_default_str();
  cmd.add_option("--population-field", r.fields.population, "Origin population field");
  cmd.add_option("--households-field", r.fields.households, "Households field (population = households x persons per household)");
  cmd.add_option("--persons-per-household", r.fields.persons_per_household, "Persons per household")->capture_default_str();
  cmd.add_option("--elderly-share-field", r.fields.elderly_share, "Share of older residents (0..1) field");
  cmd.add_option("--origin-id-field", r.fields.id, "Origin id field (default: feature id)");
  cmd.add_option("--entrances", r.entrances, "Community entrances (points) FILE[:LAYER]");
  // 0 stands for "no grid" inside; given, the size must be a positive number of metres.
  cmd.add_option("--grid-cell", r.grid_cell_m, "Grid cell size in metres: origins on a grid, population shared from the communities")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            double m = 0;
            try {
              std::size_t used = 0;
              m = std::stod(value, &used);
              if (used != value.size()) m = 0;
            } catch (const std::exception&) {
            }
            return m > 0 && std::isfinite(m) ? std::string() : "must be a positive number of metres, got '" + value + "'";
          },
          "METRES"));
  cmd.add_option("--grid-shape", r.grid_shape, "square or hex")->capture_default_str();
  cmd.add_option("--grid-boundary", r.grid_boundary, "Polygons the grid covers FILE[:LAYER]");
}

}  // namespace lc::tools
