// fuzz/catalog: the category catalog loader (access::parse_catalog, what load_catalog calls on a
// file's text), then the helpers that rely on what the loader guarantees (a threshold and a known
// speed profile for every category): a catalog that loads must never make them fail.
#include <cmath>
#include <cstdlib>
#include <string>

#include "access/catalog.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lc::fuzz::expect_only_lc_errors([&] {
    const lc::access::Catalog catalog = lc::access::parse_catalog(lc::fuzz::text_of(data, size), "fuzz.toml");
    for (const auto& c : catalog.categories) {
      const double s = lc::access::threshold_seconds(catalog, c);
      if (!(s > 0) || !std::isfinite(s)) std::abort();  // the loader let a useless threshold through
    }
    lc::access::categories_for_amap(catalog, "060200|0901", "便利店");
    lc::access::categories_for_baidu(catalog, "购物;便利店", "便利店");
  });
  return 0;
}
