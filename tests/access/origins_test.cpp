// tests: origins (population points, rasters, community polygons, generated grids, units) and the
// validation of population input. Expected values are worked out by hand from the layers below.
#include "access/origins.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>

#include "core/error.hpp"
#include "io/raster_reader.hpp"
#include "io/vector_reader.hpp"
#include "support/test_support.hpp"

namespace lc::access {
namespace {

using lc::test::TempDir;
using lc::test::write_file;

constexpr int kUtm48 = 32648;  // the UTM zone of Wuhai (102E-108E)

// Exact text for a coordinate (std::to_string keeps only 6 decimals).
std::string num(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string ring_json(const std::vector<std::pair<double, double>>& ring) {
  std::string s = "[[";
  for (std::size_t i = 0; i <= ring.size(); ++i) {
    const auto& p = ring[i % ring.size()];
    s += (i ? ",[" : "[") + num(p.first) + "," + num(p.second) + "]";
  }
  return s + "]]";
}

std::string rect(double x0, double y0, double x1, double y1) {
  return ring_json({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

std::string polygon_feature(const std::string& properties, const std::string& rings) {
  return R"({"type":"Feature","properties":{)" + properties +
         R"(},"geometry":{"type":"Polygon","coordinates":)" + rings + "}}";
}

std::string point_feature(double lon, double lat) {
  return R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[)" +
         num(lon) + "," + num(lat) + "]}}";
}

// A FeatureCollection; `epsg` != 0 declares the (pre-RFC 7946) crs member GDAL honours.
std::string collection(const std::vector<std::string>& features, int epsg = 0) {
  std::string s = R"({"type":"FeatureCollection",)";
  if (epsg)
    s += R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::)" + std::to_string(epsg) + R"("}},)";
  s += R"("features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}

template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

double total_population(const OriginSet& set) {
  return std::accumulate(set.origins.begin(), set.origins.end(), 0.0,
                         [](double s, const Origin& o) { return s + o.population; });
}

std::map<std::string, const Origin*> by_id(const OriginSet& set) {
  std::map<std::string, const Origin*> m;
  for (const Origin& o : set.origins) m[o.id] = &o;
  return m;
}

bool has_warning(const OriginSet& set, const std::string& text) {
  for (const auto& w : set.warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

// ----------------------------------------------------------------------------------------------
// Points

TEST(OriginsPoints, PortoAlegreHexgridCsv) {
  LC_GEODATA(csv, "population/porto_alegre/poa_hexgrid.csv");
  const OriginSet set = origins_from_points(csv, {"id", "population", "", "", 2.8});
  ASSERT_EQ(set.origins.size(), 1227u);
  EXPECT_NEAR(total_population(set), 812935.0, 1.0);
  const Origin& first = set.origins.front();
  EXPECT_EQ(first.id, "89a901291abffff");
  EXPECT_NEAR(first.centre.lon, -51.1582459466033, 1e-12);
  EXPECT_NEAR(first.centre.lat, -30.0538460280879, 1e-12);
  ASSERT_EQ(first.access.size(), 1u);
  EXPECT_TRUE(std::isnan(first.elderly_share));
  EXPECT_TRUE(first.wkt.empty());
}

TEST(OriginsPoints, HouseholdsTimesPersonsPerHousehold) {
  TempDir dir;
  const std::string csv = dir.file("h.csv");
  write_file(csv, "id,lon,lat,population,households\na,106.8,39.67,,100\nb,106.81,39.67,7,\n");
  const OriginSet set = origins_from_points(csv, {"id", "population", "", "households", 2.5});
  ASSERT_EQ(set.origins.size(), 2u);
  EXPECT_DOUBLE_EQ(set.origins[0].population, 250.0);  // empty population: 100 households x 2.5
  EXPECT_DOUBLE_EQ(set.origins[1].population, 7.0);
}

// ----------------------------------------------------------------------------------------------
// Bad input

std::string points_error(const std::string& body, const PopulationFields& f) {
  TempDir dir;
  const std::string csv = dir.file("bad.csv");
  write_file(csv, body);
  return input_error([&] { origins_from_points(csv, f); });
}

const PopulationFields kFields{"id", "population", "", "", 2.8};
const PopulationFields kElderly{"id", "population", "elderly", "", 2.8};

TEST(OriginsBadInput, NegativePopulation) {
  const auto msg = points_error("id,lon,lat,population\na,106.8,39.67,10\nb,106.81,39.67,-5\n", kFields);
  EXPECT_NE(msg.find("feature b"), std::string::npos) << msg;
  EXPECT_NE(msg.find("negative"), std::string::npos) << msg;
}

TEST(OriginsBadInput, NanPopulation) {
  const auto msg = points_error("id,lon,lat,population\na,106.8,39.67,NaN\n", kFields);
  EXPECT_NE(msg.find("feature a"), std::string::npos) << msg;
  EXPECT_NE(msg.find("NaN"), std::string::npos) << msg;
}

TEST(OriginsBadInput, EmptyAndNonNumericPopulation) {
  auto msg = points_error("id,lon,lat,population\na,106.8,39.67,1\nc,106.8,39.67,\n", kFields);
  EXPECT_NE(msg.find("feature c"), std::string::npos) << msg;
  EXPECT_NE(msg.find("empty"), std::string::npos) << msg;
  msg = points_error("id,lon,lat,population\nd,106.8,39.67,12 people\n", kFields);
  EXPECT_NE(msg.find("feature d"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a number"), std::string::npos) << msg;
}

TEST(OriginsBadInput, MissingFieldListsTheFields) {
  const auto msg = points_error("id,lon,lat,pop\na,106.8,39.67,1\n", kFields);
  EXPECT_NE(msg.find("'population'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("fields: id"), std::string::npos) << msg;
  EXPECT_NE(msg.find("pop"), std::string::npos) << msg;
}

TEST(OriginsBadInput, ElderlyShareOutsideZeroOne) {
  const auto msg =
      points_error("id,lon,lat,population,elderly\na,106.8,39.67,1,0.3\nb,106.8,39.67,1,1.5\n", kElderly);
  EXPECT_NE(msg.find("feature b"), std::string::npos) << msg;
  EXPECT_NE(msg.find("outside [0, 1]"), std::string::npos) << msg;
}

TEST(OriginsBadInput, DuplicateIdsNameBothFeatures) {
  const auto msg =
      points_error("id,lon,lat,population\na,106.8,39.67,1\nb,106.8,39.67,1\na,106.9,39.67,2\n", kFields);
  EXPECT_NE(msg.find("'a'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("#1 and #3"), std::string::npos) << msg;
}

TEST(OriginsBadInput, BowTieCommunityIsRepairedWithAWarning) {
  TempDir dir;
  const std::string file = dir.file("bowtie.geojson");
  write_file(file, collection({polygon_feature(
                       R"("id":"x","population":100)",
                       ring_json({{106.800, 39.670}, {106.802, 39.672}, {106.802, 39.670}, {106.800, 39.672}}))}));
  const io::Projector utm(kUtm48);
  const OriginSet set = origins_from_communities(file, {"id", "population", "", "", 2.8}, "", utm);
  ASSERT_EQ(set.origins.size(), 1u);
  EXPECT_TRUE(has_warning(set, "repaired")) << (set.warnings.empty() ? "" : set.warnings[0]);
  EXPECT_NE(set.origins[0].wkt.find("MULTIPOLYGON"), std::string::npos) << set.origins[0].wkt;
  EXPECT_GE(set.origins[0].access.size(), 8u);  // two triangles, at least 4 samples each
}

// ----------------------------------------------------------------------------------------------
// Communities near Wuhai: A and B, about 171 m x 222 m each, 85 m apart.

struct WuhaiCommunities {
  TempDir dir;
  std::string file = dir.file("communities.geojson");
  WuhaiCommunities() {
    write_file(file, collection({polygon_feature(R"("id":"A","pop":1000,"old":0.2)",
                                                 rect(106.800, 39.670, 106.802, 39.672)),
                                 polygon_feature(R"("id":"B","pop":3000,"old":0.2)",
                                                 rect(106.803, 39.670, 106.805, 39.672))}));
  }
};

const PopulationFields kCommunityFields{"id", "pop", "old", "", 2.8};

double perimeter_m(const io::Projector& p, double x0, double y0, double x1, double y1) {
  const std::vector<LonLat> c = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  double sum = 0;
  for (std::size_t i = 1; i < c.size(); ++i) {
    const Point a = p.forward(c[i - 1]), b = p.forward(c[i]);
    sum += std::hypot(b.x - a.x, b.y - a.y);
  }
  return sum;
}

bool on_rect_edge(LonLat q, double x0, double y0, double x1, double y1) {
  const double eps = 1e-7;  // about 1 cm
  const bool in = q.lon > x0 - eps && q.lon < x1 + eps && q.lat > y0 - eps && q.lat < y1 + eps;
  return in && (std::abs(q.lon - x0) < eps || std::abs(q.lon - x1) < eps || std::abs(q.lat - y0) < eps ||
                std::abs(q.lat - y1) < eps);
}

TEST(OriginsCommunities, BoundarySamplesEvery50m) {
  WuhaiCommunities c;
  const io::Projector utm(kUtm48);
  const OriginSet set = origins_from_communities(c.file, kCommunityFields, "", utm);
  ASSERT_EQ(set.origins.size(), 2u);
  const Origin& a = set.origins[0];
  EXPECT_EQ(a.id, "A");
  EXPECT_EQ(a.community, "A");
  EXPECT_DOUBLE_EQ(a.population, 1000.0);
  EXPECT_DOUBLE_EQ(a.elderly_share, 0.2);
  EXPECT_DOUBLE_EQ(set.origins[1].population, 3000.0);
  const double perimeter = perimeter_m(utm, 106.800, 39.670, 106.802, 39.672);
  const auto expected = static_cast<std::size_t>(std::ceil(perimeter / 50.0));
  EXPECT_EQ(a.access.size(), expected) << "perimeter " << perimeter;
  for (const LonLat& q : a.access) EXPECT_TRUE(on_rect_edge(q, 106.800, 39.670, 106.802, 39.672));
  EXPECT_TRUE(a.centre.lon > 106.800 && a.centre.lon < 106.802 && a.centre.lat > 39.670 && a.centre.lat < 39.672);
  EXPECT_FALSE(a.wkt.empty());

  const OriginSet coarse = origins_from_communities(c.file, kCommunityFields, "", utm, 10000.0);
  EXPECT_EQ(coarse.origins[0].access.size(), 4u);  // never fewer than 4
}

TEST(OriginsCommunities, EntrancesWithinRadiusAreTaken) {
  WuhaiCommunities c;
  const std::string entrances = c.dir.file("entrances.geojson");
  const double north_20m = 39.672 + 20.0 / 111000.0;
  const double north_60m = 39.672 + 60.0 / 111000.0;
  write_file(entrances, collection({point_feature(106.801, 39.670),     // on A's south wall
                                    point_feature(106.801, north_20m),  // 20 m north of A
                                    point_feature(106.801, north_60m),  // too far
                                    point_feature(106.900, 39.700)}));  // far away
  const io::Projector utm(kUtm48);
  const OriginSet set = origins_from_communities(c.file, kCommunityFields, entrances, utm);
  const Origin& a = set.origins[0];
  ASSERT_EQ(a.access.size(), 2u);
  EXPECT_NEAR(a.access[0].lat, 39.670, 1e-9);
  EXPECT_NEAR(a.access[1].lat, north_20m, 1e-9);
  // B has no entrance near it: it falls back to its boundary, and says so.
  EXPECT_EQ(set.origins[1].access.size(),
            static_cast<std::size_t>(std::ceil(perimeter_m(utm, 106.803, 39.670, 106.805, 39.672) / 50.0)));
  EXPECT_TRUE(has_warning(set, "1 of 2 communities have no entrance"));
}

// ----------------------------------------------------------------------------------------------
// Grids. Layers are written in UTM 48N so that cells and communities line up exactly.

constexpr double kX = 500000, kY = 4400000;

std::string utm_rect_feature(const std::string& props, double x0, double y0, double x1, double y1) {
  return polygon_feature(props, rect(kX + x0, kY + y0, kX + x1, kY + y1));
}

TEST(OriginsGrid, SquareCellsShareCommunityPopulationByArea) {
  TempDir dir;
  const std::string boundary = dir.file("boundary.geojson");
  const std::string communities = dir.file("communities.geojson");
  write_file(boundary, collection({utm_rect_feature(R"("name":"all")", 0, 0, 200, 200)}, kUtm48));
  write_file(communities,
             collection({utm_rect_feature(R"("id":"A","pop":1000,"old":0.2)", 0, 0, 100, 200),  // 2 cells
                         utm_rect_feature(R"("id":"B","pop":3000,"old":null)", 100, 0, 200, 100)},  // 1 cell
                        kUtm48));
  const io::Projector utm(kUtm48);
  const OriginSet comm = origins_from_communities(communities, kCommunityFields, "", utm);
  const OriginSet grid = grid_origins(boundary, GridShape::square, 100.0, comm, utm);
  ASSERT_EQ(grid.origins.size(), 3u);  // the north-east cell has nobody
  EXPECT_NEAR(total_population(grid), 4000.0, 1e-6);
  auto cells = by_id(grid);
  ASSERT_TRUE(cells.count("sq_5000_44000") && cells.count("sq_5000_44001") && cells.count("sq_5001_44000"));
  const Origin& sw = *cells["sq_5000_44000"];
  EXPECT_NEAR(sw.population, 500.0, 1e-6);
  EXPECT_NEAR(cells["sq_5000_44001"]->population, 500.0, 1e-6);
  EXPECT_NEAR(cells["sq_5001_44000"]->population, 3000.0, 1e-6);
  EXPECT_NEAR(sw.elderly_share, 0.2, 1e-12);
  EXPECT_TRUE(std::isnan(cells["sq_5001_44000"]->elderly_share));  // B's share is unknown
  EXPECT_EQ(sw.community, "A");
  EXPECT_EQ(cells["sq_5001_44000"]->community, "B");
  const Point centre = utm.forward(sw.centre);
  EXPECT_NEAR(centre.x, kX + 50, 1e-6);
  EXPECT_NEAR(centre.y, kY + 50, 1e-6);
  EXPECT_EQ(sw.access.size(), 1u);
  EXPECT_EQ(sw.wkt.rfind("POLYGON ((", 0), 0u);

  const OriginSet all = grid_origins(boundary, GridShape::square, 100.0, comm, utm, true);
  ASSERT_EQ(all.origins.size(), 4u);
  EXPECT_EQ(by_id(all)["sq_5001_44001"]->population, 0.0);
}

TEST(OriginsGrid, PopulationOutsideTheCellsIsReported) {
  TempDir dir;
  const std::string boundary = dir.file("boundary.geojson");
  const std::string communities = dir.file("communities.geojson");
  write_file(boundary, collection({utm_rect_feature(R"("name":"all")", 0, 0, 200, 200)}, kUtm48));
  // Half of C lies east of the boundary: half its people reach the north-east cell.
  write_file(communities, collection({utm_rect_feature(R"("id":"C","pop":400)", 150, 100, 250, 200)}, kUtm48));
  const io::Projector utm(kUtm48);
  const OriginSet comm = origins_from_communities(communities, {"id", "pop", "", "", 2.8}, "", utm);
  const OriginSet grid = grid_origins(boundary, GridShape::square, 100.0, comm, utm);
  ASSERT_EQ(grid.origins.size(), 1u);
  EXPECT_EQ(grid.origins[0].id, "sq_5001_44001");
  EXPECT_NEAR(grid.origins[0].population, 200.0, 1e-6);
  EXPECT_TRUE(has_warning(grid, "people lie outside the grid's cells"));
}

TEST(OriginsGrid, HexagonsConservePopulation) {
  TempDir dir;
  const std::string boundary = dir.file("boundary.geojson");
  const std::string communities = dir.file("communities.geojson");
  write_file(boundary, collection({utm_rect_feature(R"("name":"all")", 0, 0, 1000, 1000)}, kUtm48));
  // Both communities keep more than a hexagon's circumradius (57.7 m) from the boundary, so every
  // part of them lies in a cell whose centre is inside.
  const std::string triangle = ring_json({{kX + 100, kY + 100}, {kX + 900, kY + 150}, {kX + 500, kY + 900}});
  write_file(communities, collection({utm_rect_feature(R"("id":"R","pop":1234.5,"old":0.1)", 200, 300, 700, 650),
                                      polygon_feature(R"("id":"T","pop":777,"old":0.3)", triangle)},
                                     kUtm48));
  const io::Projector utm(kUtm48);
  const OriginSet comm = origins_from_communities(communities, kCommunityFields, "", utm);
  const OriginSet grid = grid_origins(boundary, GridShape::hexagon, 100.0, comm, utm, true);
  // 1 km^2 over hexagons of sqrt(3)/2 x 100^2 m^2: about 115 cells.
  EXPECT_GT(grid.origins.size(), 100u);
  EXPECT_LT(grid.origins.size(), 130u);
  EXPECT_NEAR(total_population(grid), 1234.5 + 777.0, 1e-6);
  EXPECT_FALSE(has_warning(grid, "outside the grid"));
  for (const Origin& o : grid.origins) {
    EXPECT_GE(o.population, 0.0);
    if (o.population > 0) {
      EXPECT_TRUE(o.elderly_share >= 0.1 - 1e-12 && o.elderly_share <= 0.3 + 1e-12);
    }
  }
  // Neighbouring centres are one cell size apart.
  const Point a = utm.forward(grid.origins[0].centre), b = utm.forward(grid.origins[1].centre);
  EXPECT_NEAR(std::hypot(a.x - b.x, a.y - b.y), 100.0, 1e-6);
}

// ----------------------------------------------------------------------------------------------
// Rasters

// 3 x 2 cells of 100 m in UTM 48N, top-left corner at (500000, 4400000); -99999 is nodata.
// `epsg` 0: no CRS; `gt`: GDAL's geotransform (origin x, pixel width, 0, origin y, 0, -pixel height).
std::string write_raster(const TempDir& dir, const std::vector<float>& values, int epsg = kUtm48,
                         std::vector<double> gt = {kX, 100, 0, kY, 0, -100}) {
  io::ensure_gdal();
  const std::string path = dir.file("pop.tif");
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  std::unique_ptr<GDALDataset> ds(gtiff->Create(path.c_str(), 3, 2, 1, GDT_Float32, nullptr));
  ds->SetGeoTransform(gt.data());
  if (epsg) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    ds->SetSpatialRef(&srs);
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(-99999);
  std::vector<float> copy = values;
  EXPECT_EQ(band->RasterIO(GF_Write, 0, 0, 3, 2, copy.data(), 3, 2, GDT_Float32, 0, 0, nullptr), CE_None);
  return path;  // closed (and flushed) when ds goes
}

double metric_area(const std::string& wkt, const io::Projector& utm) {
  OGRGeometry* g = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE);
  std::unique_ptr<OGRGeometry> owned(g);
  OGRLinearRing* ring = owned->toPolygon()->getExteriorRing();
  double twice = 0;
  for (int i = 1; i < ring->getNumPoints(); ++i) {
    const Point a = utm.forward({ring->getX(i - 1), ring->getY(i - 1)});
    const Point b = utm.forward({ring->getX(i), ring->getY(i)});
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(twice) / 2;
}

TEST(OriginsRaster, PopulatedCellsWithCentresAndOutlines) {
  TempDir dir;
  const std::string path = write_raster(dir, {10, 0, 5, -99999, 20.5f, 30});
  const OriginSet set = origins_from_raster(path);
  ASSERT_EQ(set.origins.size(), 4u);  // the zero and the nodata cell are left out
  const io::Projector utm(kUtm48);
  const std::vector<std::tuple<std::string, double, double, double>> expected = {
      {"r0_c0", 10, 50, -50}, {"r0_c2", 5, 250, -50}, {"r1_c1", 20.5, 150, -150}, {"r1_c2", 30, 250, -150}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [id, pop, dx, dy] = expected[i];
    const Origin& o = set.origins[i];
    EXPECT_EQ(o.id, id);
    EXPECT_DOUBLE_EQ(o.population, pop);
    const Point c = utm.forward(o.centre);
    EXPECT_NEAR(c.x, kX + dx, 1e-6) << id;
    EXPECT_NEAR(c.y, kY + dy, 1e-6) << id;
    ASSERT_EQ(o.access.size(), 1u);
    EXPECT_NEAR(metric_area(o.wkt, utm), 100.0 * 100.0, 1e-3) << o.wkt;
  }
  EXPECT_NEAR(total_population(set), 65.5, 1e-9);
  EXPECT_EQ(origins_from_raster(path, 6.0).origins.size(), 3u);  // only cells with more than 6
}

TEST(OriginsRaster, GeographicRasterKeepsLonLatOrder) {
  // EPSG:4326 declares latitude first; the reader must still take x as longitude.
  TempDir dir;
  const std::string path = write_raster(dir, {1, 0, 0, 0, 0, 2}, 4326, {106.8, 0.001, 0, 39.672, 0, -0.001});
  const OriginSet set = origins_from_raster(path);
  ASSERT_EQ(set.origins.size(), 2u);
  EXPECT_NEAR(set.origins[0].centre.lon, 106.8005, 1e-9);
  EXPECT_NEAR(set.origins[0].centre.lat, 39.6715, 1e-9);
  EXPECT_EQ(set.origins[1].id, "r1_c2");
  EXPECT_NEAR(set.origins[1].centre.lon, 106.8025, 1e-9);
  EXPECT_NEAR(set.origins[1].centre.lat, 39.6705, 1e-9);
}

TEST(OriginsRaster, BadCellsAndMissingCrs) {
  {
    TempDir dir;
    const auto msg = input_error([&] { origins_from_raster(write_raster(dir, {1, 2, 3, 4, -7, 6})); });
    EXPECT_NE(msg.find("row 1, column 1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("negative"), std::string::npos) << msg;
  }
  {
    TempDir dir;
    const auto msg = input_error([&] { origins_from_raster(write_raster(dir, {1, std::numeric_limits<float>::quiet_NaN(), 3, 4, 5, 6})); });
    EXPECT_NE(msg.find("row 0, column 1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("NaN"), std::string::npos) << msg;
  }
  {
    TempDir dir;
    const auto msg = input_error([&] { origins_from_raster(write_raster(dir, {1, 2, 3, 4, 5, 6}, 0)); });
    EXPECT_NE(msg.find("no CRS"), std::string::npos) << msg;
  }
}

// ----------------------------------------------------------------------------------------------
// Units

TEST(OriginsUnits, CentreInTheFirstContainingUnit) {
  TempDir dir;
  const std::string file = dir.file("units.geojson");
  write_file(file, collection({polygon_feature(R"("name":"Haibowan")", rect(106.79, 39.66, 106.8025, 39.68)),
                               polygon_feature(R"("name":"Wuda")", rect(106.8025, 39.66, 106.81, 39.68)),
                               polygon_feature(R"("name":"Wide")", rect(106.70, 39.60, 106.82, 39.70))}));
  const std::vector<Unit> units = load_units(file, "name");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[1].name, "Wuda");
  std::vector<Origin> origins(5);
  origins[0].centre = {106.801, 39.671};   // Haibowan (and Wide, later in the layer)
  origins[1].centre = {106.804, 39.671};   // Wuda
  origins[2].centre = {106.8025, 39.671};  // on the shared border: the first unit
  origins[3].centre = {106.75, 39.65};     // Wide only
  origins[4].centre = {106.90, 39.671};    // nowhere
  EXPECT_EQ(assign_units(origins, units),
            (std::vector<std::string>{"Haibowan", "Wuda", "Haibowan", "Wide", ""}));

  const auto msg = input_error([&] { load_units(file, "district"); });
  EXPECT_NE(msg.find("no field 'district'"), std::string::npos) << msg;
}

}  // namespace
}  // namespace lc::access
