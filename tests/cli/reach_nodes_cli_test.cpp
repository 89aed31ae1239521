// `lifecircle reach --origins nodes` and `--catalog/--categories` through the real binary, on a
// hand-drawn OSM street network with written-out times at every node.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::run_cli;

// Four graph nodes near 14.5 E, 35.9 N, where 0.001 deg of longitude is 90.2 m and 0.001 deg of
// latitude 110.9 m:
//
//   n4 (14.501, 35.901) . pharmacy p11 22.2 m north of n4, off the street
//   |  111 m
//   n1 ---- n2 ---- n3      n1 14.500, n2 14.501, n3 14.502, all at 35.900
//      ^ convenience shop s10 at 14.5005, on the street (no leg)
//
// At 1 m/s, nearest convenience: n1 45.1, n2 45.1, n3 45.1 + 90.2 = 135.3, n4 45.1 + 110.9 = 156.0.
// Nearest pharmacy: n4 22.2, n2 22.2 + 110.9 = 133.1, n1 and n3 133.1 + 90.2 = 223.3.
const char* kOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="35.900" lon="14.500" version="1"/>
  <node id="2" lat="35.900" lon="14.501" version="1"/>
  <node id="3" lat="35.900" lon="14.502" version="1"/>
  <node id="4" lat="35.901" lon="14.501" version="1"/>
  <node id="10" lat="35.900" lon="14.5005" version="1"><tag k="shop" v="convenience"/></node>
  <node id="11" lat="35.9012" lon="14.501" version="1"><tag k="amenity" v="pharmacy"/></node>
  <way id="100" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="101" version="1"><nd ref="2"/><nd ref="4"/><tag k="highway" v="footway"/></way>
</osm>
)";

// origin id -> category -> row
using Rows = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

Rows by_origin(const std::vector<std::vector<std::string>>& csv) {
  Rows out;
  for (std::size_t i = 1; i < csv.size(); ++i) out[csv[i][0]][csv[i][1]] = csv[i];
  return out;
}

class ReachNodesCli : public ::testing::Test {
 protected:
  void SetUp() override { test::write_file(dir.file("town.osm"), kOsm); }
  std::string args(const std::string& origins, const std::string& extra) {
    return "reach --network " + dir.file("town.osm") + " --facilities " + dir.file("town.osm") + " --origins " +
           origins + " --k 1 --thresholds 2,3 " + extra;
  }
  std::string catalog() const { return std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml"; }
  test::TempDir dir;
};

// The (convenience, pharmacy) times of a row set, one pair per origin.
std::multiset<std::pair<double, double>> time_pairs(const Rows& rows, const std::string& shop,
                                                    const std::string& pharmacy) {
  std::multiset<std::pair<double, double>> out;
  for (const auto& [id, cats] : rows) {
    const double a = std::stod(cats.at(shop)[2]), b = std::stod(cats.at(pharmacy)[2]);
    out.insert(std::make_pair(std::round(a), std::round(b)));
  }
  return out;
}

TEST_F(ReachNodesCli, EveryNodeIsAnOriginWithItsTimes) {
  const auto r = run_cli(args("nodes", "--out " + dir.file("nodes.csv")));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto csv = test::read_csv(dir.file("nodes.csv"));
  EXPECT_EQ(csv[0], (std::vector<std::string>{"origin_id", "category", "nearest_s", "nearest_id", "count_2",
                                              "count_3", "snap_m"}));
  const Rows rows = by_origin(csv);
  ASSERT_EQ(csv.size(), 1u + 4 * 2);  // built-in OSM mapping: convenience and pharmacy
  ASSERT_EQ(rows.size(), 4u);
  for (const char* id : {"0", "1", "2", "3"}) ASSERT_TRUE(rows.count(id)) << id;
  // Each node's pair, as written out above (rounded to the second).
  const std::multiset<std::pair<double, double>> want = {{45, 223}, {45, 133}, {135, 223}, {156, 22}};
  EXPECT_EQ(time_pairs(rows, "convenience", "pharmacy"), want);
  for (const auto& [id, cats] : rows) {
    for (const auto& [cat, row] : cats) EXPECT_EQ(row[6], "0.0") << "a node is on the network";
    const auto& shop = cats.at("convenience");
    EXPECT_EQ(shop[3], "n10");
    EXPECT_EQ(shop[4], std::stod(shop[2]) <= 120 ? "1" : "0") << id;  // within 2 min
    EXPECT_EQ(shop[5], "1") << id;                                  // all within 3 min
  }
}

TEST_F(ReachNodesCli, SameTimesAsPointOriginsStandingOnTheNodes) {
  test::write_file(dir.file("at_nodes.csv"),
                   "id,lon,lat\nn1,14.500,35.900\nn2,14.501,35.900\nn3,14.502,35.900\nn4,14.501,35.901\n");
  ASSERT_EQ(run_cli(args("nodes", "--out " + dir.file("nodes.csv"))).code, 0);
  ASSERT_EQ(run_cli(args(dir.file("at_nodes.csv"), "--origin-id-field id --out " + dir.file("points.csv"))).code, 0);
  auto exact = [](const Rows& rows) {
    std::multiset<std::vector<std::string>> out;  // every column but the origin id
    for (const auto& [id, cats] : rows)
      for (const auto& [cat, row] : cats) out.insert(std::vector<std::string>(row.begin() + 1, row.end()));
    return out;
  };
  EXPECT_EQ(exact(by_origin(test::read_csv(dir.file("nodes.csv")))),
            exact(by_origin(test::read_csv(dir.file("points.csv")))));
}

TEST_F(ReachNodesCli, CatalogCategoriesAreChosenAndEachIsWritten) {
  const auto r = run_cli(args("nodes", "--catalog " + catalog() +
                                           " --categories pharmacy,convenience_store,kindergarten --out " +
                                           dir.file("cat.csv")));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("category kindergarten: no facilities"), std::string::npos) << r.out;
  const auto csv = test::read_csv(dir.file("cat.csv"));
  ASSERT_EQ(csv.size(), 1u + 4 * 3);
  // Sorted by category, then origins in node order.
  EXPECT_EQ(csv[1][1], "convenience_store");
  EXPECT_EQ(csv[5][1], "kindergarten");
  EXPECT_EQ(csv[9][1], "pharmacy");
  const Rows rows = by_origin(csv);
  const std::multiset<std::pair<double, double>> want = {{45, 223}, {45, 133}, {135, 223}, {156, 22}};
  EXPECT_EQ(time_pairs(rows, "convenience_store", "pharmacy"), want);
  for (const auto& [id, cats] : rows) {
    const auto& none = cats.at("kindergarten");
    EXPECT_EQ(none[2], "") << id;  // nothing to reach
    EXPECT_EQ(none[4] + none[5], "00") << id;
  }
}

TEST_F(ReachNodesCli, CategoriesAlsoFilterTheBuiltInMapping) {
  ASSERT_EQ(run_cli(args("nodes", "--categories pharmacy --out " + dir.file("p.csv"))).code, 0);
  const auto csv = test::read_csv(dir.file("p.csv"));
  ASSERT_EQ(csv.size(), 5u);
  for (std::size_t i = 1; i < csv.size(); ++i) EXPECT_EQ(csv[i][1], "pharmacy");
}

// The built-in mapping knows its four categories even where no facility has one; any other id
// is a usage error listing them (exit 2, as on every command: tests/bad_input/cases.tsv).
TEST_F(ReachNodesCli, CategoriesOfTheBuiltInMappingAreKnownOthersAreNot) {
  const auto ok = run_cli(args("nodes", "--categories pharmacy,elder_care --out " + dir.file("e.csv")));
  ASSERT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("category elder_care: no facilities"), std::string::npos) << ok.out;
  EXPECT_EQ(test::read_csv(dir.file("e.csv")).size(), 1u + 4 * 2);
  const auto bad = run_cli(args("nodes", "--categories pharmacy,kindergarten --out " + dir.file("k.csv")));
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--categories: unknown category 'kindergarten'; known: clinic, convenience, elder_care, pharmacy"),
            std::string::npos)
      << bad.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("k.csv")));
}

TEST_F(ReachNodesCli, AnUnreadableCatalogIsNamed) {
  const auto r = run_cli(args("nodes", "--catalog " + dir.file("none.toml") + " --out " + dir.file("x.csv")));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("none.toml"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.csv")));
}

}  // namespace
}  // namespace lc
