// Benchmark inputs that the Python peers (benchmarks/peers.py) rebuild bit for bit: a square
// street lattice and a seeded pick of distinct vertices on it.
#pragma once

#include <cstdint>
#include <vector>

#include "network/builder.hpp"

namespace lc::bench {

inline constexpr double kBlockMetres = 80.0;

// A side x side street lattice. Vertex r*side + c stands at x = c*80, y = r*80 (metres). One
// two-vertex way joins every pair of horizontal neighbours (r*side+c, r*side+c+1) and every
// pair of vertical neighbours (r*side+c, (r+1)*side+c): 2*side*(side-1) ways of 80 m each. All
// ways have time factor 1 and no delays, so at 1.0 m/s every edge costs 80,000 ms.
network::NetworkInput make_lattice(std::uint32_t side);

// SplitMix64 (Steele, Lea, Flood 2014), exactly as benchmarks/peers.py implements it:
//   state += 0x9E3779B97F4A7C15                         (mod 2^64)
//   z = state
//   z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9             (mod 2^64)
//   z = (z ^ (z >> 27)) * 0x94D049BB133111EB             (mod 2^64)
//   return z ^ (z >> 31)
// The initial state is the seed itself.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// `count` distinct indices in [0, universe), in draw order: starting from SplitMix64(seed), draw
// i = next() % universe (the full 64-bit value modulo universe) and keep i unless already kept;
// repeat until `count` are kept. Requires count <= universe.
//   Python: rng = SplitMix64(seed); seen = set(); out = []
//           while len(out) < count:
//               i = rng.next() % universe
//               if i not in seen: seen.add(i); out.append(i)
std::vector<std::uint32_t> pick_distinct(std::uint64_t seed, std::uint32_t count,
                                         std::uint32_t universe);

}  // namespace lc::bench
