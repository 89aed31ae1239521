// fuzz/options: the small hand-written parsers behind command-line values and catalog fields:
// EPSG codes (--crs, --input-crs), datum names, ISO dates (--as-of, checklist dates), OSM tag
// matchers ("k=v+k2=*" in the catalog) and memory sizes (--max-memory). The first character, a
// digit 0-4 in the seeds ("0EPSG:4326"), picks the parser; each may reject its text only with an
// lc::Error (or a nullopt where it returns one).
#include <string>

#include "access/catalog.hpp"
#include "api/memory_budget.hpp"
#include "fuzz_support.hpp"
#include "io/chinese_coords.hpp"
#include "io/crs.hpp"
#include "plan/checklist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lc::fuzz::Bytes in(data, size);
  const auto pick = in.take<std::uint8_t>();
  const std::string text(in.rest());
  lc::fuzz::expect_only_lc_errors([&] {
    switch (static_cast<unsigned>(pick - '0') % 5) {
      case 0: lc::io::parse_epsg(text); break;
      case 1: lc::io::parse_chinese_datum(text); break;
      case 2: lc::plan::parse_iso_date(text); break;
      case 3:
        if (const auto m = lc::access::parse_tag_matcher(text)) {
          const std::vector<std::pair<std::string, std::string>> tags = {{"shop", "convenience"}, {"name", "x"}};
          lc::access::matches_tags(*m, lc::access::tag_lookup(tags));
        }
        break;
      default: lc::api::parse_memory_size(text); break;
    }
  });
  return 0;
}
