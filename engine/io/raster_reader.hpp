// lc::io raster input through GDAL: the populated cells of a single-band raster (a population
// grid such as WorldPop's 100 m GeoTIFFs), each with its value, its centre and its outline in
// WGS84 lon/lat. The raster may be in any geographic or projected CRS; one without a CRS is an
// error, since a grid of unknown place cannot be walked to. Defects name the file, row and column.
#pragma once

#include <string>
#include <vector>

#include "io/geo.hpp"

namespace lc::io {

struct RasterCell {
  int row = 0;  // 0-based, from the top (GDAL's line)
  int col = 0;  // 0-based, from the left (GDAL's pixel)
  double value = 0.0;
  LonLat centre;
  std::string wkt;  // the cell's outline: its 4 corners in WGS84, as a POLYGON
};

struct RasterCells {
  std::string file;
  int width = 0;   // columns in the raster
  int height = 0;  // rows in the raster
  std::vector<RasterCell> cells;  // row by row, left to right
  std::vector<std::string> warnings;
};

// Every cell of band 1 whose value is greater than `min_value`; nodata cells are skipped, and a
// negative or NaN value (that is not the nodata value) is an InputError naming row and column.
RasterCells read_raster_cells(const std::string& path, double min_value = 0.0);

// The raster's columns and rows, from its header: how many cells read_raster_cells could return at
// most, known before any value is read.
struct RasterSize {
  int width = 0, height = 0;
};
RasterSize raster_size(const std::string& path);

// How many cells read_raster_cells would return, counted row by row with the same checks, one row
// held at a time (no outline, no cell kept): what reading the raster will hold, before it does.
std::size_t count_raster_cells(const std::string& path, double min_value = 0.0);

}  // namespace lc::io
