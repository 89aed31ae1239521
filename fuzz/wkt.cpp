// fuzz/wkt: the datum conversion of one geometry given as WKT (io::convert_wkt): GDAL parses the
// text, the project's code walks every vertex of every part and converts it. The first byte picks
// the datums.
#include <string>

#include "fuzz_support.hpp"
#include "io/convert_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto from = static_cast<lc::io::ChineseDatum>(size % 3);
  const auto to = static_cast<lc::io::ChineseDatum>((size / 3) % 3);
  const std::string wkt(lc::fuzz::text_of(data, size));
  lc::fuzz::expect_only_lc_errors([&] { lc::io::convert_wkt(wkt, from, to); });
  return 0;
}
