// tests: opening a vector file a test has just written, read only (closed by GDALClose).
#pragma once

#include <gdal_priv.h>

#include <string>

#include "io/gdal_dataset.hpp"
#include "io/vector_reader.hpp"

namespace lc::test {

inline io::DatasetPtr open_vector(const std::string& path) {
  io::ensure_gdal();
  return io::DatasetPtr(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
}

}  // namespace lc::test
