// docs/api.md's example: coverage of every catalog category from a street network, facilities
// and population, through the installed library. Compiled and run by tests/consumer/run.sh.
//   coverage_example NETWORK FACILITIES ORIGINS [CATEGORY_FIELD]
#include <lifecircle/coverage.hpp>
#include <lifecircle/error.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 4) return std::fprintf(stderr, "usage: %s NETWORK FACILITIES ORIGINS [CATEGORY_FIELD]\n", argv[0]), 2;
  lifecircle::Context ctx;  // every core; messages on standard error
  lifecircle::CoverageRequest request;
  request.network.path = argv[1];     // .osm.pbf, or GIS lines FILE[:LAYER]
  request.facilities.path = argv[2];  // OSM: categories by the catalog's tag rules
  if (argc > 4) request.facilities.category_field = argv[4];
  request.origins.path = argv[3];     // points or community polygons with a population field
  request.origins.fields.population = "population";
  try {
    const lifecircle::CoverageResult result = lifecircle::coverage(ctx, request);
    const lifecircle::Table& s = result.summary;  // unit, category, population, covered_population, coverage, ...
    const auto *unit = s.column("unit"), *category = s.column("category"), *coverage = s.column("coverage");
    for (std::size_t r = 0; r < s.rows(); ++r)
      if (unit->text[r] == "ALL") std::printf("%-24s %5.1f%%\n", category->text[r].c_str(), 100 * coverage->real[r]);
  } catch (const lifecircle::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return e.exit_code();
  }
}
