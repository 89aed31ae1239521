// Two lifecircle::Contexts in one process, at once: different thread counts, working CRSs and
// input CRS declarations (Context::input_epsg), each with its own log sink. Run concurrently on two
// std::threads, each gives exactly what it gives when run alone, and a third context without the
// declaration, running beside them, is refused as it would be alone: nothing leaks between them.
#include <gtest/gtest.h>

#include <lifecircle/coverage.hpp>
#include <lifecircle/error.hpp>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/api_compare.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::kCatalog;

// The compounds of the synthetic Wuhai as population points (their centroids): lon/lat in one
// file, UTM 48N metres in the other (a CSV of x,y that says nothing of its CRS).
void write_homes(const std::string& city, const std::string& lonlat_csv, const std::string& utm_csv) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(city.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* compounds = ds->GetLayerByName("compounds");
  ASSERT_TRUE(compounds);
  OGRSpatialReference wgs84, utm;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32648);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_utm(OGRCreateCoordinateTransformation(&wgs84, &utm));
  ASSERT_TRUE(to_utm);
  std::string a = "id,lon,lat,population\n", b = "id,x,y,population\n";
  char line[200];
  for (auto& f : *compounds) {
    OGRPoint c;
    ASSERT_EQ(f->GetGeometryRef()->Centroid(&c), OGRERR_NONE);
    double x = c.getX(), y = c.getY();
    std::snprintf(line, sizeof line, "%s,%.10f,%.10f,%.0f\n", f->GetFieldAsString("id"), x, y, f->GetFieldAsDouble("population"));
    a += line;
    ASSERT_TRUE(to_utm->Transform(1, &x, &y));
    std::snprintf(line, sizeof line, "%s,%.3f,%.3f,%.0f\n", f->GetFieldAsString("id"), x, y, f->GetFieldAsDouble("population"));
    b += line;
  }
  test::write_file(lonlat_csv, a);
  test::write_file(utm_csv, b);
}

lifecircle::CoverageRequest request(const std::string& city, const std::string& homes) {
  lifecircle::CoverageRequest r;
  r.network.path = city + ":streets";
  r.facilities = {city + ":facilities", {}, "category", "id", "capacity", lifecircle::Datum::wgs84};
  r.origins.path = homes;
  r.origins.fields.id = "id";
  r.origins.fields.population = "population";
  r.units.path = city + ":districts";
  r.catalog = kCatalog;
  r.categories = {"convenience_store", "elder_day_care", "fitness", "health_station", "kindergarten"};
  return r;
}

struct HostContext {
  std::unique_ptr<lifecircle::Context> ctx;
  std::vector<std::string> log;
  std::mutex mutex;
};

std::unique_ptr<HostContext> context(unsigned threads, const std::map<std::string, int>& input_epsg) {
  auto run = std::make_unique<HostContext>();
  run->ctx = std::make_unique<lifecircle::Context>(threads);
  run->ctx->input_epsg = input_epsg;
  run->ctx->log = [r = run.get()](bool, const std::string& message) {
    const std::lock_guard lock(r->mutex);
    r->log.push_back(message);
  };
  return run;
}

void expect_same(const lifecircle::CoverageResult& a, const lifecircle::CoverageResult& b, const char* what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(a.origin_ids, b.origin_ids);
  ASSERT_EQ(a.categories.size(), b.categories.size());
  for (std::size_t c = 0; c < a.categories.size(); ++c) test::expect_same_category(a.categories[c], b.categories[c]);
  test::expect_same_table(a.summary, b.summary);
}

TEST(ApiContexts, TwoContextsAtOnceGiveWhatEachGivesAlone) {
  test::TempDir dir;
  const std::string city = test::synthetic_wuhai();
  const std::string lonlat = dir.file("homes.csv"), utm = dir.file("homes_utm.csv");
  write_homes(city, lonlat, utm);
  // A: one thread, lon/lat homes, the network's own UTM zone. B: two threads, the homes in UTM
  // metres declared through its context, walked in the next zone east (EPSG:32649).
  const lifecircle::CoverageRequest a = request(city, lonlat);
  lifecircle::CoverageRequest b = request(city, utm);
  b.network.epsg = 32649;
  const std::map<std::string, int> declared{{utm, 32648}};

  std::optional<lifecircle::CoverageResult> a_alone, b_alone, a_both, b_both;
  {
    auto ca = context(1, {});
    a_alone = lifecircle::coverage(*ca->ctx, a);
    auto cb = context(2, declared);
    b_alone = lifecircle::coverage(*cb->ctx, b);
  }
  auto ca = context(1, {}), cb = context(2, declared), cc = context(2, {});
  std::string undeclared;
  {
    std::thread ta([&] { a_both = lifecircle::coverage(*ca->ctx, a); });
    std::thread tb([&] { b_both = lifecircle::coverage(*cb->ctx, b); });
    std::thread tc([&] {  // the same request without the declaration: the metres are no lon/lat
      try {
        lifecircle::coverage(*cc->ctx, b);
      } catch (const lifecircle::InputError& e) {
        undeclared = e.what();
      }
    });
    ta.join(), tb.join(), tc.join();
  }
  ASSERT_TRUE(a_both && b_both);
  expect_same(*a_alone, *a_both, "context A beside B");
  expect_same(*b_alone, *b_both, "context B beside A");
  EXPECT_NE(undeclared.find("homes_utm.csv"), std::string::npos) << "undeclared: " << undeclared;
  EXPECT_NE(undeclared.find("outside lon/lat range"), std::string::npos) << undeclared;

  // The two runs differ only by the CRS walked in: the same origins, times within 1%.
  ASSERT_EQ(a_both->origin_ids, b_both->origin_ids);
  std::size_t compared = 0;
  for (std::size_t c = 0; c < a_both->categories.size(); ++c)
    for (std::size_t i = 0; i < a_both->categories[c].nearest_s.size(); ++i) {
      const double x = a_both->categories[c].nearest_s[i], y = b_both->categories[c].nearest_s[i];
      if (std::isnan(x) || std::isnan(y) || x < 60) continue;
      EXPECT_NEAR(y / x, 1.0, 0.01) << a_both->categories[c].id << " origin " << i;
      ++compared;
    }
  EXPECT_GT(compared, 100u);
  // Each context's messages went to its own sink: one network line each.
  for (const HostContext* r : {ca.get(), cb.get()}) {
    std::size_t networks = 0;
    for (const auto& m : r->log) networks += m.rfind("network:", 0) == 0;
    EXPECT_EQ(networks, 1u);
  }
  EXPECT_NE(ca->ctx->threads(), cb->ctx->threads());
}

}  // namespace
}  // namespace lc
