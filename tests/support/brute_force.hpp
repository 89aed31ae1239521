// tests: textbook Dijkstra (std::priority_queue, 64-bit sums) as the independent reference the
// fast searches are checked against.
#pragma once

#include <algorithm>
#include <cstdint>
#include <queue>
#include <utility>
#include <vector>

#include "network/graph.hpp"
#include "reach/anchor.hpp"

namespace lc::test {

// The time to walk edge e from node `from` to its other end, read from the edge's two directed
// times (edge_ms: edge_u -> edge_v, edge_ms_vu: back), not from the search arcs; kUnreachable
// where the edge may not be walked that way (a gated compound's link, entered from outside).
inline std::uint64_t walk_ms(const network::Graph& g, const network::Weights& w, EdgeId e, NodeId from) {
  return g.edge_u[e] == from ? w.edge_ms[e] : w.edge_ms_vu[e];
}

// Walking cost in ms from the seeds (node, cost) to every node, or with `to_seeds` from every
// node to the seeds (the walk ends there: each edge is walked towards the seed); UINT64_MAX where
// unreachable. Loops never shorten a walk and are skipped.
inline std::vector<std::uint64_t> dijkstra(const network::Graph& g, const network::Weights& w,
                                           const std::vector<std::pair<NodeId, std::uint64_t>>& seeds,
                                           bool to_seeds = false) {
  std::vector<std::uint64_t> dist(g.node_count(), UINT64_MAX);
  using Item = std::pair<std::uint64_t, NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  for (const auto& [n, c] : seeds)
    if (c < dist[n]) dist[n] = c, pq.push({c, n});
  while (!pq.empty()) {
    auto [d, u] = pq.top();
    pq.pop();
    if (d > dist[u]) continue;
    for (auto a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
      const NodeId h = g.head[a];
      const EdgeId e = g.arc_edge[a];
      if (h == u) continue;
      const std::uint64_t step = to_seeds ? walk_ms(g, w, e, h) : walk_ms(g, w, e, u);
      if (step == Cost::kUnreachable) continue;
      const std::uint64_t c = d + step;
      if (c < dist[h]) dist[h] = c, pq.push({c, h});
    }
  }
  return dist;
}

// Every facility's cost from one origin, by the definition: leave the origin through either end
// of its edge (or walk along the shared edge), and reach the facility through either end of its.
inline std::vector<Cost> brute_force(const network::Graph& g, const network::Weights& w, const reach::Anchor& o,
                                     const std::vector<reach::Anchor>& facilities) {
  std::vector<Cost> out(facilities.size(), Cost::unreachable());
  if (!o.valid()) return out;
  const auto dist = dijkstra(g, w, {{o.u, o.to_u.ms}, {o.v, o.to_v.ms}});
  for (std::size_t i = 0; i < facilities.size(); ++i) {
    const reach::Anchor& f = facilities[i];
    if (!f.valid()) continue;
    std::uint64_t best = UINT64_MAX;
    if (dist[f.u] != UINT64_MAX) best = std::min(best, dist[f.u] + f.from_u.ms);
    if (dist[f.v] != UINT64_MAX) best = std::min(best, dist[f.v] + f.from_v.ms);
    if (f.edge == o.edge) best = std::min<std::uint64_t>(best, reach::same_edge_cost(o, f).ms);
    if (best != UINT64_MAX) out[i] = Cost{static_cast<Cost::rep>(best)};
  }
  return out;
}

// The least (cost, facility) of every node over all facilities (the walk from the node to the
// facility), one Dijkstra per facility: what a multi-source search must give, ties to the lower
// facility index.
inline std::vector<std::pair<std::uint64_t, std::uint32_t>> node_nearest(const network::Graph& g, const network::Weights& w,
                                                                         const std::vector<reach::Anchor>& facilities) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> best(g.node_count(), {UINT64_MAX, kNone});
  for (std::uint32_t f = 0; f < facilities.size(); ++f) {
    const reach::Anchor& a = facilities[f];
    if (!a.valid()) continue;
    const auto dist = dijkstra(g, w, {{a.u, a.from_u.ms}, {a.v, a.from_v.ms}}, true);
    for (NodeId n = 0; n < g.node_count(); ++n)
      if (dist[n] != UINT64_MAX) best[n] = std::min(best[n], std::pair{dist[n], f});
  }
  return best;
}

}  // namespace lc::test
