// coverage --out FILE.gpkg written as each category finishes (issue 20): origin_access and gaps
// streamed into the GeoPackage, their R-trees packed as the rows come. The reference is the path
// that builds every table whole and writes it at the end (io::write_tables), which `--update` of a
// missing file still takes: every layer row for row and byte for byte (attributes and geometry
// blobs), the same R-tree entries (and SQLite's rtreecheck finds each tree sound), the same styles,
// layer order, contents rows and feature counts through GDAL; and the same for --threads 1 and 2
// (where the tables are made beside the searches).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/vector_reader.hpp"
#include "api/memory_budget.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) out = std::string("error: ") + sqlite3_errmsg(db);
  while (s && sqlite3_step(s) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s, i));
      out.append(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t p = 0, q; (q = text.find("|\n", p)) != std::string::npos; p = q + 2) out.push_back(text.substr(p, q - p));
  return out;
}

// Layer names in GDAL's order, with the features GDAL reads from each.
std::vector<std::pair<std::string, long long>> gdal_layers(const std::string& path) {
  io::ensure_gdal();
  std::vector<std::pair<std::string, long long>> out;
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  if (!ds) return out;
  for (auto* layer : ds->GetLayers()) {
    long long n = 0;
    for (auto& f : *layer) n += f ? 1 : 0;
    out.emplace_back(layer->GetName(), n);
  }
  return out;
}

// Everything a reader can see of the file, table by table.
void expect_same_content(const std::string& got, const std::string& want) {
  const auto names = lines(query(want, "SELECT table_name FROM gpkg_contents ORDER BY table_name"));
  ASSERT_GE(names.size(), 8u);
  EXPECT_EQ(query(got, "SELECT table_name FROM gpkg_contents ORDER BY table_name"),
            query(want, "SELECT table_name FROM gpkg_contents ORDER BY table_name"));
  for (const auto& name : names) {
    EXPECT_TRUE(query(got, "SELECT * FROM \"" + name + "\" ORDER BY rowid") ==
                query(want, "SELECT * FROM \"" + name + "\" ORDER BY rowid"))
        << name << ": rows differ";
    const std::string rtree = "rtree_" + name + "_geom";
    const std::string entries = query(want, "SELECT * FROM \"" + rtree + "\" ORDER BY id");
    EXPECT_TRUE(query(got, "SELECT * FROM \"" + rtree + "\" ORDER BY id") == entries) << rtree;
    if (entries.rfind("error", 0) != 0) {
      EXPECT_EQ(query(got, "SELECT rtreecheck('" + rtree + "')"), "ok|\n") << rtree;
    }
  }
  // Descriptions end with the command line that made the file ("Made by: ..."), which differs.
  for (const char* meta : {"SELECT table_name, data_type, identifier, substr(description, 1, instr(description, 'Made by:')), "
                           "last_change, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY table_name", "SELECT * FROM gpkg_geometry_columns ORDER BY table_name",
                           "SELECT * FROM gpkg_ogr_contents ORDER BY table_name", "SELECT * FROM gpkg_extensions ORDER BY table_name, extension_name",
                           "SELECT * FROM layer_styles ORDER BY id",
                           "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"})
    EXPECT_TRUE(query(got, meta) == query(want, meta)) << meta;
  EXPECT_EQ(query(got, "PRAGMA integrity_check"), "ok|\n");
  EXPECT_EQ(gdal_layers(got), gdal_layers(want));
}

std::string grid_args(const std::string& city) {
  return "coverage --network " + city + ":streets --facilities " + city + ":facilities --category-field category "
         "--id-field id --origins " + city + ":compounds --origin-id-field id --population-field population "
         "--entrances " + city + ":gates --units " + city + ":districts --unit-name-field name -q";
}

TEST(CoverageStream, StreamedGeoPackageEqualsTheWholeTablesWritten) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const auto ref = test::run_cli(grid_args(city) + " --out " + dir.file("whole.gpkg") + " --update");
  ASSERT_EQ(ref.code, 0) << ref.out;
  const auto got = test::run_cli(grid_args(city) + " --out " + dir.file("streamed.gpkg"));
  ASSERT_EQ(got.code, 0) << got.out;
  expect_same_content(dir.file("streamed.gpkg"), dir.file("whole.gpkg"));
  EXPECT_GT(std::stoll(query(dir.file("streamed.gpkg"), "SELECT count(*) FROM gaps")), 0) << "gaps must be tested";
  for (const auto& e : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
}

// A 100 m grid over the districts (area origins, gap areas merged from cells), 2SFCA, plan
// facilities, and --out-crs: the same.
TEST(CoverageStream, GridWithPlanAndOutCrsEqualsTheWholeTables) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const std::string args = "coverage --network " + city + ":streets --facilities " + city + ":facilities --category-field category "
                           "--id-field id --origins " + city + ":compounds --origin-id-field id --population-field population "
                           "--grid-cell 250 --grid-boundary " + city + ":districts --units " + city +
                           ":districts --unit-name-field name --categories pharmacy,library,fitness,kindergarten "
                           "--plan-facilities " + city + ":facilities --out-crs EPSG:32648 -q";
  ASSERT_EQ(test::run_cli(args + " --out " + dir.file("whole.gpkg") + " --update").code, 0);
  const auto got = test::run_cli(args + " --out " + dir.file("streamed.gpkg"));
  ASSERT_EQ(got.code, 0) << got.out;
  expect_same_content(dir.file("streamed.gpkg"), dir.file("whole.gpkg"));
}

TEST(CoverageStream, SameOnOneAndTwoThreads) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  ASSERT_EQ(test::run_cli(grid_args(city) + " --threads 1 --out " + dir.file("t1.gpkg")).code, 0);
  ASSERT_EQ(test::run_cli(grid_args(city) + " --threads 2 --out " + dir.file("t2.gpkg")).code, 0);
  expect_same_content(dir.file("t2.gpkg"), dir.file("t1.gpkg"));  // the descriptions' command lines differ
}

// A failed streamed run leaves nothing: an unknown category stops it before any search, an
// unwritable CRS before anything is made.
TEST(CoverageStream, RefusedRunLeavesNoFile) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const auto r = test::run_cli(grid_args(city) + " --categories no_such_thing --out " + dir.file("x.gpkg"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
}

// --max-memory's model of a streamed run: what it adds does not grow with the categories (one
// category's labels and counts at a time), where the whole tables' grow with each.
TEST(CoverageStream, EstimateGrowsWithTheOriginsNotTheCategories) {
  auto shape = [](std::size_t origins, std::size_t categories, bool streamed, unsigned threads = 2) {
    api::RunShape s{360000, 719000, origins, origins, 21600, categories, 3, 3, threads, true};
    s.streamed = streamed;
    s.polygon_origins = true;
    return api::estimate_memory(s, 0).results;
  };
  EXPECT_EQ(shape(360000, 4, true), shape(360000, 24, true));
  EXPECT_GT(shape(360000, 24, false), 5 * shape(360000, 4, false) / 2);
  EXPECT_LT(shape(360000, 24, true), shape(360000, 24, false) / 8);
  EXPECT_NEAR(static_cast<double>(shape(720000, 24, true) - shape(360000, 24, true)) / 360000.0, 1000, 1);  // B per origin
  // On one thread the tables are made between the searches: one category in flight, no rows passed
  // between threads (docs/memory.md; measured 0.99-1.01 of the peak in the long layout).
  EXPECT_NEAR(static_cast<double>(shape(720000, 24, true, 1) - shape(360000, 24, true, 1)) / 360000.0, 510, 1);
}

}  // namespace
}  // namespace lc
