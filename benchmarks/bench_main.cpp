// lifecircle_bench: the searches the reach engine runs, on a synthetic street lattice that the
// Python peers rebuild exactly (benchmarks/peers.py) and on the Porto metro OSM network.
// docs/benchmarks.md says what each benchmark measures and records figures.
//
// Every benchmark builds its graph once, outside the timed loop (lazily, on first use), and
// reports counters to check results against peers and across runs:
//   nodes, arcs   graph size
//   reachable     nodes with a finite nearest time (multi-source) / origins with count_15 > 0
//   checksum      multi-source: sum over all nodes of the nearest time in ms;
//                 counts: sum over origins of count_15
// The label repeats the checksum as an exact integer (counters are doubles).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/parallel.hpp"
#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "lattice.hpp"
#include "porto.hpp"
#include "network/builder.hpp"
#include "network/from_osm.hpp"
#include "network/graph.hpp"
#include "network/osm_profile.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"

#ifndef LIFECIRCLE_SOURCE_DIR
#define LIFECIRCLE_SOURCE_DIR "."
#endif

namespace {

using namespace lc;

constexpr std::uint64_t kSeed = 42;
constexpr std::uint32_t kLatticeFacilities = 3000;
constexpr std::uint32_t kCountFacilities = 10000;
constexpr MetresPerSecond kSpeed{1.0};

struct Network {
  network::Graph g;
  network::Weights w;
  std::vector<NodeId> node_of_vertex;  // lattice only: lattice vertex r*side+c -> graph node
  std::size_t input_vertices = 0;     // before folding shape points (OSM nodes on walkable ways)
  double build_s = 0;
};

// A point exactly on node n, as the snapper would give it (fraction 0 or 1 on an incident edge).
reach::Anchor node_anchor(const Network& net, NodeId n) {
  return reach::make_anchor(net.g, net.w, network::snap_at_node(net.g, n));
}

std::vector<reach::Anchor> anchors_at(const Network& net, const std::vector<NodeId>& nodes) {
  std::vector<reach::Anchor> out;
  out.reserve(nodes.size());
  for (NodeId n : nodes) out.push_back(node_anchor(net, n));
  return out;
}

std::vector<reach::Anchor> every_node(const Network& net) {
  std::vector<reach::Anchor> out;
  out.reserve(net.g.node_count());
  for (NodeId n = 0; n < net.g.node_count(); ++n) out.push_back(node_anchor(net, n));
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const Network& lattice(std::uint32_t side) {
  static std::map<std::uint32_t, std::unique_ptr<Network>> cache;
  auto& slot = cache[side];
  if (slot) return *slot;
  const auto t0 = std::chrono::steady_clock::now();
  auto net = std::make_unique<Network>();
  const network::NetworkInput input = bench::make_lattice(side);
  net->input_vertices = input.vertices.size();
  net->g = network::build_graph(input);
  net->w = network::make_weights(net->g, kSpeed);
  // build_graph renumbers nodes along a Hilbert curve: map lattice vertices back by position.
  net->node_of_vertex.assign(static_cast<std::size_t>(side) * side, kNone);
  for (NodeId n = 0; n < net->g.node_count(); ++n) {
    const Point p = net->g.node_xy[n];
    const auto c = static_cast<std::uint32_t>(p.x / bench::kBlockMetres + 0.5);
    const auto r = static_cast<std::uint32_t>(p.y / bench::kBlockMetres + 0.5);
    net->node_of_vertex[static_cast<std::size_t>(r) * side + c] = n;
  }
  net->build_s = seconds_since(t0);
  slot = std::move(net);
  return *slot;
}

std::string geodata_dir() {
  if (const char* env = std::getenv("LIFECIRCLE_GEODATA"); env && *env) return env;
  return std::string(LIFECIRCLE_SOURCE_DIR) + "/../shared/geodata";
}

// The Porto metro walking network, or nullptr with `error` set.
const Network* porto(std::string& error) {
  static std::unique_ptr<Network> net;
  static std::string load_error;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const std::string path = geodata_dir() + "/osm/porto_metro_2015_roads.osm.pbf";
    if (!std::filesystem::exists(path)) {
      load_error = "missing " + path + " (set LIFECIRCLE_GEODATA)";
    } else {
      try {
        const auto t0 = std::chrono::steady_clock::now();
        const io::TagFilter want_way = [](const TagList& t) {
          return network::walk_access(t, {}).walkable;
        };
        const io::OsmData osm = io::read_osm(path, want_way, nullptr);
        BBox box;
        for (const auto& way : osm.ways)
          for (const auto& ll : way.coords) box.add(ll.lon, ll.lat);
        const io::Projector proj(io::utm_epsg_for(box));
        auto n = std::make_unique<Network>();
        const network::NetworkInput input = network::input_from_osm(osm, proj, {});
        n->input_vertices = input.vertices.size();
        n->g = network::build_graph(input);
        n->w = network::make_weights(n->g, kSpeed);
        n->build_s = seconds_since(t0);
        net = std::move(n);
      } catch (const std::exception& e) {
        load_error = std::string("loading ") + path + ": " + e.what();
      }
    }
  }
  error = load_error;
  return net.get();
}

void graph_counters(benchmark::State& state, const Network& net) {
  state.counters["nodes"] = net.g.node_count();
  state.counters["arcs"] = net.g.arc_count();
  state.counters["input_vertices"] = static_cast<double>(net.input_vertices);
  state.counters["build_s"] = net.build_s;
}

template <template <class> class Queue>
void multi_source(benchmark::State& state, const Network& net,
                  const std::vector<reach::Anchor>& facilities, unsigned k) {
  reach::MultiSourceSearch<Queue> search(k);
  search.run(net.g, net.w, facilities);  // warm up: first use allocates
  for (auto _ : state) {
    search.run(net.g, net.w, facilities);
    benchmark::ClobberMemory();
  }
  std::uint64_t checksum = 0, reachable = 0;
  for (NodeId n = 0; n < net.g.node_count(); ++n) {
    const auto labels = search.labels(n);
    if (labels.empty() || !labels[0].cost.reachable()) continue;
    checksum += labels[0].cost.ms;
    ++reachable;
  }
  graph_counters(state, net);
  state.counters["facilities"] = static_cast<double>(facilities.size());
  state.counters["k"] = k;
  state.counters["checksum"] = static_cast<double>(checksum);
  state.counters["reachable"] = static_cast<double>(reachable);
  state.SetLabel("checksum=" + std::to_string(checksum));
}

std::vector<reach::Anchor> lattice_facilities(const Network& net, std::uint32_t side,
                                              std::uint32_t count) {
  std::vector<NodeId> nodes;
  for (auto v : bench::pick_distinct(kSeed, count, side * side)) nodes.push_back(net.node_of_vertex[v]);
  return anchors_at(net, nodes);
}

// --- lattice, multi-source nearest ------------------------------------------------------------

template <template <class> class Queue, unsigned K>
void BM_MultiSource(benchmark::State& state) {
  const auto side = static_cast<std::uint32_t>(state.range(0));
  const Network& net = lattice(side);
  multi_source<Queue>(state, net, lattice_facilities(net, side, kLatticeFacilities), K);
}

void BM_MultiSourceLattice(benchmark::State& state) { BM_MultiSource<reach::RadixHeap, 1>(state); }
void BM_MultiSourceLatticeBinaryHeap(benchmark::State& state) {
  BM_MultiSource<reach::BinaryHeap, 1>(state);
}
void BM_MultiSourceLatticeK3(benchmark::State& state) { BM_MultiSource<reach::RadixHeap, 3>(state); }

// --- counts within 5/10/15 minutes --------------------------------------------------------------

void counts(benchmark::State& state, const Network& net, const std::vector<reach::Anchor>& facilities,
            int threads) {
  const parallel::ThreadLimit limit(static_cast<unsigned>(std::max(threads, 0)));
  const std::vector<reach::Anchor> origins = every_node(net);
  const std::vector<Cost> thresholds{Cost::from_seconds({300}), Cost::from_seconds({600}),
                                     Cost::from_seconds({900})};
  std::vector<std::uint32_t> result;
  for (auto _ : state) {
    result = reach::counts_within(net.g, net.w, facilities, origins, thresholds);
    benchmark::DoNotOptimize(result.data());
  }
  std::uint64_t sum[3] = {0, 0, 0}, reached = 0;
  for (std::size_t o = 0; o < origins.size(); ++o) {
    for (std::size_t t = 0; t < 3; ++t) sum[t] += result[o * 3 + t];
    reached += result[o * 3 + 2] > 0;
  }
  graph_counters(state, net);
  state.counters["facilities"] = static_cast<double>(facilities.size());
  state.counters["origins"] = static_cast<double>(origins.size());
  state.counters["threads"] = static_cast<double>(parallel::max_threads());
  state.counters["checksum"] = static_cast<double>(sum[2]);
  state.counters["reachable"] = static_cast<double>(reached);
  state.SetLabel("checksum=" + std::to_string(sum[2]) + " count_5=" + std::to_string(sum[0]) +
                 " count_10=" + std::to_string(sum[1]));
}

void BM_CountsWithin(benchmark::State& state) {
  const auto side = static_cast<std::uint32_t>(state.range(0));
  const Network& net = lattice(side);
  counts(state, net, lattice_facilities(net, side, kCountFacilities), 0);
}
void BM_CountsWithinOneThread(benchmark::State& state) {
  const auto side = static_cast<std::uint32_t>(state.range(0));
  const Network& net = lattice(side);
  counts(state, net, lattice_facilities(net, side, kCountFacilities), 1);
}

// --- Porto metro --------------------------------------------------------------------------------

const Network* porto_or_skip(benchmark::State& state) {
  std::string error;
  const Network* net = porto(error);
  if (!net) state.SkipWithError(error.c_str());
  return net;
}

std::vector<reach::Anchor> porto_facilities(const Network& net) {
  const auto nodes = bench::pick_distinct(kSeed, kCountFacilities, net.g.node_count());
  return anchors_at(net, nodes);
}

void BM_PortoMetroCountsWithin(benchmark::State& state) {
  if (const Network* net = porto_or_skip(state)) counts(state, *net, porto_facilities(*net), 0);
}
void BM_PortoMetroCountsWithinOneThread(benchmark::State& state) {
  if (const Network* net = porto_or_skip(state)) counts(state, *net, porto_facilities(*net), 1);
}
void BM_PortoMetroMultiSource(benchmark::State& state) {
  if (const Network* net = porto_or_skip(state))
    multi_source<reach::RadixHeap>(state, *net, porto_facilities(*net), 1);
}
void BM_PortoMetroMultiSourceBinaryHeap(benchmark::State& state) {
  if (const Network* net = porto_or_skip(state))
    multi_source<reach::BinaryHeap>(state, *net, porto_facilities(*net), 1);
}
void BM_PortoMetroMultiSourceK3(benchmark::State& state) {
  if (const Network* net = porto_or_skip(state))
    multi_source<reach::RadixHeap>(state, *net, porto_facilities(*net), 3);
}

}  // namespace

lc::bench::PortoNetwork lc::bench::porto_metro(std::string& error) {
  const Network* net = porto(error);
  return net ? PortoNetwork{&net->g, &net->w} : PortoNetwork{};
}

// Every side benchmarks/run.sh --sides can ask for (its scaling table); peers.py SIDES matches.
BENCHMARK(BM_MultiSourceLattice)->Arg(100)->Arg(200)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MultiSourceLatticeBinaryHeap)->Arg(100)->Arg(200)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MultiSourceLatticeK3)->Arg(200)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountsWithin)->Arg(200)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountsWithinOneThread)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortoMetroMultiSource)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortoMetroMultiSourceBinaryHeap)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortoMetroMultiSourceK3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortoMetroCountsWithin)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortoMetroCountsWithinOneThread)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
