// network::snap_at_node: a point standing on a graph node, without the R-tree. By hand on a drawn
// path, and on random networks against the snapper itself given the node's position.
#include <gtest/gtest.h>

#include <random>

#include "network/snap.hpp"
#include "reach/anchor.hpp"
#include "reach/category_reach.hpp"
#include "support/networks.hpp"

namespace lc {
namespace {

// a(0,0) --100 m-- b(100,0) --50 m-- c(150,0), one way: b is a node only with a side street b-d.
TEST(SnapAtNode, StandsOnTheNodeWithNoLeg) {
  const network::Graph g = network::build_graph(test::drawn({
      {{{0, 0}, {100, 0}, {150, 0}}},
      {{{100, 0}, {100, 80}}},
  }));
  ASSERT_EQ(g.node_count(), 4u);
  const network::Weights w = network::make_weights(g, MetresPerSecond{1.0});
  for (NodeId n = 0; n < g.node_count(); ++n) {
    const network::Snap s = network::snap_at_node(g, n);
    ASSERT_TRUE(s.snapped());
    EXPECT_EQ(s.offset.value, 0.0);
    EXPECT_EQ(s.at.x, g.node_xy[n].x);
    EXPECT_EQ(s.at.y, g.node_xy[n].y);
    const bool at_u = g.edge_u[s.edge] == n;
    EXPECT_TRUE(at_u || g.edge_v[s.edge] == n);
    EXPECT_EQ(s.fraction, at_u ? 0.0 : 1.0);
    // From the node to the node itself costs nothing, whichever end it is.
    const reach::Anchor a = reach::make_anchor(g, w, s);
    EXPECT_EQ((at_u ? a.to_u : a.to_v).ms, 0);
  }
}

// Times from every node are the same whether the node is taken as it is or its position is
// snapped by the R-tree snapper (an independent path to the same place).
TEST(SnapAtNode, SameTimesAsTheSnapperAtTheNodePosition) {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    std::mt19937 rng(seed);
    const network::Graph g = network::build_graph(test::random_network(rng, 300, 2000.0));
    const network::Weights w = network::make_weights(g, MetresPerSecond{1.2});
    const network::Snapper snapper(g);
    std::vector<network::Snap> by_node, by_snapper;
    for (NodeId n = 0; n < g.node_count(); ++n) {
      by_node.push_back(network::snap_at_node(g, n));
      by_snapper.push_back(snapper.snap(g.node_xy[n], {Metres{1.0}}));
      ASSERT_TRUE(by_snapper.back().snapped());
      ASSERT_LT(by_snapper.back().offset.value, 1e-6);
    }
    std::vector<network::Snap> fac;
    for (int i = 0; i < 12; ++i) fac.push_back(snapper.snap({std::uniform_real_distribution<double>(0, 2000)(rng),
                                                              std::uniform_real_distribution<double>(0, 2000)(rng)},
                                                             {Metres{300.0}}));
    const auto facilities = reach::make_anchors(g, w, fac);
    const std::vector<Cost> thresholds{Cost::from_seconds({300.0}), Cost::from_seconds({900.0})};
    const auto a = reach::category_reach(g, w, facilities, reach::make_anchors(g, w, by_node), 2, thresholds);
    const auto b = reach::category_reach(g, w, facilities, reach::make_anchors(g, w, by_snapper), 2, thresholds);
    for (NodeId n = 0; n < g.node_count(); ++n)
      for (unsigned j = 0; j < 2; ++j)
        ASSERT_EQ(a.nearest.row(n)[j].cost.ms, b.nearest.row(n)[j].cost.ms) << "seed " << seed << " node " << n;
    EXPECT_EQ(a.counts, b.counts) << "seed " << seed;
  }
}

}  // namespace
}  // namespace lc
