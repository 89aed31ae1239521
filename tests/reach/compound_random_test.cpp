// Gated compounds (docs/network.md, Gated compounds) on random networks: a walk may go from a
// compound's ways to the others, never from the others onto a compound's. The searches run on the
// graph build_graph makes (each compound's ways with vertices of their own where they meet the
// others, joined by links walked outwards only) and must equal a brute force written on the ways
// as drawn, without the links: one Dijkstra per origin over (vertex, phase) states, phase "inside"
// while the walk has used only compound ways since an origin on one, "outside" once it has used
// any other way (or from an origin on one), and compound ways walked only inside. Ugly cases
// included: duplicate vertices at one spot joined by zero-length ways (some of them a compound's),
// facilities at an origin's very spot, equal costs; nearest with k = 1 and k = 3 (the lower id on
// ties), counts and the sparse pairs.
#include <gtest/gtest.h>

#include <algorithm>
#include <queue>
#include <random>

#include "network/builder.hpp"
#include "network/snap.hpp"
#include "reach/category_reach.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"
#include "support/networks.hpp"

namespace lc::compound_check {

using reach::Anchor;

struct Case {
  network::NetworkInput in;
  network::Graph g;
  network::Weights w;
  std::vector<Anchor> facilities, origins;
  std::vector<std::uint32_t> piece_of_edge;  // engine edge -> the drawn way (kNone: a compound's link)
};

Case make(std::uint32_t seed, int nodes, int nf, int no) {
  std::mt19937 rng(seed);
  Case c;
  const network::NetworkInput drawn = test::random_network(rng, nodes, 2000.0);
  c.in = drawn;
  c.in.ways.clear();
  for (const auto& w : drawn.ways)  // one segment per way, so that each way is one edge of the graph
    for (std::size_t k = 1; k < w.vertices.size(); ++k) {
      network::WayPiece piece = w;
      piece.vertices = {w.vertices[k - 1], w.vertices[k]};
      c.in.ways.push_back(std::move(piece));
    }
  test::add_twins(c.in, rng, nodes / 8);
  // Compounds: the ways starting in one of three discs, and a few anywhere (zero-length ways too).
  std::uniform_real_distribution<double> coord(0.0, 2000.0), unit(0.0, 1.0);
  std::vector<Point> centres;
  for (int i = 0; i < 3; ++i) centres.push_back({coord(rng), coord(rng)});
  for (std::size_t i = 0; i < c.in.ways.size(); ++i) {
    auto& w = c.in.ways[i];
    const Point p = c.in.vertices[w.vertices.front()];
    bool in_disc = false;
    for (const Point& q : centres) in_disc = in_disc || std::hypot(p.x - q.x, p.y - q.y) < 350.0;
    w.compound = in_disc || unit(rng) < 0.04;
    w.source = static_cast<std::int64_t>(i);  // each drawn way is one edge: its index finds it
  }
  c.g = network::build_graph(c.in);
  c.w = network::make_weights(c.g, MetresPerSecond{1.0 + (seed % 3) * 0.1});
  c.piece_of_edge.assign(c.g.edge_count(), kNone);
  for (EdgeId e = 0; e < c.g.edge_count(); ++e)
    if (!c.g.oneway(e)) c.piece_of_edge[e] = static_cast<std::uint32_t>(c.g.edge_source[e]);
  const network::Snapper snapper(c.g);
  std::uniform_real_distribution<double> spot(-100.0, 2100.0);
  std::vector<Point> fp, op;
  for (int i = 0; i < nf; ++i) fp.push_back({spot(rng), spot(rng)});
  for (int i = 0; i < no; ++i) op.push_back({spot(rng), spot(rng)});
  for (int i = 0; i < std::min(nf, no) / 5; ++i) fp[i] = op[i];  // same spot: same edge, ties
  c.facilities = reach::make_anchors(c.g, c.w, snapper.snap_all(fp, {Metres{150.0}}));
  c.origins = reach::make_anchors(c.g, c.w, snapper.snap_all(op, {Metres{150.0}}));
  return c;
}

// The drawn vertex each end of an anchor's edge stands for: the way's first and last vertex, in
// the edge's direction (told by position; a way with both ends at one spot has no length, and
// then either way round costs the same).
std::pair<std::uint32_t, std::uint32_t> ends_of(const Case& c, const Anchor& a) {
  const network::WayPiece& p = c.in.ways[c.piece_of_edge[a.edge]];
  const Point first = c.in.vertices[p.vertices.front()], at_u = c.g.node_xy[a.u];
  const bool same = first.x == at_u.x && first.y == at_u.y;
  return same ? std::pair{p.vertices.front(), p.vertices.back()} : std::pair{p.vertices.back(), p.vertices.front()};
}

// Every facility's cost from one origin by the rule, on the drawn ways.
std::vector<Cost> brute(const Case& c, const Anchor& o) {
  std::vector<Cost> out(c.facilities.size(), Cost::unreachable());
  if (!o.valid()) return out;
  const std::size_t n = c.in.vertices.size();
  // Each drawn way's time at the run's speed, rounded to the millisecond as the weights are.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> adj(n);  // vertex -> (way, other end)
  std::vector<std::uint64_t> ms(c.in.ways.size());
  for (std::uint32_t i = 0; i < c.in.ways.size(); ++i) {
    const auto& w = c.in.ways[i];
    double len = 0;
    for (std::size_t k = 1; k < w.vertices.size(); ++k) {
      const Point a = c.in.vertices[w.vertices[k - 1]], b = c.in.vertices[w.vertices[k]];
      len += std::hypot(b.x - a.x, b.y - a.y);
    }
    ms[i] = Cost::from_seconds({len * w.time_factor / c.w.speed.value}).ms;
    adj[w.vertices.front()].push_back({i, w.vertices.back()});
    adj[w.vertices.back()].push_back({i, w.vertices.front()});
  }
  // state = vertex * 2 + phase (0 inside a compound, 1 outside)
  std::vector<std::uint64_t> dist(2 * n, UINT64_MAX);
  using Item = std::pair<std::uint64_t, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  const bool inside = c.in.ways[c.piece_of_edge[o.edge]].compound;
  const auto [ou, ov] = ends_of(c, o);
  for (const auto& [v, cost] : {std::pair{ou, o.to_u.ms}, std::pair{ov, o.to_v.ms}}) {
    const std::uint32_t s = 2 * v + (inside ? 0 : 1);
    if (cost < dist[s]) dist[s] = cost, pq.push({cost, s});
  }
  while (!pq.empty()) {
    const auto [d, s] = pq.top();
    pq.pop();
    if (d > dist[s]) continue;
    const std::uint32_t v = s / 2, phase = s % 2;
    for (const auto& [way, other] : adj[v]) {
      const bool compound = c.in.ways[way].compound;
      if (compound && phase == 1) continue;  // never onto a compound's way from outside
      const std::uint32_t t = 2 * other + (compound ? 0 : 1);
      if (d + ms[way] < dist[t]) dist[t] = d + ms[way], pq.push({d + ms[way], t});
    }
  }
  for (std::size_t i = 0; i < c.facilities.size(); ++i) {
    const Anchor& f = c.facilities[i];
    if (!f.valid()) continue;
    const bool f_compound = c.in.ways[c.piece_of_edge[f.edge]].compound;
    const auto [fu, fv] = ends_of(c, f);
    std::uint64_t best = UINT64_MAX;
    for (std::uint32_t phase = 0; phase < 2; ++phase) {
      if (f_compound && phase == 1) continue;  // a facility on a compound's way: from inside only
      if (dist[2 * fu + phase] != UINT64_MAX) best = std::min(best, dist[2 * fu + phase] + f.from_u.ms);
      if (dist[2 * fv + phase] != UINT64_MAX) best = std::min(best, dist[2 * fv + phase] + f.from_v.ms);
    }
    if (f.edge == o.edge) best = std::min<std::uint64_t>(best, reach::same_edge_cost(o, f).ms);
    if (best != UINT64_MAX) out[i] = Cost{static_cast<Cost::rep>(std::min<std::uint64_t>(best, Cost::kMaxFinite))};
  }
  return out;
}

class CompoundVsBruteForce : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CompoundVsBruteForce, NearestCountsAndPairsKeepOutsidersOut) {
  const Case c = make(GetParam(), 260, 24, 110);
  ASSERT_FALSE(c.g.edge_oneway.empty()) << "no compound met the others: the case proves nothing";
  const std::vector<Cost> thresholds{Cost{300000}, Cost{600000}, Cost{900000}};
  const auto r = reach::category_reach(c.g, c.w, c.facilities, c.origins, 3, thresholds);
  const auto one = reach::nearest_facilities(c.g, c.w, c.facilities, reach::one_each(c.origins), 1);
  const auto pairs = reach::pairs_within(c.g, c.w, c.facilities, reach::one_each(c.origins), thresholds.back());
  std::size_t expected_pairs = 0, unreachable_by_rule = 0;
  for (std::size_t o = 0; o < c.origins.size(); ++o) {
    const std::vector<Cost> all = brute(c, c.origins[o]);
    std::vector<Cost> sorted = all;
    std::sort(sorted.begin(), sorted.end());
    const auto row = r.nearest.row(o);
    for (unsigned i = 0; i < 3; ++i) {
      EXPECT_EQ(row[i].cost, sorted[i]) << "origin " << o << " rank " << i;
      if (row[i].cost.reachable()) {
        EXPECT_EQ(all[row[i].source], row[i].cost) << "origin " << o;
      }
    }
    if (sorted[0].reachable()) {  // the lowest id among the cheapest, with k = 3 and k = 1
      const auto first = static_cast<std::uint32_t>(std::find(all.begin(), all.end(), sorted[0]) - all.begin());
      EXPECT_EQ(row[0].source, first) << "origin " << o;
      EXPECT_EQ(one.row(o)[0].source, first) << "origin " << o;
    }
    EXPECT_EQ(one.row(o)[0].cost, sorted[0]) << "origin " << o;
    for (std::size_t t = 0; t < thresholds.size(); ++t)
      EXPECT_EQ(r.counts[o * thresholds.size() + t],
                static_cast<std::uint32_t>(std::count_if(all.begin(), all.end(), [&](Cost x) { return x <= thresholds[t]; })))
          << "origin " << o << " threshold " << t;
    for (std::size_t f = 0; f < all.size(); ++f) {
      if (!all[f].reachable() && c.origins[o].valid() && c.facilities[f].valid() &&
          c.g.component[c.origins[o].u] == c.g.component[c.facilities[f].u])
        ++unreachable_by_rule;  // joined by the graph, kept apart by the rule
      if (all[f] > thresholds.back()) continue;
      ++expected_pairs;
      const auto it = std::find_if(pairs.begin(), pairs.end(), [&](const reach::ReachPair& p) { return p.origin == o && p.facility == f; });
      ASSERT_NE(it, pairs.end()) << "origin " << o << " facility " << f;
      EXPECT_EQ(it->cost, all[f]);
    }
  }
  EXPECT_EQ(pairs.size(), expected_pairs);
  EXPECT_GT(unreachable_by_rule, 0u) << "the rule kept nobody out: the case proves nothing";
}

INSTANTIATE_TEST_SUITE_P(Seeds, CompoundVsBruteForce, ::testing::Range(1u, 9u));

}  // namespace lc::compound_check
