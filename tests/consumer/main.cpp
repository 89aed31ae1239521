// Reads "lon lat" lines (GCJ-02) on standard input and prints them in WGS84 through the installed
// library; checks on the way that the library's types, exceptions and data files reach a program
// that only has the installed headers. Exit 1 on any surprise.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>

#include <lifecircle/context.hpp>
#include <lifecircle/datum.hpp>
#include <lifecircle/error.hpp>
#include <lifecircle/version.hpp>

namespace {
int fail(const char* what) {
  std::cerr << "consumer: " << what << '\n';
  return 1;
}
}  // namespace

int main() {
  const lifecircle::Context ctx(2);
  if (ctx.threads() != 2) return fail("a context asked for 2 threads has another count");
  if (lifecircle::version().empty()) return fail("no library version");
  if (!std::filesystem::exists(std::filesystem::path(CONSUMER_DATA_DIR) / "geo" / "categories.toml"))
    return fail("the installed catalog is missing from lifecircle_DATA_DIR");
  try {
    lifecircle::convert({std::numeric_limits<double>::quiet_NaN(), 40.0}, lifecircle::Datum::gcj02,
                        lifecircle::Datum::wgs84);
    return fail("a NaN coordinate was accepted");
  } catch (const lifecircle::InputError& e) {
    if (e.exit_code() != 3) return fail("InputError with the wrong exit code");
  }
  const lifecircle::Datum from = lifecircle::parse_datum("GCJ-02");
  double lon = 0, lat = 0;
  while (std::cin >> lon >> lat) {
    const lifecircle::LonLat p = lifecircle::convert({lon, lat}, from, lifecircle::Datum::wgs84);
    std::printf("%.10f %.10f\n", p.lon, p.lat);
  }
  std::cerr << "consumer: lifecircle " << lifecircle::version() << " OK\n";
  return 0;
}
