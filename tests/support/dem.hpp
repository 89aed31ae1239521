// tests: synthetic DEMs written as GeoTIFFs (band 1, heights in metres) for the slope tests.
#pragma once

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/vector_reader.hpp"

namespace lc::test {

// `nx` x `ny` cells of `cell` m in EPSG:`epsg` whose top-left cell has its centre at (x0, y0);
// column i, row j has its centre at (x0 + cell i, y0 - cell j) and the height z(centre).
inline bool write_dem(const std::string& path, int epsg, double x0, double y0, double cell, int nx, int ny,
                      const std::function<double(double, double)>& z) {
  io::ensure_gdal();
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  std::unique_ptr<GDALDataset> ds(gtiff->Create(path.c_str(), nx, ny, 1, GDT_Float32, nullptr));
  if (!ds) return false;
  double gt[6] = {x0 - cell / 2, cell, 0, y0 + cell / 2, 0, -cell};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  ds->SetSpatialRef(&srs);
  std::vector<float> v(static_cast<std::size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) v[static_cast<std::size_t>(j) * nx + i] = static_cast<float>(z(x0 + cell * i, y0 - cell * j));
  return ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float32, 0, 0, nullptr) == CE_None;
}

}  // namespace lc::test
