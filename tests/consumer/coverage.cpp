// Coverage of the synthetic Wuhai through the installed library, as a user's program computes it:
// the city's GeoPackage (lifecircle synth wuhai) in, the summary table out as CSV on standard
// output, for run.sh to compare with the command line's summary.csv of the same inputs. Also
// checks on the way that a network built once serves a second request, that the per-category
// sink sees every category, and that the result tables carry WKB geometries.
// With ISOCHRONES.txt, the convenience stores' 5- and 10-minute isochrones through the API are
// listed there (category, facility_id, minutes, WKB bytes > 0) for run.sh to compare with the CLI's.
//   consumer_coverage CITY.gpkg [ISOCHRONES.txt]
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <lifecircle/catalog.hpp>
#include <lifecircle/coverage.hpp>
#include <lifecircle/error.hpp>
#include <lifecircle/isochrones.hpp>

namespace {

int fail(const std::string& what) {
  std::cerr << "consumer_coverage: " << what << '\n';
  return 1;
}

void print_cell(const lifecircle::Column& c, std::size_t row) {
  if (c.null[row]) return;
  switch (c.type) {
    case lifecircle::ColumnType::text: std::cout << c.text[row]; break;
    case lifecircle::ColumnType::integer: std::cout << c.integer[row]; break;
    case lifecircle::ColumnType::real: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", c.real[row]);
      std::cout << buf;
      break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return fail("usage: consumer_coverage CITY.gpkg [ISOCHRONES.txt]");
  const std::string city = argv[1];
  lifecircle::Context ctx(2);
  ctx.level = lifecircle::LogLevel::quiet;

  lifecircle::CoverageRequest request;
  request.network.path = city + ":streets";
  request.built = lifecircle::Network::build(ctx, request.network);
  request.facilities.path = city + ":facilities";
  request.facilities.category_field = "category";
  request.facilities.id_field = "id";
  request.facilities.capacity_field = "capacity";
  request.origins.path = city + ":compounds";
  request.origins.entrances = city + ":gates";
  request.origins.fields.id = "id";
  request.origins.fields.population = "population";
  request.origins.fields.elderly_share = "elderly_share";
  request.units.path = city + ":districts";
  request.as_of = "2023-12-31";

  std::size_t seen = 0;
  const lifecircle::CoverageResult result =
      lifecircle::coverage(ctx, request, [&](const lifecircle::CategoryCoverage& c) {
        if (c.nearest_s.size() != c.nearest_id.size()) throw std::runtime_error("ragged category " + c.id);
        ++seen;
      });
  if (seen != result.categories.size() || seen == 0) return fail("the sink did not see every category");
  const lifecircle::Table* access = result.table("origin_access");
  if (!access || !access->has_geometry || access->wkb.size() != access->rows() || access->wkb.front().size() != 21)
    return fail("origin_access has no WKB points");
  if (lifecircle::Catalog::load(lifecircle::Catalog::default_path()).categories().empty())
    return fail("the installed catalog has no categories");

  // The same network again, for one category at another speed: no second build.
  lifecircle::CoverageRequest one = request;
  one.categories = {"convenience_store"};
  one.speed_mps = 0.8;
  if (lifecircle::coverage(ctx, one).categories.size() != 1) return fail("a second request on the built network failed");
  try {
    one.as_of = "2023-13-01";
    lifecircle::coverage(ctx, one);
    return fail("a bad as_of date was accepted");
  } catch (const lifecircle::UsageError& e) {
    if (e.field != "as_of") return fail(std::string("the bad date's error names no field: ") + e.what());
  }

  if (argc > 2) {
    lifecircle::IsochroneRequest iso;
    iso.built = request.built;
    iso.facilities = request.facilities;
    iso.categories = {"convenience_store"};
    iso.minutes = {5, 10};
    const lifecircle::Table t = lifecircle::isochrones(ctx, iso).isochrones;
    const auto *category = t.column("category"), *facility = t.column("facility_id"), *minutes = t.column("minutes");
    if (!category || !facility || !minutes || t.wkb.size() != t.rows()) return fail("isochrones: columns missing");
    std::ofstream out(argv[2]);
    for (std::size_t r = 0; r < t.rows(); ++r)
      out << category->text[r] << ',' << (facility->null[r] ? "" : facility->text[r]) << ','
          << (minutes->type == lifecircle::ColumnType::real ? minutes->real[r] : static_cast<double>(minutes->integer[r]))
          << ',' << (t.wkb[r].size() > 0) << '\n';
  }

  const lifecircle::Table& s = result.summary;
  for (std::size_t i = 0; i < s.columns.size(); ++i) std::cout << (i ? "," : "") << s.columns[i].name;
  std::cout << '\n';
  for (std::size_t r = 0; r < s.rows(); ++r) {
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
      if (i) std::cout << ',';
      print_cell(s.columns[i], r);
    }
    std::cout << '\n';
  }
  std::cerr << "consumer_coverage: " << result.origin_ids.size() << " origins, " << result.categories.size()
            << " categories, " << s.rows() << " summary rows\n";
  return 0;
}
