// lc::reach counts within thresholds: a bounded search from each facility (up to the largest
// threshold) tells every origin it reaches how far it is; each origin counts the facilities
// within 5, 10, 15 minutes. Searches run in parallel with thread-owned workspaces, and counts
// are integer sums, so results are identical for any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "reach/anchor.hpp"
#include "reach/queue.hpp"

namespace lc::reach {

// Origins attached to nodes (CSR): origin ids[i] is reached from node n at cost extra[i] more,
// for i in [first[n], first[n+1]). An origin with several anchors appears once per anchor end.
struct NodeAttachments {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> ids;
  std::vector<Cost::rep> extra;
};
NodeAttachments attach_to_nodes(const network::Graph& g, const OriginAnchors& origins);

// What a bounded search needs to know about the origins, built once per origin set and speed.
struct OriginIndex {
  const OriginAnchors* origins = nullptr;
  std::vector<std::uint32_t> owner;  // anchor -> origin
  NodeAttachments at;
  EdgeIndex on_edge;                 // anchors by edge, for same-edge walks
};
OriginIndex index_origins(const network::Graph& g, const OriginAnchors& origins);

// One bounded single-facility search and its reuse-friendly state (house rule 5).
class BoundedSearch {
 public:
  explicit BoundedSearch(std::size_t nodes, std::size_t origins);

  struct Reached {
    std::uint32_t origin;
    Cost cost;
  };

  // Every origin within `limit` of the facility, once, with its best cost (valid until the next
  // run). Nodes are reset through the touched list, not by clearing whole arrays.
  std::span<const Reached> run(const network::Graph& g, const network::Weights& w,
                               const Anchor& facility, const OriginIndex& origins, Cost limit);

 private:
  void offer_origin(std::uint32_t o, Cost c);
  std::vector<Cost::rep> dist_;
  std::vector<NodeId> touched_;
  std::vector<Cost::rep> origin_best_;
  std::vector<std::uint32_t> origins_touched_;
  std::vector<Reached> reached_;
  RadixHeap<NodeId> heap_;
};

// counts[origin * thresholds.size() + t] = facilities within thresholds[t] of the origin.
std::vector<std::uint32_t> counts_within(const network::Graph& g, const network::Weights& w,
                                         const std::vector<Anchor>& facilities,
                                         const OriginAnchors& origins,
                                         const std::vector<Cost>& thresholds);
inline std::vector<std::uint32_t> counts_within(const network::Graph& g, const network::Weights& w,
                                                const std::vector<Anchor>& facilities,
                                                const std::vector<Anchor>& origins,
                                                const std::vector<Cost>& thresholds) {
  return counts_within(g, w, facilities, one_each(origins), thresholds);
}

// Every (origin, facility) pair within `limit`, with its cost: the sparse reach matrix that
// capacity measures (2SFCA) and siting work on. Sorted by facility, then origin.
struct ReachPair {
  std::uint32_t origin;
  std::uint32_t facility;
  Cost cost;
};
std::vector<ReachPair> pairs_within(const network::Graph& g, const network::Weights& w,
                                    const std::vector<Anchor>& facilities,
                                    const OriginAnchors& origins, Cost limit);

// counts_within(thresholds) and pairs_within(pair_limit) from one bounded search per facility, up
// to the larger of the two limits, where calling both searched twice (coverage wants both per
// category: counts for the table, pairs for 2SFCA). A bounded search's costs within a limit do not
// depend on how far past it the search goes, so both results equal the separate calls'.
struct CountsAndPairs {
  std::vector<std::uint32_t> counts;  // as counts_within
  std::vector<ReachPair> pairs;       // as pairs_within
};
CountsAndPairs counts_and_pairs(const network::Graph& g, const network::Weights& w,
                                const std::vector<Anchor>& facilities, const OriginAnchors& origins,
                                const std::vector<Cost>& thresholds, Cost pair_limit);

}  // namespace lc::reach
