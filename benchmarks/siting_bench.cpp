// Siting benchmark (issue 5): lazy-greedy maximal covering location choosing 14 sites among
// 50,000 candidates for 100,000 origins (target: under 2 s). Part of lifecircle_bench, whose
// main() is in bench_main.cpp.
//
// Synthetic, spatially clustered input, built once outside the timed loop: on a 12 km x 12 km
// square, 75% of the origins lie around 30 town centres (Gaussian, sigma 500 m) and 25% anywhere;
// 60% of the candidates lie around the same centres (sigma 700 m) and 40% anywhere. A candidate
// covers the origins within 250 m, at most the 200 nearest (a bounded search's reach set). Origins
// carry 1-40 people of the served group; 30% of them are already covered by existing facilities
// (demand 0). Counters: set_min / set_mean / set_max (reach-set sizes), sites, coverage_before,
// coverage_after.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <utility>
#include <vector>

#include "plan/siting.hpp"

namespace {

constexpr std::uint32_t kOrigins = 100000;
constexpr std::uint32_t kCandidates = 50000;
constexpr std::uint32_t kTowns = 30;
constexpr double kSide = 12000.0;
constexpr double kRadius = 250.0;
constexpr std::size_t kMaxSet = 200;

// Portable draws from the raw 64-bit engine (std distributions differ between libraries).
struct Draw {
  std::mt19937_64 eng;
  explicit Draw(std::uint64_t seed) : eng(seed) {}
  double unit() { return static_cast<double>(eng() >> 11) * 0x1.0p-53; }
  double gauss() {  // Box-Muller
    const double u = 1.0 - unit(), v = unit();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }
  std::uint64_t below(std::uint64_t n) { return eng() % n; }
};

struct Point {
  double x, y;
};

struct Instance {
  lc::plan::SitingProblem problem;
  std::size_t set_min = 0, set_max = 0;
  double set_mean = 0;
};

const Instance& instance() {
  static const Instance inst = [] {
    Draw rng(42);
    std::vector<Point> towns(kTowns);
    for (auto& t : towns) t = {1000 + rng.unit() * (kSide - 2000), 1000 + rng.unit() * (kSide - 2000)};
    auto clamp = [](double v) { return std::clamp(v, 0.0, std::nextafter(kSide, 0.0)); };
    auto place = [&](double clustered_share, double sigma) {
      if (rng.unit() < clustered_share) {
        const Point& t = towns[rng.below(kTowns)];
        const double dx = sigma * rng.gauss(), dy = sigma * rng.gauss();
        return Point{clamp(t.x + dx), clamp(t.y + dy)};
      }
      return Point{rng.unit() * kSide, rng.unit() * kSide};
    };

    Instance out;
    lc::plan::SitingProblem& p = out.problem;
    std::vector<Point> origins(kOrigins);
    p.demand.resize(kOrigins);
    for (std::uint32_t o = 0; o < kOrigins; ++o) {
      origins[o] = place(0.75, 500.0);
      const double people = static_cast<double>(1 + rng.below(40));
      p.total_population += people;
      if (rng.unit() < 0.3) {
        p.covered_population += people;
      } else {
        p.demand[o] = people;
      }
    }

    // Origins bucketed on a grid of kRadius cells (counting sort).
    const auto cells = static_cast<std::uint32_t>(std::ceil(kSide / kRadius));
    auto cell_of = [&](const Point& q) {
      const auto cx = std::min(cells - 1, static_cast<std::uint32_t>(q.x / kRadius));
      const auto cy = std::min(cells - 1, static_cast<std::uint32_t>(q.y / kRadius));
      return std::pair{cx, cy};
    };
    std::vector<std::uint32_t> start(static_cast<std::size_t>(cells) * cells + 1, 0), bucket(kOrigins);
    for (const Point& q : origins) {
      const auto [cx, cy] = cell_of(q);
      ++start[static_cast<std::size_t>(cy) * cells + cx + 1];
    }
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t o = 0; o < kOrigins; ++o) {
      const auto [cx, cy] = cell_of(origins[o]);
      bucket[fill[static_cast<std::size_t>(cy) * cells + cx]++] = o;
    }

    p.covers.first.reserve(kCandidates + 1);
    p.covers.first.push_back(0);
    out.set_min = kMaxSet + 1;
    std::vector<std::pair<double, std::uint32_t>> near;
    std::vector<std::uint32_t> ids;
    for (std::uint32_t c = 0; c < kCandidates; ++c) {
      const Point q = place(0.6, 700.0);
      const auto [cx, cy] = cell_of(q);
      near.clear();
      for (std::uint32_t y = cy == 0 ? 0 : cy - 1; y <= std::min(cells - 1, cy + 1); ++y)
        for (std::uint32_t x = cx == 0 ? 0 : cx - 1; x <= std::min(cells - 1, cx + 1); ++x) {
          const std::size_t cell = static_cast<std::size_t>(y) * cells + x;
          for (std::uint32_t k = start[cell]; k < start[cell + 1]; ++k) {
            const Point& o = origins[bucket[k]];
            const double d2 = (o.x - q.x) * (o.x - q.x) + (o.y - q.y) * (o.y - q.y);
            if (d2 <= kRadius * kRadius) near.emplace_back(d2, bucket[k]);
          }
        }
      if (near.size() > kMaxSet) {
        std::nth_element(near.begin(), near.begin() + kMaxSet, near.end());
        near.resize(kMaxSet);
      }
      ids.clear();
      for (const auto& [d2, o] : near) ids.push_back(o);
      std::sort(ids.begin(), ids.end());
      p.covers.ids.insert(p.covers.ids.end(), ids.begin(), ids.end());
      p.covers.first.push_back(static_cast<std::uint32_t>(p.covers.ids.size()));
      out.set_min = std::min(out.set_min, ids.size());
      out.set_max = std::max(out.set_max, ids.size());
    }
    out.set_mean = static_cast<double>(p.covers.ids.size()) / kCandidates;
    return out;
  }();
  return inst;
}

void BM_Siting14Of50k(benchmark::State& state) {
  const Instance& inst = instance();
  lc::plan::SitingRequest request;
  request.count = 14;
  lc::plan::SitingResult result;
  for (auto _ : state) {
    result = lc::plan::greedy_mclp(inst.problem, request);
    benchmark::DoNotOptimize(result);
  }
  const auto& p = inst.problem;
  state.counters["set_min"] = static_cast<double>(inst.set_min);
  state.counters["set_mean"] = inst.set_mean;
  state.counters["set_max"] = static_cast<double>(inst.set_max);
  state.counters["sites"] = static_cast<double>(result.sites.size());
  state.counters["coverage_before"] = p.covered_population / p.total_population;
  state.counters["coverage_after"] = result.sites.empty() ? 0.0 : result.sites.back().cumulative_coverage;
}

}  // namespace

BENCHMARK(BM_Siting14Of50k)->Unit(benchmark::kMillisecond);
