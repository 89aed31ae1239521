// --dem on every command that builds a network (reach, coverage, site, compare, isochrones),
// through the real binary: one straight east-west street of 1000 m in UTM 48N (the same drawing
// as walk_options_cli_test), home h1 at its west end, on a DEM rising 10% eastwards. Walking from
// h1 east is uphill: 1 / f(0.1) = e^0.35 = 1.41907 times the level time; walking west is 10%
// downhill, as fast as the level (f(-0.1) = 1). Times are the resident's walk to the facility.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "support/dem.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::run_cli;

constexpr const char* kCrs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}})";
const double kUp = std::exp(0.35);  // the uphill multiplier at 10%

std::string collection(const std::string& features) {
  return std::string(R"({"type":"FeatureCollection",)") + kCrs + R"(,"features":[)" + features + "]}";
}

std::string point(const std::string& props, double x, double y) {
  return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Point","coordinates":[)" +
         std::to_string(x) + "," + std::to_string(y) + "]}}";
}

class DemCli : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(dir.file("street.geojson"),
                     collection(R"({"type":"Feature","properties":{"name":"main"},"geometry":{"type":"LineString",)"
                                R"("coordinates":[[654000,4392000],[655000,4392000]]}})"));
    test::write_file(dir.file("homes.geojson"), collection(point(R"("id":"h1","population":100)", 654000, 4392000)));
    // shop s1 480 m east (ad-hoc category, 10 min); a shop to add 250 m east.
    test::write_file(dir.file("fac.geojson"), collection(point(R"("fid":"s1","kind":"shop")", 654480, 4392000)));
    test::write_file(dir.file("add.geojson"), collection(point(R"("fid":"k1","kind":"shop")", 654250, 4392000)));
    // 20 m cells from 100 m west of the street to 100 m east of it, rising 10% eastwards.
    ASSERT_TRUE(test::write_dem(dir.file("dem.tif"), 32648, 653900, 4392100, 20, 61, 11,
                                [](double x, double) { return 1000 + 0.1 * (x - 654000); }));
  }
  std::string net(bool dem) const {
    return " --network " + dir.file("street.geojson") + " --crs EPSG:32648" + (dem ? " --dem " + dir.file("dem.tif") : "");
  }
  std::string fac() const { return " --facilities " + dir.file("fac.geojson") + " --category-field kind --id-field fid"; }
  std::string homes() const {
    return " --origins " + dir.file("homes.geojson") + " --origin-id-field id --population-field population";
  }
  test::TempDir dir;
};

// summary.csv: unit,category,population,covered_population,coverage,mean_s,p85_s
std::vector<std::string> summary_row(const std::string& path, const std::string& category) {
  for (const auto& row : test::read_csv(path))
    if (row.size() >= 7 && row[0] == "ALL" && row[1] == category) return row;
  return {};
}

double longest_street(const std::string& path) {
  const std::string text = test::read_file(path);
  double best = -1;
  for (std::size_t at = 0; (at = text.find("\"street_m\":", at)) != std::string::npos;) {
    at += 11;
    best = std::max(best, std::stod(text.substr(at, 32)));
  }
  return best;
}

TEST_F(DemCli, EveryCommandWalksUphillSlower) {
  for (const bool dem : {false, true}) {
    SCOPED_TRACE(dem ? "--dem" : "flat");
    // reach: 480 s on the level, 480 e^0.35 = 681.2 s uphill.
    const auto r = run_cli("reach" + net(dem) + fac() + " --origins " + dir.file("homes.geojson") +
                           " --origin-id-field id --k 1 --thresholds 10 --out " + dir.file("r.csv") + " --overwrite");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto reach = test::read_csv(dir.file("r.csv"));
    ASSERT_EQ(reach.size(), 2u);
    EXPECT_NEAR(std::stod(reach[1][2]), dem ? 480 * kUp : 480.0, 0.1);
    EXPECT_EQ(reach[1][4], dem ? "0" : "1");  // count_10: 681 s is past 10 minutes

    // coverage: the shop's 10 minutes cover h1 on the level only.
    const auto c = run_cli("coverage" + net(dem) + fac() + homes() + " --default-threshold 10 --summary " + dir.file("s.csv") + " --overwrite");
    ASSERT_EQ(c.code, 0) << c.out;
    const auto shop = summary_row(dir.file("s.csv"), "shop");
    ASSERT_EQ(shop.size(), 7u);
    EXPECT_EQ(std::stod(shop[3]), dem ? 0.0 : 100.0);
    EXPECT_NEAR(std::stod(shop[5]), dem ? 480 * kUp : 480.0, 1.0);

    // site within 5 minutes: the added shop's spot (250 m; 354.8 s uphill) covers h1 on the level only.
    const auto s = run_cli("site" + net(dem) + fac() + homes() + " --category shop --default-threshold 5 --candidates " +
                           dir.file("add.geojson") + " --candidate-id-field fid --count 1 --out " + dir.file("x.csv") +
                           " --overwrite");
    ASSERT_EQ(s.code, 0) << s.out;
    const auto sites = test::read_csv(dir.file("x.csv"));
    double new_covered = 0;
    for (std::size_t i = 1; i < sites.size(); ++i) new_covered += std::stod(sites[i][5]);
    EXPECT_EQ(new_covered, dem ? 0.0 : 100.0);

    // compare within 5 minutes: adding that shop newly covers h1 on the level only.
    const auto m = run_cli("compare" + net(dem) + fac() + homes() + " --default-threshold 5 --add-facilities " +
                           dir.file("add.geojson") + " --summary " + dir.file("c.csv") + " --overwrite");
    ASSERT_EQ(m.code, 0) << m.out;
    double newly = -1;
    for (const auto& row : test::read_csv(dir.file("c.csv")))
      if (row.size() > 5 && row[0] == "ALL" && row[1] == "shop") newly = std::stod(row[5]);
    EXPECT_EQ(newly, dem ? 0.0 : 100.0);

    // isochrones of s1, 5 minutes at 1 m/s: the street from which s1 is reached. On the level
    // 300 m each side (600 m); on the slope 300 e^-0.35 = 211.4 m west of it (walking up to it)
    // and 300 m east (walking down, at the level's speed): 511.4 m.
    std::filesystem::remove_all(dir.file("iso"));
    std::filesystem::create_directories(dir.file("iso"));
    const auto i = run_cli("isochrones" + net(dem) + fac() + " --speed 1 --minutes 5 --out-dir " + dir.file("iso"));
    ASSERT_EQ(i.code, 0) << i.out;
    EXPECT_NEAR(longest_street(dir.file("iso/isochrones.geojson")), dem ? 300 / kUp + 300 : 600.0, 0.5);
  }
}

// In a job file `dem` is an input path like `network`: read relative to the job file, and its
// contents in the task's fingerprint (a new DEM runs the task again).
TEST_F(DemCli, AJobReadsTheDemBesideItAndRerunsWhenItChanges) {
  test::write_file(dir.file("job.toml"),
                   "schema = 1\nname = \"slope\"\nout = \"out\"\n[[task]]\nname = \"r\"\ncommand = \"reach\"\n"
                   "network = \"street.geojson\"\ncrs = \"EPSG:32648\"\ndem = \"dem.tif\"\nfacilities = \"fac.geojson\"\n"
                   "category-field = \"kind\"\nid-field = \"fid\"\norigins = \"homes.geojson\"\n"
                   "origin-id-field = \"id\"\nk = 1\nout = \"r.csv\"\n");
  const auto nearest = [&] {
    const auto r = run_cli("-q run " + dir.file("job.toml"));
    EXPECT_EQ(r.code, 0) << r.out;
    const auto rows = test::read_csv(dir.file("out/r.csv"));
    return rows.size() == 2 ? std::stod(rows[1][2]) : -1.0;
  };
  EXPECT_NEAR(nearest(), 480 * kUp, 0.1);
  ASSERT_TRUE(test::write_dem(dir.file("dem.tif"), 32648, 653900, 4392100, 20, 61, 11,
                              [](double, double) { return 1000.0; }));
  EXPECT_NEAR(nearest(), 480.0, 0.1);
}

TEST_F(DemCli, AMissingOrUselessDemIsBadInputNamingTheFile) {
  const auto r = run_cli("reach --network " + dir.file("street.geojson") + " --crs EPSG:32648 --dem " + dir.file("nope.tif") +
                         fac() + " --origins " + dir.file("homes.geojson") + " --out " + dir.file("r.csv"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("nope.tif"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("r.csv")));
  test::write_file(dir.file("text.tif"), "not a raster");
  const auto t = run_cli("coverage --network " + dir.file("street.geojson") + " --crs EPSG:32648 --dem " +
                         dir.file("text.tif") + fac() + homes() + " --summary " + dir.file("s.csv"));
  EXPECT_EQ(t.code, 3) << t.out;
  EXPECT_NE(t.out.find("text.tif"), std::string::npos) << t.out;
}

}  // namespace
}  // namespace lc
