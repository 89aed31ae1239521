// `lifecircle site --out X.gpkg`: the coverage_curve layer beside proposed_sites (a street with
// 600 people at its east end and 100 in the middle, no one covered: east then mid).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

TEST(SiteCli, GeoPackageHasTheCoverageCurve) {
  test::TempDir dir;
  test::write_file(dir.file("streets.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.820,39.670]]}}]})");
  test::write_file(dir.file("shops.csv"), "id,lon,lat,kind\ns1,106.8000,39.6701,convenience_store\n");
  test::write_file(dir.file("homes.csv"), "id,lon,lat,population\nh1,106.8195,39.6701,600\nh2,106.8100,39.6701,100\n");
  test::write_file(dir.file("cands.csv"), "cid,lon,lat\nmid,106.8101,39.6701\neast,106.8196,39.6701\nwest,106.8010,39.6701\n");
  const auto r = test::run_cli("site --network " + dir.file("streets.geojson") + " --facilities " + dir.file("shops.csv") +
                               " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
                               " --origin-id-field id --population-field population --category convenience_store" +
                               " --candidates " + dir.file("cands.csv") + " --candidate-id-field cid --count 2 --out " +
                               dir.file("sites.gpkg"));
  ASSERT_EQ(r.code, 0) << r.out;
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(dir.file("sites.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  ASSERT_TRUE(ds->GetLayerByName("proposed_sites"));
  OGRLayer* curve = ds->GetLayerByName("coverage_curve");
  ASSERT_TRUE(curve);
  std::vector<std::string> ids;
  std::vector<double> coverage;
  for (auto& f : *curve) ids.push_back(f->GetFieldAsString("site_id")), coverage.push_back(f->GetFieldAsDouble("coverage"));
  EXPECT_EQ(ids, (std::vector<std::string>{"", "east", "mid"}));
  ASSERT_EQ(coverage.size(), 3u);
  EXPECT_DOUBLE_EQ(coverage[0], 0.0);
  EXPECT_NEAR(coverage[1], 600.0 / 700.0, 1e-12);
  EXPECT_DOUBLE_EQ(coverage[2], 1.0);
}

}  // namespace
}  // namespace lc
