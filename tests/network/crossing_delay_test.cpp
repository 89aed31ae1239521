// Crossing delays (docs/network.md): a crossing node on a footpath adds 5 s, a signalled one
// (crossing=traffic_signals) 20 s, whether the node becomes a graph node or folds into an edge
// (a footway crossing a road that is not walked, in mid-way), and once where two paths meet at it.
// At a graph node every walk that uses the footpath there pays it once, in either direction and on
// either half of the footpath; a walk along the road past it pays nothing.
//
// Drawn networks, speed 1 m/s (metres are seconds):
//
//                 N (50,50)
//                 |
//     A (0,0) --- X (50,0) --- B (100,0)        X: the crossing, 20 s
//                 |
//                 S (50,-50)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "network/builder.hpp"
#include "network/from_osm.hpp"
#include "network/osm_profile.hpp"
#include "support/brute_force.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

// Vertices 0 A, 1 X, 2 B, 3 N, 4 S. Each way lists its vertices and the delay at each.
struct Way {
  std::vector<std::uint32_t> vertices;
  std::vector<float> delays;
};

network::Graph build(const std::vector<Way>& ways) {
  network::NetworkInput in;
  in.vertices = {{0, 0}, {50, 0}, {100, 0}, {50, 50}, {50, -50}};
  std::int64_t id = 0;
  for (const Way& w : ways) {
    network::WayPiece p;
    p.vertices = w.vertices;
    p.vertex_extra_s = w.delays;
    p.source = id++;
    in.ways.push_back(std::move(p));
  }
  return network::build_graph(in);
}

NodeId node_at(const network::Graph& g, Point p) {
  for (NodeId n = 0; n < g.node_count(); ++n)
    if (g.node_xy[n].x == p.x && g.node_xy[n].y == p.y) return n;
  ADD_FAILURE() << "no node at " << p.x << "," << p.y;
  return 0;
}

// Walking time in ms from a to b over the graph (textbook Dijkstra).
std::uint64_t walk_ms(const network::Graph& g, Point a, Point b) {
  const auto w = network::make_weights(g, MetresPerSecond{1.0});
  return test::dijkstra(g, w, {{node_at(g, a), 0}})[node_at(g, b)];
}

TEST(CrossingDelay, AFoldedCrossingKeepsItsDelayInTheEdge) {
  // Only the footway is walked: X is a shape point of the edge A-B.
  const auto g = build({{{0, 1, 2}, {0, 20, 0}}});
  ASSERT_EQ(g.node_count(), 2u);
  ASSERT_EQ(g.edge_count(), 1u);
  EXPECT_DOUBLE_EQ(g.edge_length_m[0], 100.0);
  EXPECT_FLOAT_EQ(g.edge_extra_s[0], 20.0f);
  EXPECT_EQ(walk_ms(g, {0, 0}, {100, 0}), 120000u);
  EXPECT_EQ(walk_ms(g, {100, 0}, {0, 0}), 120000u);
}

TEST(CrossingDelay, SeveralFoldedCrossingsAddUp) {
  network::NetworkInput in;
  in.vertices = {{0, 0}, {25, 0}, {50, 0}, {75, 0}, {100, 0}};
  network::WayPiece p;
  p.vertices = {0, 1, 2, 3, 4};
  p.vertex_extra_s = {0, 5, 0, 20, 0};
  p.extra_s = 1.0f;  // the way's own extra, once per edge
  in.ways.push_back(p);
  const auto g = network::build_graph(in);
  ASSERT_EQ(g.edge_count(), 1u);
  EXPECT_FLOAT_EQ(g.edge_extra_s[0], 26.0f);
}

TEST(CrossingDelay, ACrossingAtAGraphNodeIsPaidWalkingThroughIt) {
  // The road N-X-S is walked too: X is a node; the footway's delay is paid once from A to B.
  const auto g = build({{{0, 1, 2}, {0, 20, 0}}, {{3, 1, 4}, {}}});
  ASSERT_EQ(g.node_count(), 6u);  // A, X, B, N, S and X's crossing hub
  EXPECT_EQ(walk_ms(g, {0, 0}, {100, 0}), 120000u);
  EXPECT_EQ(walk_ms(g, {100, 0}, {0, 0}), 120000u);
  EXPECT_EQ(walk_ms(g, {50, 50}, {50, -50}), 100000u);  // along the road: no delay
}

TEST(CrossingDelay, EitherHalfOfTheFootpathPaysGoingOntoTheRoad) {
  // Both halves of the footway, in both directions, between the footway and the road: each walk
  // passes the crossing once (100 m and 20 s). The way is drawn A -> X -> B; the half before X used
  // to pay nothing going onto the road.
  const auto g = build({{{0, 1, 2}, {0, 20, 0}}, {{3, 1, 4}, {}}});
  for (const Point end : {Point{0, 0}, Point{100, 0}})
    for (const Point road : {Point{50, 50}, Point{50, -50}}) {
      EXPECT_EQ(walk_ms(g, end, road), 120000u) << end.x << " -> " << road.y;
      EXPECT_EQ(walk_ms(g, road, end), 120000u) << road.y << " -> " << end.x;
    }
  // The same with the footway drawn the other way round, and as two ways meeting at X.
  const auto reversed = build({{{2, 1, 0}, {0, 20, 0}}, {{3, 1, 4}, {}}});
  const auto split = build({{{0, 1}, {0, 20}}, {{1, 2}, {20, 0}}, {{3, 1, 4}, {}}});
  for (const auto* h : {&reversed, &split}) {
    EXPECT_EQ(walk_ms(*h, {0, 0}, {50, 50}), 120000u);
    EXPECT_EQ(walk_ms(*h, {100, 0}, {50, -50}), 120000u);
    EXPECT_EQ(walk_ms(*h, {0, 0}, {100, 0}), 120000u);
    EXPECT_EQ(walk_ms(*h, {50, 50}, {50, -50}), 100000u);
  }
}

TEST(CrossingDelay, TwoPathsMeetingAtTheCrossingPayItOnce) {
  // The footway is two ways split at X, each listing X's delay (as OSM ways sharing the node do).
  const auto g = build({{{0, 1}, {0, 20}}, {{1, 2}, {20, 0}}});
  EXPECT_EQ(walk_ms(g, {0, 0}, {100, 0}), 120000u);
}

TEST(CrossingDelay, DelaysAtTheEndsOfAWay) {
  // Both ends are nodes (way ends), each with its hub: the walk from end to end passes both.
  const auto g = build({{{0, 1, 2}, {5, 0, 20}}});
  ASSERT_EQ(g.node_count(), 4u);
  ASSERT_EQ(g.edge_count(), 3u);  // the way and two links
  EXPECT_EQ(walk_ms(g, {0, 0}, {100, 0}), 125000u);
}

// ---------------------------------------------------------------------------------------------
// From OSM, near Wuhai: a footway 1-2-3 crossing a trunk road 4-2-5 (not walkable without
// foot=yes) in mid-way at node 2, between residential streets 6-1 and 3-7. Node 2 is on both ways,
// but only the footway is walked, so it folds into the footway's edge 1-3.
//
//                    5
//                    |
//     6 ---- 1 ---- 2 ---- 3 ---- 7        0.001 deg of longitude apart (about 85.7 m)
//                    |
//                    4

std::string osm_file(const std::string& crossing_tags, const std::string& road = "trunk") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="handwritten">
  <node id="1" lat="39.6700" lon="106.8000"/>
  <node id="2" lat="39.6700" lon="106.8010">)" +
         crossing_tags + R"(</node>
  <node id="3" lat="39.6700" lon="106.8020"/>
  <node id="4" lat="39.6690" lon="106.8010"/>
  <node id="5" lat="39.6710" lon="106.8010"/>
  <node id="6" lat="39.6700" lon="106.7990"/>
  <node id="7" lat="39.6700" lon="106.8030"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="footway"/></way>
  <way id="20"><nd ref="4"/><nd ref="2"/><nd ref="5"/><tag k="highway" v=")" +
         road + R"("/></way>
  <way id="30"><nd ref="6"/><nd ref="1"/><tag k="highway" v="residential"/></way>
  <way id="40"><nd ref="3"/><nd ref="7"/><tag k="highway" v="residential"/></way>
</osm>
)";
}

// The extra seconds on the edges of one OSM way.
float extra_of(const network::Graph& g, std::int64_t way) {
  float sum = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e)
    if (g.edge_source[e] == way) sum += g.edge_extra_s[e];
  return sum;
}

const std::string kSignals = R"(<tag k="highway" v="crossing"/><tag k="crossing" v="traffic_signals"/>)";
const std::string kUncontrolled = R"(<tag k="highway" v="crossing"/><tag k="crossing" v="uncontrolled"/>)";

network::Graph graph_of(const test::TempDir& dir, const std::string& text) {
  test::write_file(dir.file("net.osm"), text);
  const network::WalkProfile profile;
  const auto osm = io::read_osm(dir.file("net.osm"), [&](const TagList& t) { return network::walk_access(t, profile).walkable; },
                                nullptr);
  const io::Projector proj(32648);  // UTM 48N
  return network::build_graph(network::input_from_osm(osm, proj, profile));
}

TEST(CrossingDelayOsm, MidWayCrossingOfARoadNotWalked) {
  test::TempDir dir;
  for (const auto& [tags, delay] : {std::pair{kSignals, 20.0f}, std::pair{kUncontrolled, 5.0f},
                                    std::pair{std::string(R"(<tag k="highway" v="crossing"/>)"), 5.0f},
                                    std::pair{std::string(R"(<tag k="highway" v="crossing"/><tag k="crossing" v="marked"/>)"
                                                          R"(<tag k="crossing:signals" v="yes"/>)"),
                                              20.0f},
                                    std::pair{std::string(), 0.0f}}) {
    const auto g = graph_of(dir, osm_file(tags));
    ASSERT_EQ(g.node_count(), 4u) << tags;  // 6, 1, 3, 7: node 2 folded
    ASSERT_EQ(g.edge_count(), 3u) << tags;
    EXPECT_FLOAT_EQ(extra_of(g, 10), delay) << tags;
    EXPECT_FLOAT_EQ(extra_of(g, 30) + extra_of(g, 40), 0.0f) << tags;
  }
}

TEST(CrossingDelayOsm, CrossingAWalkedRoadAtANode) {
  test::TempDir dir;
  const auto g = graph_of(dir, osm_file(kSignals, "residential"));
  ASSERT_EQ(g.node_count(), 8u);  // 1-7 and node 2's crossing hub
  ASSERT_EQ(g.edge_count(), 7u);  // the footway's two halves and the hub's link (way 10's), the rest
  EXPECT_FLOAT_EQ(extra_of(g, 10), 30.0f);  // half on each half, half on the link: each walk pays 20
  EXPECT_FLOAT_EQ(extra_of(g, 20), 0.0f);   // walking along the road crosses nothing
}

// Through the real binary: a shop on street 6-1 and a home on street 3-7, so the walk takes the
// whole footway. The same walk with and without the crossing tags differs by exactly the delay,
// whatever the projection does to the lengths.
TEST(CrossingDelayCli, ReachPaysTheCrossing) {
  test::TempDir dir;
  test::write_file(dir.file("fac.geojson"), R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fid":"shop1","kind":"convenience"},"geometry":{"type":"Point","coordinates":[106.7991,39.6701]}}]})");
  test::write_file(dir.file("homes.csv"), "id,lon,lat\nh1,106.8029,39.6701\n");
  auto nearest_s = [&](const std::string& tags) {
    test::write_file(dir.file("net.osm"), osm_file(tags));
    const auto r = test::run_cli("reach --network " + dir.file("net.osm") + " --facilities " + dir.file("fac.geojson") +
                                 " --category-field kind --id-field fid --origins " + dir.file("homes.csv") +
                                 " --origin-id-field id --speed 1 --overwrite --out " + dir.file("out.csv"));
    EXPECT_EQ(r.code, 0) << r.out;
    const auto rows = test::parse_csv(test::read_file(dir.file("out.csv")));
    EXPECT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows.at(1).at(3), "shop1");
    return std::stod(rows.at(1).at(2));
  };
  const double plain = nearest_s("");
  EXPECT_NEAR(plain, 11.1 + 0.0038 * 85700 + 11.1, 1.5);  // off, 0.0038 deg of longitude along, off
  EXPECT_NEAR(nearest_s(kSignals) - plain, 20.0, 0.002);
  EXPECT_NEAR(nearest_s(kUncontrolled) - plain, 5.0, 0.002);
}

}  // namespace
}  // namespace lc
