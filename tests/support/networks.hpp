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


// Duplicate nodes at one spot, as OSM has them (two node ids, one position): `count` vertices get
// a twin at exactly the same coordinates, joined to them by a zero-length way, and each way
// through the vertex moves to the twin with probability 1/2; a twin is sometimes twinned again
// (three nodes at one spot). Searches then meet zero-cost arcs and equal-cost ties.
inline void add_twins(network::NetworkInput& in, std::mt19937& rng, int count) {
  std::uniform_int_distribution<std::size_t> pick(0, in.vertices.size() - 1);
  std::int64_t source = static_cast<std::int64_t>(in.ways.size()) + 1'000'000;
  std::uint32_t last_twin = 0;
  for (int i = 0; i < count; ++i) {
    const auto v = i > 0 && rng() % 5 == 0 ? last_twin : static_cast<std::uint32_t>(pick(rng));
    const auto twin = static_cast<std::uint32_t>(in.vertices.size());
    in.vertices.push_back(in.vertices[v]);
    for (auto& w : in.ways)
      for (auto& x : w.vertices)
        if (x == v && rng() % 2 == 0) x = twin;
    network::WayPiece link;
    link.source = source++;
    link.vertices = {v, twin};
    in.ways.push_back(std::move(link));
    last_twin = twin;
  }
}

// A lattice of `nx` x `ny` nodes `spacing` metres apart (integer coordinates), each street
// present with probability 0.85: equal lengths everywhere, so equal-cost ties are the rule.
inline network::NetworkInput lattice(std::mt19937& rng, int nx, int ny, double spacing) {
  network::NetworkInput in;
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) in.vertices.push_back({x * spacing, y * spacing});
  std::int64_t source = 0;
  auto street = [&](int a, int b) {
    if (rng() % 100 >= 85) return;
    network::WayPiece w;
    w.source = source++;
    w.vertices = {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)};
    in.ways.push_back(std::move(w));
  };
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) {
      if (x + 1 < nx) street(y * nx + x, y * nx + x + 1);
      if (y + 1 < ny) street(y * nx + x, (y + 1) * nx + x);
    }
  return in;
}

// Slopes drawn at random (time multipliers 0.8..2.5, each direction its own): directed costs as
// a DEM gives them, for checking the searches against a brute force.
inline void random_slopes(network::Graph& g, std::mt19937& rng) {
  std::uniform_real_distribution<float> f(0.8f, 2.5f);
  g.edge_slope_uv.resize(g.edge_count()), g.edge_slope_vu.resize(g.edge_count());
  for (EdgeId e = 0; e < g.edge_count(); ++e) g.edge_slope_uv[e] = f(rng), g.edge_slope_vu[e] = f(rng);
}

}  // namespace lc::test
