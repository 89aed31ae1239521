// GeoPackage R-trees packed in bulk: SQLite's own rtreecheck() passes; window queries give the
// same rows as an R*Tree filled one insert at a time by SQLite itself (the second code path) and
// never miss a box a plain scan finds; SQLite can go on deleting and inserting in the packed tree;
// and a written GeoPackage is indexed the way GDAL indexes one (extension row, triggers, fast
// spatial filter that agrees with a scan, new features indexed by the triggers).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <memory>
#include <random>
#include <set>

#include "io/gpkg_rtree.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using io::RtreeEntry;

struct Db {
  sqlite3* h = nullptr;
  explicit Db(const std::string& path = ":memory:") { sqlite3_open(path.c_str(), &h); }
  ~Db() { sqlite3_close(h); }
  void exec(const std::string& sql) const {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << sql << ": " << (err ? err : "");
  }
  std::string text(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr);
    std::string out;
    if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }
  std::set<std::int64_t> ids(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr);
    std::set<std::int64_t> out;
    while (s && sqlite3_step(s) == SQLITE_ROW) out.insert(sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    return out;
  }
};

std::string window_sql(const std::string& table, double x0, double x1, double y0, double y1) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "SELECT id FROM \"%s\" WHERE maxx >= %.17g AND minx <= %.17g AND maxy >= %.17g AND miny <= %.17g",
                table.c_str(), x0, x1, y0, y1);
  return buf;
}

TEST(GpkgRtree, ThreeBoxesByHand) {
  Db db;
  io::bulk_load_rtree(io::sqlite::Db(db.h), "t", {{7, 0, 1, 0, 1}, {8, 2, 3, 2, 3}, {9, 0.5, 2.5, 0.5, 0.75}});
  EXPECT_EQ(db.text("SELECT rtreecheck('t')"), "ok");
  EXPECT_EQ(db.text("SELECT count(*) FROM t_node"), "1");  // three boxes fit in the root leaf
  EXPECT_EQ(db.ids(window_sql("t", 0.9, 1.1, 0.9, 1.1)), (std::set<std::int64_t>{7}));
  EXPECT_EQ(db.ids(window_sql("t", 0.6, 0.7, 0.6, 0.7)), (std::set<std::int64_t>{7, 9}));
  EXPECT_EQ(db.ids(window_sql("t", 2.6, 2.7, 2.6, 2.7)), (std::set<std::int64_t>{8}));
  EXPECT_EQ(db.ids(window_sql("t", 5, 6, 5, 6)), (std::set<std::int64_t>{}));
}

TEST(GpkgRtree, RandomBoxesAnswerLikeSqlitesOwnInserts) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> x(106.6, 107.0), y(39.3, 39.8), size(0, 0.002);
  for (std::size_t n : {0u, 1u, 51u, 52u, 2000u, 30000u}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    Db db;
    std::vector<RtreeEntry> entries;
    for (std::size_t i = 0; i < n; ++i) {
      const double x0 = x(rng), y0 = y(rng), w = i % 3 == 0 ? 0.0 : size(rng), h = i % 3 == 0 ? 0.0 : size(rng);
      entries.push_back({static_cast<std::int64_t>(i * 3 + 1), x0, x0 + w, y0, y0 + h});  // points and boxes
    }
    io::bulk_load_rtree(io::sqlite::Db(db.h), "packed", entries);
    db.exec("CREATE VIRTUAL TABLE one_by_one USING rtree(id, minx, maxx, miny, maxy)");
    db.exec("BEGIN");
    for (const auto& e : entries) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "INSERT INTO one_by_one VALUES (%lld, %.17g, %.17g, %.17g, %.17g)",
                    static_cast<long long>(e.id), e.minx, e.maxx, e.miny, e.maxy);
      db.exec(buf);
    }
    db.exec("COMMIT");
    EXPECT_EQ(db.text("SELECT rtreecheck('packed')"), "ok");
    EXPECT_EQ(db.text("SELECT count(*) FROM packed"), std::to_string(n));
    auto same_answers = [&](int windows) {
      for (int q = 0; q < windows; ++q) {
        const double x0 = x(rng), y0 = y(rng), x1 = x0 + size(rng) * 20, y1 = y0 + size(rng) * 20;
        const auto got = db.ids(window_sql("packed", x0, x1, y0, y1));
        ASSERT_EQ(got, db.ids(window_sql("one_by_one", x0, x1, y0, y1))) << "window " << q;
        for (const auto& e : entries) {  // every box the window meets in doubles is found
          if (e.maxx >= x0 && e.minx <= x1 && e.maxy >= y0 && e.miny <= y1) {
            ASSERT_TRUE(got.count(e.id)) << "box " << e.id << " missed by window " << q;
          }
        }
      }
    };
    same_answers(n > 5000 ? 20 : 60);
    // SQLite's own deletes and inserts keep working on the packed tree.
    db.exec("DELETE FROM packed WHERE id % 2 = 0");
    db.exec("DELETE FROM one_by_one WHERE id % 2 = 0");
    db.exec("INSERT INTO packed VALUES (999999, 106.8, 106.81, 39.6, 39.61)");
    db.exec("INSERT INTO one_by_one VALUES (999999, 106.8, 106.81, 39.6, 39.61)");
    entries.erase(std::remove_if(entries.begin(), entries.end(), [](const RtreeEntry& e) { return e.id % 2 == 0; }), entries.end());
    entries.push_back({999999, 106.8, 106.81, 39.6, 39.61});
    EXPECT_EQ(db.text("SELECT rtreecheck('packed')"), "ok");
    same_answers(20);
  }
}

TEST(GpkgRtree, WrittenGeoPackageIsIndexedAsGdalIndexesIt) {
  test::TempDir dir;
  io::Table t{"points", "", {{"n", io::FieldType::integer}}, true, {}, {}};
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> x(106.7, 106.9), y(39.4, 39.7);
  std::vector<std::pair<double, double>> xy;
  for (long long i = 0; i < 5000; ++i) {
    xy.emplace_back(x(rng), y(rng));
    char wkt[80];
    std::snprintf(wkt, sizeof wkt, "POINT (%.9f %.9f)", xy.back().first, xy.back().second);
    t.add({i}, i % 500 == 7 ? std::string() : std::string(wkt));  // some rows without a geometry
  }
  const std::string path = dir.file("p.gpkg");
  io::write_tables(path, {&t}, false);
  {
    Db db(path);
    EXPECT_EQ(db.text("SELECT rtreecheck('rtree_points_geom')"), "ok");
    EXPECT_EQ(db.text("SELECT count(*) FROM rtree_points_geom"), "4990");
    EXPECT_EQ(db.text("SELECT extension_name || ' ' || scope FROM gpkg_extensions WHERE table_name = 'points'"),
              "gpkg_rtree_index write-only");
    EXPECT_EQ(db.text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_points_geom_%'"), "6");
  }
  io::ensure_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("points");
  ASSERT_NE(layer, nullptr);
  EXPECT_TRUE(layer->TestCapability(OLCFastSpatialFilter));  // GDAL sees the R-tree
  const double x0 = 106.75, x1 = 106.8, y0 = 39.5, y1 = 39.6;
  layer->SetSpatialFilterRect(x0, y0, x1, y1);
  long long filtered = 0, scanned = 0;
  for (auto& f : *layer) filtered += f ? 1 : 0;
  for (std::size_t i = 0; i < xy.size(); ++i)
    scanned += i % 500 != 7 && xy[i].first >= x0 && xy[i].first <= x1 && xy[i].second >= y0 && xy[i].second <= y1;
  EXPECT_EQ(filtered, scanned);
  EXPECT_GT(scanned, 100);
  // A feature added later (in QGIS, say) is indexed by the triggers.
  layer->SetSpatialFilter(nullptr);
  OGRFeature f(layer->GetLayerDefn());
  OGRPoint p(106.777, 39.555);
  f.SetGeometry(&p);
  ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  ds.reset();
  Db db(path);
  EXPECT_EQ(db.text("SELECT count(*) FROM rtree_points_geom WHERE id = " + std::to_string(f.GetFID())), "1");
  EXPECT_EQ(db.text("SELECT rtreecheck('rtree_points_geom')"), "ok");
}

}  // namespace
}  // namespace lc
