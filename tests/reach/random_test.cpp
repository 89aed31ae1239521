// Randomized checks: nearest, k-nearest and counts from the fast searches must equal a plain
// brute force (one textbook Dijkstra per origin with std::priority_queue) on random networks.
#include <gtest/gtest.h>

#include <algorithm>
#include <queue>
#include <random>

#include "core/parallel.hpp"
#include "network/builder.hpp"
#include "network/snap.hpp"
#include "reach/category_reach.hpp"
#include "reach/counts.hpp"
#include "support/brute_force.hpp"
#include "support/networks.hpp"

namespace lc {
namespace {

using reach::Anchor;

using test::brute_force;

struct RandomCase {
  network::Graph g;
  std::vector<Anchor> facilities, origins;
  network::Weights w;
};

RandomCase make_case(std::uint32_t seed, int nodes, int nf, int no) {
  std::mt19937 rng(seed);
  network::NetworkInput in = test::random_network(rng, nodes, 2000.0);
  test::add_twins(in, rng, nodes / 10);  // duplicate nodes at one spot: zero-length edges
  RandomCase c{network::build_graph(in), {}, {}, {}};
  if (seed % 2) test::random_slopes(c.g, rng);  // odd seeds: directed costs (uphill != downhill)
  c.w = network::make_weights(c.g, MetresPerSecond{1.0 + (seed % 3) * 0.1});
  const network::Snapper snapper(c.g);
  std::uniform_real_distribution<double> coord(-100.0, 2100.0);
  std::vector<Point> fp, op;
  for (int i = 0; i < nf; ++i) fp.push_back({coord(rng), coord(rng)});
  for (int i = 0; i < no; ++i) op.push_back({coord(rng), coord(rng)});
  // A few facilities share an origin's spot exactly, to exercise same-edge paths and ties.
  for (int i = 0; i < std::min(nf, no) / 5; ++i) fp[i] = op[i];
  c.facilities = reach::make_anchors(c.g, c.w, snapper.snap_all(fp, {Metres{150.0}}));
  c.origins = reach::make_anchors(c.g, c.w, snapper.snap_all(op, {Metres{150.0}}));
  return c;
}

class RandomVsBruteForce : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(RandomVsBruteForce, NearestKNearestAndCountsAgree) {
  const RandomCase c = make_case(GetParam(), 300, 25, 120);
  const std::vector<Cost> thresholds{Cost{300000}, Cost{600000}, Cost{900000}};
  const unsigned k = 3;
  const auto r = reach::category_reach(c.g, c.w, c.facilities, c.origins, k, thresholds);
  for (std::size_t o = 0; o < c.origins.size(); ++o) {
    std::vector<Cost> all = brute_force(c.g, c.w, c.origins[o], c.facilities);
    std::vector<Cost> sorted = all;
    std::sort(sorted.begin(), sorted.end());
    const auto row = r.nearest.row(o);
    for (unsigned i = 0; i < k; ++i) {
      EXPECT_EQ(row[i].cost, sorted[i]) << "origin " << o << " rank " << i;
      if (row[i].cost.reachable()) {
        EXPECT_EQ(all[row[i].source], row[i].cost) << "origin " << o;
      }
    }
    if (row[0].cost.reachable()) {  // nearest id: lowest id among the cheapest
      const auto first = std::find(all.begin(), all.end(), sorted[0]) - all.begin();
      EXPECT_EQ(row[0].source, static_cast<std::uint32_t>(first)) << "origin " << o;
    }
    for (std::size_t t = 0; t < thresholds.size(); ++t) {
      const auto within = std::count_if(all.begin(), all.end(), [&](Cost x) { return x <= thresholds[t]; });
      const std::uint32_t expected = c.origins[o].valid() ? static_cast<std::uint32_t>(within) : 0u;
      EXPECT_EQ(r.counts[o * thresholds.size() + t], expected) << "origin " << o << " threshold " << t;
    }
  }
}

TEST_P(RandomVsBruteForce, KOneAgreesWithKThree) {
  const RandomCase c = make_case(GetParam() + 1000, 200, 15, 80);
  const auto one = reach::nearest_facilities(c.g, c.w, c.facilities, c.origins, 1);
  const auto three = reach::nearest_facilities(c.g, c.w, c.facilities, c.origins, 3);
  for (std::size_t o = 0; o < c.origins.size(); ++o) {  // coverage relies on both: it searches k = 1 only
    EXPECT_EQ(one.row(o)[0].cost, three.row(o)[0].cost) << "origin " << o;
    EXPECT_EQ(one.row(o)[0].source, three.row(o)[0].source) << "origin " << o;
  }
}

// Origins that join the network at several points (compound gates): each facility counts at the
// best of the origin's anchors, for nearest, counts and the sparse pairs alike.
TEST_P(RandomVsBruteForce, MultiAnchorOriginsTakeTheBestAnchor) {
  const RandomCase c = make_case(GetParam() + 500, 300, 20, 90);
  reach::OriginAnchors multi;
  multi.first.push_back(0);
  for (std::size_t i = 0; i < c.origins.size(); i += 3) {  // origins of 3 anchors (the last may have fewer)
    for (std::size_t j = i; j < std::min(i + 3, c.origins.size()); ++j) multi.anchors.push_back(c.origins[j]);
    multi.first.push_back(static_cast<std::uint32_t>(multi.anchors.size()));
  }
  const std::vector<Cost> thresholds{Cost{400000}, Cost{800000}};
  const auto r = reach::category_reach(c.g, c.w, c.facilities, multi, 2, thresholds);
  const auto pairs = reach::pairs_within(c.g, c.w, c.facilities, multi, thresholds.back());
  std::size_t expected_pairs = 0;
  for (std::uint32_t o = 0; o < multi.origin_count(); ++o) {
    std::vector<Cost> best(c.facilities.size(), Cost::unreachable());
    for (auto a = multi.first[o]; a < multi.first[o + 1]; ++a) {
      const auto one = brute_force(c.g, c.w, multi.anchors[a], c.facilities);
      for (std::size_t f = 0; f < best.size(); ++f) best[f] = std::min(best[f], one[f]);
    }
    std::vector<Cost> sorted = best;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(r.nearest.row(o)[0].cost, sorted[0]) << "origin " << o;
    EXPECT_EQ(r.nearest.row(o)[1].cost, sorted[1]) << "origin " << o;
    for (std::size_t t = 0; t < thresholds.size(); ++t)
      EXPECT_EQ(r.counts[o * 2 + t], std::count_if(best.begin(), best.end(), [&](Cost x) { return x <= thresholds[t]; }));
    for (std::size_t f = 0; f < best.size(); ++f) {
      if (best[f] > thresholds.back()) continue;
      ++expected_pairs;
      const auto it = std::find_if(pairs.begin(), pairs.end(), [&](const reach::ReachPair& p) { return p.origin == o && p.facility == f; });
      ASSERT_NE(it, pairs.end()) << "origin " << o << " facility " << f;
      EXPECT_EQ(it->cost, best[f]);
    }
  }
  EXPECT_EQ(pairs.size(), expected_pairs);
}

// The fused search coverage makes per category: counts within each threshold and the pairs within
// a pair limit below the largest threshold (the search goes past it: pairs beyond it are left out)
// and above it (the counts' thresholds are not the search's limit), each against the brute force.
// One test over a few seeds (odd ones directed), not one per seed: a process each costs more here
// than the check.
TEST(FusedSearch, CountsAndPairsFromOneSearchAgreeWithBruteForce) {
  for (const std::uint32_t seed : {2003u, 2004u, 2009u, 2010u})
  for (const Cost pair_limit : {Cost{500000}, Cost{1200000}}) {
    const RandomCase c = make_case(seed, 300, 25, 120);
    const std::vector<Cost> thresholds{Cost{300000}, Cost{900000}};
    const auto r = reach::counts_and_pairs(c.g, c.w, c.facilities, reach::one_each(c.origins), thresholds, pair_limit);
    std::vector<reach::ReachPair> expected;
    for (std::uint32_t o = 0; o < c.origins.size(); ++o) {
      const std::vector<Cost> all = brute_force(c.g, c.w, c.origins[o], c.facilities);
      for (std::size_t t = 0; t < thresholds.size(); ++t) {
        const auto within = std::count_if(all.begin(), all.end(), [&](Cost x) { return x <= thresholds[t]; });
        EXPECT_EQ(r.counts[o * thresholds.size() + t], c.origins[o].valid() ? static_cast<std::uint32_t>(within) : 0u)
            << "origin " << o << " threshold " << t;
      }
      for (std::uint32_t f = 0; f < all.size(); ++f)
        if (c.origins[o].valid() && all[f] <= pair_limit) expected.push_back({o, f, all[f]});
    }
    std::sort(expected.begin(), expected.end(), [](const reach::ReachPair& a, const reach::ReachPair& b) {
      return a.facility != b.facility ? a.facility < b.facility : a.origin < b.origin;
    });
    ASSERT_EQ(r.pairs.size(), expected.size()) << "seed " << seed << " pair limit " << pair_limit.ms;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(r.pairs[i].origin, expected[i].origin) << i;
      EXPECT_EQ(r.pairs[i].facility, expected[i].facility) << i;
      EXPECT_EQ(r.pairs[i].cost, expected[i].cost) << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomVsBruteForce, ::testing::Range<std::uint32_t>(1, 13));

TEST(Determinism, SameCountsForOneAndTwoThreads) {
  const RandomCase c = make_case(77, 600, 200, 400);
  const std::vector<Cost> thresholds{Cost{300000}, Cost{900000}};
  std::vector<std::uint32_t> one, two;
  {
    const parallel::ThreadLimit limit(1);
    one = reach::counts_within(c.g, c.w, c.facilities, c.origins, thresholds);
  }
  {
    const parallel::ThreadLimit limit(2);
    two = reach::counts_within(c.g, c.w, c.facilities, c.origins, thresholds);
  }
  EXPECT_EQ(one, two);
}

TEST(Queues, RadixAndBinaryHeapGiveTheSameLabels) {
  const RandomCase c = make_case(5, 400, 30, 10);
  reach::MultiSourceSearch<reach::RadixHeap> radix(1);
  reach::MultiSourceSearch<reach::BinaryHeap> binary(1);
  radix.run(c.g, c.w, c.facilities);
  binary.run(c.g, c.w, c.facilities);
  for (NodeId n = 0; n < c.g.node_count(); ++n) {
    ASSERT_EQ(radix.labels(n).size(), binary.labels(n).size());
    if (!radix.labels(n).empty()) {
      EXPECT_EQ(radix.labels(n)[0].cost, binary.labels(n)[0].cost);
      EXPECT_EQ(radix.labels(n)[0].source, binary.labels(n)[0].source);
    }
  }
}

TEST(Queues, RadixHeapPopsInOrder) {
  reach::RadixHeap<int> h;
  std::mt19937 rng(3);
  std::vector<std::uint32_t> keys;
  std::uint32_t last = 0;
  for (int round = 0; round < 2000; ++round) {
    if (!h.empty() && rng() % 3 == 0) {
      const auto [k, p] = h.pop();
      EXPECT_GE(k, last);
      last = k;
      continue;
    }
    const auto k = static_cast<std::uint32_t>(last + rng() % 100000);
    h.push(k, round);
  }
  while (!h.empty()) {
    const auto [k, p] = h.pop();
    EXPECT_GE(k, last);
    last = k;
  }
}

}  // namespace
}  // namespace lc
