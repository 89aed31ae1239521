// GeoPackage rows written in bulk against GDAL's own writer: the same table written by
// lifecircle and copied by GDAL (GDALVectorTranslate) holds byte-identical geometry blobs, equal
// attributes (NULL where a value is missing or not finite), the same extent and feature count,
// also after --out-crs.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <sqlite3.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/gpkg_rows.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

// Every row of `sql` as text (blobs in hex), one string per row.
std::vector<std::string> rows_of(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  std::vector<std::string> out;
  while (s && sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      if (sqlite3_column_type(s, i) == SQLITE_NULL) row += "NULL";
      else if (sqlite3_column_type(s, i) == SQLITE_BLOB) {
        const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(s, i));
        char hex[3];
        for (int k = 0; k < sqlite3_column_bytes(s, i); ++k) std::snprintf(hex, sizeof hex, "%02x", b[k]), row += hex;
      } else row += reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      row += "|";
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

io::Table mixed() {
  io::Table t{"mixed", "rows of every kind", {{"name"}, {"n", io::FieldType::integer}, {"v", io::FieldType::real}}, true, {}, {}};
  t.add({std::string("point"), 1LL, 0.5}, "POINT (106.8 39.67)");
  t.add({std::string("no geometry"), 2LL, std::nan("")}, "");
  t.add({std::string("polygon"), io::Cell{}, 1e300}, "POLYGON ((106.8 39.6,106.9 39.6,106.9 39.7,106.8 39.6))");
  t.add({std::string("multipolygon"), 4LL, -2.25},
        "MULTIPOLYGON (((106.7 39.5,106.75 39.5,106.75 39.55,106.7 39.5)),((106.76 39.5,106.78 39.5,106.78 39.52,106.76 39.5)))");
  t.add({std::string("汉字 名称"), 5LL, INFINITY}, "POINT (106.85 39.45)");
  return t;
}

io::Table points() {
  io::Table t{"points", "", {{"id"}}, true, {}, {}};
  for (int i = 0; i < 300; ++i) {
    char wkt[64];
    std::snprintf(wkt, sizeof wkt, "POINT (%.7f %.7f)", 106.7 + 0.001 * i, 39.4 + 0.0007 * i);
    t.add({std::to_string(i)}, wkt);
  }
  return t;
}

// lifecircle's file next to GDAL's copy of it.
void compare_with_gdal(const std::string& ours, const std::string& dir) {
  const std::string gdals = dir + "/gdal.gpkg";
  io::ensure_gdal();
  GDALDatasetH src = GDALOpenEx(ours.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(src, nullptr);
  char* args[] = {const_cast<char*>("-f"), const_cast<char*>("GPKG"), nullptr};
  GDALVectorTranslateOptions* opt = GDALVectorTranslateOptionsNew(args, nullptr);
  int failed = 0;
  GDALDatasetH copy = GDALVectorTranslate(gdals.c_str(), nullptr, 1, &src, opt, &failed);
  GDALVectorTranslateOptionsFree(opt);
  ASSERT_EQ(failed, 0);
  GDALClose(copy);
  GDALClose(src);
  for (const std::string layer : {"mixed", "points"}) {
    SCOPED_TRACE(layer);
    const std::string rows = "SELECT * FROM \"" + layer + "\" ORDER BY fid";
    const auto a = rows_of(ours, rows), b = rows_of(gdals, rows);
    EXPECT_EQ(a, b);
    EXPECT_FALSE(a.empty());
    const std::string meta = "SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE table_name = '" + layer + "'";
    EXPECT_EQ(rows_of(ours, meta), rows_of(gdals, meta));
    const std::string count = "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = '" + layer + "'";
    EXPECT_EQ(rows_of(ours, count), rows_of(gdals, count));
    const std::string tree = "SELECT * FROM \"rtree_" + layer + "_geom\" ORDER BY id";
    EXPECT_EQ(rows_of(ours, tree), rows_of(gdals, tree));
  }
  EXPECT_EQ(rows_of(ours, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'mixed'"),
            std::vector<std::string>{"5|"});
  EXPECT_EQ(rows_of(ours, "SELECT name, n, v FROM mixed WHERE fid = 2"), std::vector<std::string>{"no geometry|2|NULL|"});
  EXPECT_EQ(rows_of(ours, "SELECT n, v FROM mixed WHERE fid = 5"), std::vector<std::string>{"5|NULL|"});
}

TEST(GpkgRows, SameRowsBlobsExtentAndCountAsGdalWrites) {
  test::TempDir dir;
  const io::Table a = mixed(), b = points();
  io::write_tables(dir.file("ours.gpkg"), {&a, &b}, false);
  compare_with_gdal(dir.file("ours.gpkg"), dir.path.string());
}

TEST(GpkgRows, SameAsGdalInAProjectedOutputCrs) {
  test::TempDir dir;
  const io::Table a = mixed(), b = points();
  io::WriteOptions o;
  o.out_epsg = 32648;
  io::write_tables(dir.file("ours.gpkg"), {&a, &b}, false, o);
  EXPECT_EQ(rows_of(dir.file("ours.gpkg"), "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'points'"),
            std::vector<std::string>{"32648|"});
  compare_with_gdal(dir.file("ours.gpkg"), dir.path.string());
}

TEST(GpkgRows, PointsReadLikeOgrsWktParser) {
  // The plain "POINT (x y)" reader against OGR's own, on random coordinates written with 8
  // decimals (as the tools write them) and with every digit; other shapes go to OGR.
  std::mt19937 rng(21);
  std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
  for (int i = 0; i < 20000; ++i) {
    char wkt[96];
    std::snprintf(wkt, sizeof wkt, i % 2 ? "POINT (%.8f %.8f)" : "POINT (%.17g %.17g)", lon(rng), lat(rng));
    OGRGeometry* ogr = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &ogr), OGRERR_NONE);
    const std::unique_ptr<OGRGeometry> want(ogr);
    const auto got = io::output_geometry(wkt, wkbPoint, nullptr, "p.gpkg", "points", 0);
    ASSERT_EQ(got->toPoint()->getX(), want->toPoint()->getX()) << wkt;
    ASSERT_EQ(got->toPoint()->getY(), want->toPoint()->getY()) << wkt;
  }
  const OGRPoint one_two(1, 2);
  EXPECT_TRUE(io::output_geometry("POINT(1 2)", wkbPoint, nullptr, "p.gpkg", "points", 0)->Equals(&one_two));
  EXPECT_EQ(io::output_geometry("POINT EMPTY", wkbPoint, nullptr, "p.gpkg", "points", 0)->IsEmpty(), true);
  EXPECT_THROW(io::output_geometry("POINT (1 x)", wkbPoint, nullptr, "p.gpkg", "points", 3), OutputError);
}

}  // namespace
}  // namespace lc
