#include "origin_options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "io/osm_reader.hpp"
#include "io/raster_reader.hpp"

namespace lc::tools {

namespace {

bool ends_with(const std::string& s, std::string_view e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
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

// A raster's origins: its size gives the most cells it can have; only when those do not fit are the
// populated cells counted (a pass over the values, one row held at a time), so a raster mostly of
// nodata around a city is not refused for the cells it does not populate.
void check_raster_budget(const OriginRequest& r, const std::string& max_memory, api::RunShape shape) {
  const io::RasterSize size = io::raster_size(r.spec);
  const std::string dims = std::to_string(size.width) + " x " + std::to_string(size.height);
  double cells = static_cast<double>(size.width) * static_cast<double>(size.height);
  std::string what = "raster origins: at most " + api::format_count(cells) + " cells (" + dims + ")";
  const auto part = [&] { return api::EstimatePart{what, static_cast<std::uint64_t>(cells * kRasterCellBytes)}; };
  shape.origins = shape.access_points = static_cast<std::size_t>(cells);
  shape.polygon_origins = true;
  const api::Stage stage{"the raster's cells are read", {"clip the raster to the area studied", {}}};
  if (api::fits_memory_budget(max_memory, shape, {part()})) return api::check_memory_budget(max_memory, shape, stage, {part()});
  cells = static_cast<double>(io::count_raster_cells(r.spec));
  what = "raster origins: " + api::format_count(cells) + " populated cells of " + dims;
  shape.origins = shape.access_points = static_cast<std::size_t>(cells);
  api::check_memory_budget(max_memory, shape, stage, {part()});
}

}  // namespace

lifecircle::OriginSource origin_source(const OriginRequest& q, lifecircle::Datum datum) {
  lifecircle::OriginSource r;
  r.path = q.spec;
  r.type = q.type;
  r.fields = {q.fields.id, q.fields.population, q.fields.elderly_share, q.fields.households, q.fields.persons_per_household};
  r.entrances = q.entrances;
  r.grid_cell_m = q.grid_cell_m;
  r.grid_shape = q.grid_shape;
  r.grid_boundary = q.grid_boundary;
  r.datum = datum;
  return r;
}

void check_origin_budget(const OriginRequest& r, const io::Projector& metric, const std::string& max_memory,
                         api::RunShape shape) {
  const bool tif = ends_with(r.spec, ".tif") || ends_with(r.spec, ".tiff");
  if (r.type == "raster" || (r.type == "auto" && tif)) return check_raster_budget(r, max_memory, shape);
  if (r.grid_cell_m <= 0 || (r.type != "auto" && r.type != "communities")) return;
  if (r.grid_boundary.empty()) throw UsageError("--grid-cell needs --grid-boundary");
  const access::GridSize size = access::grid_size(r.grid_boundary, api::grid_shape(r), r.grid_cell_m, metric);
  // Only the cells that receive people become origins (their count is not known before the
  // communities are spread over them): the searches and results are checked once they are.
  shape.origins = shape.access_points = 0;
  char cell[32];
  std::snprintf(cell, sizeof cell, "%g", r.grid_cell_m);
  api::check_memory_budget(max_memory, shape,
                           {"the grid origins are generated", {"use a larger {grid_cell}", {"grid_cell"}}},
                           {{"grid of about " + api::format_count(size.cells) + " " + r.grid_shape + " cells of " + cell +
                                 " m over " + format_area(size.area_m2),
                             static_cast<std::uint64_t>(std::min(size.cells * kGridCellBytes, 1.8e19))}});
}

void check_origin_flags(const OriginRequest& r) {
  if (r.type != "auto" && r.type != "points" && r.type != "communities" && r.type != "raster")
    throw UsageError("--origin-type must be auto, points, communities or raster");
  const bool tif = ends_with(r.spec, ".tif") || ends_with(r.spec, ".tiff");
  const bool grid = r.grid_cell_m > 0 && (r.type == "communities" || (r.type == "auto" && !tif));
  if (grid && r.grid_boundary.empty()) throw UsageError("--grid-cell needs --grid-boundary");
  if (grid && r.grid_shape != "square" && r.grid_shape != "hex" && r.grid_shape != "hexagon")
    throw UsageError("--grid-shape must be square or hex");
}

void check_facility_flags(const std::string& facilities, const std::string& category_field, const std::string& id_field,
                          bool catalog_rules) {
  if (io::is_osm_path(facilities)) {
    if (catalog_rules && !category_field.empty())
      throw UsageError("--category-field does not apply to OSM facilities (" + facilities + ")");
    if (!catalog_rules && (!category_field.empty() || !id_field.empty()))
      throw UsageError("--category-field and --id-field do not apply to OSM facilities (" + facilities +
                       "): categories come from tags and ids are OSM ids");
  } else if (catalog_rules && !category_field.empty() && api::is_amap_table(facilities)) {
    throw UsageError("--category-field does not apply to an Amap POI table (" + facilities + ")");
  }
}

void add_origin_options(CLI::App& cmd, OriginRequest& r) {
  cmd.add_option("--origins", r.spec, "Where people live: points (CSV lon/lat), community polygons (FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"), or a population raster")->required();
  cmd.add_option("--origin-type", r.type, "auto, points, communities or raster")->capture_default_str();
  cmd.add_option("--population-field", r.fields.population, "Origin population field");
  cmd.add_option("--households-field", r.fields.households, "Households field (population = households x persons per household)");
  cmd.add_option("--persons-per-household", r.fields.persons_per_household, "Persons per household")->capture_default_str();
  cmd.add_option("--elderly-share-field", r.fields.elderly_share, "Share of older residents (0..1) field");
  cmd.add_option("--origin-id-field", r.fields.id, "Origin id field (default: feature id)");
  cmd.add_option("--entrances", r.entrances, "Community entrances (points) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
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
  cmd.add_option("--grid-boundary", r.grid_boundary, "Polygons the grid covers FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
}

}  // namespace lc::tools
