// lc::reach incremental nearest: one category at one speed kept up to date while a scenario adds
// or removes facilities and adds walking links, touching only the nodes whose nearest facility
// changes, instead of re-running the whole category. The answer is defined so that a fresh build
// and any sequence of updates agree exactly: every node holds the least (cost, facility index)
// over all facilities (ties: the lower index wins, as in nearest.hpp), origins the least over
// their anchors' ends and same-edge facilities, and counts the integer sums of one bounded
// search per facility (counts.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "reach/anchor.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"
#include "reach/queue.hpp"

namespace lc::reach {

// What one update touched (logged by `compare`, measured by the benchmark).
struct UpdateStats {
  std::size_t nodes = 0;       // nodes whose label changed (or was re-settled)
  std::size_t origins = 0;     // origins whose nearest was recomputed
  std::size_t facilities = 0;  // bounded count searches re-run
};

// Thread-owned. The graph, weights and origins must outlive it; after add_links the new graph
// and weights must. Facility indices are stable: a removed facility keeps its index (its anchor
// becomes invalid), an added one takes the next index, so tie-breaks never shift.
class IncrementalNearest {
 public:
  IncrementalNearest(const network::Graph& g, const network::Weights& w, std::vector<Anchor> facilities,
                     const OriginAnchors& origins, std::vector<Cost> thresholds);

  // Returns the new facility's index.
  std::uint32_t add_facility(const Anchor& a);
  void remove_facility(std::uint32_t f);
  // `g2` is the current graph plus edges `added` (same node ids, existing edge ids kept, new
  // edges appended), `w2` its weights at the same speed.
  void add_links(const network::Graph& g2, const network::Weights& w2, std::span<const EdgeId> added);

  const UpdateStats& last_update() const { return stats_; }
  Label node_label(NodeId n) const { return {Cost{dist_[n]}, from_[n]}; }
  const std::vector<Label>& nearest() const { return nearest_; }  // per origin
  const std::vector<std::uint32_t>& counts() const { return counts_; }  // origin x thresholds
  const std::vector<Anchor>& facilities() const { return facilities_; }

 private:
  bool offer(NodeId n, Cost::rep c, std::uint32_t s);  // true when (c, s) beats the label
  void propagate();
  void mark_node(NodeId n);
  void mark_origin(std::uint32_t o);
  void mark_edge_origins(EdgeId e);
  void refresh_origins();
  void count_facility(std::uint32_t f, int sign);
  void facilities_near_links(std::span<const EdgeId> added);
  Label origin_best(std::uint32_t o) const;
  void begin_update();

  const network::Graph* g_;
  const network::Weights* w_;
  const OriginAnchors& origins_;
  std::vector<Anchor> facilities_;
  std::vector<Cost> thresholds_;
  Cost limit_;
  OriginIndex oi_;
  std::vector<std::pair<EdgeId, std::uint32_t>> fac_by_edge_;  // sorted: facilities on each edge
  std::vector<std::pair<NodeId, std::uint32_t>> fac_by_node_;  // sorted: facilities at each end

  std::vector<Cost::rep> dist_;
  std::vector<std::uint32_t> from_;
  std::vector<Label> nearest_;
  std::vector<std::uint32_t> counts_;

  // Workspaces kept across updates: no allocation once warm.
  RadixHeap<NodeId> heap_;
  std::vector<std::uint8_t> node_mark_, origin_mark_;
  std::vector<NodeId> changed_, region_;
  std::vector<std::uint32_t> dirty_origins_, near_facilities_;
  std::vector<Cost::rep> near_dist_;
  std::vector<NodeId> near_touched_;
  BoundedSearch counter_;
  UpdateStats stats_;
};

}  // namespace lc::reach
