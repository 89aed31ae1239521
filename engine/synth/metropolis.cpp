#include "synth/metropolis.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/crs.hpp"
#include "io/vector_reader.hpp"
#include "synth/common.hpp"

namespace lc::synth {

namespace {

enum MetropolisStream : std::uint64_t { kMetroPeople = 1, kMetroFacilities = 2 };

// People's Square, Shanghai: the lattice is centred here.
constexpr double kCentreLon = 121.475, kCentreLat = 31.232;

std::string note(const std::string& what) { return std::string(kSyntheticMetropolisNote) + what; }

}  // namespace

int metropolis_side(std::uint64_t cells) {
  return std::max(2, static_cast<int>(std::llround(std::sqrt(static_cast<double>(cells)))));
}

Metropolis synth_metropolis(const access::Catalog& catalog, const MetropolisOptions& o) {
  if (o.cells < 4) throw UsageError(Field{"cells"}, "at least 4 (a 2 x 2 lattice)");
  if (o.cells > 100'000'000) throw UsageError(Field{"cells"}, "at most 100,000,000");
  Metropolis m;
  m.side = metropolis_side(o.cells);
  const int n = m.side;
  const io::Projector proj(kMetropolisEpsg);
  const Point centre = proj.forward({kCentreLon, kCentreLat});
  const double half = (n - 1) * kMetropolisSpacing / 2;
  m.x0 = std::round((centre.x - half) / kMetropolisSpacing) * kMetropolisSpacing;
  m.y0 = std::round((centre.y - half) / kMetropolisSpacing) * kMetropolisSpacing;
  m.facilities_per_category = std::max<std::size_t>(1, m.cells() / kCellsPerFacility);
  auto node = [&](int row, int col) { return proj.inverse({m.x0 + col * kMetropolisSpacing, m.y0 + row * kMetropolisSpacing}); };

  // People: denser towards the centre (300 a cell there, 40 to 75 at the edge), +-25% from cell to cell.
  Rng people(o.seed, kMetroPeople);
  m.population.resize(m.cells());
  for (int i = 0; i < n; ++i)
    for (int col = 0; col < n; ++col) {
      const int row = n - 1 - i;  // the raster runs from the north
      const double dx = (col - (n - 1) / 2.0) / n, dy = (row - (n - 1) / 2.0) / n;
      const double base = 40 + 260 * std::exp(-(dx * dx + dy * dy) / (2 * 0.25 * 0.25));
      m.population[static_cast<std::size_t>(i) * n + col] =
          static_cast<float>(std::max(1.0, std::round(base * (0.75 + 0.5 * people.uniform()))));
    }

  // Streets: one line along each row and each column, cut every kSegmentsPerLine blocks; the lines
  // share their vertices at every node.
  io::Table streets{"streets", note("a street lattice at 100 m spacing, one line per row and column cut every " +
                                    std::to_string(kSegmentsPerLine) + " blocks; lines share a vertex at every node."),
                    {{"id"}, {"class"}}, true, {}, {}};
  for (int dir = 0; dir < 2; ++dir)
    for (int a = 0; a < n; ++a)
      for (int from = 0; from < n - 1; from += kSegmentsPerLine) {
        const int to = std::min(n - 1, from + kSegmentsPerLine);
        std::string wkt = "LINESTRING (";
        for (int b = from; b <= to; ++b) wkt += (b == from ? "" : ", ") + coord(dir == 0 ? node(a, b) : node(b, a), 9);
        wkt += ")";
        const std::string id = std::string(dir == 0 ? "row_" : "col_") + std::to_string(a) + "_" + std::to_string(from);
        streets.add({id, std::string("local")}, std::move(wkt));
      }

  // Facilities: per category in catalog order, each on a random block (an edge of the lattice), a
  // random way along it, 5-25 m to either side.
  io::Table facilities{"facilities", note(std::to_string(m.facilities_per_category) +
                                          " facilities of every catalog category (cells / 400), each on a random block "
                                          "of the lattice, 5-25 m beside the street."),
                       {{"id"}, {"name"}, {"category"}}, true, {}, {}};
  Rng place(o.seed, kMetroFacilities);
  const std::uint64_t per_dir = static_cast<std::uint64_t>(n) * (n - 1);
  for (const auto& c : catalog.categories)
    for (std::size_t k = 0; k < m.facilities_per_category; ++k) {
      const std::uint64_t e = place.below(2 * per_dir);
      const bool east = e < per_dir;
      const std::uint64_t f = east ? e : e - per_dir;
      const int a = static_cast<int>(f / (n - 1)), b = static_cast<int>(f % (n - 1));
      const int row = east ? a : b, col = east ? b : a;
      const double along = place.uniform() * kMetropolisSpacing;
      const double side = (5 + 20 * place.uniform()) * (place.below(2) ? 1 : -1);
      const double x = m.x0 + col * kMetropolisSpacing + (east ? along : side);
      const double y = m.y0 + row * kMetropolisSpacing + (east ? side : along);
      const std::string id = c.id + "_" + std::to_string(k + 1);
      facilities.add({id, c.name_en + " " + std::to_string(k + 1), c.id}, "POINT (" + coord(proj.inverse({x, y}), 9) + ")");
    }
  m.layers.push_back(std::move(streets));
  m.layers.push_back(std::move(facilities));
  return m;
}

void write_population_raster(const Metropolis& m, const std::string& path, bool overwrite) {
  namespace fs = std::filesystem;
  io::check_writable(path, overwrite);
  io::ensure_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw OutputError(path, "GDAL has no GTiff driver");
  io::remove_stale_temps(path);
  const fs::path p(path);
  const std::string temp = (p.parent_path() / ("." + p.stem().string() + ".tmp-" + std::to_string(getpid()) + ".tif")).string();
  try {
    CPLErrorReset();
    char** options = CSLSetNameValue(nullptr, "COMPRESS", "DEFLATE");
    options = CSLSetNameValue(options, "TILED", "YES");
    std::unique_ptr<GDALDataset> ds(driver->Create(temp.c_str(), m.side, m.side, 1, GDT_Float32, options));
    CSLDestroy(options);
    if (!ds) throw OutputError(path, std::string("cannot create: ") + CPLGetLastErrorMsg());
    const double top = m.y0 + (m.side - 1) * kMetropolisSpacing + kMetropolisSpacing / 2;
    std::array<double, 6> transform{m.x0 - kMetropolisSpacing / 2, kMetropolisSpacing, 0, top, 0, -kMetropolisSpacing};
    ds->SetGeoTransform(transform.data());
    OGRSpatialReference srs;
    srs.importFromEPSG(kMetropolisEpsg);
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    ds->SetProjection(wkt);
    CPLFree(wkt);
    ds->SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION",
                        note("people per 100 m cell, one cell centred on every street node").c_str());
    GDALRasterBand* band = ds->GetRasterBand(1);
    auto* data = const_cast<float*>(m.population.data());
    if (band->RasterIO(GF_Write, 0, 0, m.side, m.side, data, m.side, m.side, GDT_Float32, 0, 0) != CE_None)
      throw OutputError(path, std::string("cannot write the cells: ") + CPLGetLastErrorMsg());
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) throw OutputError(path, std::string("cannot finish writing: ") + CPLGetLastErrorMsg());
    io::sync_file(temp, path);
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) throw OutputError(path, "cannot move the finished file into place: " + ec.message());
  } catch (...) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw;
  }
}

}  // namespace lc::synth
