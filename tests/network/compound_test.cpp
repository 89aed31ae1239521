// Gated compounds (小区, docs/network.md, Gated compounds), drawn by hand in metres (osm_sketch.hpp):
// a compound between two streets, its footway closed by private gates at both ends, and a
// private service road out to the east street without a gate. Its residents walk out through
// either; nobody walks in, so an outsider whose shortest walk would cut through the compound walks
// round it, and a shop inside serves the residents only. Times at 1 m/s, worked out on paper.
//
//   11 -------- 12 -------- 13 -------- 14 -------- 15      y = 200   north street
//    |                      |  gate 23 (200,180)     |
//    |      +---------------+------------------+     |      landuse=residential (20..380, 20..180)
//    |      |              22 ------ 24 ------ 25    |      y = 100   private service road 22-24-25
//   31 gate |               |    (access=private)    |
//    |      +---------------+------------------+     |
//    |                      |  gate 21 (200,20)      |
//    1 -------- 2 --------- 3 --------- 4 --------- 5       y = 0     south street
//
// The gate 31 (access=private) on the west street closes nothing off: it stays open both ways.
#include <gtest/gtest.h>

#include <lifecircle/graph.hpp>
#include <lifecircle/inputs.hpp>

#include <cmath>
#include <limits>
#include <set>

#include "network/osm_sketch.hpp"
#include "network/snap.hpp"
#include "reach/nearest.hpp"
#include "support/test_support.hpp"

namespace lc::gated_compound_test {

constexpr double kNo = std::numeric_limits<double>::infinity();

// The drawing above; without `land`, no landuse outline.
void draw_compound(test::OsmSketch& s, bool land = true) {
  const TagList gate{{"barrier", "gate"}, {"access", "private"}};
  for (int i = 0; i < 5; ++i) s.node(1 + i, 100.0 * i, 0), s.node(11 + i, 100.0 * i, 200);
  s.node(21, 200, 20, gate), s.node(22, 200, 100), s.node(23, 200, 180, gate), s.node(24, 300, 100), s.node(25, 400, 100);
  s.node(31, 0, 100, gate);
  s.node(201, 20, 20), s.node(202, 380, 20), s.node(203, 380, 180), s.node(204, 20, 180);
  const TagList street{{"highway", "residential"}};
  s.way(100, {1, 2, 3, 4, 5}, street);
  s.way(101, {11, 12, 13, 14, 15}, street);
  s.way(102, {1, 31, 11}, street);
  s.way(103, {5, 25, 15}, street);
  s.way(110, {3, 21, 22, 23, 13}, {{"highway", "footway"}});
  s.way(111, {22, 24, 25}, {{"highway", "service"}, {"access", "private"}});
  if (land) s.way(120, {201, 202, 203, 204, 201}, {{"landuse", "residential"}});
}

// Seconds from each origin to each facility (points joining their nearest street), kNo where
// no walk may reach it.
std::vector<std::vector<double>> walks(const network::Graph& g, const std::vector<Point>& origins,
                                       const std::vector<Point>& facilities) {
  const auto w = network::make_weights(g, MetresPerSecond{1.0});
  const network::Snapper snapper(g);
  auto anchors = [&](const std::vector<Point>& drawn) {
    std::vector<Point> at;
    for (const Point& p : drawn) at.push_back({test::OsmSketch::kX0 + p.x, test::OsmSketch::kY0 + p.y});
    return reach::make_anchors(g, w, snapper.snap_all(at, {Metres{50.0}}));
  };
  const auto f = anchors(facilities);
  const auto k = static_cast<unsigned>(facilities.size());
  const auto table = reach::nearest_facilities(g, w, f, reach::one_each(anchors(origins)), k);
  std::vector<std::vector<double>> out(origins.size(), std::vector<double>(facilities.size(), kNo));
  for (std::size_t o = 0; o < origins.size(); ++o)
    for (const auto& l : table.row(o))
      if (l.cost.reachable()) out[o][l.source] = l.cost.seconds().value;
  return out;
}

TEST(GatedCompound, Table) {
  const network::WalkProfile p;
  struct WayRow {
    TagList tags;
    bool walkable, private_way;
  };
  for (const auto& r : std::vector<WayRow>{{{{"highway", "service"}, {"access", "private"}}, false, true},
                                           {{{"highway", "footway"}, {"foot", "private"}}, false, true},
                                           {{{"highway", "footway"}, {"access", "private"}, {"foot", "yes"}}, true, false},
                                           {{{"highway", "footway"}, {"access", "no"}}, false, false},
                                           {{{"highway", "motorway"}, {"access", "private"}}, false, false},
                                           {{{"landuse", "residential"}}, false, false}}) {
    const auto a = network::walk_access(r.tags, p);
    EXPECT_EQ(a.walkable, r.walkable) << r.tags.back().first << "=" << r.tags.back().second;
    EXPECT_EQ(a.private_way, r.private_way) << r.tags.back().first << "=" << r.tags.back().second;
  }
  EXPECT_TRUE(network::network_way({{"landuse", "residential"}}, p));
  EXPECT_TRUE(network::network_way({{"highway", "service"}, {"access", "private"}}, p));
  EXPECT_FALSE(network::network_way({{"highway", "service"}, {"access", "no"}}, p));
  EXPECT_TRUE(network::private_gate({{"barrier", "gate"}, {"access", "private"}}, p));
  EXPECT_TRUE(network::private_gate({{"barrier", "lift_gate"}, {"access", "private"}}, p));
  EXPECT_FALSE(network::private_gate({{"barrier", "gate"}, {"access", "private"}, {"foot", "yes"}}, p));
  EXPECT_FALSE(network::private_gate({{"barrier", "gate"}, {"access", "private"}, {"locked", "yes"}}, p));  // closed
  EXPECT_FALSE(network::private_gate({{"barrier", "wall"}, {"access", "private"}}, p));                     // closed
  EXPECT_FALSE(network::private_gate({{"barrier", "gate"}}, p));
}

TEST(GatedCompound, ResidentsWalkOutOutsidersWalkRound) {
  const test::TempDir dir;
  test::OsmSketch s;
  draw_compound(s);
  const network::Graph g = s.graph(dir);
  // Two gates and the service road's end meet the streets: three links out, each one way.
  ASSERT_EQ(g.edge_oneway.size(), g.edge_count());
  EXPECT_EQ(std::count_if(g.edge_oneway.begin(), g.edge_oneway.end(), [](std::uint8_t o) { return o != 0; }), 3);
  const Point outsider{150, -5}, resident{190, 130}, east{405, 90};
  const Point north_shop{250, 205}, inner_shop{190, 60}, south_shop{150, -5}, west_shop{-5, 150};
  const auto t = walks(g, {outsider, resident, east}, {north_shop, inner_shop, south_shop, west_shop});
  // The outsider walks round (5 + 150 + 200 + 250 + 5, either way round), not through (310).
  EXPECT_NEAR(t[0][0], 610.0, 0.03);
  EXPECT_EQ(t[0][1], kNo);              // the shop inside is the residents'
  EXPECT_NEAR(t[0][2], 10.0, 0.03);     // on the same spot: the two legs
  EXPECT_NEAR(t[0][3], 310.0, 0.03);    // through the west gate (5 + 150 + 150 + 5), which closes nothing off
  // The resident leaves through the north gate (10 + 50 + 20 + 50 + 5), reaches the shop inside
  // (10 + 70 + 10), leaves through the south gate (10 + 110 + 20 + 50 + 5).
  EXPECT_NEAR(t[1][0], 135.0, 0.03);
  EXPECT_NEAR(t[1][1], 90.0, 0.03);
  EXPECT_NEAR(t[1][2], 195.0, 0.03);
  EXPECT_NEAR(t[1][3], 10.0 + 50 + 20 + 200 + 50 + 5, 0.03);  // out by the north gate, west, down past 11
  // From the east street the service road does not lead in.
  EXPECT_NEAR(t[2][0], 5.0 + 110 + 150 + 5, 0.03);
  EXPECT_EQ(t[2][1], kNo);
}

// A library user sees the same: in the public arrays, the three links are the one-way edges, at
// the two gates and where the service road meets the east street, each walked from the compound's
// side (cut off from the streets but for the links) to the streets' side.
TEST(GatedCompound, PublicArraysShowTheLinksOneWayOutwards) {
  const test::TempDir dir;
  test::OsmSketch s;
  draw_compound(s);
  test::write_file(dir.file("sketch.osm"), s.xml());
  lifecircle::Context ctx(1);
  ctx.level = lifecircle::LogLevel::quiet;
  lifecircle::NetworkSource src;
  src.path = dir.file("sketch.osm");
  src.epsg = 32648;
  const lifecircle::Network net = lifecircle::Network::build(ctx, src);
  const lifecircle::GraphArrays a = lifecircle::graph_arrays(net);
  ASSERT_EQ(a.edge_oneway.size(), a.edge_u.size());
  // The nodes joined to the south-west corner (node 1, first drawn) without the one-way edges.
  std::vector<std::vector<std::uint32_t>> next(a.node_at.size());
  for (std::size_t e = 0; e < a.edge_u.size(); ++e)
    if (a.edge_oneway[e] == 0) next[a.edge_u[e]].push_back(a.edge_v[e]), next[a.edge_v[e]].push_back(a.edge_u[e]);
  const io::Projector utm(32648);
  const auto drawn = [&](std::uint32_t n) {
    const Point p = utm.forward({a.node_at[n].lon, a.node_at[n].lat});
    return Point{p.x - test::OsmSketch::kX0, p.y - test::OsmSketch::kY0};
  };
  std::vector<char> street(a.node_at.size(), 0);
  std::vector<std::uint32_t> frontier;
  for (std::uint32_t n = 0; n < a.node_at.size(); ++n)
    if (std::hypot(drawn(n).x, drawn(n).y) < 0.05) street[n] = 1, frontier.push_back(n);
  ASSERT_EQ(frontier.size(), 1u);
  while (!frontier.empty()) {
    const std::uint32_t n = frontier.back();
    frontier.pop_back();
    for (const std::uint32_t m : next[n])
      if (!street[m]) street[m] = 1, frontier.push_back(m);
  }
  std::set<std::pair<long, long>> at;
  for (std::size_t e = 0; e < a.edge_u.size(); ++e) {
    if (a.edge_oneway[e] == 0) continue;
    ASSERT_TRUE(a.edge_oneway[e] == 1 || a.edge_oneway[e] == 2);
    EXPECT_EQ(a.edge_length_m[e], 0.0);
    const std::uint32_t from = a.edge_oneway[e] == 1 ? a.edge_u[e] : a.edge_v[e];
    const std::uint32_t to = a.edge_oneway[e] == 1 ? a.edge_v[e] : a.edge_u[e];
    EXPECT_FALSE(street[from]) << "edge " << e << " is walked from the streets' side";
    EXPECT_TRUE(street[to]) << "edge " << e << " does not lead to the streets";
    at.insert({std::lround(drawn(from).x), std::lround(drawn(from).y)});
  }
  EXPECT_EQ(at, (std::set<std::pair<long, long>>{{200, 20}, {200, 180}, {400, 100}}));
}

TEST(GatedCompound, ResidentOnThePrivateRoadLeavesByItOrByTheGates) {
  const test::TempDir dir;
  test::OsmSketch s;
  draw_compound(s);
  const network::Graph g = s.graph(dir);
  const Point on_road{320, 95}, inner_shop{190, 60}, east_shop{405, 150}, north_shop{250, 205};
  const auto t = walks(g, {on_road}, {inner_shop, east_shop, north_shop});
  EXPECT_NEAR(t[0][0], 5.0 + 120 + 40 + 10, 0.03);  // along the road to 22, down the footway
  EXPECT_NEAR(t[0][1], 5.0 + 80 + 50 + 5, 0.03);    // out at 25, up the east street
  EXPECT_NEAR(t[0][2], 5.0 + 120 + 80 + 20 + 50 + 5, 0.03);  // to 22, out by the north gate
}

TEST(GatedCompound, WithoutResidentialLandPrivateWaysStayUnwalkedAndGatesOpen) {
  test::OsmSketch bare;  // the same drawing without the landuse outline
  draw_compound(bare, false);
  const test::TempDir dir;
  const network::Graph g = bare.graph(dir);
  EXPECT_TRUE(g.edge_oneway.empty());
  const auto t = walks(g, {{150, -5}, {405, 90}}, {{250, 205}, {190, 60}});
  EXPECT_NEAR(t[0][0], 5.0 + 50 + 20 + 160 + 20 + 50 + 5, 0.03);  // through the gates, as before
  EXPECT_NEAR(t[0][1], 5.0 + 50 + 20 + 40 + 10, 0.03);
  EXPECT_NEAR(t[1][1], 5.0 + 90 + 200 + 20 + 40 + 10, 0.03);  // the private road is not walked
}

}  // namespace lc::gated_compound_test
