// lc::synth: the synthetic cities written to a folder, as `lifecircle synth` writes them: the
// GeoPackage of their layers (the metropolis also its population raster) and the README.md that
// says they are not real data. The folder is made when missing; an existing file is replaced only
// with `overwrite`, and every file is checked writable before anything is generated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "io/table.hpp"
#include "synth/metropolis.hpp"

namespace lc::synth {

// DIR/wuhai.gpkg and DIR/README.md; returns the layers written (synth_wuhai's) and the paths.
struct WrittenWuhai {
  std::vector<io::Table> tables;
  std::string gpkg, readme;
  double generate_ms = 0;  // how long generating took (not writing)
};
WrittenWuhai write_wuhai(const std::string& dir, const access::Catalog& catalog, std::uint64_t seed, bool overwrite);

// DIR/metropolis.gpkg, DIR/population.tif and DIR/README.md.
struct WrittenMetropolis {
  Metropolis city;
  std::string gpkg, raster, readme;
};
WrittenMetropolis write_metropolis(const std::string& dir, const access::Catalog& catalog, std::uint64_t cells,
                                   std::uint64_t seed, bool overwrite);

}  // namespace lc::synth
