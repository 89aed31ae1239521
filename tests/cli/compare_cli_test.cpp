// `lifecircle compare` end to end on a small drawn town (convenience stores: 300 m at 1 m/s):
//
//   S2  (106.800,39.671) ======================== (106.810,39.671)   h1 near the east end
//        |                                          :  the scenario's link (111 m)
//   S1  (106.800,39.670) ======================== (106.810,39.670)
//        h2 + added a1 (west)    c2 + h3 (middle)    c1 (east)
//
// Base: h3 is 27 m from c2 (covered); h2 is 386 m from c2 and h1 1.8 km round the west end
// (both uncovered). Scenario: a1 added beside h2, c2 removed, the east link opened: h1 and h2
// newly covered (80 + 120), h3 lost (50: 390 m to either remaining store).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

struct Town {
  test::TempDir dir;
  std::string net = dir.file("net.geojson"), fac = dir.file("fac.geojson"), homes = dir.file("homes.csv"),
              added = dir.file("added.geojson"), links = dir.file("links.geojson");
  Town() {
    test::write_file(net, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.805,39.670],[106.810,39.670]]}},
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.671],[106.810,39.671]]}},
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.800,39.671]]}}]})");
    test::write_file(fac, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fid":"c1","kind":"convenience_store"},"geometry":{"type":"Point","coordinates":[106.8098,39.6701]}},
{"type":"Feature","properties":{"fid":"c2","kind":"convenience_store"},"geometry":{"type":"Point","coordinates":[106.8050,39.6701]}}]})");
    test::write_file(added, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fid":"a1","kind":"convenience_store"},"geometry":{"type":"Point","coordinates":[106.8007,39.6702]}}]})");
    test::write_file(links, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.81001,39.67001],[106.81001,39.67099]]}}]})");
    test::write_file(homes, "id,lon,lat,population\nh1,106.8099,39.6709,80\nh2,106.8005,39.6701,120\nh3,106.8052,39.6699,50\n");
  }
  std::string base_args() const {
    return "compare --network " + net + " --facilities " + fac + " --category-field kind --id-field fid --origins " + homes +
           " --population-field population --origin-id-field id";
  }
  std::string scenario() const { return " --add-facilities " + added + " --remove-facilities c2 --add-links " + links; }
};

std::map<std::string, std::string> all_row(const std::string& csv) {
  const auto rows = test::read_csv(csv);
  std::map<std::string, std::string> out;
  for (std::size_t r = 1; r < rows.size(); ++r)
    if (rows[r][0] == "ALL" && rows[r][1] == "convenience_store")
      for (std::size_t c = 0; c < rows[0].size(); ++c) out[rows[0][c]] = rows[r][c];
  return out;
}

TEST(CompareCli, ScenarioNewlyCoversAndLosesTheDrawnHomes) {
  Town t;
  const auto r = test::run_cli(t.base_args() + t.scenario() + " --out " + t.dir.file("c.gpkg") + " --summary " + t.dir.file("s.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("nodes"), std::string::npos) << r.out;  // the updates say what they touched
  auto row = all_row(t.dir.file("s.csv"));
  EXPECT_EQ(row["population"], "250");
  EXPECT_EQ(row["covered_base"], "50");
  EXPECT_EQ(row["covered_scenario"], "200");
  EXPECT_EQ(row["newly_covered"], "200");
  EXPECT_EQ(row["lost"], "50");

  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(t.dir.file("c.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  ASSERT_TRUE(ds->GetLayerByName("compare_summary"));
  OGRLayer* changes = ds->GetLayerByName("origin_changes");
  ASSERT_TRUE(changes);
  std::map<std::string, std::string> status;
  for (auto& f : *changes) status[f->GetFieldAsString("origin_id")] = f->GetFieldAsString("status");
  EXPECT_EQ(status, (std::map<std::string, std::string>{{"h1", "newly_covered"}, {"h2", "newly_covered"}, {"h3", "lost"}}));
}

TEST(CompareCli, FullRerunWritesTheSameSummary) {
  Town t;
  const auto a = test::run_cli(t.base_args() + t.scenario() + " --summary " + t.dir.file("inc.csv"));
  const auto b = test::run_cli(t.base_args() + t.scenario() + " --full --summary " + t.dir.file("full.csv"));
  ASSERT_EQ(a.code, 0) << a.out;
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_EQ(test::read_file(t.dir.file("inc.csv")), test::read_file(t.dir.file("full.csv")));
}

TEST(CompareCli, BadScenariosAreRefusedClearly) {
  Town t;
  auto r = test::run_cli(t.base_args() + " --summary " + t.dir.file("s.csv"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("empty scenario"), std::string::npos) << r.out;

  r = test::run_cli(t.base_args() + " --remove-facilities c2,zz9,qq1 --summary " + t.dir.file("s.csv"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("2 facilities to remove"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("qq1, zz9"), std::string::npos) << r.out;

  const std::string far = t.dir.file("far.geojson");
  test::write_file(far, R"({"type":"FeatureCollection","features":[
{"type":"Feature","id":3,"properties":{},"geometry":{"type":"LineString","coordinates":[[106.8050,39.6705],[106.81001,39.67099]]}}]})");
  r = test::run_cli(t.base_args() + " --add-links " + far + " --summary " + t.dir.file("s.csv"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("far.geojson"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("farther than the snap distance"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lc
