// Two OSM nodes at one spot and signalled crossings in mid-way, through the real binary, on the
// bad-input corpus's own file (tests/bad_input/net_twin_crossing.osm.in): a shop west and a shop
// east reach the twin nodes at the same time, each through one crossing, so homes q (north of
// one twin) and s (south of the other) are tied between them. `reach` with k = 1 and k = 3 and
// `compare` (incremental and --full) must all name the lower facility index, and every walk pays
// its crossing's 20 s.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "io/vector_reader.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(LIFECIRCLE_SOURCE_DIR) + "/tests/bad_input/";

class TwinNodesCli : public ::testing::Test {
 protected:
  void SetUp() override { fs::copy_file(kCorpus + "net_twin_crossing.osm.in", dir.file("net.osm")); }
  std::string common(const std::string& facilities) const {
    return "--network " + dir.file("net.osm") + " --facilities " + kCorpus + facilities +
           " --category-field kind --id-field fid --origins " + kCorpus + "twin_homes.csv --origin-id-field id";
  }
  test::TempDir dir;
};

TEST_F(TwinNodesCli, ReachNamesTheLowerIndexWithAnyK) {
  for (const auto& [file, first] : {std::pair{"twin_fac.geojson", "west"}, std::pair{"twin_fac_reversed.geojson", "east"}})
    for (const char* k : {"1", "3"}) {
      const auto r = test::run_cli("reach " + common(file) + " --speed 1 --k " + k + " --overwrite --out " + dir.file("out.csv"));
      ASSERT_EQ(r.code, 0) << r.out;
      const auto rows = test::read_csv(dir.file("out.csv"));
      ASSERT_EQ(rows.size(), 3u);
      for (std::size_t i = 1; i < 3; ++i) {
        EXPECT_EQ(rows[i][3], first) << file << " k " << k << " " << rows[i][0];
        // 85.7 m to the twins, 20 s at the crossing, 111.1 m along the spur.
        EXPECT_NEAR(std::stod(rows[i][2]), 85.7 + 20.0 + 111.1, 0.5) << file << " k " << k;
      }
    }
}

// origin_id -> (base_nearest_id, scenario_nearest_id) from compare's origin_changes layer.
std::map<std::string, std::pair<std::string, std::string>> changes(const std::string& gpkg) {
  io::ensure_gdal();
  std::map<std::string, std::pair<std::string, std::string>> out;
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  EXPECT_NE(ds, nullptr) << gpkg;
  if (!ds) return out;
  OGRLayer* layer = ds->GetLayerByName("origin_changes");
  EXPECT_NE(layer, nullptr);
  if (layer)
    for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature()))
      out[f->GetFieldAsString("origin_id")] = {f->GetFieldAsString("base_nearest_id"), f->GetFieldAsString("scenario_nearest_id")};
  GDALClose(ds);
  return out;
}

TEST_F(TwinNodesCli, CompareIncrementalAndFullNameTheSameNearest) {
  // Base one shop, the other added: the base shop has the lower index and keeps the tie.
  for (const auto& [base, added] : {std::pair{"twin_west.geojson", "twin_east.geojson"}, std::pair{"twin_east.geojson", "twin_west.geojson"}}) {
    const std::string keeper = std::string(base) == "twin_west.geojson" ? "west" : "east";
    std::map<std::string, std::pair<std::string, std::string>> seen[2];
    for (int full = 0; full < 2; ++full) {
      const std::string out = dir.file(std::string("c") + (full ? "_full" : "") + ".gpkg");
      const auto r = test::run_cli("compare " + common(base) + " --population-field population --add-facilities " + kCorpus +
                                   added + " --overwrite --out " + out + (full ? " --full" : ""));
      ASSERT_EQ(r.code, 0) << r.out;
      seen[full] = changes(out);
      for (const char* o : {"q", "s"}) {
        ASSERT_TRUE(seen[full].count(o)) << base << " full " << full << " " << o;  // its count changed
        EXPECT_EQ(seen[full][o].first, keeper) << base << " full " << full << " " << o;
        EXPECT_EQ(seen[full][o].second, keeper) << base << " full " << full << " " << o;
      }
    }
    EXPECT_EQ(seen[0], seen[1]) << base;
  }
}

}  // namespace
}  // namespace lc
