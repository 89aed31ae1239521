// lc::reach counts within thresholds: a bounded search from each facility (up to the largest
// threshold) tells every origin it reaches how far it is; each origin counts the facilities
// within 5, 10, 15 minutes. Searches run in parallel with thread-owned workspaces, and counts
// are integer sums, so results are identical for any number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "reach/anchor.hpp"
#include "reach/queue.hpp"

namespace lc::reach {

// Origins attached to nodes (CSR): origin ids[i] is reached from node n at cost extra[i] more,
// for i in [first[n], first[n+1]).
struct NodeAttachments {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> ids;
  std::vector<Cost::rep> extra;
};
NodeAttachments attach_to_nodes(const network::Graph& g, const std::vector<Anchor>& origins);

// One bounded single-facility search and its reuse-friendly state (house rule 5).
class BoundedSearch {
 public:
  explicit BoundedSearch(std::size_t nodes, std::size_t origins);

  // Calls visit(origin, cost) once for every origin within `limit` of the facility, with its
  // best cost. Nodes are reset through the touched list, not by clearing whole arrays.
  void run(const network::Graph& g, const network::Weights& w, const Anchor& facility,
           const NodeAttachments& at, const EdgeIndex& origins_on_edge,
           const std::vector<Anchor>& origins, Cost limit,
           const std::function<void(std::uint32_t, Cost)>& visit);

 private:
  void offer_origin(std::uint32_t o, Cost c);
  std::vector<Cost::rep> dist_;
  std::vector<NodeId> touched_;
  std::vector<Cost::rep> origin_best_;
  std::vector<std::uint32_t> origins_touched_;
  RadixHeap<NodeId> heap_;
};

// counts[origin * thresholds.size() + t] = facilities within thresholds[t] of the origin.
std::vector<std::uint32_t> counts_within(const network::Graph& g, const network::Weights& w,
                                         const std::vector<Anchor>& facilities,
                                         const std::vector<Anchor>& origins,
                                         const std::vector<Cost>& thresholds);

}  // namespace lc::reach
