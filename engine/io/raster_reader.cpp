#include "io/raster_reader.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "io/gdal_dataset.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace {

Where cell_where(const std::string& path, int row, int col) {
  return {path, "", "row " + std::to_string(row) + ", column " + std::to_string(col)};
}

DatasetPtr open_raster(const std::string& path) {
  ensure_gdal();
  if (!std::filesystem::exists(path)) throw InputError({path, "", ""}, "no such file");
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    const std::string why = CPLGetLastErrorMsg();
    throw InputError({path, "", ""}, "cannot open as a raster" + (why.empty() ? "" : ": " + why));
  }
  DatasetPtr out(ds);
  if (ds->GetRasterCount() < 1) throw InputError({path, "", ""}, "has no raster band");
  return out;
}

// Pixel/line positions to the raster's CRS through its affine geotransform (rotation included:
// the outline of a cell is transformed corner by corner, never assumed axis-aligned).
struct Georef {
  double gt[6] = {0, 1, 0, 0, 0, 1};
  void at(double col, double row, double& x, double& y) const {
    x = gt[0] + col * gt[1] + row * gt[2];
    y = gt[3] + col * gt[4] + row * gt[5];
  }
};

Georef georef(GDALDataset& ds, const std::string& path) {
  Georef g;
  if (ds.GetGeoTransform(g.gt) != CE_None)
    throw InputError({path, "", ""}, "has no georeferencing (no geotransform)");
  return g;
}

std::unique_ptr<OGRCoordinateTransformation> to_wgs84(GDALDataset& ds, const std::string& path) {
  const OGRSpatialReference* srs = ds.GetSpatialRef();
  if (!srs || srs->IsEmpty())
    throw InputError({path, "", ""}, "has no CRS; assign one (e.g. gdal_edit.py -a_srs EPSG:N)");
  // x is always longitude / easting, whatever order the CRS's authority declares.
  OGRSpatialReference src(*srs);
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&src, &wgs84));
  if (!t) throw InputError({path, "", ""}, "its CRS cannot be transformed to WGS84");
  return t;
}

// Shortest text that reads back to the same double: outlines stay exact through WKT.
void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Held for every populated cell of a run (a province has millions), so at its exact size: built
// by appending, its capacity would be up to twice its length.
std::string ring_wkt(const double* xs, const double* ys, int n) {
  std::string wkt = "POLYGON ((";
  for (int i = 0; i <= n; ++i) {  // the ring is closed by repeating its first corner
    if (i) wkt += ", ";
    append_number(wkt, xs[i % n]);
    wkt += ' ';
    append_number(wkt, ys[i % n]);
  }
  wkt += "))";
  wkt.shrink_to_fit();
  return wkt;
}

struct RowReader {
  const std::string& path;
  GDALRasterBand& band;
  const Georef& geo;
  OGRCoordinateTransformation& transform;
  double min_value;
  bool masked;  // false: GDAL says every cell is valid, so no mask is read
  std::vector<double> values;
  std::vector<GByte> mask;

  void read(int row) {
    const int w = static_cast<int>(values.size());
    if (band.RasterIO(GF_Read, 0, row, w, 1, values.data(), w, 1, GDT_Float64, 0, 0, nullptr) != CE_None ||
        (masked && band.GetMaskBand()->RasterIO(GF_Read, 0, row, w, 1, mask.data(), w, 1, GDT_Byte,
                                                0, 0, nullptr) != CE_None))
      throw InputError({path, "", "row " + std::to_string(row)}, "cannot be read: " +
                                                                     std::string(CPLGetLastErrorMsg()));
  }

  // Columns of this row above the minimum; bad values stop the run rather than count as nobody.
  std::vector<int> populated(int row) const {
    std::vector<int> cols;
    for (int c = 0; c < static_cast<int>(values.size()); ++c) {
      if (masked && mask[c] == 0) continue;  // nodata (GDAL's mask handles float nodata rounding)
      const double v = values[c];
      if (std::isnan(v)) throw InputError(cell_where(path, row, c), "population is NaN");
      if (v < 0)
        throw InputError(cell_where(path, row, c),
                         "population is negative (" + std::to_string(v) +
                             "; a nodata value the raster does not declare?)");
      if (v > min_value) cols.push_back(c);
    }
    return cols;
  }

  // Centre and 4 corners of each cell, transformed together: one PROJ call per row.
  void append(int row, const std::vector<int>& cols, std::vector<RasterCell>& out) const {
    constexpr int k = 5;
    const double offsets[k][2] = {{0.5, 0.5}, {0, 0}, {0, 1}, {1, 1}, {1, 0}};
    std::vector<double> xs(cols.size() * k), ys(cols.size() * k);
    for (std::size_t i = 0; i < cols.size(); ++i)
      for (int j = 0; j < k; ++j)
        geo.at(cols[i] + offsets[j][0], row + offsets[j][1], xs[i * k + j], ys[i * k + j]);
    std::vector<int> ok(xs.size(), 0);
    transform.Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
    for (std::size_t i = 0; i < cols.size(); ++i) {
      const std::size_t b = i * k;
      for (std::size_t j = b; j < b + k; ++j)
        if (!ok[j] || !std::isfinite(xs[j]) || std::abs(ys[j]) > 90)
          throw InputError(cell_where(path, row, cols[i]), "cell cannot be transformed to WGS84");
      out.push_back({row, cols[i], values[cols[i]], {xs[b], ys[b]},
                     ring_wkt(&xs[b + 1], &ys[b + 1], k - 1)});
    }
  }
};

}  // namespace

RasterSize raster_size(const std::string& path) {
  DatasetPtr ds = open_raster(path);
  return {ds->GetRasterXSize(), ds->GetRasterYSize()};
}

std::size_t count_raster_cells(const std::string& path, double min_value) {
  DatasetPtr ds = open_raster(path);
  const Georef geo = georef(*ds, path);
  auto transform = to_wgs84(*ds, path);
  GDALRasterBand* band = ds->GetRasterBand(1);
  const int width = ds->GetRasterXSize();
  RowReader reader{path, *band, geo, *transform, min_value, (band->GetMaskFlags() & GMF_ALL_VALID) == 0,
                   std::vector<double>(width), std::vector<GByte>(width, 255)};
  std::size_t n = 0;
  for (int row = 0; row < ds->GetRasterYSize(); ++row) {
    reader.read(row);
    n += reader.populated(row).size();
  }
  return n;
}

RasterCells read_raster_cells(const std::string& path, double min_value) {
  DatasetPtr ds = open_raster(path);
  const Georef geo = georef(*ds, path);
  auto transform = to_wgs84(*ds, path);
  RasterCells out;
  out.file = path;
  out.width = ds->GetRasterXSize();
  out.height = ds->GetRasterYSize();
  if (ds->GetRasterCount() > 1)
    out.warnings.push_back(path + ": " + std::to_string(ds->GetRasterCount()) +
                           " bands; only band 1 is read as population");
  GDALRasterBand* band = ds->GetRasterBand(1);
  RowReader reader{path, *band, geo, *transform, min_value,
                   (band->GetMaskFlags() & GMF_ALL_VALID) == 0,
                   std::vector<double>(out.width), std::vector<GByte>(out.width, 255)};
  for (int row = 0; row < out.height; ++row) {
    reader.read(row);
    reader.append(row, reader.populated(row), out.cells);
  }
  return out;
}

}  // namespace lc::io
