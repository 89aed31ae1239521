// Incremental update benchmark (issue 5): on the Porto metro network, one facility added to a
// category of 2,000 is updated incrementally (pruned nearest search, one bounded count search,
// the origins it touches) against a full re-run of that category (multi-source nearest plus one
// bounded count search per facility), with every node an origin and counts within 5/10/15 min at
// 1.0 m/s. The full re-run is timed once up front (best of three); counters: full_ms, speedup
// (full_ms over the mean incremental add, target >= 20), nodes / origins touched per add.
// Each timed add is undone (remove_facility) outside the timing, so every add starts from the
// same base state.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "lattice.hpp"
#include "porto.hpp"
#include "reach/category_reach.hpp"
#include "reach/incremental.hpp"

namespace {

using namespace lc;

constexpr std::uint32_t kFacilities = 2000;
constexpr std::uint32_t kAdded = 64;

reach::Anchor at_node(const network::Graph& g, const network::Weights& w, NodeId n) {
  if (g.first_out[n] == g.first_out[n + 1]) return {};
  network::Snap s;
  s.edge = g.arc_edge[g.first_out[n]];
  s.fraction = g.edge_u[s.edge] == n ? 0.0 : 1.0;
  s.at = g.node_xy[n];
  return reach::make_anchor(g, w, s);
}

void BM_PortoMetroIncrementalAddFacility(benchmark::State& state) {
  std::string error;
  const bench::PortoNetwork net = bench::porto_metro(error);
  if (!net.g) return state.SkipWithError(error.c_str());
  const network::Graph& g = *net.g;
  const network::Weights& w = *net.w;
  const auto picks = bench::pick_distinct(7, kFacilities + kAdded, g.node_count());
  std::vector<reach::Anchor> facilities, added, every;
  for (std::uint32_t i = 0; i < picks.size(); ++i) (i < kFacilities ? facilities : added).push_back(at_node(g, w, picks[i]));
  for (NodeId n = 0; n < g.node_count(); ++n) every.push_back(at_node(g, w, n));
  const reach::OriginAnchors origins = reach::one_each(every);
  const std::vector<Cost> thresholds{Cost{300000}, Cost{600000}, Cost{900000}};

  double full_ms = 1e300;
  std::vector<reach::Anchor> with_one = facilities;
  with_one.push_back(added[0]);
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = reach::category_reach(g, w, with_one, origins, 1, thresholds);
    benchmark::DoNotOptimize(r.counts.data());
    full_ms = std::min(full_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }

  reach::IncrementalNearest inc(g, w, facilities, origins, thresholds);
  std::size_t i = 0, nodes = 0, touched_origins = 0;
  double add_ms = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint32_t f = inc.add_facility(added[i++ % added.size()]);
    add_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    nodes += inc.last_update().nodes, touched_origins += inc.last_update().origins;
    state.PauseTiming();
    inc.remove_facility(f);
    state.ResumeTiming();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["nodes"] = g.node_count();
  state.counters["facilities"] = kFacilities;
  state.counters["full_ms"] = full_ms;
  state.counters["speedup"] = full_ms / (add_ms / n);
  state.counters["nodes_touched"] = static_cast<double>(nodes) / n;
  state.counters["origins_touched"] = static_cast<double>(touched_origins) / n;
}

}  // namespace

BENCHMARK(BM_PortoMetroIncrementalAddFacility)->Unit(benchmark::kMillisecond);
