#include "lattice.hpp"

#include <stdexcept>

namespace lc::bench {

network::NetworkInput make_lattice(std::uint32_t side) {
  network::NetworkInput in;
  const std::size_t n = static_cast<std::size_t>(side) * side;
  in.vertices.reserve(n);
  for (std::uint32_t r = 0; r < side; ++r)
    for (std::uint32_t c = 0; c < side; ++c) in.vertices.push_back({c * kBlockMetres, r * kBlockMetres});
  in.ways.reserve(side < 2 ? 0 : 2 * static_cast<std::size_t>(side) * (side - 1));
  std::int64_t source = 0;
  auto way = [&](std::uint32_t a, std::uint32_t b) {
    network::WayPiece w;
    w.vertices = {a, b};
    w.source = source++;
    in.ways.push_back(std::move(w));
  };
  for (std::uint32_t r = 0; r < side; ++r)
    for (std::uint32_t c = 0; c < side; ++c) {
      const std::uint32_t v = r * side + c;
      if (c + 1 < side) way(v, v + 1);
      if (r + 1 < side) way(v, v + side);
    }
  return in;
}

std::vector<std::uint32_t> pick_distinct(std::uint64_t seed, std::uint32_t count,
                                         std::uint32_t universe) {
  if (count > universe) throw std::invalid_argument("pick_distinct: count exceeds universe");
  SplitMix64 rng(seed);
  std::vector<bool> seen(universe, false);
  std::vector<std::uint32_t> out;
  out.reserve(count);
  while (out.size() < count) {
    const auto i = static_cast<std::uint32_t>(rng.next() % universe);
    if (seen[i]) continue;
    seen[i] = true;
    out.push_back(i);
  }
  return out;
}

}  // namespace lc::bench
