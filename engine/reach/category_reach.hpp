// lc::reach per-category results at every origin: the k nearest facilities and the counts within
// each threshold, from one multi-source search and one bounded search per facility.
#pragma once

#include <vector>

#include "reach/anchor.hpp"
#include "reach/nearest.hpp"

namespace lc::reach {

struct CategoryReach {
  NearestTable nearest;               // origin x k
  std::vector<std::uint32_t> counts;  // origin x thresholds
  std::size_t thresholds = 0;
};

CategoryReach category_reach(const network::Graph& g, const network::Weights& w,
                             const std::vector<Anchor>& facilities, const OriginAnchors& origins,
                             unsigned k, const std::vector<Cost>& thresholds);
inline CategoryReach category_reach(const network::Graph& g, const network::Weights& w,
                                    const std::vector<Anchor>& facilities,
                                    const std::vector<Anchor>& origins, unsigned k,
                                    const std::vector<Cost>& thresholds) {
  return category_reach(g, w, facilities, one_each(origins), k, thresholds);
}

}  // namespace lc::reach
