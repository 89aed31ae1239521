// Real OpenStreetMap extracts from ../shared/geodata (LIFECIRCLE_GEODATA): graph sizes,
// components, snapping of real POIs, the sea between Malta and Gozo, and Porto end to end.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "network/builder.hpp"
#include "network/from_osm.hpp"
#include "network/snap.hpp"
#include "reach/nearest.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

struct OsmGraph {
  std::unique_ptr<io::Projector> proj;
  network::Graph g;
  io::OsmData pois;
  std::size_t vertices = 0;  // OSM nodes on walkable ways (what the geodata README counts)
  std::size_t ways = 0;
  std::set<std::int64_t> area_ways;  // pedestrian areas walked across (rim and across)
};

OsmGraph load(const std::string& path, bool with_pois) {
  const network::WalkProfile profile;
  const auto osm = io::read_osm(
      path, [&](const TagList& t) { return network::walk_access(t, profile).walkable; },
      with_pois ? io::TagFilter([](const TagList& t) { return find_tag(t, "amenity") || find_tag(t, "shop"); })
                : io::TagFilter());
  BBox box;
  for (const auto& w : osm.ways)
    for (const auto& c : w.coords) box.add(c.lon, c.lat);
  OsmGraph out{std::make_unique<io::Projector>(io::utm_epsg_for(box)), {}, {}, 0, 0, {}};
  const auto input = network::input_from_osm(osm, *out.proj, profile);
  out.vertices = input.vertices.size();
  std::set<std::int64_t> sources;  // OSM ways walked (a square's walks across are pieces of its way)
  for (const auto& w : input.ways) sources.insert(w.source);
  out.ways = sources.size();
  out.g = network::build_graph(input);
  for (const auto& w : osm.ways)
    if (network::walk_access(w.tags, profile).area) out.area_ways.insert(w.id);
  out.pois.pois = osm.pois;
  return out;
}

TEST(RealData, HelsinkiMicroGraphAndPoiSnapping) {
  LC_GEODATA(path, "osm/helsinki_micro.osm.pbf");
  const OsmGraph h = load(path, true);
  EXPECT_EQ(h.proj->epsg(), 32635);  // Helsinki is in UTM zone 35N
  // The geodata README counts 1,411 nodes on 385 walkable ways (another tool's profile, nodes
  // before simplification); ours must agree within a few percent. Our graph keeps only
  // intersections and dead ends, so it has far fewer nodes than that.
  EXPECT_NEAR(static_cast<double>(h.ways), 385.0, 385 * 0.05);
  EXPECT_NEAR(static_cast<double>(h.vertices), 1411.0, 1411 * 0.1);
  // Each link of no length and a delay (a crossing hub's, an elevator stop's) adds a node of its
  // own beside a place that is a node already.
  std::size_t links = 0;
  for (EdgeId e = 0; e < h.g.edge_count(); ++e) links += h.g.edge_length_m[e] == 0.0 && h.g.edge_extra_s[e] > 0.0f;
  EXPECT_LT(h.g.node_count() - links, h.vertices / 2);
  EXPECT_GT(h.g.node_count(), 400u);
  // The README's 15.6 km; we also walk platforms. The edges of the pedestrian squares (their rims
  // and the walks across them, docs/network.md) are counted apart: the walks across overlap one
  // another and are not street length.
  double km = 0, across_km = 0;
  for (EdgeId e = 0; e < h.g.edge_count(); ++e) (h.area_ways.count(h.g.edge_source[e]) ? across_km : km) += h.g.edge_length_m[e] / 1000.0;
  EXPECT_GT(km + across_km, 15.0);
  EXPECT_LT(km, 25.0);
  EXPECT_GT(across_km, 10.0);
  // A clipped extract: one main component holding most nodes, and crumbs at the edges.
  ASSERT_FALSE(h.g.component_size.empty());
  EXPECT_GT(h.g.component_size[0], h.g.node_count() / 2);
  std::uint32_t sum = 0;
  for (auto s : h.g.component_size) sum += s;
  EXPECT_EQ(sum, h.g.node_count());
  // Every POI of interest lies within 250 m of a walkable street in central Helsinki.
  const network::Snapper snapper(h.g);
  ASSERT_GT(h.pois.pois.size(), 70u);
  for (const auto& p : h.pois.pois) {
    const auto s = snapper.snap(h.proj->forward(p.location), {});
    EXPECT_TRUE(s.snapped()) << p.kind << p.id;
    EXPECT_LE(s.offset.value, 250.0);
  }
}

TEST(RealData, HelsinkiXmlAndPbfGiveTheSameGraph) {
  LC_GEODATA(pbf, "osm/helsinki_micro.osm.pbf");
  LC_GEODATA(xml, "osm/helsinki_micro.osm");
  const OsmGraph a = load(pbf, false), b = load(xml, false);
  EXPECT_EQ(a.g.node_count(), b.g.node_count());
  EXPECT_EQ(a.g.edge_count(), b.g.edge_count());
  EXPECT_EQ(a.g.component_size, b.g.component_size);
}

TEST(RealData, MaltaAndGozoAreNotConnectedOverTheSea) {
  LC_GEODATA(path, "osm/malta_2016.osm.pbf");
  const OsmGraph m = load(path, false);
  EXPECT_NEAR(static_cast<double>(m.ways), 20322.0, 20322 * 0.05);  // README figures
  EXPECT_NEAR(static_cast<double>(m.vertices), 92294.0, 92294 * 0.05);
  const network::Snapper snapper(m.g);
  const auto valletta = snapper.snap(m.proj->forward({14.5146, 35.8989}), {});
  const auto victoria = snapper.snap(m.proj->forward({14.2394, 36.0444}), {});
  ASSERT_TRUE(valletta.snapped());
  ASSERT_TRUE(victoria.snapped());
  const auto cv = m.g.component[m.g.edge_u[valletta.edge]], cg = m.g.component[m.g.edge_u[victoria.edge]];
  EXPECT_NE(cv, cg);
  // The two islands' networks are the two largest components.
  EXPECT_LT(cv, 2u);
  EXPECT_LT(cg, 2u);
  // A facility in Victoria is unreachable from Valletta, and reachable from Victoria itself.
  const auto w = network::make_weights(m.g, MetresPerSecond{1.0});
  const auto fac = reach::make_anchors(m.g, w, {victoria});
  const auto org = reach::make_anchors(m.g, w, {valletta, victoria});
  const auto t = reach::nearest_facilities(m.g, w, fac, org, 1);
  EXPECT_FALSE(t.row(0)[0].cost.reachable());
  EXPECT_TRUE(t.row(1)[0].cost.reachable());
}

// Porto maps its squares and many sidewalks as highway=pedestrian areas (1,187): walked across
// they join the streets (the largest component grows from 5,649 nodes), and the areas no way
// reaches are left out instead of standing as islands that catch snapped homes (563 components
// before, docs/network.md).
TEST(RealData, PortoSquaresJoinTheStreets) {
  LC_GEODATA(path, "osm/porto_center.osm.pbf");
  const OsmGraph p = load(path, false);
  EXPECT_LT(p.g.component_size.size(), 300u);
  EXPECT_GT(p.g.component_size[0], 8000u);
  std::size_t area_edges = 0;
  for (EdgeId e = 0; e < p.g.edge_count(); ++e) area_edges += p.area_ways.count(p.g.edge_source[e]);
  EXPECT_GT(area_edges, 10000u);
}

TEST(RealData, PortoCentreEndToEndThroughTheCli) {
  LC_GEODATA(path, "osm/porto_center.osm.pbf");
  test::TempDir dir;
  const auto r = test::run_cli("reach --network " + path + " --facilities " + path + " --origins " + path +
                               " --out " + dir.file("porto.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  std::stringstream ss(test::read_file(dir.file("porto.csv")));
  std::string line;
  std::getline(ss, line);
  std::map<std::string, std::size_t> rows, reached;
  std::size_t checked = 0;
  while (std::getline(ss, line)) {
    std::vector<std::string> c;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) c.push_back(cell);
    while (c.size() < 10) c.push_back("");
    ++rows[c[1]];
    if (c[2].empty()) continue;
    ++reached[c[1]];
    // Two code paths must agree: the multi-source nearest time and the bounded counts.
    const double nearest = std::stod(c[2]);
    if (nearest < 899.0) {
      EXPECT_GE(std::stoi(c[8]), 1) << line;
    }
    if (nearest > 901.0) {
      EXPECT_EQ(std::stoi(c[8]), 0) << line;
    }
    if (nearest > 301.0) {
      EXPECT_EQ(std::stoi(c[6]), 0) << line;
    }
    ++checked;
  }
  EXPECT_EQ(rows.size(), 4u);  // clinic, convenience, elder_care, pharmacy
  EXPECT_GT(checked, 10000u);
  // Porto's centre is dense: most buildings reach a convenience store or supermarket.
  EXPECT_GT(reached["convenience"], rows["convenience"] * 8 / 10);
}

}  // namespace
}  // namespace lc
