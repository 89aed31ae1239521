// The options every walking command shares (tools/walk_options.hpp) mean the same thing on every
// command, through the real binary, on a hand-drawn straight street whose times are written out:
// --categories (unknown ids refused alike, known ids without facilities computed).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::run_cli;

// A straight east-west street of 1000 m in UTM 48N (EPSG:32648, worked in that CRS, so distances
// are exact), from x = 654000 to 655000 at y = 4392000. Home h1 (100 people) stands on it at
// x = 654000; facilities stand on it too, so no walk is off the street:
//   shop s1 (ad-hoc category `shop`, 10 min by --default-threshold) 480 m east: 480 s at 1 m/s;
//   convenience_store c1 (catalog: 300 m, general 1.0 m/s) 250 m east: 250 s at 1 m/s.
constexpr const char* kCrs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}})";

std::string collection(const std::string& features) {
  return std::string(R"({"type":"FeatureCollection",)") + kCrs + R"(,"features":[)" + features + "]}";
}

std::string point(const std::string& props, double x, double y) {
  return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Point","coordinates":[)" +
         std::to_string(x) + "," + std::to_string(y) + "]}}";
}

class WalkOptionsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(dir.file("street.geojson"),
                     collection(R"({"type":"Feature","properties":{"name":"main"},"geometry":{"type":"LineString",)"
                                R"("coordinates":[[654000,4392000],[655000,4392000]]}})"));
    test::write_file(dir.file("homes.geojson"), collection(point(R"("id":"h1","population":100)", 654000, 4392000)));
    test::write_file(dir.file("fac.geojson"),
                     collection(point(R"("fid":"s1","kind":"shop")", 654480, 4392000) + "," +
                                point(R"("fid":"c1","kind":"convenience_store")", 654250, 4392000)));
  }
  // The inputs every command shares, worked in the street's own CRS.
  std::string net() const { return " --network " + dir.file("street.geojson") + " --crs EPSG:32648"; }
  std::string fac() const { return " --facilities " + dir.file("fac.geojson") + " --category-field kind --id-field fid"; }
  std::string homes() const {
    return " --origins " + dir.file("homes.geojson") + " --origin-id-field id --population-field population";
  }
  test::TempDir dir;
};

// summary.csv row of `category` for unit ALL: unit,category,population,covered_population,coverage,mean_s,p85_s
std::vector<std::string> summary_row(const std::string& path, const std::string& category) {
  for (const auto& row : test::read_csv(path))
    if (row.size() == 7 && row[0] == "ALL" && row[1] == category) return row;
  return {};
}

TEST_F(WalkOptionsCli, AnUnknownCategoryIsTheSameUsageErrorOnEveryCommand) {
  const std::string want = "unknown category 'shpo'; known: ";
  const std::vector<std::pair<std::string, std::string>> runs = {
      {"reach", "reach" + net() + fac() + " --origins " + dir.file("homes.geojson") + " --categories shpo --out " + dir.file("r.csv")},
      {"coverage", "coverage" + net() + fac() + homes() + " --categories shop,shpo --summary " + dir.file("s.csv")},
      {"isochrones", "isochrones" + net() + fac() + " --categories shpo --out " + dir.file("i.gpkg")},
      {"site", "site" + net() + fac() + homes() + " --category shpo --candidates " + dir.file("fac.geojson") +
                   " --count 1 --out " + dir.file("x.csv")},
  };
  for (const auto& [command, line] : runs) {
    const auto r = run_cli(line);
    EXPECT_EQ(r.code, 2) << command << ": " << r.out;
    EXPECT_NE(r.out.find(want), std::string::npos) << command << ": " << r.out;
    // The ad-hoc category of the facilities is known, with the catalog's when the command uses it.
    EXPECT_NE(r.out.find(command == "reach" ? "known: convenience_store, shop" : "convenience_store, culture_station"),
              std::string::npos)
        << command << ": " << r.out;
  }
  for (const char* out : {"r.csv", "s.csv", "i.gpkg", "x.csv"}) EXPECT_FALSE(std::filesystem::exists(dir.file(out))) << out;
}

// A catalog category no facility has is known: it is computed, with nobody covered, and named in a
// warning; the others are as without it.
TEST_F(WalkOptionsCli, AKnownCategoryWithoutFacilitiesIsComputed) {
  const auto r = run_cli("coverage" + net() + fac() + homes() + " --categories shop,kindergarten --summary " + dir.file("s.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("category kindergarten: no facilities in"), std::string::npos) << r.out;
  const auto kg = summary_row(dir.file("s.csv"), "kindergarten");
  ASSERT_EQ(kg.size(), 7u);
  EXPECT_EQ(std::stod(kg[3]), 0.0);  // covered_population: nobody
  const auto shop = summary_row(dir.file("s.csv"), "shop");
  ASSERT_EQ(shop.size(), 7u);
  EXPECT_EQ(std::stod(shop[4]), 1.0);                      // 480 s within 10 min
  EXPECT_NEAR(std::stod(shop[5]), 480.0, 0.01);            // mean_s
  EXPECT_TRUE(summary_row(dir.file("s.csv"), "convenience_store").empty());  // not asked for

  const auto iso = run_cli("isochrones" + net() + fac() + " --categories shop,kindergarten --minutes 5 --out " + dir.file("i.gpkg"));
  ASSERT_EQ(iso.code, 0) << iso.out;
  EXPECT_NE(iso.out.find("category kindergarten: no facilities in"), std::string::npos) << iso.out;
}

}  // namespace
}  // namespace lc
