// tests: small networks drawn by hand, and random ones, built through the real builder.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "network/builder.hpp"

namespace lc::test {

// A way through the given points; points equal in value are the same vertex.
struct DrawnWay {
  std::vector<Point> points;
  float time_factor = 1.0f;
  std::string cls = "";  // street class
};

inline network::NetworkInput drawn(std::initializer_list<DrawnWay> ways) {
  network::NetworkInput in;
  network::ClassIds classes(in.class_names);
  std::int64_t id = 0;
  for (const auto& w : ways) {
    network::WayPiece piece;
    piece.time_factor = w.time_factor;
    piece.cls = classes.id(w.cls, {});
    piece.source = id++;
    for (const Point& p : w.points) {
      std::uint32_t v = 0;
      while (v < in.vertices.size() && (in.vertices[v].x != p.x || in.vertices[v].y != p.y)) ++v;
      if (v == in.vertices.size()) in.vertices.push_back(p);
      piece.vertices.push_back(v);
    }
    in.ways.push_back(std::move(piece));
  }
  return in;
}

// Random planar-ish network: `n` vertices in a square, ways between near pairs, some with a
// shape point, a few steps; several components happen naturally.
inline network::NetworkInput random_network(std::mt19937& rng, int n, double side) {
  std::uniform_real_distribution<double> coord(0.0, side);
  network::NetworkInput in;
  for (int i = 0; i < n; ++i) in.vertices.push_back({coord(rng), coord(rng)});
  std::uniform_int_distribution<int> pick(0, n - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < n * 2; ++i) {
    const auto a = static_cast<std::uint32_t>(pick(rng));
    std::uint32_t b = a;
    double best = 1e300;
    for (int t = 0; t < 6; ++t) {  // near neighbour among a few tries: short streets
      const auto c = static_cast<std::uint32_t>(pick(rng));
      const double d = std::hypot(in.vertices[a].x - in.vertices[c].x, in.vertices[a].y - in.vertices[c].y);
      if (c != a && d < best) best = d, b = c;
    }
    if (a == b) continue;
    network::WayPiece w;
    w.source = i;
    w.vertices.push_back(a);
    if (unit(rng) < 0.3) {  // a shape point, not shared
      in.vertices.push_back({(in.vertices[a].x + in.vertices[b].x) / 2 + 5, (in.vertices[a].y + in.vertices[b].y) / 2});
      w.vertices.push_back(static_cast<std::uint32_t>(in.vertices.size() - 1));
    }
    w.vertices.push_back(b);
    if (unit(rng) < 0.1) w.time_factor = 2.0f;
    in.ways.push_back(std::move(w));
  }
  return in;
}

}  // namespace lc::test
