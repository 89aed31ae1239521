#include "api/origin_budget.hpp"

#include <algorithm>
#include <cstdio>

#include "access/origins.hpp"
#include "core/error.hpp"
#include "io/raster_reader.hpp"

namespace lc::api {

namespace {

bool is_tiff(const std::string& s) { return s.ends_with(".tif") || s.ends_with(".tiff"); }

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
void check_raster_budget(const OriginRequest& r, const std::string& max_memory, RunShape shape) {
  const io::RasterSize size = io::raster_size(r.spec);
  const std::string dims = std::to_string(size.width) + " x " + std::to_string(size.height);
  double cells = static_cast<double>(size.width) * static_cast<double>(size.height);
  std::string what = "raster origins: at most " + format_count(cells) + " cells (" + dims + ")";
  const auto part = [&] { return EstimatePart{what, static_cast<std::uint64_t>(cells * kRasterCellBytes)}; };
  shape.origins = shape.access_points = static_cast<std::size_t>(cells);
  shape.polygon_origins = true;
  const Stage stage{"the raster's cells are read", {"clip the raster to the area studied", {}}};
  if (fits_memory_budget(max_memory, shape, {part()})) return check_memory_budget(max_memory, shape, stage, {part()});
  cells = static_cast<double>(io::count_raster_cells(r.spec));
  what = "raster origins: " + format_count(cells) + " populated cells of " + dims;
  shape.origins = shape.access_points = static_cast<std::size_t>(cells);
  check_memory_budget(max_memory, shape, stage, {part()});
}

}  // namespace

void check_origin_budget(const OriginRequest& r, const io::Projector& metric, const std::string& max_memory,
                         RunShape shape) {
  const bool tif = is_tiff(r.spec);
  if (r.type == "raster" || (r.type == "auto" && tif)) return check_raster_budget(r, max_memory, shape);
  if (r.grid_cell_m <= 0 || (r.type != "auto" && r.type != "communities")) return;
  if (r.grid_boundary.empty()) throw UsageError(FieldText{"{grid_cell} needs {grid_boundary}", {"grid_cell", "grid_boundary"}});
  const access::GridSize size = access::grid_size(r.grid_boundary, grid_shape(r), r.grid_cell_m, metric);
  // Only the cells that receive people become origins (their count is not known before the
  // communities are spread over them): the searches and results are checked once they are.
  shape.origins = shape.access_points = 0;
  char cell[32];
  std::snprintf(cell, sizeof cell, "%g", r.grid_cell_m);
  check_memory_budget(max_memory, shape,
                      {"the grid origins are generated", {"use a larger {grid_cell}", {"grid_cell"}}},
                      {{"grid of about " + format_count(size.cells) + " " + r.grid_shape + " cells of " + cell +
                            " m over " + format_area(size.area_m2),
                        static_cast<std::uint64_t>(std::min(size.cells * kGridCellBytes, 1.8e19))}});
}

}  // namespace lc::api
