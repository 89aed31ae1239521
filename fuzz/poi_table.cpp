// fuzz/poi_table: the Amap/高德 POI table reader (io::parse_amap_pois, what read_amap_pois calls on
// a file's bytes): CSV splitting, UTF-8 checks, the GB18030 fallback, header and row parsing and
// the datum conversion from GCJ-02 (the default; fuzz/chinese_coords covers the others). Every
// record read must be a valid WGS84 position. Inputs are plain CSV files, so any table is a seed.
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "io/poi_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lc::fuzz::expect_only_lc_errors([&] {
    std::vector<std::string> warnings;
    for (const auto& p : lc::io::parse_amap_pois(lc::fuzz::text_of(data, size), "fuzz.csv",
                                                 lc::io::ChineseDatum::gcj02, &warnings)) {
      const bool ok = std::isfinite(p.location.lon) && std::isfinite(p.location.lat) &&
                      std::fabs(p.location.lon) <= 180 && std::fabs(p.location.lat) <= 90;
      if (!ok) std::abort();
    }
  });
  return 0;
}
