// lc::reach reached network: which parts of which streets a walk of at most `limit` covers, from
// one facility or from several at once. A street is walked in from each end that was reached with
// time to spare, as far as the rest of the budget goes; a facility standing on a street walks it
// from its own snap point both ways. Walking cost is linear along an edge (its factor and its
// delay are spread evenly), so a share of the budget is the same share of the edge's length.
// These are the pieces isochrones are drawn from.
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "reach/anchor.hpp"
#include "reach/queue.hpp"

namespace lc::reach {

// The reached parts of one edge, as fractions of its length measured from edge_u (0) to edge_v (1).
struct ReachedEdge {
  EdgeId edge = kNone;
  double from_u = 0;  // [0, from_u] is reached walking in from edge_u
  double from_v = 0;  // [1 - from_v, 1] is reached walking in from edge_v
  // The stretch walked from a source standing on this edge, [lo, hi]; empty when lo > hi.
  double lo = 1, hi = 0;

  bool full() const;
  // The reached intervals of the edge, disjoint and sorted; every one has positive length.
  std::vector<std::pair<double, double>> pieces() const;
  // The reached share of the edge's length (0..1).
  double share() const;
};

// A bounded search that keeps its node costs, so the reached edges can be read off for the limit
// it ran to or any lower one. Reusable: nodes are reset through the touched list.
class EdgeReach {
 public:
  explicit EdgeReach(std::size_t nodes);

  // Cheapest walking cost from any valid source to every node within `limit`.
  void run(const network::Graph& g, const network::Weights& w, std::span<const Anchor> sources,
           Cost limit);
  // The edges reached within `limit` (at most the limit run() was given), sorted by edge. An edge
  // appears once, except one with several sources on it whose stretches do not overlap: each
  // further stretch is a further entry with from_u = from_v = 0.
  std::vector<ReachedEdge> edges(const network::Graph& g, const network::Weights& w, Cost limit) const;
  // The node's cost from the last run; unreachable beyond its limit.
  Cost cost(NodeId n) const { return Cost{dist_[n]}; }

 private:
  std::vector<Cost::rep> dist_;
  std::vector<NodeId> touched_;
  std::vector<Anchor> sources_;  // valid sources of the last run
  Cost limit_;
  RadixHeap<NodeId> heap_;
};

std::vector<ReachedEdge> reached_edges(const network::Graph& g, const network::Weights& w,
                                       const Anchor& source, Cost limit);
// Several sources at once: the union of what each one reaches.
std::vector<ReachedEdge> reached_edges(const network::Graph& g, const network::Weights& w,
                                       const std::vector<Anchor>& sources, Cost limit);

}  // namespace lc::reach
