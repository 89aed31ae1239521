#pragma once
// What the synthetic generators share: their random numbers and how they print a coordinate.
// Both generators are deterministic: the same seed gives the same files on every machine.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "io/geo.hpp"

namespace lc::synth {

inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** seeded through splitmix64; one stream per stage, so that a change in one stage does
// not reshuffle the others.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (auto& s : s_) s = splitmix64(x);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  int range(int lo, int hi) {  // [lo, hi]
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }
  double gauss() {  // Irwin-Hall: mean 0, sd 1, within +-3.5
    double s = 0;
    for (int i = 0; i < 4; ++i) s += uniform();
    return (s - 2.0) * std::sqrt(3.0);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// "lon lat" for WKT, with `decimals` digits after the point (8: about a millimetre).
inline std::string coord(LonLat p, int decimals = 8) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f %.*f", decimals, p.lon, decimals, p.lat);
  return buf;
}

}  // namespace lc::synth
