// `lifecircle coverage` end to end: the Porto Alegre population grid against an independent
// brute force, the layers written, and bad population input.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <memory>
#include <map>
#include <queue>
#include <sstream>

#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "network/builder.hpp"
#include "network/from_osm.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

struct Cell {
  std::string id;
  double lon, lat, population;
  int healthcare;
};

std::vector<Cell> read_grid(const std::string& path) {
  std::vector<Cell> cells;
  auto rows = test::read_csv(path);
  for (std::size_t i = 1; i < rows.size(); ++i)  // id,lon,lat,population,schools,jobs,healthcare
    cells.push_back({rows[i][0], std::stod(rows[i][1]), std::stod(rows[i][2]), std::stod(rows[i][3]),
                     rows[i][6].empty() ? 0 : std::stoi(rows[i][6])});  // a few cells leave it empty
  return cells;
}

// Share of people within `limit` of any facility, by one textbook Dijkstra per facility (bounded
// at the limit) over the same graph and snapping, and its own aggregation.
double brute_force_coverage(const std::string& pbf, const std::vector<Cell>& cells, double limit_s) {
  const network::WalkProfile profile;
  const auto osm = io::read_osm(pbf, [&](const TagList& t) { return network::walk_access(t, profile).walkable; }, nullptr);
  BBox box;
  for (const auto& w : osm.ways)
    for (const auto& c : w.coords) box.add(c.lon, c.lat);
  const io::Projector proj(io::utm_epsg_for(box));
  const auto g = network::build_graph(network::input_from_osm(osm, proj, profile));
  const auto w = network::make_weights(g, MetresPerSecond{1.0});
  const network::Snapper snapper(g);
  std::vector<reach::Anchor> origins, facilities;
  for (const auto& c : cells) {
    const auto a = reach::make_anchor(g, w, snapper.snap(proj.forward({c.lon, c.lat}), {}));
    origins.push_back(a);
    if (c.healthcare > 0) facilities.push_back(a);
  }
  const auto limit = static_cast<std::uint64_t>(limit_s * 1000);
  std::vector<std::uint64_t> best(origins.size(), UINT64_MAX);
  for (const auto& f : facilities) {
    if (!f.valid()) continue;
    std::vector<std::uint64_t> dist(g.node_count(), UINT64_MAX);
    using Item = std::pair<std::uint64_t, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
    for (auto [n, c] : {std::pair{f.u, f.to_u.ms}, std::pair{f.v, f.to_v.ms}})
      if (c < dist[n]) dist[n] = c, pq.push({c, n});
    while (!pq.empty()) {
      auto [d, u] = pq.top();
      pq.pop();
      if (d > dist[u] || d > limit) continue;
      for (auto a = g.first_out[u]; a < g.first_out[u + 1]; ++a)
        if (d + w.arc_ms[a] < dist[g.head[a]]) dist[g.head[a]] = d + w.arc_ms[a], pq.push({dist[g.head[a]], g.head[a]});
    }
    for (std::size_t o = 0; o < origins.size(); ++o) {
      const auto& a = origins[o];
      if (!a.valid()) continue;
      if (dist[a.u] != UINT64_MAX) best[o] = std::min(best[o], dist[a.u] + a.to_u.ms);
      if (dist[a.v] != UINT64_MAX) best[o] = std::min(best[o], dist[a.v] + a.to_v.ms);
      if (a.edge == f.edge) best[o] = std::min<std::uint64_t>(best[o], reach::same_edge_cost(a, f).ms);
    }
  }
  double all = 0, covered = 0;
  for (std::size_t o = 0; o < cells.size(); ++o) {
    all += cells[o].population;
    if (best[o] <= limit) covered += cells[o].population;
  }
  return covered / all;
}

// The gap areas hold exactly the uncovered people, and no covered origin lies inside one.
void check_gap_areas(const std::string& gpkg, double uncovered) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  ASSERT_TRUE(ds);
  OGRLayer* areas = ds->GetLayerByName("gap_areas");
  OGRLayer* access = ds->GetLayerByName("origin_access");
  ASSERT_TRUE(areas && access);
  double people = 0;
  std::vector<std::unique_ptr<OGRGeometry>> polygons;
  for (auto& f : *areas) {
    people += f->GetFieldAsDouble("population");
    polygons.emplace_back(f->GetGeometryRef()->clone());
  }
  EXPECT_NEAR(people, uncovered, 1.0);
  ASSERT_FALSE(polygons.empty());
  std::size_t covered_checked = 0;
  for (auto& f : *access) {
    if (f->GetFieldAsInteger("covered") != 1) continue;
    const OGRGeometry* pt = f->GetGeometryRef();
    for (const auto& poly : polygons) EXPECT_FALSE(poly->Contains(pt)) << f->GetFieldAsString("origin_id");
    ++covered_checked;
  }
  EXPECT_GT(covered_checked, 100u);
}

TEST(CoverageCli, PortoAlegreHealthcareMatchesABruteForce) {
  LC_GEODATA(grid, "population/porto_alegre/poa_hexgrid.csv");
  LC_GEODATA(pbf, "population/porto_alegre/poa_osm.pbf");
  test::TempDir dir;
  const auto cells = read_grid(grid);
  ASSERT_EQ(cells.size(), 1227u);
  {  // healthcare sites: one facility at each cell that has any
    std::ofstream fac(dir.file("health.csv"));
    fac.precision(17);
    fac << "id,lon,lat,kind\n";
    for (const auto& c : cells)
      if (c.healthcare > 0) fac << c.id << "," << c.lon << "," << c.lat << ",health\n";
  }
  const auto r = test::run_cli("coverage --network " + pbf + " --facilities " + dir.file("health.csv") +
                               " --category-field kind --id-field id --origins " + grid +
                               " --population-field population --origin-id-field id --default-threshold 15"
                               " --summary " + dir.file("summary.csv") + " --out " + dir.file("result.gpkg"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto summary = test::read_csv(dir.file("summary.csv"));
  ASSERT_EQ(summary[0], (std::vector<std::string>{"unit", "category", "population", "covered_population",
                                                  "coverage", "mean_s", "p85_s"}));
  double coverage = -1, population = 0;
  for (const auto& row : summary)
    if (row[0] == "ALL" && row[1] == "health") coverage = std::stod(row[4]), population = std::stod(row[2]);
  EXPECT_NEAR(population, 812935, 1);
  const double expected = brute_force_coverage(pbf, cells, 900);
  EXPECT_NEAR(coverage, expected, 1e-5) << "brute force says " << expected;
  EXPECT_GT(expected, 0.2);
  EXPECT_LT(expected, 0.95);
  check_gap_areas(dir.file("result.gpkg"), population * (1 - coverage));
}

TEST(CoverageCli, BadPopulationIsNamed) {
  test::TempDir dir;
  test::write_file(dir.file("streets.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.802,39.670]]}}]})");
  test::write_file(dir.file("fac.csv"), "id,lon,lat,kind\nf1,106.8005,39.6701,convenience_store\n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"id,lon,lat,population\nh1,106.8010,39.6702,-5\n", "negative"},
      {"id,lon,lat,population\nh1,106.8010,39.6702,\n", "h1"},
      {"id,lon,lat,population\nh1,106.8010,39.6702,nan\n", "h1"},
      {"id,lon,lat,people\nh1,106.8010,39.6702,5\n", "population"},
  };
  for (const auto& [csv, fragment] : cases) {
    test::write_file(dir.file("homes.csv"), csv);
    const auto r = test::run_cli("coverage --network " + dir.file("streets.geojson") + " --facilities " +
                                 dir.file("fac.csv") + " --category-field kind --origins " + dir.file("homes.csv") +
                                 " --origin-id-field id --population-field population --summary " + dir.file("s.csv"));
    EXPECT_EQ(r.code, 3) << csv << r.out;
    EXPECT_NE(r.out.find(fragment), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(dir.file("s.csv")));
  }
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// The plan scenario: a convenience store the plan adds covers the home the base misses, and the
// progress table shows both.
TEST(CoverageCli, PlanFacilitiesAddAPlanColumn) {
  test::TempDir dir;
  // One straight street 0.01 deg (~857 m) long; the base store at its west end, the home at the
  // east end (~857 m away, beyond the 300 m threshold), the planned store beside the home.
  test::write_file(dir.file("streets.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.810,39.670]]}}]})");
  test::write_file(dir.file("base.csv"), "id,lon,lat,kind\ns1,106.8000,39.6701,convenience_store\n");
  test::write_file(dir.file("plan.csv"), "id,lon,lat,kind\np1,106.8098,39.6701,convenience_store\n");
  test::write_file(dir.file("homes.csv"), "id,lon,lat,population\nh1,106.8100,39.6701,500\nh2,106.8001,39.6701,100\n");
  const auto r = test::run_cli("coverage --network " + dir.file("streets.geojson") + " --facilities " + dir.file("base.csv") +
                               " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
                               " --origin-id-field id --population-field population --plan-facilities " + dir.file("plan.csv") +
                               " --out-dir " + dir.path.string() + " --summary " + dir.file("s.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  double base = -1, plan = -1;
  for (const auto& row : test::read_csv(dir.file("unit_coverage.csv")))
    if (row[0] == "ALL" && row[1] == "convenience_store") base = std::stod(row[4]);
  for (const auto& row : test::read_csv(dir.file("plan_unit_coverage.csv")))
    if (row[0] == "ALL" && row[1] == "convenience_store") plan = std::stod(row[4]);
  EXPECT_NEAR(base, 100.0 / 600.0, 1e-9);  // h2 beside the base store; h1 857 m away
  EXPECT_NEAR(plan, 1.0, 1e-9);
  const auto progress = test::read_csv(dir.file("progress.csv"));
  const auto& header = progress[0];
  const auto col = [&](const std::string& name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
  bool seen = false;
  for (const auto& row : progress)
    if (row[0] == "6.1") {
      seen = true;
      EXPECT_NEAR(std::stod(row[col("base_coverage")]), 100.0 / 600.0, 1e-6);
      EXPECT_NEAR(std::stod(row[col("plan_coverage")]), 1.0, 1e-6);
    }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// A 0.02 deg (~1.7 km) street; 600 people at its east end, 100 in the middle, none covered by
// the one shop at its west end; candidates mid, east and west. Returns the site command so far.
std::string site_town(const test::TempDir& dir) {
  test::write_file(dir.file("streets.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.820,39.670]]}}]})");
  test::write_file(dir.file("shops.csv"), "id,lon,lat,kind\ns1,106.8000,39.6701,convenience_store\n");
  test::write_file(dir.file("homes.csv"), "id,lon,lat,population\nh1,106.8195,39.6701,600\nh2,106.8100,39.6701,100\n");
  test::write_file(dir.file("cands.csv"), "cid,lon,lat\nmid,106.8101,39.6701\neast,106.8196,39.6701\nwest,106.8010,39.6701\n");
  return "site --network " + dir.file("streets.geojson") + " --facilities " + dir.file("shops.csv") +
         " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
         " --origin-id-field id --population-field population --category convenience_store";
}

// `lifecircle site`: the CSV contract, the best candidate first, and bad requests.
TEST(SiteCli, PicksTheCandidateThatCoversMostPeople) {
  test::TempDir dir;
  const std::string base = site_town(dir) + " --candidates " + dir.file("cands.csv") + " --candidate-id-field cid";
  const auto r = test::run_cli(base + " --count 2 --out " + dir.file("sites.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto rows = test::read_csv(dir.file("sites.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"rank", "site_id", "district", "x", "y", "new_covered",
                                               "cumulative_covered", "cumulative_coverage"}));
  EXPECT_EQ(rows[1][1], "east");
  EXPECT_DOUBLE_EQ(std::stod(rows[1][5]), 600);
  EXPECT_EQ(rows[2][1], "mid");
  EXPECT_DOUBLE_EQ(std::stod(rows[2][7]), 1.0);
  EXPECT_NEAR(std::stod(rows[1][3]), 106.8196, 1e-6);  // x, y in WGS84
  // A budget of 0, a quota without districts, and no candidates at all are refused.
  EXPECT_EQ(test::run_cli(base + " --count 0 --out " + dir.file("a.csv")).code, 2);
  EXPECT_EQ(test::run_cli(base + " --per-district X=1 --out " + dir.file("b.csv")).code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.csv")));
}

TEST(SiteCli, CandidatesOutsideEveryDistrictAreNamedOrMentioned) {
  test::TempDir dir;
  // The same town; one district over its eastern three quarters, so the west candidate and the
  // street points near the west end lie outside every district.
  test::write_file(dir.file("east.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"East"},"geometry":{"type":"Polygon","coordinates":[[[106.805,39.66],[106.825,39.66],[106.825,39.68],[106.805,39.68],[106.805,39.66]]]}}]})");
  const std::string base = site_town(dir) + " --units " + dir.file("east.geojson") + " --unit-name-field name --per-district East=1";
  const auto layer = test::run_cli(base + " --candidates " + dir.file("cands.csv") + " --candidate-id-field cid --out " +
                                   dir.file("a.csv"));
  ASSERT_EQ(layer.code, 0) << layer.out;
  EXPECT_NE(layer.out.find("warning: 1 of 3 candidates in " + dir.file("cands.csv") +
                           " lie outside every district and are not used with --per-district: west"),
            std::string::npos) << layer.out;
  EXPECT_EQ(test::read_csv(dir.file("a.csv"))[1][1], "east");
  const auto street = test::run_cli(base + " --candidate-spacing 200 --out " + dir.file("b.csv"));
  ASSERT_EQ(street.code, 0) << street.out;
  // Two of the street points lie west of the district: mentioned, not a warning.
  EXPECT_NE(street.out.find("\n2 of 9 street points lie outside every district"), std::string::npos) << street.out;
  EXPECT_EQ(street.out.find("warning: 2 of 9"), std::string::npos) << street.out;
}

}  // namespace
}  // namespace lc
