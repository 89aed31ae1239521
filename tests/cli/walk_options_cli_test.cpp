// The options every walking command shares (tools/walk_options.hpp) mean the same thing on every
// command, through the real binary, on a hand-drawn straight street whose times are written out:
// --categories (unknown ids refused alike, known ids without facilities computed) and
// --min-component (points kept off small network components alike) and --speed (the catalog's
// speeds replaced, recorded in the outputs' parameters).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/vector_reader.hpp"
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
    // A shop 100 m east of h1, on the street (50 m below the island of MinComponentCli).
    test::write_file(dir.file("near.geojson"), collection(point(R"("fid":"k1","kind":"shop")", 654100, 4392000)));
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

// --min-component on every command that snaps, against reach: the street above with a T to the
// north at x = 654500 (4 nodes), and 55 m north of it an island, a 40 m path of 2 nodes from
// x = 654080 to 654120 at y = 4392055. Home h2 (100 people) at (654100, 4392050) is 5 m from the
// island and 50 m from the street: it snaps to the island and reaches nothing, unless
// --min-component 3 sends it to the street: 50 s off it and 380 s along it to the shop, 430 s.
class MinComponentCli : public WalkOptionsCli {
 protected:
  void SetUp() override {
    WalkOptionsCli::SetUp();
    auto line = [](const std::string& name, double x0, double y0, double x1, double y1) {
      return R"({"type":"Feature","properties":{"name":")" + name + R"("},"geometry":{"type":"LineString","coordinates":[[)" +
             std::to_string(x0) + "," + std::to_string(y0) + "],[" + std::to_string(x1) + "," + std::to_string(y1) + "]]}}";
    };
    test::write_file(dir.file("island.geojson"),
                     collection(line("west", 654000, 4392000, 654500, 4392000) + "," +
                                line("east", 654500, 4392000, 655000, 4392000) + "," +
                                line("north", 654500, 4392000, 654500, 4392300) + "," +
                                line("island", 654080, 4392055, 654120, 4392055)));
    test::write_file(dir.file("h2.geojson"), collection(point(R"("id":"h2","population":100)", 654100, 4392050)));
    // 3 m north of the island, 58 m from the street.
    test::write_file(dir.file("island_fac.geojson"), collection(point(R"("fid":"f1","kind":"shop")", 654100, 4392058)));
  }
  std::string island() const { return " --network " + dir.file("island.geojson") + " --crs EPSG:32648"; }
  std::string h2() const { return " --origins " + dir.file("h2.geojson") + " --origin-id-field id --population-field population"; }
};

// The largest street_m of a GeoJSON isochrones layer (the category merged).
double longest_street(const std::string& path) {
  const std::string text = test::read_file(path);
  double best = -1;
  for (std::size_t at = 0; (at = text.find("\"street_m\":", at)) != std::string::npos;) {
    at += 11;
    best = std::max(best, std::stod(text.substr(at, 32)));
  }
  return best;
}

TEST_F(MinComponentCli, EverySnappingCommandSnapsLikeReach) {
  for (const std::string mc : {"", " --min-component 3"}) {
    const bool on_street = !mc.empty();
    SCOPED_TRACE(on_street ? "--min-component 3" : "no --min-component");
    // reach: h2's row (origin_id,category,nearest_s,nearest_id,count_10,snap_m)
    const auto r = run_cli("reach" + island() + fac() + " --origins " + dir.file("h2.geojson") +
                           " --origin-id-field id --categories shop --k 1 --thresholds 10 --out " + dir.file("r.csv") +
                           " --overwrite" + mc);
    ASSERT_EQ(r.code, 0) << r.out;
    const auto reach = test::read_csv(dir.file("r.csv"));
    ASSERT_EQ(reach.size(), 2u);
    EXPECT_EQ(reach[1][5], on_street ? "50.0" : "5.0");
    EXPECT_EQ(reach[1][2], on_street ? "430.0" : "");

    // coverage: the same time (mean_s of one origin), covered within the shop's 10 minutes
    const auto c = run_cli("coverage" + island() + fac() + h2() + " --categories shop --summary " + dir.file("s.csv") +
                           " --overwrite" + mc);
    ASSERT_EQ(c.code, 0) << c.out;
    const auto shop = summary_row(dir.file("s.csv"), "shop");
    ASSERT_EQ(shop.size(), 7u);
    EXPECT_EQ(std::stod(shop[3]), on_street ? 100.0 : 0.0);
    EXPECT_EQ(shop[5], on_street ? "430" : "") << "mean_s as reach's nearest_s";

    // site, within 5 minutes: the existing shop (430 s) is too far; candidate k1 50 m away
    // covers h2 only when h2 stands on the street.
    const auto s = run_cli("site" + island() + fac() + h2() + " --category shop --default-threshold 5 --candidates " +
                           dir.file("near.geojson") + " --candidate-id-field fid --count 1 --out " + dir.file("x.csv") +
                           " --overwrite" + mc);
    ASSERT_EQ(s.code, 0) << s.out;
    const auto sites = test::read_csv(dir.file("x.csv"));
    double new_covered = 0;
    for (std::size_t i = 1; i < sites.size(); ++i) new_covered += std::stod(sites[i][5]);
    EXPECT_EQ(new_covered, on_street ? 100.0 : 0.0);

    // compare, within 5 minutes: adding k1 newly covers h2 only when h2 stands on the street.
    const auto m = run_cli("compare" + island() + fac() + h2() + " --default-threshold 5 --add-facilities " +
                           dir.file("near.geojson") + " --summary " + dir.file("c.csv") + " --overwrite" + mc);
    ASSERT_EQ(m.code, 0) << m.out;
    double newly = -1;
    for (const auto& row : test::read_csv(dir.file("c.csv")))
      if (row.size() > 5 && row[0] == "ALL" && row[1] == "shop") newly = std::stod(row[5]);
    EXPECT_EQ(newly, on_street ? 100.0 : 0.0);

    // isochrones: a facility by the island draws the island's 40 m, or the street within 5 min
    // (58 m off it at x = 654100, then west the 100 m to the street's end and 242 m east: 342 m).
    std::filesystem::remove_all(dir.file("iso"));
    std::filesystem::create_directories(dir.file("iso"));
    const auto i = run_cli("isochrones" + island() + " --facilities " + dir.file("island_fac.geojson") +
                           " --category-field kind --id-field fid --speed 1 --minutes 5 --out-dir " + dir.file("iso") + mc);
    ASSERT_EQ(i.code, 0) << i.out;
    const double street = longest_street(dir.file("iso/isochrones.geojson"));
    if (on_street) EXPECT_NEAR(street, 342.0, 1.0);
    else EXPECT_NEAR(street, 40.0, 1.0);
  }
}

// A layer's description in a GeoPackage (gpkg_contents.description, as QGIS shows it).
std::string layer_description(const std::string& gpkg, const std::string& layer) {
  io::ensure_gdal();
  const GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  OGRLayer* l = ds ? ds->GetLayerByName(layer.c_str()) : nullptr;
  const char* d = l ? l->GetMetadataItem("DESCRIPTION") : nullptr;
  return d ? d : "";
}

// --speed on coverage, site and compare, by hand on the straight street: h1 walks 480 m to the
// shop (threshold 10 min by --default-threshold) and 250 m to the convenience store (catalog:
// 300 m, which governs). At the catalog's 1.0 m/s: 480 s and 250 s, both covered. At --speed 0.5:
// 960 s, beyond the shop's 600 s; 500 s to the store, within its 300 m = 600 s at that speed.
TEST_F(WalkOptionsCli, SpeedOverridesTheCatalogOnCoverage) {
  const std::string base = "coverage" + net() + fac() + homes();
  ASSERT_EQ(run_cli(base + " --summary " + dir.file("plain.csv")).code, 0);
  const auto r = run_cli(base + " --speed 0.5 --summary " + dir.file("slow.csv") + " --out " + dir.file("slow.gpkg") +
                         " --report " + dir.file("slow.html"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto shop = summary_row(dir.file("plain.csv"), "shop"), slow_shop = summary_row(dir.file("slow.csv"), "shop");
  const auto store = summary_row(dir.file("plain.csv"), "convenience_store");
  const auto slow_store = summary_row(dir.file("slow.csv"), "convenience_store");
  ASSERT_EQ(shop.size(), 7u);
  ASSERT_EQ(slow_shop.size(), 7u);
  ASSERT_EQ(store.size(), 7u);
  ASSERT_EQ(slow_store.size(), 7u);
  EXPECT_EQ(std::stod(shop[3]), 100.0);
  EXPECT_NEAR(std::stod(shop[5]), 480.0, 0.01);
  EXPECT_EQ(std::stod(slow_shop[3]), 0.0);  // moved out of the threshold
  EXPECT_NEAR(std::stod(slow_shop[5]), 960.0, 0.01);
  EXPECT_EQ(std::stod(store[3]), 100.0);
  EXPECT_NEAR(std::stod(store[5]), 250.0, 0.01);
  EXPECT_EQ(std::stod(slow_store[3]), 100.0);  // a distance threshold stays a distance
  EXPECT_NEAR(std::stod(slow_store[5]), 500.0, 0.01);
  // The outputs' parameters say so: every layer's description and the report.
  for (const char* layer : {"origin_access", "unit_coverage", "gaps"})
    EXPECT_NE(layer_description(dir.file("slow.gpkg"), layer).find("Walking speed: 0.5 m/s for every category (--speed)"),
              std::string::npos)
        << layer << ": " << layer_description(dir.file("slow.gpkg"), layer);
  EXPECT_NE(test::read_file(dir.file("slow.html")).find("0.5 m/s for every category (--speed)"), std::string::npos);
}

TEST_F(WalkOptionsCli, SpeedOverridesTheCatalogOnSiteAndCompare) {
  // site: within 10 minutes the existing shop covers h1 at 1.0 m/s; at 0.5 m/s it does not, and
  // candidate k1 (100 m east: 200 s) covers all 100 people.
  const std::string site = "site" + net() + fac() + homes() + " --category shop --candidates " + dir.file("near.geojson") +
                           " --candidate-id-field fid --count 1";
  ASSERT_EQ(run_cli(site + " --out " + dir.file("plain.csv")).code, 0);
  const auto s = run_cli(site + " --speed 0.5 --out " + dir.file("slow.csv"));
  ASSERT_EQ(s.code, 0) << s.out;
  const auto plain = test::read_csv(dir.file("plain.csv")), slow = test::read_csv(dir.file("slow.csv"));
  double plain_new = 0;
  for (std::size_t i = 1; i < plain.size(); ++i) plain_new += std::stod(plain[i][5]);
  EXPECT_EQ(plain_new, 0.0);
  ASSERT_EQ(slow.size(), 2u);
  EXPECT_EQ(slow[1][1], "k1");
  EXPECT_EQ(std::stod(slow[1][5]), 100.0);
  EXPECT_EQ(std::stod(slow[1][7]), 1.0);
  ASSERT_EQ(run_cli(site + " --speed 0.5 --out " + dir.file("slow.gpkg")).code, 0);
  EXPECT_NE(layer_description(dir.file("slow.gpkg"), "proposed_sites").find("Walking speed: 0.5 m/s"), std::string::npos);

  // compare, adding k1: at 1.0 m/s nobody is newly covered; at 0.5 m/s all 100, 960 s -> 200 s.
  const std::string compare = "compare" + net() + fac() + homes() + " --add-facilities " + dir.file("near.geojson");
  ASSERT_EQ(run_cli(compare + " --summary " + dir.file("cplain.csv")).code, 0);
  const auto c = run_cli(compare + " --speed 0.5 --summary " + dir.file("cslow.csv") + " --out " + dir.file("cslow.gpkg"));
  ASSERT_EQ(c.code, 0) << c.out;
  auto shop_row = [](const std::string& path) {
    for (const auto& row : test::read_csv(path))
      if (row.size() > 12 && row[0] == "ALL" && row[1] == "shop") return row;
    return std::vector<std::string>{};
  };
  const auto cp = shop_row(dir.file("cplain.csv")), cs = shop_row(dir.file("cslow.csv"));
  ASSERT_FALSE(cp.empty());
  ASSERT_FALSE(cs.empty());
  EXPECT_EQ(std::stod(cp[5]), 0.0);    // newly_covered
  EXPECT_EQ(std::stod(cs[3]), 0.0);    // covered_base
  EXPECT_EQ(std::stod(cs[5]), 100.0);  // newly_covered
  EXPECT_NEAR(std::stod(cs[9]), 960.0, 0.01);   // mean_s_base
  EXPECT_NEAR(std::stod(cs[10]), 200.0, 0.01);  // mean_s_scenario
  EXPECT_NE(layer_description(dir.file("cslow.gpkg"), "compare_summary").find("Walking speed: 0.5 m/s"), std::string::npos);
}

// --season winter on every walking command (docs/catalog.md, Seasons), by hand on the straight
// street: the shop (ad-hoc, the general profile) 480 m east walked at 1.0 x 0.9 m/s takes
// 533.3 s, still within its 10 minutes; the store (300 m, general) 250 m: 277.8 s, covered; with
// --speed 0.5 the general factor too: 0.45 m/s, 1066.7 s to the shop. The outputs say so.
TEST_F(WalkOptionsCli, WinterWalksEachProfileAtItsFactorOnEveryCommand) {
  const auto r = run_cli("coverage" + net() + fac() + homes() + " --season winter --summary " + dir.file("w.csv") +
                         " --out " + dir.file("w.gpkg") + " --report " + dir.file("w.html"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto shop = summary_row(dir.file("w.csv"), "shop"), store = summary_row(dir.file("w.csv"), "convenience_store");
  ASSERT_EQ(shop.size(), 7u);
  ASSERT_EQ(store.size(), 7u);
  EXPECT_EQ(std::stod(shop[3]), 100.0);
  EXPECT_NEAR(std::stod(shop[5]), 480 / 0.9, 0.5);
  EXPECT_EQ(std::stod(store[3]), 100.0);
  EXPECT_NEAR(std::stod(store[5]), 250 / 0.9, 0.5);
  const std::string said = "Walking speed: the catalog's speed profiles in winter (elderly 0.68 m/s (0.8 m/s x 0.85), general 0.9 m/s (1 m/s x 0.9))";
  for (const char* layer : {"origin_access", "unit_coverage", "gaps"})
    EXPECT_NE(layer_description(dir.file("w.gpkg"), layer).find(said), std::string::npos)
        << layer << ": " << layer_description(dir.file("w.gpkg"), layer);
  EXPECT_NE(test::read_file(dir.file("w.html")).find("speed profiles in winter"), std::string::npos);

  const auto slow = run_cli("coverage" + net() + fac() + homes() + " --season winter --speed 0.5 --summary " + dir.file("ws.csv") +
                            " --out " + dir.file("ws.gpkg"));
  ASSERT_EQ(slow.code, 0) << slow.out;
  EXPECT_NEAR(std::stod(summary_row(dir.file("ws.csv"), "shop")[5]), 480 / 0.45, 0.5);
  EXPECT_NE(layer_description(dir.file("ws.gpkg"), "origin_access")
                .find("0.45 m/s for every category (--speed 0.5 m/s x 0.9, the general profile's factor in winter)"),
            std::string::npos)
      << layer_description(dir.file("ws.gpkg"), "origin_access");

  // reach walks its one speed at the general factor: 533.3 s, and says so.
  const auto re = run_cli("reach" + net() + fac() + " --origins " + dir.file("homes.geojson") +
                          " --origin-id-field id --categories shop --k 1 --season winter --out " + dir.file("r.gpkg"));
  ASSERT_EQ(re.code, 0) << re.out;
  EXPECT_NE(layer_description(dir.file("r.gpkg"), "reach").find("0.9 m/s (1 m/s x 0.9, the general profile's factor in winter)"),
            std::string::npos)
      << layer_description(dir.file("r.gpkg"), "reach");
  ASSERT_EQ(run_cli("reach" + net() + fac() + " --origins " + dir.file("homes.geojson") +
                    " --origin-id-field id --categories shop --k 1 --season winter --out " + dir.file("r.csv")).code, 0);
  const auto rows = test::read_csv(dir.file("r.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NEAR(std::stod(rows[1][2]), 480 / 0.9, 0.1);

  // site and compare: the same speeds, said in their layers.
  const auto s = run_cli("site" + net() + fac() + homes() + " --category shop --candidates " + dir.file("near.geojson") +
                         " --candidate-id-field fid --count 1 --season winter --out " + dir.file("s.gpkg"));
  ASSERT_EQ(s.code, 0) << s.out;
  EXPECT_NE(layer_description(dir.file("s.gpkg"), "proposed_sites").find(said), std::string::npos);
  const auto c = run_cli("compare" + net() + fac() + homes() + " --add-facilities " + dir.file("near.geojson") +
                         " --season winter --summary " + dir.file("c.csv") + " --out " + dir.file("c.gpkg"));
  ASSERT_EQ(c.code, 0) << c.out;
  for (const auto& row : test::read_csv(dir.file("c.csv")))
    if (row.size() > 12 && row[0] == "ALL" && row[1] == "shop") {
      EXPECT_NEAR(std::stod(row[9]), 480 / 0.9, 0.5);   // mean_s_base
      EXPECT_NEAR(std::stod(row[10]), 100 / 0.9, 0.5);  // mean_s_scenario: k1 100 m east
    }
  EXPECT_NE(layer_description(dir.file("c.gpkg"), "compare_summary").find(said), std::string::npos);

  // isochrones of the shop, 5 min at --speed 1 in winter (0.9 m/s): 270 m each side.
  std::filesystem::remove_all(dir.file("iso"));
  std::filesystem::create_directories(dir.file("iso"));
  const auto i = run_cli("isochrones" + net() + fac() + " --categories shop --speed 1 --minutes 5 --season winter --out-dir " +
                         dir.file("iso"));
  ASSERT_EQ(i.code, 0) << i.out;
  EXPECT_NEAR(longest_street(dir.file("iso/isochrones.geojson")), 540.0, 0.5);

  const auto bad = run_cli("coverage" + net() + fac() + homes() + " --season monsoon --summary " + dir.file("b.csv"));
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--season"), std::string::npos) << bad.out;
}

// --speed at the catalog's own speed (1.0 m/s for these categories) changes no table, byte for byte.
TEST_F(WalkOptionsCli, SpeedAtTheCatalogsSpeedChangesNoTable) {
  const std::vector<std::pair<std::string, std::string>> runs = {
      {"coverage", "coverage" + net() + fac() + homes() + " --summary "},
      {"site", "site" + net() + fac() + homes() + " --category shop --candidates " + dir.file("near.geojson") +
                   " --candidate-id-field fid --count 1 --out "},
      {"compare", "compare" + net() + fac() + homes() + " --add-facilities " + dir.file("near.geojson") + " --summary "},
  };
  for (const auto& [name, line] : runs) {
    ASSERT_EQ(run_cli(line + dir.file(name + "_plain.csv")).code, 0) << name;
    ASSERT_EQ(run_cli(line + dir.file(name + "_one.csv") + " --speed 1").code, 0) << name;
    const std::string plain = test::read_file(dir.file(name + "_plain.csv"));
    EXPECT_FALSE(plain.empty()) << name;
    EXPECT_EQ(plain, test::read_file(dir.file(name + "_one.csv"))) << name;
  }
}

}  // namespace
}  // namespace lc
