// lc::reach nearest facilities: one multi-source search per category from all its facilities at
// once gives every node its k nearest distinct facilities; origins then read them off the two
// ends of their edge (plus facilities on that same edge). Cost: about k single searches, instead
// of one search per home.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "reach/anchor.hpp"
#include "reach/queue.hpp"

namespace lc::reach {

struct Label {
  Cost cost;
  std::uint32_t source = kNone;
};

// Reusable and thread-owned: run() resets in O(nodes) and allocates only on first use.
template <template <class> class Queue = RadixHeap>
class MultiSourceSearch {
 public:
  explicit MultiSourceSearch(unsigned k = 1) : k_(k) {}

  // Sources are anchors; label sources are their indices. Invalid anchors are skipped.
  void run(const network::Graph& g, const network::Weights& w, const std::vector<Anchor>& sources);

  unsigned k() const { return k_; }
  // The settled labels of node n, least (cost, source) first.
  std::span<const Label> labels(NodeId n) const {
    return {labels_.data() + static_cast<std::size_t>(n) * k_, count_[n]};
  }

 private:
  void run_k1(const network::Graph& g, const network::Weights& w);
  void run_k(const network::Graph& g, const network::Weights& w);
  bool has_source(NodeId n, std::uint32_t s) const;

  unsigned k_;
  std::vector<Label> labels_;       // node * k_
  std::vector<Cost::rep> dist_;     // k = 1: tentative costs, apart from sources to stay small
  std::vector<std::uint32_t> from_;  // k = 1: the facility each tentative cost comes from
  std::vector<std::uint8_t> count_;  // settled labels per node
  Queue<std::pair<NodeId, std::uint32_t>> heap_;  // k > 1: (node, source) labels
  Queue<NodeId> heap1_;                            // k = 1: the source is read from the label
  std::vector<std::pair<NodeId, std::uint32_t>> tier_;  // k > 1: labels at the cost being settled
  std::vector<std::pair<NodeId, std::uint32_t>> zero_;  // k > 1: labels a zero-cost arc adds to the tier
};

// The k nearest distinct facilities of every origin (row-major: origin * k + i), cheapest first;
// missing entries have an unreachable cost and facility kNone.
struct NearestTable {
  unsigned k = 1;
  std::vector<Label> entries;
  std::span<const Label> row(std::size_t origin) const { return {entries.data() + origin * k, k}; }
};

NearestTable nearest_facilities(const network::Graph& g, const network::Weights& w,
                                const std::vector<Anchor>& facilities,
                                const OriginAnchors& origins, unsigned k);
inline NearestTable nearest_facilities(const network::Graph& g, const network::Weights& w,
                                       const std::vector<Anchor>& facilities,
                                       const std::vector<Anchor>& origins, unsigned k) {
  return nearest_facilities(g, w, facilities, one_each(origins), k);
}

// Reads one origin's k nearest off a finished search, over all the origin's anchors (exposed for
// tests and incremental use).
template <template <class> class Queue>
void origin_nearest(const MultiSourceSearch<Queue>& search, std::span<const Anchor> anchors,
                    const std::vector<Anchor>& facilities, const EdgeIndex& on_edge,
                    std::span<Label> out);

}  // namespace lc::reach
