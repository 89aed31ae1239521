// A network drawn by hand, with every answer worked out on paper (speed 1 m/s, so metres are
// seconds):
//
//     A(0,0) ---100--- B(100,0) ---100--- C(200,0)          E(400,0) --50-- F(450,0)
//                        |
//                        | steps, 100 m at twice the time
//                        |
//                      D(100,-100)
//
// Facilities: f0 at (50,10) -> middle of A-B, 10 m off;  f1 at (445,100) -> E-F at 445, 100 m off;
//             f2 at (1000,1000) -> too far to snap;        f3 at (100,0) -> exactly on B.
// Origins:    o0 (200,5) near C; o1 (100,-103) below D; o2 (60,-4) on A-B beside f0;
//             o3 (430,20) on E-F; o4 (320,0): 120 m from C but 80 m from E, so it joins E-F.
#include <gtest/gtest.h>

#include "network/builder.hpp"
#include "network/snap.hpp"
#include "reach/category_reach.hpp"
#include "reach/counts.hpp"
#include "support/networks.hpp"

namespace lc {
namespace {

class HandDrawn : public ::testing::Test {
 protected:
  HandDrawn()
      : g(network::build_graph(test::drawn({{{{0, 0}, {100, 0}}},
                                            {{{100, 0}, {200, 0}}},
                                            {{{100, 0}, {100, -100}}, 2.0f},
                                            {{{400, 0}, {450, 0}}}}))),
        snapper(g),
        w(network::make_weights(g, MetresPerSecond{1.0})) {}

  std::vector<reach::Anchor> anchors(const std::vector<Point>& pts) {
    return reach::make_anchors(g, w, snapper.snap_all(pts, {}));
  }

  network::Graph g;
  network::Snapper snapper;
  network::Weights w;
  std::vector<Point> facilities{{50, 10}, {445, 100}, {1000, 1000}, {100, 0}};
  std::vector<Point> origins{{200, 5}, {100, -103}, {60, -4}, {430, 20}, {320, 0}};
};

TEST_F(HandDrawn, GraphHasSixNodesFourEdgesTwoComponents) {
  EXPECT_EQ(g.node_count(), 6u);
  EXPECT_EQ(g.edge_count(), 4u);
  EXPECT_EQ(g.arc_count(), 8u);
  ASSERT_EQ(g.component_size.size(), 2u);
  EXPECT_EQ(g.component_size[0], 4u);
  EXPECT_EQ(g.component_size[1], 2u);
}

TEST_F(HandDrawn, SnapsToTheMiddleOfAnEdge) {
  const network::Snap s = snapper.snap({50, 10}, {});
  ASSERT_TRUE(s.snapped());
  EXPECT_NEAR(s.offset.value, 10.0, 1e-9);
  EXPECT_NEAR(s.at.x, 50.0, 1e-9);
  EXPECT_NEAR(s.at.y, 0.0, 1e-9);
  EXPECT_NEAR(g.edge_length_m[s.edge], 100.0, 1e-9);
  const reach::Anchor a = reach::make_anchor(g, w, s);
  EXPECT_EQ(a.to_u.ms, 60000u);  // 10 m off the street + 50 m along it
  EXPECT_EQ(a.to_v.ms, 60000u);
}

TEST_F(HandDrawn, FarPointStaysUnsnapped) {
  EXPECT_FALSE(snapper.snap({1000, 1000}, {}).snapped());
  EXPECT_TRUE(snapper.snap({1000, 1000}, {Metres{2000.0}}).snapped());
}

TEST_F(HandDrawn, NearestAndKNearestMatchThePaperAnswers) {
  const auto f = anchors(facilities), o = anchors(origins);
  const auto r = reach::category_reach(g, w, f, o, 3, {Cost{120000}, Cost{240000}});
  auto cost = [&](std::size_t origin, unsigned i) { return r.nearest.row(origin)[i].cost; };
  auto id = [&](std::size_t origin, unsigned i) { return r.nearest.row(origin)[i].source; };
  // o0: f3 on B at 5 + 100 = 105 s; f0 at 105 + 60 = 165 s; f1 is across the gap.
  EXPECT_EQ(cost(0, 0).ms, 105000u);
  EXPECT_EQ(id(0, 0), 3u);
  EXPECT_EQ(cost(0, 1).ms, 165000u);
  EXPECT_FALSE(cost(0, 2).reachable());
  // o1: up the steps (3 + 200) to B = 203 s, then f0 at 263 s.
  EXPECT_EQ(cost(1, 0).ms, 203000u);
  EXPECT_EQ(cost(1, 1).ms, 263000u);
  // o2 shares f0's edge: 4 + 10 + 10 = 24 s without touching a node; f3 at 4 + 40 = 44 s.
  EXPECT_EQ(cost(2, 0).ms, 24000u);
  EXPECT_EQ(id(2, 0), 0u);
  EXPECT_EQ(cost(2, 1).ms, 44000u);
  // o3: on E-F with f1: 20 + 15 + 100 = 135 s.
  EXPECT_EQ(cost(3, 0).ms, 135000u);
  EXPECT_EQ(id(3, 0), 1u);
  EXPECT_FALSE(cost(3, 1).reachable());
  // o4 is nearer E-F's component: 80 + 45 + 100 = 225 s, and nothing of the other component.
  EXPECT_EQ(cost(4, 0).ms, 225000u);
  EXPECT_EQ(id(4, 0), 1u);
  EXPECT_FALSE(cost(4, 1).reachable());
  // f2 never snapped, so it is nobody's facility.
  for (std::size_t i = 0; i < origins.size(); ++i)
    for (const auto& l : r.nearest.row(i)) EXPECT_NE(l.source, 2u);
}

TEST_F(HandDrawn, CountsWithinTwoAndFourMinutes) {
  const auto f = anchors(facilities), o = anchors(origins);
  const auto counts = reach::counts_within(g, w, f, o, {Cost{120000}, Cost{240000}});
  const std::vector<std::uint32_t> expected = {
      1, 2,  // o0: f3 105 | f0 165
      0, 1,  // o1: f3 203 | f0 263 > 240
      2, 2,  // o2: f0 24, f3 44
      0, 1,  // o3: f1 135
      0, 1,  // o4: f1 225
  };
  EXPECT_EQ(counts, expected);
}

TEST_F(HandDrawn, SlowerSpeedScalesTimes) {
  const network::Weights slow = network::make_weights(g, MetresPerSecond{0.8});
  const auto f = reach::make_anchors(g, slow, snapper.snap_all(facilities, {}));
  const auto o = reach::make_anchors(g, slow, snapper.snap_all(origins, {}));
  const auto table = reach::nearest_facilities(g, slow, f, o, 1);
  EXPECT_EQ(table.row(0)[0].cost.ms, 131250u);  // 105 m / 0.8 m/s
}

TEST(Builder, ShapePointsFoldIntoEdgeLength) {
  // A(0,0) -> S(30,40) -> B(60,0): S is used once, so it is geometry, not a node.
  const auto g = network::build_graph(test::drawn({{{{0, 0}, {30, 40}, {60, 0}}}}));
  EXPECT_EQ(g.node_count(), 2u);
  ASSERT_EQ(g.edge_count(), 1u);
  EXPECT_NEAR(g.edge_length_m[0], 100.0, 1e-9);
  EXPECT_EQ(g.geom_first[1] - g.geom_first[0], 3u);
}

TEST(Builder, SharedInteriorVertexBecomesANode) {
  // Two ways cross at X(50,0), which both list: four edges meet there.
  const auto g = network::build_graph(
      test::drawn({{{{0, 0}, {50, 0}, {100, 0}}}, {{{50, -50}, {50, 0}, {50, 50}}}}));
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 4u);
  EXPECT_EQ(g.component_size.size(), 1u);
}

TEST(Builder, HilbertOrderKeepsNeighboursClose) {
  BBox box;
  box.add(0, 0);
  box.add(1000, 1000);
  // The four quadrants are visited in the curve's order: lower-left first, lower-right last.
  const auto ll = network::hilbert_index(box, 100, 100), ul = network::hilbert_index(box, 100, 900);
  const auto ur = network::hilbert_index(box, 900, 900), lr = network::hilbert_index(box, 900, 100);
  EXPECT_LT(ll, ul);
  EXPECT_LT(ul, ur);
  EXPECT_LT(ur, lr);
}

}  // namespace
}  // namespace lc
