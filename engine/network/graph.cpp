#include "network/graph.hpp"

#include <cassert>
#include <cmath>

namespace lc::network {

Weights make_weights(const Graph& g, MetresPerSecond speed) {
  Weights w{speed, std::vector<Cost::rep>(g.edge_count()), std::vector<Cost::rep>(g.edge_count()),
            std::vector<Cost::rep>(g.arc_count()), std::vector<Cost::rep>(g.arc_count()), {}, false};
  const bool sloped = !g.edge_slope_uv.empty();
  assert(!sloped || (g.edge_slope_uv.size() == g.edge_count() && g.edge_slope_vu.size() == g.edge_count()));
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const double walk = g.edge_length_m[e] * g.edge_time_factor[e] / speed.value;
    const double uv = walk * (sloped ? g.edge_slope_uv[e] : 1.0f) + g.edge_extra_s[e];
    const double vu = walk * (sloped ? g.edge_slope_vu[e] : 1.0f) + g.edge_extra_s[e];
    const std::uint8_t one = g.edge_oneway.empty() ? 0 : g.edge_oneway[e];
    w.edge_ms[e] = one == 2 ? Cost::kUnreachable : Cost::from_seconds({uv}).ms;
    w.edge_ms_vu[e] = one == 1 ? Cost::kUnreachable : Cost::from_seconds({vu}).ms;
    w.directed = w.directed || w.edge_ms[e] != w.edge_ms_vu[e];
  }
  w.arcs.resize(g.arc_count());
  for (NodeId n = 0; n < g.node_count(); ++n)
    for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a) {
      const EdgeId e = g.arc_edge[a];
      // An arc leaving edge_u walks u -> v; its search cost is the walk back, v -> u. A loop
      // (u == v) has both arcs at u: the first walks u -> v, the second v -> u.
      const bool second_of_loop = g.edge_u[e] == g.edge_v[e] && a > g.first_out[n] && g.arc_edge[a - 1] == e;
      const bool forward = g.edge_u[e] == n && !second_of_loop;
      w.arc_walk_ms[a] = forward ? w.edge_ms[e] : w.edge_ms_vu[e];
      w.arc_ms[a] = forward ? w.edge_ms_vu[e] : w.edge_ms[e];
      w.arcs[a] = {g.head[a], w.arc_ms[a]};
    }
  return w;
}

Cost partial_cost(const Graph&, const Weights& w, EdgeId e, double fraction) {
  assert(fraction >= 0.0 && fraction <= 1.0);
  return {static_cast<Cost::rep>(std::llround(w.edge_ms[e] * fraction))};
}

Cost partial_cost_vu(const Graph&, const Weights& w, EdgeId e, double fraction) {
  assert(fraction >= 0.0 && fraction <= 1.0);
  return {static_cast<Cost::rep>(std::llround(w.edge_ms_vu[e] * fraction))};
}

}  // namespace lc::network
