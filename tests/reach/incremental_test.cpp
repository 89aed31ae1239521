// Incremental nearest: a hand-drawn network with every answer worked out on paper, and random
// networks where any sequence of added and removed facilities and added links must give exactly
// what a fresh build and the full searches (nearest.hpp, counts.hpp) give.
//
// Speed 1 m/s, so metres are seconds:
//
//     X(0,200) --100-- Y(100,200)        o2 at (50,195) on X-Y
//                        :
//                        : the scenario's link, 200 m (drawn from (100,195) to (100,5))
//                        :
//     A(0,0) --100-- B(100,0) --100-- C(200,0) --100-- D(300,0) --100-- E(400,0)
//
// Facilities: f0 (0,10) on A-B at A, 10 m off: A 10, B 110.  f1 (400,10) on D-E at E: E 10, D 110.
// Added f2 (250,10) on C-D in the middle: C 60, D 60.
// Origins: o0 (150,-5) on B-C: 55 to B and to C.  o1 (350,-5) on D-E: 55 to D and E.  o2 above.
#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "core/error.hpp"
#include "network/builder.hpp"
#include "network/links.hpp"
#include "network/snap.hpp"
#include "reach/counts.hpp"
#include "reach/incremental.hpp"
#include "reach/nearest.hpp"
#include "support/networks.hpp"

namespace lc {
namespace {

using reach::Anchor;
using reach::IncrementalNearest;
using reach::Label;

NodeId node_at(const network::Graph& g, double x, double y) {
  for (NodeId n = 0; n < g.node_count(); ++n)
    if (g.node_xy[n].x == x && g.node_xy[n].y == y) return n;
  return kNone;
}

class IncrementalHandDrawn : public ::testing::Test {
 protected:
  IncrementalHandDrawn()
      : g(network::build_graph(test::drawn({{{{0, 0}, {100, 0}}},
                                            {{{100, 0}, {200, 0}}},
                                            {{{200, 0}, {300, 0}}},
                                            {{{300, 0}, {400, 0}}},
                                            {{{0, 200}, {100, 200}}}}))),
        snapper(g),
        w(network::make_weights(g, MetresPerSecond{1.0})),
        origins(reach::one_each(anchors({{150, -5}, {350, -5}, {50, 195}}))) {}

  std::vector<Anchor> anchors(const std::vector<Point>& pts) {
    return reach::make_anchors(g, w, snapper.snap_all(pts, {}));
  }
  Label label(const IncrementalNearest& inc, double x, double y) { return inc.node_label(node_at(g, x, y)); }
  std::vector<std::uint32_t> counts_of(const IncrementalNearest& inc, std::size_t o) {
    return {inc.counts().begin() + static_cast<long>(o * 3), inc.counts().begin() + static_cast<long>(o * 3 + 3)};
  }

  network::Graph g;
  network::Snapper snapper;
  network::Weights w;
  reach::OriginAnchors origins;
  std::vector<Cost> thresholds{Cost{120000}, Cost{240000}, Cost{600000}};
};

void expect_label(Label l, Cost::rep ms, std::uint32_t source) {
  EXPECT_EQ(l.cost.ms, ms);
  EXPECT_EQ(l.source, source);
}

TEST_F(IncrementalHandDrawn, AddRemoveAndLinkMatchThePaperAnswers) {
  IncrementalNearest inc(g, w, anchors({{0, 10}, {400, 10}}), origins, thresholds);
  // Base: C is 210 s from both f0 and f1; the lower index wins the tie.
  expect_label(label(inc, 200, 0), 210000, 0);
  expect_label(label(inc, 300, 0), 110000, 1);
  expect_label(inc.nearest()[0], 165000, 0);  // via B
  expect_label(inc.nearest()[1], 65000, 1);   // along D-E: 5 + 50 + 10
  EXPECT_FALSE(inc.nearest()[2].cost.reachable());
  EXPECT_EQ(counts_of(inc, 0), (std::vector<std::uint32_t>{0, 1, 2}));  // f0 165, f1 265
  EXPECT_EQ(counts_of(inc, 1), (std::vector<std::uint32_t>{1, 1, 2}));  // f1 65, f0 365
  EXPECT_EQ(counts_of(inc, 2), (std::vector<std::uint32_t>{0, 0, 0}));

  // Add f2 on C-D: C and D change (60 s), B keeps f0 (110 < 160), E keeps f1.
  EXPECT_EQ(inc.add_facility(anchors({{250, 10}})[0]), 2u);
  EXPECT_EQ(inc.last_update().nodes, 2u);
  EXPECT_EQ(inc.last_update().facilities, 1u);
  expect_label(label(inc, 200, 0), 60000, 2);
  expect_label(label(inc, 300, 0), 60000, 2);
  expect_label(label(inc, 100, 0), 110000, 0);
  expect_label(inc.nearest()[0], 115000, 2);
  expect_label(inc.nearest()[1], 65000, 1);
  EXPECT_EQ(counts_of(inc, 0), (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(counts_of(inc, 1), (std::vector<std::uint32_t>{2, 2, 3}));

  // Remove f0: A and B are settled again from C: B 160, A 260, both f2.
  inc.remove_facility(0);
  EXPECT_EQ(inc.last_update().nodes, 2u);
  expect_label(label(inc, 100, 0), 160000, 2);
  expect_label(label(inc, 0, 0), 260000, 2);
  expect_label(inc.nearest()[0], 115000, 2);
  EXPECT_EQ(counts_of(inc, 0), (std::vector<std::uint32_t>{1, 1, 2}));
  EXPECT_EQ(counts_of(inc, 1), (std::vector<std::uint32_t>{2, 2, 2}));

  // Link B-Y (200 m): Y 360, X 460 from f2; o2 415 s via Y; f1 reaches o2 in 565 s.
  const auto linked = network::add_links(g, {{"gate", {{100, 195}, {100, 5}}}}, Metres{10.0}, "links.geojson");
  ASSERT_EQ(linked.added.size(), 1u);
  EXPECT_DOUBLE_EQ(linked.graph.edge_length_m[linked.added[0]], 200.0);
  const auto w2 = network::make_weights(linked.graph, MetresPerSecond{1.0});
  inc.add_links(linked.graph, w2, linked.added);
  EXPECT_EQ(inc.last_update().nodes, 2u);
  expect_label(label(inc, 100, 200), 360000, 2);
  expect_label(label(inc, 0, 200), 460000, 2);
  expect_label(inc.nearest()[2], 415000, 2);
  EXPECT_EQ(counts_of(inc, 2), (std::vector<std::uint32_t>{0, 0, 2}));
  EXPECT_EQ(counts_of(inc, 0), (std::vector<std::uint32_t>{1, 1, 2}));
}

TEST_F(IncrementalHandDrawn, LinkEndTooFarIsRefusedNamingTheFeature) {
  try {
    network::add_links(g, {{"7", {{100, 150}, {100, 5}}}}, Metres{10.0}, "links.geojson");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("links.geojson"), std::string::npos) << m;
    EXPECT_NE(m.find("feature 7"), std::string::npos) << m;
    EXPECT_NE(m.find("50.0 m"), std::string::npos) << m;
  }
  EXPECT_THROW(network::add_links(g, {{"8", {{0, 1}, {1, 0}}}}, Metres{10.0}, "l"), InputError);  // same node
}

// Random networks: after every step the incremental state must equal a fresh build and the full
// searches, label for label, origin for origin, count for count.
struct IncrementalWorld {
  std::deque<network::Graph> graphs;  // every graph the state has pointed at stays alive
  std::deque<network::Weights> weights;
};

void expect_same(const IncrementalNearest& inc, const network::Graph& g, const network::Weights& w,
                 const reach::OriginAnchors& origins, const std::vector<Cost>& thresholds, const std::string& step) {
  const IncrementalNearest fresh(g, w, inc.facilities(), origins, thresholds);
  for (NodeId n = 0; n < g.node_count(); ++n) {
    ASSERT_EQ(inc.node_label(n).cost, fresh.node_label(n).cost) << step << " node " << n;
    ASSERT_EQ(inc.node_label(n).source, fresh.node_label(n).source) << step << " node " << n;
  }
  const auto full = reach::nearest_facilities(g, w, inc.facilities(), origins, 1);
  const auto counts = reach::counts_within(g, w, inc.facilities(), origins, thresholds);
  for (std::size_t o = 0; o < origins.origin_count(); ++o) {
    ASSERT_EQ(inc.nearest()[o].cost, full.row(o)[0].cost) << step << " origin " << o;
    ASSERT_EQ(inc.nearest()[o].source, full.row(o)[0].source) << step << " origin " << o;
  }
  ASSERT_EQ(inc.counts(), counts) << step;
  ASSERT_EQ(inc.counts(), fresh.counts()) << step;
}

class IncrementalRandom : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(IncrementalRandom, AnySequenceEqualsAFullRerun) {
  std::mt19937 rng(GetParam());
  IncrementalWorld world;
  network::NetworkInput in = test::random_network(rng, 250, 2000.0);
  test::add_twins(in, rng, 25);  // duplicate nodes at one spot: zero-length edges and ties
  world.graphs.push_back(network::build_graph(in));
  if (GetParam() % 2) test::random_slopes(world.graphs.back(), rng);  // odd seeds: directed costs
  const network::Graph& base = world.graphs.back();
  world.weights.push_back(network::make_weights(base, MetresPerSecond{1.1}));
  const network::Snapper snapper(base);
  std::uniform_real_distribution<double> coord(-100.0, 2100.0);
  auto anchor = [&](Point p) { return reach::make_anchor(base, world.weights.front(), snapper.snap(p, {Metres{150.0}})); };
  std::vector<Anchor> facilities;
  for (int i = 0; i < 12; ++i) facilities.push_back(anchor({coord(rng), coord(rng)}));
  // Origins with one to three access points; some sit exactly on a facility (same-edge ties).
  reach::OriginAnchors origins{{}, {0}};
  for (int o = 0; o < 80; ++o) {
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i)
      origins.anchors.push_back(o < 6 && i == 0 ? facilities[static_cast<std::size_t>(o)] : anchor({coord(rng), coord(rng)}));
    origins.first.push_back(static_cast<std::uint32_t>(origins.anchors.size()));
  }
  const std::vector<Cost> thresholds{Cost{300000}, Cost{600000}, Cost{900000}};
  IncrementalNearest inc(base, world.weights.front(), facilities, origins, thresholds);
  expect_same(inc, base, world.weights.front(), origins, thresholds, "start");
  for (int step = 0; step < 30; ++step) {
    const int what = static_cast<int>(rng() % 3);
    const std::string name = "step " + std::to_string(step) + " op " + std::to_string(what);
    if (what == 0) {
      // Sometimes exactly where another facility is: an equal-cost tie the lower index must win.
      const bool twin = rng() % 4 == 0 && inc.facilities()[0].valid();
      inc.add_facility(twin ? inc.facilities()[0] : anchor({coord(rng), coord(rng)}));
    } else if (what == 1) {
      inc.remove_facility(static_cast<std::uint32_t>(rng() % inc.facilities().size()));
    } else {
      const network::Graph& g = world.graphs.back();
      std::vector<network::LinkLine> lines;
      for (int i = 0; i < 2; ++i) {
        const NodeId a = static_cast<NodeId>(rng() % g.node_count()), b = static_cast<NodeId>(rng() % g.node_count());
        if (a != b) lines.push_back({std::to_string(i), {g.node_xy[a], g.node_xy[b]}});
      }
      auto linked = network::add_links(g, lines, Metres{0.5}, "random");
      world.graphs.push_back(std::move(linked.graph));
      world.weights.push_back(network::make_weights(world.graphs.back(), MetresPerSecond{1.1}));
      inc.add_links(world.graphs.back(), world.weights.back(), linked.added);
    }
    expect_same(inc, world.graphs.back(), world.weights.back(), origins, thresholds, name);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, IncrementalRandom, ::testing::Range(1u, 13u));

}  // namespace
}  // namespace lc
