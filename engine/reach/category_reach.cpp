#include "reach/category_reach.hpp"

#include "reach/counts.hpp"

namespace lc::reach {

CategoryReach category_reach(const network::Graph& g, const network::Weights& w,
                             const std::vector<Anchor>& facilities, const OriginAnchors& origins,
                             unsigned k, const std::vector<Cost>& thresholds) {
  return {nearest_facilities(g, w, facilities, origins, k),
          counts_within(g, w, facilities, origins, thresholds), thresholds.size()};
}

}  // namespace lc::reach
