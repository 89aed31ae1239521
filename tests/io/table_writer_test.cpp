// Writing result tables: QGIS styles in the GeoPackage's layer_styles table and beside single-
// layer files, --out-crs against an independent projection (Snyder's transverse Mercator series),
// refusing to replace without --overwrite, a failed write leaving the old file whole, and the same
// input giving the same bytes. Everything is read back through GDAL, not through the writer.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"
#include "support/gdal_open.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;
using io::FieldType;

io::Table sites() {
  io::Table t{"proposed_sites", "sites", {{"rank", FieldType::integer}, {"site_id"}}, true, {}, {}};
  t.add({1LL, std::string("a")}, "POINT (106.8 39.67)");
  t.add({2LL, std::string("b")}, "POINT (106.81 39.68)");
  return t;
}

io::Table counts() {
  io::Table t{"unit_coverage", "", {{"unit"}, {"coverage", FieldType::real}}, false, {}, {}};
  t.add({std::string("u"), 0.5});
  return t;
}

io::WriteOptions two_styles() {
  io::WriteOptions o;
  o.styles = {{"proposed_sites", "numbered", "<qgis>one</qgis>", "<sld/>", "first"},
              {"proposed_sites", "other", "<qgis>two</qgis>", "", "second"},
              {"not_written", "x", "<qgis/>", "", ""}};
  return o;
}

TEST(TableWriter, StylesLandInLayerStylesAsQgisWritesThem) {
  test::TempDir dir;
  const io::Table a = sites(), b = counts();
  io::write_tables(dir.file("r.gpkg"), {&a, &b}, false, two_styles());
  const auto ds = test::open_vector(dir.file("r.gpkg"));
  ASSERT_TRUE(ds);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  EXPECT_STREQ(styles->GetFIDColumn(), "id");
  for (const char* f : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
                        "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"})
    EXPECT_GE(styles->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  ASSERT_EQ(styles->GetFeatureCount(), 2);  // the style of a layer not written is left out
  std::unique_ptr<OGRFeature> first(styles->GetNextFeature()), second(styles->GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString("f_table_name"), "proposed_sites");
  EXPECT_STREQ(first->GetFieldAsString("f_table_schema"), "");
  EXPECT_FALSE(first->IsFieldNull(first->GetFieldIndex("f_table_schema")));  // QGIS looks up f_table_schema = ''
  EXPECT_STREQ(first->GetFieldAsString("f_geometry_column"), ds->GetLayerByName("proposed_sites")->GetGeometryColumn());
  EXPECT_STREQ(first->GetFieldAsString("f_geometry_column"), "geom");
  EXPECT_STREQ(first->GetFieldAsString("styleQML"), "<qgis>one</qgis>");
  EXPECT_STREQ(first->GetFieldAsString("styleSLD"), "<sld/>");
  EXPECT_EQ(first->GetFieldAsInteger("useAsDefault"), 1);
  EXPECT_EQ(second->GetFieldAsInteger("useAsDefault"), 0);
  EXPECT_STREQ(second->GetFieldAsString("styleName"), "other");
  EXPECT_EQ(styles->GetLayerDefn()->GetFieldDefn(styles->GetLayerDefn()->GetFieldIndex("useAsDefault"))->GetSubType(),
            OFSTBoolean);
  // The layer knows its geometry type before any feature is read.
  EXPECT_EQ(ds->GetLayerByName("proposed_sites")->GetGeomType(), wkbPoint);
}

// UTM by Snyder's series (USGS Professional Paper 1395, 8-9 and 8-10), WGS84 ellipsoid.
Point snyder_utm(double lon_deg, double lat_deg, int zone) {
  const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), ep2 = e2 / (1 - e2), k0 = 0.9996;
  const double d = M_PI / 180, lat = lat_deg * d, lon0 = (zone * 6 - 183) * d;
  const double N = a / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat)), T = std::tan(lat) * std::tan(lat),
               C = ep2 * std::cos(lat) * std::cos(lat), A = (lon_deg * d - lon0) * std::cos(lat);
  const double e4 = e2 * e2, e6 = e4 * e2;
  const double M = a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * lat - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * std::sin(2 * lat) +
                        (15 * e4 / 256 + 45 * e6 / 1024) * std::sin(4 * lat) - (35 * e6 / 3072) * std::sin(6 * lat));
  const double x = k0 * N * (A + (1 - T + C) * std::pow(A, 3) / 6 + (5 - 18 * T + T * T + 72 * C - 58 * ep2) * std::pow(A, 5) / 120);
  const double y = k0 * (M + N * std::tan(lat) * (A * A / 2 + (5 - T + 9 * C + 4 * C * C) * std::pow(A, 4) / 24 +
                                                   (61 - 58 * T + T * T + 600 * C - 330 * ep2) * std::pow(A, 6) / 720));
  return {x + 500000.0, y};
}

TEST(TableWriter, OutCrsPutsCoordinatesInTheTargetCrs) {
  test::TempDir dir;
  const io::Table a = sites();
  io::WriteOptions o;
  o.out_epsg = 32648;
  for (const char* name : {"r.gpkg", "r.geojson", "r.fgb"}) {
    SCOPED_TRACE(name);
    io::write_tables(dir.file(name), {&a}, false, o);
    const auto ds = test::open_vector(dir.file(name));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_NE(layer->GetSpatialRef(), nullptr);
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "32648");
    const double lonlat[][2] = {{106.8, 39.67}, {106.81, 39.68}};
    for (int n = 0; n < 2; ++n) {
      std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
      const int i = f->GetFieldAsInteger("rank") - 1;  // FlatGeobuf keeps its features in spatial order
      const OGRPoint* p = f->GetGeometryRef()->toPoint();
      const Point want = snyder_utm(lonlat[i][0], lonlat[i][1], 48);
      EXPECT_NEAR(p->getX(), want.x, 0.05);
      EXPECT_NEAR(p->getY(), want.y, 0.05);
    }
  }
  o.out_epsg = 999999;
  EXPECT_THROW(io::write_tables(dir.file("bad.gpkg"), {&a}, false, o), UsageError);
  EXPECT_FALSE(fs::exists(dir.file("bad.gpkg")));
}

TEST(TableWriter, RefusesToReplaceAndAFailedWriteLeavesTheOldFileWhole) {
  test::TempDir dir;
  const io::Table a = sites();
  const std::string path = dir.file("r.gpkg");
  io::write_tables(path, {&a}, false, two_styles());
  const std::string before = test::read_file(path);
  EXPECT_THROW(io::write_tables(path, {&a}, false), OutputError);
  io::Table broken = sites();
  broken.add({3LL, std::string("c")}, "POINT (not a number)");
  EXPECT_THROW(io::write_tables(path, {&broken}, true), OutputError);
  EXPECT_EQ(test::read_file(path), before);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) {
    ++files;
    EXPECT_EQ(e.path().filename(), "r.gpkg");
  }
  EXPECT_EQ(files, 1u);  // no temporary file left behind
}

TEST(TableWriter, SingleLayerFilesCarryTheirStyleBeside) {
  test::TempDir dir;
  const io::Table a = sites();
  io::write_tables(dir.file("s.geojson"), {&a}, false, two_styles());
  EXPECT_EQ(io::sidecar_qml_path(dir.file("s.geojson")), dir.file("s.qml"));
  EXPECT_EQ(test::read_file(dir.file("s.qml")), "<qgis>one</qgis>");  // the default style
  fs::remove(dir.file("s.geojson"));
  EXPECT_THROW(io::write_tables(dir.file("s.geojson"), {&a}, false, two_styles()), OutputError);  // s.qml is there
  EXPECT_FALSE(fs::exists(dir.file("s.geojson")));
  io::write_tables(dir.file("s.geojson"), {&a}, true, two_styles());
  EXPECT_TRUE(fs::exists(dir.file("s.geojson")));
  const io::Table b = counts();
  io::write_tables(dir.file("t.geojson"), {&b}, false, two_styles());
  EXPECT_FALSE(fs::exists(dir.file("t.qml")));  // no style for that layer, no file
}

TEST(TableWriter, SameInputGivesTheSameBytes) {
  test::TempDir dir;
  const io::Table a = sites(), b = counts();
  io::WriteOptions o = two_styles();
  o.provenance = "Made by: a test";
  io::write_tables(dir.file("one.gpkg"), {&a, &b}, false, o);
  io::write_tables(dir.file("two.gpkg"), {&a, &b}, false, o);
  EXPECT_EQ(test::read_file(dir.file("one.gpkg")), test::read_file(dir.file("two.gpkg")));
  const auto ds = test::open_vector(dir.file("one.gpkg"));
  EXPECT_STREQ(ds->GetLayerByName("proposed_sites")->GetMetadataItem("DESCRIPTION"), "sites\nMade by: a test");
}

TEST(TableWriter, PolygonsAndMultiPolygonsMakeAMultiPolygonLayer) {
  test::TempDir dir;
  io::Table t{"areas", "", {{"id"}}, true, {}, {}};
  t.add({std::string("a")}, "POLYGON ((106.8 39.6,106.81 39.6,106.81 39.61,106.8 39.6))");
  t.add({std::string("b")}, "MULTIPOLYGON (((106.8 39.6,106.81 39.6,106.81 39.61,106.8 39.6)))");
  t.add({std::string("c")}, "");
  io::write_tables(dir.file("a.gpkg"), {&t}, false);
  const auto ds = test::open_vector(dir.file("a.gpkg"));
  OGRLayer* layer = ds->GetLayer(0);
  EXPECT_EQ(layer->GetGeomType(), wkbMultiPolygon);
  std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
  EXPECT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()), wkbMultiPolygon);
  EXPECT_EQ(layer->GetFeatureCount(), 3);
}

}  // namespace
}  // namespace lc
