// io::GpkgStream (issue 20): a GeoPackage whose large layers are written part by part. Against
// io::write_tables of the same tables: the same rows byte for byte, the same R-tree entries (here
// enough rows for the packer to write its leaves while rows still come: RtreePacker::kFlushEntries),
// a sound tree (SQLite's rtreecheck) answering window queries as the reference does, the other
// layers, styles and the layer order; an unfinished stream leaves no file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/gpkg_rtree.hpp"
#include "io/table_writer.hpp"
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

io::Table points(std::size_t n, unsigned seed) {
  io::Table t{"pts", "random points", {{"name"}, {"value", io::FieldType::real}, {"k", io::FieldType::integer}}, true, {}, {}};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lon(120.9, 121.9), lat(30.7, 31.7);
  for (std::size_t i = 0; i < n; ++i) {
    char wkt[96];
    std::snprintf(wkt, sizeof wkt, "POINT (%.7f %.7f)", lon(rng), lat(rng));
    t.add({"p" + std::to_string(i), static_cast<double>(i) / 7.0, static_cast<long long>(i % 13)}, wkt);
  }
  return t;
}

TEST(GpkgStream, PartsEqualTheWholeTableAndTheTreeIsSound) {
  test::TempDir dir;
  const std::size_t n = io::RtreePacker::kFlushEntries + 40000;  // leaves written while rows still come
  const io::Table all = points(n, 5);
  const io::Table few = points(300, 6);
  io::Table small{"few_pts", "another", few.fields, true, few.rows, few.wkt};
  const io::Table attributes{"summary", "no geometry", {{"key"}, {"n", io::FieldType::integer}}, false,
                             {{std::string("a"), 1LL}, {std::string("b"), 2LL}}, {}};
  io::WriteOptions options;
  options.provenance = "Made by: a test";
  options.styles = {{"pts", "one", "<qgis/>", "<sld/>", "a style"}, {"summary", "x", "<qgis/>", "<sld/>", ""}};
  const std::vector<const io::Table*> tables{&small, &all, &attributes};
  io::write_tables(dir.file("whole.gpkg"), tables, false, options);

  {
    const io::Table schema{"pts", all.description, all.fields, true, {}, {}};
    io::WriteOptions stream_options = options;
    stream_options.styles.clear();
    io::GpkgStream stream(dir.file("streamed.gpkg"), {{&schema, "POINT"}}, false, stream_options);
    EXPECT_FALSE(std::filesystem::exists(dir.file("streamed.gpkg"))) << "only a temporary until finished";
    // Parts of uneven sizes, one empty.
    std::size_t at = 0;
    for (std::size_t part : {std::size_t{1}, std::size_t{0}, std::size_t{7000}, std::size_t{150000}, n}) {
      io::Table rows{"pts", "", all.fields, true, {}, {}};
      for (std::size_t i = at; i < std::min(n, at + part); ++i) rows.add(all.rows[i], all.wkt[i]);
      at = std::min(n, at + part);
      stream.append(rows);
    }
    ASSERT_EQ(at, n);
    stream.finish({&small, &schema, &attributes}, options.styles);
  }
  const std::string got = dir.file("streamed.gpkg"), want = dir.file("whole.gpkg");
  for (const char* t : {"pts", "few_pts", "summary"})
    EXPECT_TRUE(query(got, std::string("SELECT * FROM ") + t + " ORDER BY rowid") ==
                query(want, std::string("SELECT * FROM ") + t + " ORDER BY rowid")) << t;
  for (const char* r : {"rtree_pts_geom", "rtree_few_pts_geom"}) {
    EXPECT_TRUE(query(got, std::string("SELECT * FROM ") + r + " ORDER BY id") ==
                query(want, std::string("SELECT * FROM ") + r + " ORDER BY id")) << r;
    EXPECT_EQ(query(got, std::string("SELECT rtreecheck('") + r + "')"), "ok|\n") << r;
  }
  // The streamed tree is packed differently, so it has more nodes than SQLite's minimum; a window
  // query through it finds what the reference finds.
  const std::string window = "SELECT id FROM rtree_pts_geom WHERE minx >= 121.2 AND maxx <= 121.25 AND miny >= 31.0 AND maxy <= 31.1 ORDER BY id";
  EXPECT_EQ(query(got, window), query(want, window));
  EXPECT_GT(query(got, window).size(), 100u);
  for (const char* meta : {"SELECT * FROM gpkg_contents", "SELECT * FROM gpkg_geometry_columns", "SELECT * FROM gpkg_ogr_contents",
                           "SELECT * FROM gpkg_extensions ORDER BY table_name", "SELECT * FROM layer_styles ORDER BY id"})
    EXPECT_TRUE(query(got, meta) == query(want, meta)) << meta;  // contents in write order: the layers' order
  EXPECT_EQ(query(got, "PRAGMA integrity_check"), "ok|\n");
}

// RowBlocks (cells referring to kept text, points picked from a shared list, each encoded once)
// against the same rows as a Table through write_tables, which parses and encodes each row's WKT
// with OGR: points repeated across rows, an empty WKT, POINT EMPTY, a row without a point, a 3D
// point (written as OGR writes it), text, integers, NULL and non-finite reals; in a projected CRS.
TEST(GpkgStream, RowBlocksEqualTheTablesRows) {
  test::TempDir dir;
  std::vector<std::string> points;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lon(121.0, 121.8), lat(30.8, 31.6);
  for (int i = 0; i < 200; ++i) {
    char wkt[96];
    std::snprintf(wkt, sizeof wkt, "POINT (%.9f %.9f)", lon(rng), lat(rng));
    points.push_back(wkt);
  }
  points[7] = "", points[8] = "POINT EMPTY", points[9] = "POINT Z (121.3 31.2 5)";
  const std::vector<io::Field> fields{{"name"}, {"v", io::FieldType::real}, {"k", io::FieldType::integer}};
  const std::vector<std::string> names{"a", "汉字", "", "a much longer name than fits in a short string"};
  std::vector<io::RowBlock> blocks(3);
  io::Table table{"pts", "", fields, true, {}, {}};
  std::size_t row = 0;
  for (io::RowBlock& b : blocks) {
    b.name = "pts", b.width = fields.size(), b.points = &points;
    for (int r = 0; r < 150; ++r, ++row) {
      const std::uint32_t point = row % 37 == 5 ? io::RowBlock::kNoPoint : static_cast<std::uint32_t>((row * 7) % points.size());
      const io::CellRef v = row % 11 == 0 ? io::CellRef{} : row % 13 == 0 ? io::CellRef{INFINITY} : io::CellRef{static_cast<double>(row) / 3.0};
      b.cells.insert(b.cells.end(), {std::string_view(names[row % names.size()]), v, static_cast<long long>(row % 5)});
      b.point.push_back(point);
    }
    io::append_rows(table, b);
  }
  io::WriteOptions options;
  options.out_epsg = 32651;
  io::write_tables(dir.file("whole.gpkg"), {&table}, false, options);
  {
    io::GpkgStream stream(dir.file("streamed.gpkg"), {{&table, "POINT"}}, false, options);
    for (const io::RowBlock& b : blocks) stream.append(b);
    const io::Table schema{"pts", "", fields, true, {}, {}};
    stream.finish({&schema}, {});
  }
  const std::string got = dir.file("streamed.gpkg"), want = dir.file("whole.gpkg");
  EXPECT_EQ(query(got, "SELECT count(*), count(geom) FROM pts"), "450|432|\n");
  EXPECT_TRUE(query(got, "SELECT * FROM pts ORDER BY rowid") == query(want, "SELECT * FROM pts ORDER BY rowid"));
  EXPECT_TRUE(query(got, "SELECT * FROM rtree_pts_geom ORDER BY id") == query(want, "SELECT * FROM rtree_pts_geom ORDER BY id"));
  EXPECT_TRUE(query(got, "SELECT * FROM gpkg_contents") == query(want, "SELECT * FROM gpkg_contents"));
}

TEST(GpkgStream, UnfinishedLeavesNothingAndAnExistingFileIsKept) {
  test::TempDir dir;
  const io::Table schema{"pts", "", points(1, 1).fields, true, {}, {}};
  {
    io::GpkgStream stream(dir.file("a.gpkg"), {{&schema, "POINT"}}, false);
    stream.append(points(10, 2));
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
  test::write_file(dir.file("b.gpkg"), "old");
  EXPECT_ANY_THROW(io::GpkgStream(dir.file("b.gpkg"), {{&schema, "POINT"}}, false));
  EXPECT_EQ(test::read_file(dir.file("b.gpkg")), "old");
}

}  // namespace
}  // namespace lc
