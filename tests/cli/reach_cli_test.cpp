// `lifecircle reach` end to end through the real binary: the CSV contract, exit codes, and bad
// input that must be named clearly and leave no output file behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "support/run_cli.hpp"
#include "support/ladder_town.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::run_cli;
namespace fs = std::filesystem;

// A small street grid as GeoJSON lines in WGS84 near Wuhai (about 106.8 E, 39.67 N): two
class ReachCli : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_ladder_town(dir);
  }
  std::string args(const std::string& extra = "") {
    return "reach --network " + dir.file("streets.geojson") + " --facilities " + dir.file("fac.geojson") +
           " --origins " + dir.file("homes.csv") + " --category-field kind --id-field fid --origin-id-field id " +
           extra;
  }
  test::TempDir dir;
};

TEST_F(ReachCli, WritesTheContractColumns) {
  const auto r = run_cli(args("--out " + dir.file("out.csv")));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto rows = test::parse_csv(test::read_file(dir.file("out.csv")));
  ASSERT_EQ(rows.size(), 1u + 3 * 2);  // header + 3 origins x 2 categories
  EXPECT_EQ(test::read_file(dir.file("out.csv")).substr(0, 83),
            "origin_id,category,nearest_s,nearest_id,k2_s,k3_s,count_5,count_10,count_15,snap_m\n");
  // h1 at (106.8004, 39.6701) is 11.1 m north of street a. The clinic at (106.8015, 39.6709)
  // is 11.1 m south of b. Walk: 11.1 off, 51.4 along a to c, 111.2 up c, 42.8 along b, 11.1 off
  // = 227.6 m, at 1 m/s 227.6 s (UTM scale moves it by well under a second).
  const auto& h1_clinic = rows[1];
  EXPECT_EQ(h1_clinic[0], "h1");
  EXPECT_EQ(h1_clinic[1], "clinic");
  EXPECT_EQ(h1_clinic[3], "clinic1");
  EXPECT_NEAR(std::stod(h1_clinic[2]), 227.6, 1.5);
  EXPECT_EQ(h1_clinic[4], "");  // only one clinic: no second or third
  EXPECT_EQ(h1_clinic[6], "1");
  EXPECT_NEAR(std::stod(h1_clinic[9]), 11.1, 0.2);
  // The shop is on h1's own stretch of street a: 11.1 + 8.6 along + 11.1 = 30.8 s.
  const auto& h1_shop = rows[4];
  EXPECT_EQ(h1_shop[0] + h1_shop[1], "h1convenience");
  EXPECT_NEAR(std::stod(h1_shop[2]), 30.8, 0.5);
  const auto& far_row = rows[3];
  EXPECT_EQ(far_row[0], "far");
  EXPECT_EQ(far_row[2], "");  // unsnapped: no time, no counts, no snap distance
  EXPECT_EQ(far_row[9], "");
  EXPECT_NE(r.out.find("far"), std::string::npos) << "unsnapped origins are listed: " << r.out;
}

TEST_F(ReachCli, TJunctionsConnectOnlyWithNodeCrossings) {
  // The same streets without the shared vertices: c only touches a and b in their middles.
  std::string streets = test::kLadderStreets;
  for (const char* y : {"39.670", "39.671"}) {
    const std::string v = std::string("[106.801,") + y + "],";
    streets.erase(streets.find(v), v.size());
  }
  test::write_file(dir.file("streets.geojson"), streets);
  ASSERT_EQ(run_cli(args("--out " + dir.file("apart.csv"))).code, 0);
  EXPECT_EQ(test::parse_csv(test::read_file(dir.file("apart.csv")))[1][2], "");  // h1 cannot reach the clinic
  ASSERT_EQ(run_cli(args("--node-crossings --out " + dir.file("noded.csv"))).code, 0);
  EXPECT_NEAR(std::stod(test::parse_csv(test::read_file(dir.file("noded.csv")))[1][2]), 227.6, 1.5);
}

TEST_F(ReachCli, ThresholdsAndKShapeTheColumns) {
  const auto r = run_cli(args("--thresholds 3,7.5 --k 1 --out " + dir.file("o.csv")));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(test::parse_csv(test::read_file(dir.file("o.csv")))[0],
            (std::vector<std::string>{"origin_id", "category", "nearest_s", "nearest_id", "count_3",
                                      "count_7_5", "snap_m"}));
}

TEST_F(ReachCli, SameOutputForAnyThreadCount) {
  ASSERT_EQ(run_cli(args("--threads 1 --out " + dir.file("t1.csv"))).code, 0);
  ASSERT_EQ(run_cli(args("--threads 2 --out " + dir.file("t2.csv"))).code, 0);
  EXPECT_EQ(test::read_file(dir.file("t1.csv")), test::read_file(dir.file("t2.csv")));
}

TEST_F(ReachCli, RefusesToOverwriteWithoutTheFlag) {
  test::write_file(dir.file("keep.csv"), "earlier result\n");
  const auto r = run_cli(args("--out " + dir.file("keep.csv")));
  EXPECT_EQ(r.code, 4) << r.out;
  EXPECT_EQ(test::read_file(dir.file("keep.csv")), "earlier result\n");
  EXPECT_EQ(run_cli(args("--overwrite --out " + dir.file("keep.csv"))).code, 0);
}

struct BadCase {
  std::string name;
  int code;
  std::string fragment;
};

void expect_failure(const test::CliResult& r, const BadCase& c, const test::TempDir& dir) {
  EXPECT_EQ(r.code, c.code) << c.name << ": " << r.out;
  EXPECT_NE(r.out.find(c.fragment), std::string::npos) << c.name << ": " << r.out;
  for (const auto& e : fs::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename().string().find("out"), std::string::npos)
        << c.name << " left " << e.path();
}

TEST_F(ReachCli, BadInputIsNamedWithTheDocumentedExitCode) {
  const std::string out = " --out " + dir.file("out.csv");
  test::write_file(dir.file("polys.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[106.8,39.67],[106.81,39.67],[106.81,39.68],[106.8,39.67]]]}}]})");
  test::write_file(dir.file("empty_geom.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{},"geometry":null}]})");
  test::write_file(dir.file("nan.csv"), "id,lon,lat\nx,nan,39.6\n");
  test::write_file(dir.file("swapped.csv"), "id,lon,lat\nx,39.67,106.8\n");
  test::write_file(dir.file("projected.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[500000,4400000],[500100,4400000]]}}]})");
  test::write_file(dir.file("projected.csv"), "id,x,y\np1,500000,4400000\n");
  test::write_file(dir.file("empty.geojson"), R"({"type":"FeatureCollection","features":[]})");
  test::write_file(dir.file("broken.geojson"), R"({"type":"FeatureCollection","features":[)");
  const std::string fac = " --facilities " + dir.file("fac.geojson") + " --category-field kind";
  const std::string homes = " --origins " + dir.file("homes.csv");
  const std::string net = " --network " + dir.file("streets.geojson");
  const std::vector<std::pair<BadCase, std::string>> cases = {
      {{"missing file", 3, "nothere.gpkg: no such file"}, "reach --network " + dir.file("nothere.gpkg") + fac + homes + out},
      {{"missing layer", 3, "layer roads: no such layer"}, "reach --network " + dir.file("streets.geojson") + ":roads" + fac + homes + out},
      {{"no lines", 3, "Polygon where a line was expected"}, "reach --network " + dir.file("polys.geojson") + fac + homes + out},
      {{"empty layer", 3, "has no lines"}, "reach --network " + dir.file("empty.geojson") + fac + homes + out},
      {{"broken json", 3, "broken.geojson"}, "reach --network " + dir.file("broken.geojson") + fac + homes + out},
      {{"empty geometry", 3, "feature 7: empty or missing geometry"}, "reach" + net + " --facilities " + dir.file("empty_geom.geojson") + homes + out},
      {{"NaN coordinate", 3, "nan.csv, layer nan, feature 1: no point: the lon/lat columns are empty or not a number"}, "reach" + net + fac + " --origins " + dir.file("nan.csv") + out},
      {{"lat/lon swapped", 3, "outside lon/lat range (lat/lon swapped?)"}, "reach" + net + fac + " --origins " + dir.file("swapped.csv") + out},
      {{"projected in GeoJSON", 3, "outside lon/lat range"}, "reach --network " + dir.file("projected.geojson") + fac + homes + out},
      {{"projected without CRS", 3, "has no CRS and its coordinates look projected"}, "reach" + net + fac + " --origins " + dir.file("projected.csv") + out},
      {{"unknown field", 3, "no field 'nope'"}, "reach" + net + " --facilities " + dir.file("fac.geojson") + " --category-field nope" + homes + out},
      {{"output folder missing", 4, "does not exist"}, "reach" + net + fac + homes + " --out " + dir.file("no/such/dir/out.csv")},
      {{"bad speed", 2, "--speed"}, "reach" + net + fac + homes + out + " --speed -1"},
      {{"bad k", 2, "--k"}, "reach" + net + fac + homes + out + " --k 0"},
      {{"unknown option", 2, "--bogus"}, "reach" + net + fac + homes + out + " --bogus"},
      {{"missing required", 2, "--network"}, "reach" + fac + homes + out},
      {{"bad crs", 2, "EPSG"}, "reach" + net + fac + homes + out + " --crs EPSG:4326"},
  };
  for (const auto& [c, cmd] : cases) expect_failure(run_cli(cmd), c, dir);
}

}  // namespace
}  // namespace lc
