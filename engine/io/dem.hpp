// lc::io digital elevation models: band 1 of any GDAL raster (SRTM, ASTER, a city DEM; heights in
// metres) in any CRS, read for the area of a network and sampled bilinearly at points of the
// run's metric CRS. Slope costs are built from it (network/slope, docs/network.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/geo.hpp"

class OGRCoordinateTransformation;

namespace lc::io {

class Dem {
 public:
  // Reads the cells of band 1 that cover `metric_box` (in the metric CRS `epsg`) and a margin of
  // two cells. InputError naming the file when it cannot be opened, has no georeferencing or no
  // CRS, or does not overlap the box at all.
  Dem(const std::string& path, int epsg, const BBox& metric_box);
  ~Dem();
  Dem(const Dem&) = delete;
  Dem& operator=(const Dem&) = delete;

  // Heights at metric points (bilinear between the four nearest cell centres); NaN outside the
  // raster or where one of those cells is nodata. Not thread-safe (one PROJ transformation).
  void heights(const std::vector<Point>& metric, std::vector<double>& out) const;
  // The cell size in metres (the larger side) near the centre of the box it was read for.
  double cell_m() const { return cell_m_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<OGRCoordinateTransformation> to_dem_;
  double inv_gt_[6] = {0, 1, 0, 0, 0, 1};  // DEM CRS -> pixel/line of the whole raster
  int col0_ = 0, row0_ = 0, cols_ = 0, rows_ = 0;  // the window read
  std::vector<float> z_;                            // row by row; NaN where nodata
  double cell_m_ = 0;
};

}  // namespace lc::io
