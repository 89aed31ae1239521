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
                               " --population-field population --max-snap 60 --out " + dir.file("r.gpkg") +
                               " --report " + dir.file("r.html") + " --gap-report " + dir.file("gaps.md"));
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

  // The report and the gap report say it plainly, with the layer's own figures (docs/report.md).
  char share_text[32];
  std::snprintf(share_text, sizeof share_text, "%.1f%%", 100 * unsnapped / 2250);
  const std::string said = std::string(share_text) + " of the people (" + std::to_string(static_cast<long long>(unsnapped)) +
                           " of 2250) live farther than the snapping distance from every mapped street";
  EXPECT_GT(unsnapped / 2250, 0.05);  // thin by the rule
  const std::string html = test::read_file(dir.file("r.html"));
  const auto box = html.find("<div class=\"notice thin\" id=\"thin-data\"");
  ASSERT_NE(box, std::string::npos);
  EXPECT_NE(html.find("ALL: the results rest on thin data. " + said, box), std::string::npos);
  EXPECT_NE(html.find("<section id=\"data-quality\">"), std::string::npos);
  const std::string md = test::read_file(dir.file("gaps.md"));
  EXPECT_EQ(md.rfind("> **数据较薄 Thin data**", 0), 0u) << md.substr(0, 300);
  EXPECT_NE(md.find(said), std::string::npos);
}

// The synthetic Wuhai: every home on the one network, so its report and gap report say nothing
// of thin data though its districts' street density is low (desert and farmland, 0.3-1.1 km/km²).
TEST(DataQualityCli, SyntheticWuhaiIsNotThin) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const auto r = test::run_cli("-q coverage --network " + city + ":streets --facilities " + city + ":facilities --category-field category"
                               " --id-field id --origins " + city + ":compounds --origin-id-field id --population-field population"
                               " --entrances " + city + ":gates --units " + city + ":districts --unit-name-field name"
                               " --categories convenience_store --report " + dir.file("r.html") + " --gap-report " + dir.file("gaps.md"));
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string html = test::read_file(dir.file("r.html"));
  EXPECT_NE(html.find("<section id=\"data-quality\">"), std::string::npos);
  EXPECT_EQ(html.find("thin-data"), std::string::npos);
  EXPECT_EQ(html.find("是 yes"), std::string::npos);
  std::size_t rows = 0;  // the three districts and ALL, none thin
  for (auto at = html.find("<td>否 no</td>"); at != std::string::npos; at = html.find("<td>否 no</td>", at + 1)) ++rows;
  EXPECT_EQ(rows, 4u);
  EXPECT_EQ(test::read_file(dir.file("gaps.md")).find("Thin data"), std::string::npos);
}

}  // namespace
}  // namespace lc
