#include "io/dem.hpp"

#include <cpl_error.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "core/error.hpp"
#include "io/gdal_dataset.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace {

}  // namespace

Dem::~Dem() = default;

Dem::Dem(const std::string& path, int epsg, const BBox& box) : path_(path) {
  const Where where{path, "", ""};
  ensure_gdal();
  if (!std::filesystem::exists(path)) throw InputError(where, "no such file (--dem)");
  CPLErrorReset();
  std::unique_ptr<GDALDataset, DatasetCloser> ds(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) {
    const std::string why = CPLGetLastErrorMsg();
    throw InputError(where, "cannot open as a raster (--dem)" + (why.empty() ? "" : ": " + why));
  }
  if (ds->GetRasterCount() < 1) throw InputError(where, "has no raster band (--dem)");
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None) throw InputError(where, "has no georeferencing (no geotransform)");
  if (!GDALInvGeoTransform(gt, inv_gt_)) throw InputError(where, "has a geotransform that cannot be inverted");
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  if (!srs || srs->IsEmpty())
    throw InputError(where, "has no CRS; assign one (e.g. gdal_edit.py -a_srs EPSG:N)");
  OGRSpatialReference dem_srs(*srs), metric;
  dem_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  metric.importFromEPSG(epsg);
  metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  to_dem_.reset(OGRCreateCoordinateTransformation(&metric, &dem_srs));
  if (!to_dem_) throw InputError(where, "its CRS cannot be reached from EPSG:" + std::to_string(epsg));

  // The window: the box's outline (5 points a side: a UTM rectangle is curved in degrees) in
  // pixels, widened by two cells for the bilinear neighbours.
  std::vector<double> xs, ys;
  for (int i = 0; i <= 4; ++i)
    for (int j = 0; j <= 4; ++j) {
      if (i != 0 && i != 4 && j != 0 && j != 4) continue;
      xs.push_back(box.min_x + (box.max_x - box.min_x) * i / 4), ys.push_back(box.min_y + (box.max_y - box.min_y) * j / 4);
    }
  // The cell size: one metre east and north of the centre, in pixels.
  const double cx = (box.min_x + box.max_x) / 2, cy = (box.min_y + box.max_y) / 2;
  xs.insert(xs.end(), {cx, cx + 1, cx}), ys.insert(ys.end(), {cy, cy, cy + 1});
  std::vector<int> ok(xs.size());
  if (!to_dem_->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data()) ||
      std::find(ok.begin(), ok.end(), 0) != ok.end())
    throw InputError(where, "the network's area cannot be transformed into the DEM's CRS");
  std::vector<double> px(xs.size()), py(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) GDALApplyGeoTransform(inv_gt_, xs[i], ys[i], &px[i], &py[i]);
  const std::size_t c = xs.size() - 3;
  const double per_m_x = std::hypot(px[c + 1] - px[c], py[c + 1] - py[c]);
  const double per_m_y = std::hypot(px[c + 2] - px[c], py[c + 2] - py[c]);
  cell_m_ = 1.0 / std::max(1e-12, std::min(per_m_x, per_m_y));

  const int W = ds->GetRasterXSize(), H = ds->GetRasterYSize();
  double lo_x = 1e300, lo_y = 1e300, hi_x = -1e300, hi_y = -1e300;
  for (std::size_t i = 0; i < c; ++i)
    lo_x = std::min(lo_x, px[i]), hi_x = std::max(hi_x, px[i]), lo_y = std::min(lo_y, py[i]), hi_y = std::max(hi_y, py[i]);
  col0_ = static_cast<int>(std::max(0.0, std::floor(lo_x) - 2));
  row0_ = static_cast<int>(std::max(0.0, std::floor(lo_y) - 2));
  const int col1 = static_cast<int>(std::min<double>(W, std::ceil(hi_x) + 3));
  const int row1 = static_cast<int>(std::min<double>(H, std::ceil(hi_y) + 3));
  if (col1 <= col0_ || row1 <= row0_) throw InputError(where, "does not cover the network's area (--dem)");
  cols_ = col1 - col0_, rows_ = row1 - row0_;
  if (static_cast<double>(cols_) * rows_ > 1e9)
    throw InputError(where, "would need more than a billion cells for the network's area; resample it coarser");
  z_.resize(static_cast<std::size_t>(cols_) * rows_);
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (band->RasterIO(GF_Read, col0_, row0_, cols_, rows_, z_.data(), cols_, rows_, GDT_Float32, 0, 0, nullptr) != CE_None)
    throw InputError(where, "cannot read band 1: " + std::string(CPLGetLastErrorMsg()));
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  for (auto& v : z_)
    if ((has_nodata && (v == static_cast<float>(nodata) || (std::isnan(nodata) && std::isnan(v)))) || !std::isfinite(v))
      v = std::numeric_limits<float>::quiet_NaN();
}

void Dem::heights(const std::vector<Point>& metric, std::vector<double>& out) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.assign(metric.size(), nan);
  if (metric.empty()) return;
  std::vector<double> xs(metric.size()), ys(metric.size());
  std::vector<int> ok(metric.size());
  for (std::size_t i = 0; i < metric.size(); ++i) xs[i] = metric[i].x, ys[i] = metric[i].y;
  to_dem_->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
  for (std::size_t i = 0; i < metric.size(); ++i) {
    if (!ok[i]) continue;
    double px = 0, py = 0;
    GDALApplyGeoTransform(const_cast<double*>(inv_gt_), xs[i], ys[i], &px, &py);
    // Cell centres sit at half pixels: bilinear between the four around the point.
    const double fx = px - 0.5 - col0_, fy = py - 0.5 - row0_;
    const double x0 = std::floor(fx), y0 = std::floor(fy);
    const double tx = fx - x0, ty = fy - y0;
    auto z = [&](double c, double r) -> double {
      if (c < 0 || r < 0 || c >= cols_ || r >= rows_) return nan;
      return z_[static_cast<std::size_t>(r) * cols_ + static_cast<std::size_t>(c)];
    };
    // A point on the last row or column of centres: its far neighbours weigh nothing.
    const double z00 = z(x0, y0), z10 = tx > 0 ? z(x0 + 1, y0) : z00, z01 = ty > 0 ? z(x0, y0 + 1) : z00;
    const double z11 = tx > 0 && ty > 0 ? z(x0 + 1, y0 + 1) : (tx > 0 ? z10 : z01);
    out[i] = (z00 * (1 - tx) + z10 * tx) * (1 - ty) + (z01 * (1 - tx) + z11 * tx) * ty;
  }
}

}  // namespace lc::io
