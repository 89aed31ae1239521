// The data_quality layer of a coverage run on real, thin Chinese OSM (central Nanjing, 2021): the
// components it counts are the network's own (the count the run logs), every person is counted
// once, and the shares are the ones such data has (issue 18; hand-drawn figures are in
// tests/access/data_quality_test.cpp).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

TEST(DataQualityCli, CentralNanjingIsThinAndSaysSo) {
  LC_GEODATA(pbf, "china/nanjing_xuanwu_2021.osm.pbf");
  test::TempDir dir;
  {  // 225 homes of 10 people on a 15 x 15 grid over Xinjiekou and Xuanwu (about 3.8 x 3.9 km)
    std::ofstream homes(dir.file("homes.csv"));
    homes << "id,lon,lat,population\n";
    for (int i = 0, k = 0; i < 15; ++i)
      for (int j = 0; j < 15; ++j) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "h%d,%.5f,%.5f,10\n", ++k, 118.765 + i * 0.04 / 14, 32.030 + j * 0.035 / 14);
        homes << buf;
      }
  }
  const auto r = test::run_cli("coverage --network " + pbf + " --facilities " + pbf + " --origins " + dir.file("homes.csv") +
                               " --population-field population --max-snap 60 --out " + dir.file("r.gpkg"));
  ASSERT_EQ(r.code, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("network: [0-9]+ nodes, [0-9]+ edges, ([0-9]+) components"))) << r.out;
  const long long logged_components = std::stoll(m[1]);

  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(dir.file("r.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* dq = ds->GetLayerByName("data_quality");
  ASSERT_NE(dq, nullptr);
  ASSERT_EQ(dq->GetFeatureCount(), 1);  // no units: the ALL row
  std::unique_ptr<OGRFeature> f(dq->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("unit"), "ALL");
  // Without units the row covers the network's hull, so every component of the network.
  EXPECT_EQ(f->GetFieldAsInteger64("components"), logged_components);
  EXPECT_GT(logged_components, 10);  // thin Chinese OSM falls apart (issue 18: more than 40 in the core)
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("people"), 2250);
  const double unsnapped = f->GetFieldAsDouble("people_unsnapped"), off = f->GetFieldAsDouble("people_off_main_component");
  EXPECT_GT(unsnapped, 0);  // homes in parks and blocks without mapped paths, farther than 60 m from a street
  EXPECT_LE(unsnapped + off, 2250);
  EXPECT_EQ(static_cast<long long>(unsnapped) % 10, 0);  // whole homes of 10
  const double share = f->GetFieldAsDouble("footway_share");
  EXPECT_GT(share, 0.02);  // 118 footways in the extract
  EXPECT_LT(share, 0.5);
  const double km = f->GetFieldAsDouble("street_km"), km2 = f->GetFieldAsDouble("area_km2");
  EXPECT_NEAR(f->GetFieldAsDouble("street_km_per_km2"), km / km2, 1e-9);
  EXPECT_GT(km2, 4);
  EXPECT_LT(km2, 40);
  EXPECT_LE(f->GetFieldAsInteger64("facilities_unsnapped"), f->GetFieldAsInteger64("facilities"));
  EXPECT_GT(f->GetFieldAsInteger64("facilities"), 20);
}

}  // namespace
}  // namespace lc
