// The wheelchair profile (--walk-profile wheelchair, docs/network.md): no steps, no way or node
// tagged wheelchair=no, raised kerbs stop the chair; every category at the catalog's wheelchair
// speed. As a table of tags, and through the real binary on a hand-drawn OSM block:
//
//     6 ---- 1 ---- 2 ---- 3 ---- 7      0.001 deg of longitude apart (about 85.7 m at 39.67 N)
//            |             |
//            8 ----------- 9             0.001 deg of latitude south (about 111.0 m)
//
// A shop beside 6, a home beside 7. Footway 1-2-3 (way 10) is the short way; 1-8-9-3 (way 50)
// is the detour, longer by the two legs 1-8 and 9-3. Whatever stops the chair on way 10 costs it
// exactly those two legs; the walker is not stopped.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "core/error.hpp"
#include "network/osm_profile.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

TEST(WheelchairProfile, Table) {
  const network::WalkProfile walker, chair = network::walk_profile("wheelchair");
  EXPECT_FALSE(walker.wheelchair);
  EXPECT_TRUE(chair.wheelchair);
  EXPECT_FALSE(network::walk_profile("").wheelchair);
  EXPECT_THROW(network::walk_profile("pram"), UsageError);
  struct WayRow {
    TagList tags;
    bool walker, chair;
  };
  for (const auto& r : std::vector<WayRow>{{{{"highway", "steps"}}, true, false},
                                           {{{"highway", "footway"}, {"wheelchair", "no"}}, true, false},
                                           {{{"highway", "footway"}, {"wheelchair", "limited"}}, true, true},
                                           {{{"highway", "footway"}}, true, true},
                                           {{{"highway", "residential"}, {"foot", "no"}}, false, false}}) {
    EXPECT_EQ(network::walk_access(r.tags, walker).walkable, r.walker) << r.tags.front().second;
    EXPECT_EQ(network::walk_access(r.tags, chair).walkable, r.chair) << r.tags.front().second;
  }
  struct NodeRow {
    TagList tags;
    bool walker, chair;  // blocks
  };
  for (const auto& r : std::vector<NodeRow>{{{{"barrier", "kerb"}}, false, true},
                                            {{{"barrier", "kerb"}, {"kerb", "raised"}}, false, true},
                                            {{{"barrier", "kerb"}, {"kerb", "lowered"}}, false, false},
                                            {{{"barrier", "kerb"}, {"kerb", "flush"}}, false, false},
                                            {{{"barrier", "kerb"}, {"kerb", "no"}}, false, false},
                                            {{{"barrier", "kerb"}, {"wheelchair", "yes"}}, false, false},
                                            {{{"highway", "crossing"}, {"kerb", "raised"}}, false, true},
                                            {{{"highway", "crossing"}, {"kerb", "lowered"}}, false, false},
                                            {{{"barrier", "gate"}, {"wheelchair", "no"}}, false, true},
                                            {{{"barrier", "bollard"}}, false, false},
                                            {{{"barrier", "wall"}, {"wheelchair", "yes"}}, true, true}}) {
    std::string desc;
    for (const auto& [k, v] : r.tags) desc += k + "=" + v + " ";
    EXPECT_EQ(network::barrier_blocks(r.tags, walker), r.walker) << desc;
    EXPECT_EQ(network::barrier_blocks(r.tags, chair), r.chair) << desc;
  }
}

std::string block(const std::string& way10_tags, const std::string& node2_tags) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="handwritten">
  <node id="1" lat="39.6700" lon="106.8000"/>
  <node id="2" lat="39.6700" lon="106.8010">)" + node2_tags + R"(</node>
  <node id="3" lat="39.6700" lon="106.8020"/>
  <node id="6" lat="39.6700" lon="106.7990"/>
  <node id="7" lat="39.6700" lon="106.8030"/>
  <node id="8" lat="39.6690" lon="106.8000"/>
  <node id="9" lat="39.6690" lon="106.8020"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/>)" + way10_tags + R"(</way>
  <way id="30"><nd ref="6"/><nd ref="1"/><tag k="highway" v="residential"/></way>
  <way id="40"><nd ref="3"/><nd ref="7"/><tag k="highway" v="residential"/></way>
  <way id="50"><nd ref="1"/><nd ref="8"/><nd ref="9"/><nd ref="3"/><tag k="highway" v="residential"/></way>
</osm>
)";
}

const std::string kFootway = R"(<tag k="highway" v="footway"/>)";

struct Block {
  test::TempDir dir;
  Block() {
    test::write_file(dir.file("fac.geojson"), R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fid":"shop1","kind":"convenience_store"},"geometry":{"type":"Point","coordinates":[106.7991,39.6701]}}]})");
    test::write_file(dir.file("homes.csv"), "id,lon,lat,population\nh1,106.8029,39.6701,1\n");
  }
  // reach at 1 m/s: seconds are metres.
  double nearest_m(const std::string& way10, const std::string& node2, const std::string& flags) {
    test::write_file(dir.file("net.osm"), block(way10, node2));
    const auto r = test::run_cli("-q reach --network " + dir.file("net.osm") + " --facilities " + dir.file("fac.geojson") +
                                 " --category-field kind --id-field fid --origins " + dir.file("homes.csv") +
                                 " --origin-id-field id --speed 1 --overwrite --out " + dir.file("out.csv") + flags);
    EXPECT_EQ(r.code, 0) << r.out;
    const auto rows = test::parse_csv(test::read_file(dir.file("out.csv")));
    return rows.size() == 2 ? std::stod(rows.at(1).at(2)) : -1;
  }
};

TEST(WheelchairProfile, TheChairGoesRoundWhatStopsItAndTheWalkerDoesNot) {
  Block b;
  const std::string chair = " --walk-profile wheelchair";
  const double plain = b.nearest_m(kFootway, "", "");
  EXPECT_NEAR(plain, 11.1 + 0.0038 * 85700 + 11.1, 1.5);  // off, 0.0038 deg of longitude along, off
  const double legs = 2 * 0.001 * 111000;                  // 1-8 and 9-3
  EXPECT_NEAR(b.nearest_m(kFootway, "", chair), plain, 0.002);  // nothing in the way
  for (const std::string& kerb : {std::string(R"(<tag k="barrier" v="kerb"/>)"), std::string(R"(<tag k="kerb" v="raised"/>)"),
                                  std::string(R"(<tag k="barrier" v="kerb"/><tag k="kerb" v="raised"/>)")}) {
    EXPECT_NEAR(b.nearest_m(kFootway, kerb, ""), plain, 0.002) << kerb;
    EXPECT_NEAR(b.nearest_m(kFootway, kerb, chair) - plain, legs, 1.0) << kerb;
  }
  for (const std::string& kerb : {std::string(R"(<tag k="barrier" v="kerb"/><tag k="kerb" v="lowered"/>)"),
                                  std::string(R"(<tag k="barrier" v="kerb"/><tag k="wheelchair" v="yes"/>)")})
    EXPECT_NEAR(b.nearest_m(kFootway, kerb, chair), plain, 0.002) << kerb;
  EXPECT_NEAR(b.nearest_m(kFootway + R"(<tag k="wheelchair" v="no"/>)", "", chair) - plain, legs, 1.0);
  // Steps: the walker climbs them (twice the time of 1-3), the chair goes round.
  const std::string steps = R"(<tag k="highway" v="steps"/>)";
  EXPECT_NEAR(b.nearest_m(steps, "", "") - plain, 0.002 * 85700, 1.0);
  EXPECT_NEAR(b.nearest_m(steps, "", chair) - plain, legs, 1.0);
}

// Coverage: the chair's route at the catalog's wheelchair speed, 0.72 m/s, and the layers say so.
TEST(WheelchairProfile, CoverageMovesEveryCategoryAtTheWheelchairSpeedAndSaysSo) {
  Block b;
  const std::string kerb = R"(<tag k="barrier" v="kerb"/>)";
  const double route_m = b.nearest_m(kFootway, kerb, " --walk-profile wheelchair");
  const auto r = test::run_cli("-q coverage --network " + b.dir.file("net.osm") + " --facilities " + b.dir.file("fac.geojson") +
                               " --category-field kind --id-field fid --origins " + b.dir.file("homes.csv") +
                               " --origin-id-field id --categories convenience_store --walk-profile wheelchair --out " +
                               b.dir.file("c.gpkg"));
  ASSERT_EQ(r.code, 0) << r.out;
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(b.dir.file("c.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* uc = ds->GetLayerByName("unit_coverage");
  ASSERT_NE(uc, nullptr);
  bool seen = false;
  for (auto& f : *uc)
    if (std::string(f->GetFieldAsString("category")) == "convenience_store") {
      EXPECT_NEAR(f->GetFieldAsDouble("mean_s"), route_m / 0.72, 0.1);  // reach writes tenths of a second
      seen = true;
    }
  EXPECT_TRUE(seen);
  const char* d = uc->GetMetadataItem("DESCRIPTION");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(std::string(d).find("0.72 m/s for every category (the catalog's wheelchair profile) (--walk-profile wheelchair: "
                                "no steps, raised kerbs or wheelchair=no)"),
            std::string::npos)
      << d;
  // An unknown profile is the CLI's usage error (exit 2), naming the flag.
  const auto bad = test::run_cli("coverage --network " + b.dir.file("net.osm") + " --facilities " + b.dir.file("fac.geojson") +
                                 " --origins " + b.dir.file("homes.csv") + " --walk-profile pram --summary " + b.dir.file("s.csv"));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--walk-profile"), std::string::npos) << bad.out;
}

// reach has one speed; under --walk-profile it is the profile's (0.72 m/s), or --speed, times the
// profile's own winter factor (0.85) in winter, as coverage moves every category; without the
// profile it stays 1.0 m/s (general's factor 0.9 in winter).
double reach_s(Block& b, const std::string& flags, std::string* description = nullptr) {
  const auto r = test::run_cli("-q reach --network " + b.dir.file("net.osm") + " --facilities " + b.dir.file("fac.geojson") +
                               " --category-field kind --id-field fid --origins " + b.dir.file("homes.csv") +
                               " --origin-id-field id --overwrite --out " + b.dir.file("r.gpkg") + flags);
  EXPECT_EQ(r.code, 0) << r.out;
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(b.dir.file("r.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return -1;
  OGRLayer* layer = ds->GetLayerByName("reach");
  if (!layer) return -1;
  if (description) *description = layer->GetMetadataItem("DESCRIPTION") ? layer->GetMetadataItem("DESCRIPTION") : "";
  layer->ResetReading();
  std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
  return f ? f->GetFieldAsDouble("nearest_s") : -1;
}

TEST(WheelchairProfile, ReachMovesAtTheProfilesSpeedAsCoverageDoes) {
  Block b;
  const std::string kerb = R"(<tag k="barrier" v="kerb"/>)";
  const double plain_m = b.nearest_m(kFootway, kerb, "");
  const double route_m = b.nearest_m(kFootway, kerb, " --walk-profile wheelchair");  // writes net.osm
  ASSERT_GT(route_m - plain_m, 200.0);  // the chair goes round the kerb
  std::string d;
  EXPECT_NEAR(reach_s(b, "", &d), plain_m / 1.0, 0.2);
  EXPECT_NEAR(reach_s(b, " --season winter"), plain_m / 0.9, 0.2);
  EXPECT_NEAR(reach_s(b, " --walk-profile wheelchair", &d), route_m / 0.72, 0.2);
  EXPECT_NE(d.find("at 0.72 m/s (the catalog's wheelchair profile) on the streets of the wheelchair profile"),
            std::string::npos) << d;
  EXPECT_NEAR(reach_s(b, " --walk-profile wheelchair --season winter", &d), route_m / (0.72 * 0.85), 0.2);
  EXPECT_NE(d.find("at 0.612 m/s (the catalog's wheelchair profile x 0.85 in winter)"), std::string::npos) << d;
  EXPECT_NEAR(reach_s(b, " --walk-profile wheelchair --speed 1.2 --season winter", &d), route_m / (1.2 * 0.85), 0.2);
  EXPECT_NE(d.find("at 1.02 m/s (--speed 1.2 m/s x 0.85 in winter)"), std::string::npos) << d;
}

// A job file takes walk-profile and season as the command line does (keys are the long options),
// and a task whose walk-profile changes runs again.
TEST(WheelchairProfile, JobTasksTakeTheWalkProfileAndTheSeason) {
  Block b;
  const std::string kerb = R"(<tag k="barrier" v="kerb"/>)";
  const double plain_m = b.nearest_m(kFootway, kerb, "");
  const double route_m = b.nearest_m(kFootway, kerb, " --walk-profile wheelchair");
  const auto job = [&](const std::string& extra) {
    test::write_file(b.dir.file("job.toml"),
                     "schema = 1\nname = \"chair\"\nout = \"out\"\n[[task]]\nname = \"r\"\ncommand = \"reach\"\n"
                     "network = \"net.osm\"\nfacilities = \"fac.geojson\"\ncategory-field = \"kind\"\nid-field = \"fid\"\n"
                     "origins = \"homes.csv\"\norigin-id-field = \"id\"\nout = \"r.csv\"\n" + extra);
    const auto r = test::run_cli("-q run " + b.dir.file("job.toml"));
    EXPECT_EQ(r.code, 0) << r.out;
    const auto rows = test::parse_csv(test::read_file(b.dir.file("out/r.csv")));
    return rows.size() == 2 ? std::stod(rows.at(1).at(2)) : -1;
  };
  EXPECT_NEAR(job("walk-profile = \"wheelchair\"\nseason = \"winter\"\n"), route_m / (0.72 * 0.85), 0.2);
  EXPECT_NEAR(job("season = \"winter\"\n"), plain_m / 0.9, 0.2);
  EXPECT_NEAR(job("walk-profile = \"wheelchair\"\n"), route_m / 0.72, 0.2);
}

}  // namespace
}  // namespace lc
