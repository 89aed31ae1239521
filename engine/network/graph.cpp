#include "network/graph.hpp"

#include <cassert>
#include <cmath>

namespace lc::network {

Weights make_weights(const Graph& g, MetresPerSecond speed) {
  Weights w{speed, std::vector<Cost::rep>(g.edge_count()), std::vector<Cost::rep>(g.arc_count()), {}};
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const double s = g.edge_length_m[e] * g.edge_time_factor[e] / speed.value + g.edge_extra_s[e];
    w.edge_ms[e] = Cost::from_seconds({s}).ms;
  }
  w.arcs.resize(g.arc_count());
  for (std::uint32_t a = 0; a < g.arc_count(); ++a)
    w.arc_ms[a] = w.edge_ms[g.arc_edge[a]], w.arcs[a] = {g.head[a], w.arc_ms[a]};
  return w;
}

Cost partial_cost(const Graph&, const Weights& w, EdgeId e, double fraction) {
  assert(fraction >= 0.0 && fraction <= 1.0);
  return {static_cast<Cost::rep>(std::llround(w.edge_ms[e] * fraction))};
}

}  // namespace lc::network
