// The layers a planner colours by place carry the places' shapes (issue 19): after `coverage` on
// the synthetic Wuhai's compounds, community_coverage holds each compound's own polygon (compared
// with the compounds layer it was read from), unit_coverage and unit_gaps each district's outline
// (compared with the districts layer), the ALL rows no geometry; every column is kept as it was
// and --out-dir still writes them as CSV. Each gets a QGIS style per category.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"
#include "support/gdal_open.hpp"

namespace lc {
namespace {

// key field value -> geometry (cloned), from a layer.
std::map<std::string, std::unique_ptr<OGRGeometry>> shapes(GDALDataset& ds, const std::string& layer, const std::string& key) {
  std::map<std::string, std::unique_ptr<OGRGeometry>> out;
  OGRLayer* l = ds.GetLayerByName(layer.c_str());
  if (!l) return out;
  for (auto& f : *l)
    out[f->GetFieldAsString(key.c_str())] = std::unique_ptr<OGRGeometry>(f->GetGeometryRef() ? f->GetGeometryRef()->clone() : nullptr);
  return out;
}

std::vector<std::string> fields(GDALDataset& ds, const std::string& layer) {
  std::vector<std::string> out;
  OGRLayer* l = ds.GetLayerByName(layer.c_str());
  if (!l) return out;
  for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) out.push_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  return out;
}

// The same shape: their symmetric difference has no area to speak of (1e-12 square degrees,
// about 0.01 m²; a compound is about 1e-6).
bool same_shape(const OGRGeometry* a, const OGRGeometry* b) {
  if (!a || !b) return false;
  const std::unique_ptr<OGRGeometry> diff(a->SymDifference(b));
  return diff && (diff->IsEmpty() || OGR_G_Area(OGRGeometry::ToHandle(diff.get())) < 1e-12);
}

int styles_for(const std::string& gpkg, const std::string& layer) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(gpkg.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM layer_styles WHERE f_table_name = ?", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, layer.c_str(), -1, SQLITE_TRANSIENT);
  const int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(OutlinedLayers, CoverageTablesCarryTheirPlacesShapes) {
  GDALAllRegister();
  test::TempDir dir;
  const std::string city = test::synthetic_wuhai(), out = dir.file("r.gpkg");
  const std::string inputs = " --network " + city + ":streets --facilities " + city + ":facilities --category-field category"
                             " --id-field id --origins " + city + ":compounds --origin-id-field id --population-field population"
                             " --entrances " + city + ":gates --units " + city + ":districts --unit-name-field name"
                             " --categories convenience_store,fitness";
  auto r = test::run_cli("coverage" + inputs + " --out " + out);
  ASSERT_EQ(r.code, 0) << r.out;
  const io::DatasetPtr res = test::open_vector(out), src = test::open_vector(city);
  ASSERT_TRUE(res && src);

  // Columns exactly as the attribute tables had them.
  EXPECT_EQ(fields(*res, "community_coverage"),
            (std::vector<std::string>{"community", "category", "population", "covered_population", "coverage", "mean_s", "p85_s", "gini"}));
  EXPECT_EQ(fields(*res, "unit_coverage"),
            (std::vector<std::string>{"unit", "category", "population", "covered_population", "coverage", "mean_s", "p85_s", "gini"}));
  EXPECT_EQ(fields(*res, "unit_gaps"),
            (std::vector<std::string>{"unit", "category", "uncovered_population", "gap_areas", "largest_gap_population"}));

  // Every compound's row has the compound's own polygon.
  const auto compounds = shapes(*src, "compounds", "id");
  OGRLayer* cc = res->GetLayerByName("community_coverage");
  ASSERT_TRUE(cc);
  EXPECT_EQ(wkbFlatten(cc->GetGeomType()) == wkbPolygon || wkbFlatten(cc->GetGeomType()) == wkbMultiPolygon, true);
  int checked = 0;
  std::set<std::string> categories;  // the two asked for and the completeness rows (all_level_N)
  for (auto& f : *cc) {
    const std::string key = f->GetFieldAsString("community");
    categories.insert(f->GetFieldAsString("category"));
    if (key == "ALL") continue;
    ASSERT_TRUE(compounds.count(key)) << key;
    EXPECT_TRUE(same_shape(f->GetGeometryRef(), compounds.at(key).get())) << key;
    ++checked;
  }
  EXPECT_GE(categories.size(), 3u);
  EXPECT_EQ(checked, static_cast<int>(categories.size() * compounds.size()));

  // Every district's row has its outline; ALL has none.
  const auto districts = shapes(*src, "districts", "name");
  for (const char* layer : {"unit_coverage", "unit_gaps"}) {
    OGRLayer* l = res->GetLayerByName(layer);
    ASSERT_TRUE(l) << layer;
    int with = 0, all = 0;
    for (auto& f : *l) {
      const std::string key = f->GetFieldAsString("unit");
      if (key == "ALL") {
        EXPECT_EQ(f->GetGeometryRef(), nullptr) << layer;
        ++all;
        continue;
      }
      ASSERT_TRUE(districts.count(key)) << layer << " " << key;
      EXPECT_TRUE(same_shape(f->GetGeometryRef(), districts.at(key).get())) << layer << " " << key;
      ++with;
    }
    EXPECT_GE(with, static_cast<int>(districts.size()) * 2) << layer;  // at least the two categories
    EXPECT_EQ(with % static_cast<int>(districts.size()), 0) << layer;  // every district in every row group
    EXPECT_GE(all, 2) << layer;
    EXPECT_GE(styles_for(out, layer), 2) << layer << ": a style per category";
  }
  EXPECT_GE(styles_for(out, "community_coverage"), 2);

  // --out-dir keeps them as the CSV tables they were.
  r = test::run_cli("coverage" + inputs + " --out-dir " + dir.path.string());
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* name : {"community_coverage", "unit_coverage", "unit_gaps"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.file(std::string(name) + ".csv"))) << name;
    EXPECT_FALSE(std::filesystem::exists(dir.file(std::string(name) + ".geojson"))) << name;
  }
  EXPECT_EQ(test::read_csv(dir.file("unit_coverage.csv")).at(0),
            (std::vector<std::string>{"unit", "category", "population", "covered_population", "coverage", "mean_s", "p85_s", "gini"}));
}

}  // namespace
}  // namespace lc
