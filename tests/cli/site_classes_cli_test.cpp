// `lifecircle site --candidate-spacing M --candidate-classes ...`: candidates only along streets of
// the named classes. A residential street with 600 people at its west end and a footway leaving
// it 420 m east (beyond the 300 m of a convenience store) with 100 people at its far end: the
// best site overall is on the street, the best footway site serves the 100. The error cases
// are in tests/bad_input/cases.tsv.
#include <gtest/gtest.h>

#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

struct FootwayTown {
  test::TempDir dir;
  FootwayTown() {
    test::write_file(dir.file("streets.geojson"), R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"residential","name":"main"},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.805,39.670],[106.810,39.670]]}},
{"type":"Feature","properties":{"highway":"footway","name":"path"},"geometry":{"type":"LineString","coordinates":[[106.805,39.670],[106.805,39.672]]}}]})");
    test::write_file(dir.file("shops.csv"), "id,lon,lat,kind\ns1,106.8099,39.6701,convenience_store\n");
    test::write_file(dir.file("homes.csv"), "id,lon,lat,population\nh1,106.8001,39.6701,600\nh2,106.8051,39.6719,100\n");
  }
  // The sites CSV of one run (exit 0 expected).
  std::vector<std::vector<std::string>> site(const std::string& extra, const std::string& out) {
    const auto r = test::run_cli("site --network " + dir.file("streets.geojson") + " --facilities " + dir.file("shops.csv") +
                                 " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
                                 " --origin-id-field id --population-field population --category convenience_store" +
                                 " --candidate-spacing 50 --count 1 " + extra + " --out " + dir.file(out));
    EXPECT_EQ(r.code, 0) << r.out;
    return test::read_csv(dir.file(out));
  }
};

TEST(SiteClassesCli, CandidatesOnlyAlongTheNamedClasses) {
  FootwayTown town;
  const auto all = town.site("", "all.csv");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], (std::vector<std::string>{"rank", "site_id", "district", "x", "y", "new_covered", "cumulative_covered",
                                              "cumulative_coverage"}));
  EXPECT_LT(std::stod(all[1][3]), 106.803);  // on the street, near the 600
  EXPECT_NEAR(std::stod(all[1][4]), 39.670, 1e-7);
  EXPECT_EQ(all[1][5], "600");

  const auto footway = town.site("--candidate-classes footway", "footway.csv");
  ASSERT_EQ(footway.size(), 2u);
  EXPECT_NEAR(std::stod(footway[1][3]), 106.805, 1e-7);  // on the footway
  EXPECT_GT(std::stod(footway[1][4]), 39.670);
  EXPECT_EQ(footway[1][5], "100");

  // Naming every class is the same as naming none; spaces around names are allowed.
  EXPECT_EQ(town.site("--candidate-classes 'residential, footway'", "both.csv"), all);
  // Another field as the class: the street names.
  EXPECT_EQ(town.site("--street-class-field name --candidate-classes path", "by_name.csv"), footway);
}

}  // namespace
}  // namespace lc
