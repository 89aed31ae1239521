// Zero-length edges (two OSM nodes at one spot) and equal-cost ties: every search must name the
// same nearest facility, the least (cost, facility index), as a brute force gives it: the k = 1
// multi-source search on either queue, the k-nearest search, and the incremental state that
// `compare` updates (against `compare --full`, which re-runs the k = 1 search).
//
// Hand-drawn, speed 1 m/s (metres are seconds); A and A' are two nodes at (100,0) joined by a
// zero-length edge:
//
//                       Q (100,50)
//                       |
//     L (0,0) --100-- A=A' (100,0) --100-- Rt (200,0)
//                       |
//                       R (100,-50)
//
// L-A, A-Q on A; A'-Rt, A'-R on A'. A facility at L and one at Rt reach A and A' both in 100 s,
// one through each node: a tie the lower index must win on both sides of the zero-length edge,
// and so at Q and at R (150 s each), whichever of A, A' the search settles first.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "network/builder.hpp"
#include "network/snap.hpp"
#include "reach/incremental.hpp"
#include "reach/nearest.hpp"
#include "support/brute_force.hpp"
#include "support/networks.hpp"

namespace lc {
namespace {

using reach::Anchor;
using reach::Label;

network::NetworkInput twin_junction() {
  network::NetworkInput in;
  in.vertices = {{0, 0}, {100, 0}, {100, 0}, {200, 0}, {100, 50}, {100, -50}};
  const std::vector<std::vector<std::uint32_t>> ways{{0, 1}, {2, 3}, {1, 2}, {1, 4}, {2, 5}};
  for (std::size_t i = 0; i < ways.size(); ++i) {
    network::WayPiece w;
    w.vertices = ways[i];
    w.source = static_cast<std::int64_t>(i);
    in.ways.push_back(std::move(w));
  }
  return in;
}

// The least (cost, index) over the facilities for each origin, and the k least, by brute force.
std::vector<std::pair<Cost, std::uint32_t>> ranked(const network::Graph& g, const network::Weights& w,
                                                   const Anchor& o, const std::vector<Anchor>& facilities) {
  const auto all = test::brute_force(g, w, o, facilities);
  std::vector<std::pair<Cost, std::uint32_t>> r;
  for (std::uint32_t f = 0; f < all.size(); ++f)
    if (all[f].reachable()) r.push_back({all[f], f});
  std::sort(r.begin(), r.end());
  return r;
}

// Every search path against the brute force, node by node and origin by origin, costs and ids.
void expect_all_agree(const network::Graph& g, const network::Weights& w, const std::vector<Anchor>& facilities,
                      const std::vector<Anchor>& origins, const std::string& what) {
  const auto nodes = test::node_nearest(g, w, facilities);
  reach::MultiSourceSearch<reach::RadixHeap> radix(1);
  reach::MultiSourceSearch<reach::BinaryHeap> binary(1);
  radix.run(g, w, facilities);
  binary.run(g, w, facilities);
  const auto one = reach::one_each(origins);
  const reach::IncrementalNearest inc(g, w, facilities, one, {});
  for (NodeId n = 0; n < g.node_count(); ++n) {
    const auto [cost, f] = nodes[n];
    if (cost == UINT64_MAX) {
      ASSERT_TRUE(radix.labels(n).empty()) << what << " node " << n;
      ASSERT_TRUE(binary.labels(n).empty()) << what << " node " << n;
      ASSERT_FALSE(inc.node_label(n).cost.reachable()) << what << " node " << n;
      continue;
    }
    ASSERT_EQ(radix.labels(n).size(), 1u) << what << " node " << n;
    ASSERT_EQ(binary.labels(n).size(), 1u) << what << " node " << n;
    EXPECT_EQ(radix.labels(n)[0].cost.ms, cost) << what << " node " << n;
    EXPECT_EQ(radix.labels(n)[0].source, f) << what << " node " << n << " (radix heap)";
    EXPECT_EQ(binary.labels(n)[0].source, f) << what << " node " << n << " (binary heap)";
    EXPECT_EQ(inc.node_label(n).cost.ms, cost) << what << " node " << n;
    EXPECT_EQ(inc.node_label(n).source, f) << what << " node " << n << " (incremental)";
  }
  const unsigned k = 3;
  const auto k1 = reach::nearest_facilities(g, w, facilities, origins, 1);
  const auto k3 = reach::nearest_facilities(g, w, facilities, origins, k);
  for (std::size_t o = 0; o < origins.size(); ++o) {
    const auto want = ranked(g, w, origins[o], facilities);
    const Label got1 = k1.row(o)[0], inc1 = inc.nearest()[o];
    if (want.empty()) {
      EXPECT_FALSE(got1.cost.reachable()) << what << " origin " << o;
      EXPECT_FALSE(inc1.cost.reachable()) << what << " origin " << o;
      continue;
    }
    EXPECT_EQ(got1.cost, want[0].first) << what << " origin " << o;
    EXPECT_EQ(got1.source, want[0].second) << what << " origin " << o << " (k = 1)";
    EXPECT_EQ(inc1.cost, want[0].first) << what << " origin " << o;
    EXPECT_EQ(inc1.source, want[0].second) << what << " origin " << o << " (incremental)";
    // k = 3: the three least (cost, index) pairs, in that order.
    for (unsigned i = 0; i < k; ++i) {
      const Label l = k3.row(o)[i];
      if (i >= want.size()) {
        EXPECT_FALSE(l.cost.reachable()) << what << " origin " << o << " rank " << i;
        continue;
      }
      EXPECT_EQ(l.cost, want[i].first) << what << " origin " << o << " rank " << i;
      EXPECT_EQ(l.source, want[i].second) << what << " origin " << o << " rank " << i << " (k = 3)";
    }
  }
}

class TwinJunction : public ::testing::Test {
 protected:
  TwinJunction() : g(network::build_graph(twin_junction())), snapper(g), w(network::make_weights(g, MetresPerSecond{1.0})) {}
  std::vector<Anchor> anchors(const std::vector<Point>& pts) {
    return reach::make_anchors(g, w, snapper.snap_all(pts, {}));
  }
  network::Graph g;
  network::Snapper snapper;
  network::Weights w;
};

TEST_F(TwinJunction, TheGraphKeepsTheZeroLengthEdge) {
  ASSERT_EQ(g.node_count(), 6u);
  ASSERT_EQ(g.edge_count(), 5u);
  int zero = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e)
    if (g.edge_length_m[e] == 0.0) {
      ++zero;
      EXPECT_NE(g.edge_u[e], g.edge_v[e]);
    }
  EXPECT_EQ(zero, 1);
}

TEST_F(TwinJunction, TheLowerIndexWinsOnBothSidesOfTheTie) {
  const auto origins = anchors({{100, 50}, {100, -50}});
  for (const bool left_first : {true, false}) {
    const auto facilities = left_first ? anchors({{0, 0}, {200, 0}}) : anchors({{200, 0}, {0, 0}});
    const std::string what = left_first ? "f0 at L" : "f0 at Rt";
    const auto k1 = reach::nearest_facilities(g, w, facilities, origins, 1);
    for (std::size_t o = 0; o < 2; ++o) {
      EXPECT_EQ(k1.row(o)[0].cost.ms, 150000u) << what << " origin " << o;
      EXPECT_EQ(k1.row(o)[0].source, 0u) << what << " origin " << o;
    }
    expect_all_agree(g, w, facilities, origins, what);
  }
}

// `compare`'s path: the base has one facility, the scenario adds the other; the incremental
// state must name what a full re-run names.
TEST_F(TwinJunction, AddingTheTiedFacilityIncrementallyEqualsAFullRun) {
  const auto origins = reach::one_each(anchors({{100, 50}, {100, -50}}));
  for (const bool left_first : {true, false}) {
    auto facilities = left_first ? anchors({{0, 0}, {200, 0}}) : anchors({{200, 0}, {0, 0}});
    reach::IncrementalNearest inc(g, w, {facilities[0]}, origins, {Cost{600000}});
    inc.add_facility(facilities[1]);
    const auto full = reach::nearest_facilities(g, w, inc.facilities(), origins, 1);
    for (std::size_t o = 0; o < 2; ++o) {
      EXPECT_EQ(inc.nearest()[o].cost, full.row(o)[0].cost) << o;
      EXPECT_EQ(inc.nearest()[o].source, full.row(o)[0].source) << o;
      EXPECT_EQ(inc.nearest()[o].source, 0u) << o;
    }
    // Removing the base facility leaves the added one everywhere, at the same costs.
    inc.remove_facility(0);
    for (std::size_t o = 0; o < 2; ++o) {
      EXPECT_EQ(inc.nearest()[o].cost.ms, 150000u) << o;
      EXPECT_EQ(inc.nearest()[o].source, 1u) << o;
    }
  }
}

// Lattices with integer spacing (ties everywhere) and duplicate nodes (zero-cost arcs), and the
// random networks with duplicate nodes.
class ZeroLengthRandom : public ::testing::TestWithParam<std::uint32_t> {};

struct ZeroWorld {
  network::Graph g;
  network::Weights w;
  std::vector<Point> spots;  // lattice points and street midpoints: exact, tie-making positions
};

ZeroWorld make_world(std::uint32_t seed, std::mt19937& rng) {
  network::NetworkInput in = seed % 3 == 0 ? test::random_network(rng, 200, 1500.0) : test::lattice(rng, 13, 11, 50.0);
  test::add_twins(in, rng, 40);
  ZeroWorld world{network::build_graph(in), {}, {}};
  world.w = network::make_weights(world.g, MetresPerSecond{seed % 2 ? 1.0 : 1.25});
  for (int y = 0; y <= 20; ++y)
    for (int x = 0; x <= 24; ++x) world.spots.push_back({x * 25.0, y * 25.0});
  for (NodeId n = 0; n < world.g.node_count(); ++n) world.spots.push_back(world.g.node_xy[n]);
  return world;
}

TEST_P(ZeroLengthRandom, EverySearchNamesTheSameNearest) {
  std::mt19937 rng(GetParam());
  const ZeroWorld world = make_world(GetParam(), rng);
  const network::Snapper snapper(world.g);
  std::uniform_int_distribution<std::size_t> spot(0, world.spots.size() - 1);
  std::vector<Point> fp, op;
  for (int i = 0; i < 14; ++i) fp.push_back(world.spots[spot(rng)]);
  fp.push_back(fp[3]);  // two facilities at one spot
  for (int i = 0; i < 70; ++i) op.push_back(world.spots[spot(rng)]);
  const auto facilities = reach::make_anchors(world.g, world.w, snapper.snap_all(fp, {Metres{150.0}}));
  const auto origins = reach::make_anchors(world.g, world.w, snapper.snap_all(op, {Metres{150.0}}));
  expect_all_agree(world.g, world.w, facilities, origins, "seed " + std::to_string(GetParam()));
}

TEST_P(ZeroLengthRandom, IncrementalEqualsFullOnCostsAndIds) {
  std::mt19937 rng(GetParam() + 100);
  const ZeroWorld world = make_world(GetParam(), rng);
  const network::Snapper snapper(world.g);
  std::uniform_int_distribution<std::size_t> spot(0, world.spots.size() - 1);
  auto anchor = [&](Point p) { return reach::make_anchor(world.g, world.w, snapper.snap(p, {Metres{150.0}})); };
  std::vector<Anchor> facilities;
  for (int i = 0; i < 6; ++i) facilities.push_back(anchor(world.spots[spot(rng)]));
  std::vector<Anchor> origin_list;
  for (int i = 0; i < 60; ++i) origin_list.push_back(anchor(world.spots[spot(rng)]));
  const auto origins = reach::one_each(origin_list);
  reach::IncrementalNearest inc(world.g, world.w, facilities, origins, {Cost{300000}, Cost{600000}});
  for (int step = 0; step < 25; ++step) {
    const std::string what = "seed " + std::to_string(GetParam()) + " step " + std::to_string(step);
    if (rng() % 3 != 0) {
      inc.add_facility(anchor(world.spots[spot(rng)]));
    } else {
      inc.remove_facility(static_cast<std::uint32_t>(rng() % inc.facilities().size()));
    }
    const auto full = reach::nearest_facilities(world.g, world.w, inc.facilities(), origins, 1);
    const auto nodes = test::node_nearest(world.g, world.w, inc.facilities());
    for (NodeId n = 0; n < world.g.node_count(); ++n) {
      if (nodes[n].first == UINT64_MAX) continue;
      ASSERT_EQ(inc.node_label(n).cost.ms, nodes[n].first) << what << " node " << n;
      ASSERT_EQ(inc.node_label(n).source, nodes[n].second) << what << " node " << n;
    }
    for (std::size_t o = 0; o < origin_list.size(); ++o) {
      ASSERT_EQ(inc.nearest()[o].cost, full.row(o)[0].cost) << what << " origin " << o;
      ASSERT_EQ(inc.nearest()[o].source, full.row(o)[0].source) << what << " origin " << o;
      const auto want = ranked(world.g, world.w, origin_list[o], inc.facilities());
      if (!want.empty()) {
        ASSERT_EQ(full.row(o)[0].source, want[0].second) << what << " origin " << o;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ZeroLengthRandom, ::testing::Range<std::uint32_t>(1, 13));

}  // namespace
}  // namespace lc
