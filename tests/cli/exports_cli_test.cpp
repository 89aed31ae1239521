// Styled GIS exports through the real binary: `reach --out` as a GeoPackage/GeoJSON layer with
// exactly the CSV's columns and values, and `lifecircle isochrones` on the river drawn in
// tests/access/isochrones_test.cpp: the isochrone covers the reached street and never the street
// across the river, however close it is. Outputs are read back through GDAL.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "io/crs.hpp"
#include "io/vector_reader.hpp"
#include "support/run_cli.hpp"
#include "support/ladder_town.hpp"
#include "support/test_support.hpp"
#include "support/gdal_open.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;
using test::run_cli;

class ExportsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_ladder_town(dir);
  }
  std::string reach(const std::string& out) {
    return "reach --network " + dir.file("streets.geojson") + " --facilities " + dir.file("fac.geojson") + " --origins " +
           dir.file("homes.csv") + " --category-field kind --id-field fid --origin-id-field id --out " + out;
  }
  test::TempDir dir;
};

TEST_F(ExportsCli, ReachLayerHasTheCsvColumnsValuesAndOriginPoints) {
  ASSERT_EQ(run_cli(reach(dir.file("r.csv"))).code, 0);
  const auto r = run_cli(reach(dir.file("r.gpkg")));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto csv = test::read_csv(dir.file("r.csv"));
  const auto ds = test::open_vector(dir.file("r.gpkg"));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("reach");
  ASSERT_NE(layer, nullptr);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  ASSERT_EQ(static_cast<std::size_t>(defn->GetFieldCount()), csv[0].size());
  for (int i = 0; i < defn->GetFieldCount(); ++i) EXPECT_EQ(defn->GetFieldDefn(i)->GetNameRef(), csv[0][i]);
  ASSERT_EQ(static_cast<std::size_t>(layer->GetFeatureCount()), csv.size() - 1);
  const std::map<std::string, std::pair<double, double>> where = {
      {"h1", {106.8004, 39.6701}}, {"h2", {106.8018, 39.6712}}, {"far", {106.9, 39.9}}};
  for (std::size_t row = 1; row < csv.size(); ++row) {
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    ASSERT_TRUE(f);
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      const std::string& want = csv[row][i];
      if (want.empty()) {
        EXPECT_TRUE(f->IsFieldNull(i)) << row << ":" << csv[0][i];
      } else if (defn->GetFieldDefn(i)->GetType() == OFTString) {
        EXPECT_EQ(f->GetFieldAsString(i), want);
      } else {
        EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(i), std::stod(want)) << row << ":" << csv[0][i];
      }
    }
    const OGRPoint* p = f->GetGeometryRef()->toPoint();
    EXPECT_NEAR(p->getX(), where.at(csv[row][0]).first, 1e-8);
    EXPECT_NEAR(p->getY(), where.at(csv[row][0]).second, 1e-8);
  }
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  std::unique_ptr<OGRFeature> style(styles->GetNextFeature());
  EXPECT_STREQ(style->GetFieldAsString("f_table_name"), "reach");
  EXPECT_EQ(style->GetFieldAsInteger("useAsDefault"), 1);
  EXPECT_NE(std::string(layer->GetMetadataItem("DESCRIPTION")).find("Made by: lifecircle reach"), std::string::npos);

  ASSERT_EQ(run_cli(reach(dir.file("r.geojson"))).code, 0);  // one layer, its style beside it
  EXPECT_NE(test::read_file(dir.file("r.qml")).find("graduatedSymbol"), std::string::npos);
  EXPECT_EQ(run_cli(reach(dir.file("r.shp"))).code, 2);
}

// The river of tests/access/isochrones_test.cpp in lon/lat: west street x = 0, bridge at the top
// (y = 1000), east street x = 200, in UTM 48N metres around (500000, 4400000).
class RiverCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto line = [&](std::initializer_list<std::pair<double, double>> pts) {
      std::string s = R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[)";
      bool first = true;
      for (auto [x, y] : pts) s += (first ? "" : ",") + coords(x, y), first = false;
      return s + "]}}";
    };
    test::write_file(dir.file("net.geojson"), R"({"type":"FeatureCollection","features":[)" + line({{0, 0}, {0, 1000}}) +
                                                  "," + line({{0, 1000}, {200, 1000}}) + "," + line({{200, 1000}, {200, 0}}) + "]}");
    test::write_file(dir.file("fac.geojson"),
                     R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"fid":"f","kind":"shop"},"geometry":{"type":"Point","coordinates":)" +
                         coords(-5, 100) + "}}]}");
  }
  std::string coords(double x, double y) {
    const LonLat ll = utm.inverse({500000 + x, 4400000 + y});
    char buf[80];
    std::snprintf(buf, sizeof buf, "[%.10f,%.10f]", ll.lon, ll.lat);
    return buf;
  }
  std::string args(const std::string& out) {
    return "isochrones --network " + dir.file("net.geojson") + " --facilities " + dir.file("fac.geojson") +
           " --category-field kind --id-field fid --speed 1 --minutes 5 --corridor 50 --crs EPSG:32648 --service-areas"
           " --out " + out;
  }
  // A layer's geometries in UTM metres, relative to (500000, 4400000).
  std::vector<std::unique_ptr<OGRGeometry>> shapes(GDALDataset& ds, const char* name) {
    OGRSpatialReference metric;
    metric.importFromEPSG(32648);
    metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<std::unique_ptr<OGRGeometry>> out;
    OGRLayer* layer = ds.GetLayerByName(name);
    for (auto& f : *layer) {
      std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
      g->transformTo(&metric);
      out.push_back(std::move(g));
    }
    return out;
  }
  bool contains(const OGRGeometry& g, double x, double y) {
    const OGRPoint p(500000 + x, 4400000 + y);
    return g.Contains(&p);
  }
  double distance(const OGRGeometry& g, double x0, double y0, double x1, double y1) {
    OGRLineString l;
    l.addPoint(500000 + x0, 4400000 + y0);
    l.addPoint(500000 + x1, 4400000 + y1);
    return g.Distance(&l);
  }
  test::TempDir dir;
  io::Projector utm{32648};
};

TEST_F(RiverCli, IsochroneNeverCrossesTheRiver) {
  const auto r = run_cli(args(dir.file("iso.gpkg")));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto ds = test::open_vector(dir.file("iso.gpkg"));
  ASSERT_TRUE(ds);
  const auto iso = shapes(*ds, "isochrones");
  ASSERT_EQ(iso.size(), 2u);  // facility f and the category merged, at 5 min
  for (const auto& g : iso) {
    // 300 s at 1 m/s: 5 m to the street, then 295 m each way: the dead end at y = 0 and y = 395.
    for (double y = 0; y <= 395; y += 15) EXPECT_TRUE(contains(*g, 0, y)) << y;
    for (double y = 395 + 50 + 1; y <= 1000; y += 25) EXPECT_FALSE(contains(*g, 0, y)) << y;
    // The east street is 205 m from f as the crow flies but 1.8 km on foot: never covered.
    EXPECT_NEAR(distance(*g, 200, 0, 200, 1000), 150.0, 0.5);
    EXPECT_GT(distance(*g, 0, 1000, 200, 1000), 50.0);
  }
  const auto service = shapes(*ds, "service_areas");
  ASSERT_EQ(service.size(), 1u);  // the one facility is nearest for every street it reaches at all
  EXPECT_TRUE(contains(*service[0], 200, 500));
  EXPECT_TRUE(contains(*service[0], 100, 1000));
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  EXPECT_EQ(styles->GetFeatureCount(), 2);  // isochrones by minutes, service areas by facility

  // An existing result is only replaced with --overwrite; --out-dir writes one GeoJSON per layer.
  const std::string before = test::read_file(dir.file("iso.gpkg"));
  EXPECT_EQ(run_cli(args(dir.file("iso.gpkg"))).code, 4);
  EXPECT_EQ(test::read_file(dir.file("iso.gpkg")), before);
  fs::create_directory(dir.file("layers"));
  const auto d = run_cli("isochrones --network " + dir.file("net.geojson") + " --facilities " + dir.file("fac.geojson") +
                         " --category-field kind --speed 1 --service-areas --out-dir " + dir.file("layers"));
  ASSERT_EQ(d.code, 0) << d.out;
  for (const char* f : {"isochrones.geojson", "isochrones.qml", "service_areas.geojson", "service_areas.qml"})
    EXPECT_TRUE(fs::exists(dir.file("layers/") + f)) << f;
  EXPECT_EQ(run_cli(args(dir.file("x.geojson"))).code, 2);  // two layers need a GeoPackage
  for (const char* crs : {"EPSG:nope", "EPSG:999999"}) {
    const auto bad = run_cli(args(dir.file("y.gpkg")) + " --out-crs " + crs);
    EXPECT_EQ(bad.code, 2) << crs;
    EXPECT_TRUE(test::has(bad.out, "--out-crs: ")) << bad.out;
    EXPECT_FALSE(test::has(bad.out, "--out-crs: --out-crs")) << bad.out;  // the option named once
  }
}

}  // namespace
}  // namespace lc
