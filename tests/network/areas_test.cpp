// Pedestrian areas walked across (docs/network.md, Pedestrian areas): drawn squares with walks
// worked out on paper, and random polygons against a brute-force visibility graph over every
// vertex with its own inside test (no GEOS).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "network/areas.hpp"
#include "network/osm_sketch.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::kNever;

// A 100 m square 1 (0,0) 2 (100,0) 3 (100,100) 4 (0,100) with vertex 7 (50,0) on its south
// side; footways reach it from 5 (-50,0) at 1, from 6 (150,100) at 3 and from 8 (50,-40) at 7.
double square_walk(const TagList& area_tags, Point from, Point to) {
  test::TempDir dir;
  test::OsmSketch s;
  s.node(1, 0, 0), s.node(7, 50, 0), s.node(2, 100, 0), s.node(3, 100, 100), s.node(4, 0, 100);
  s.node(5, -50, 0), s.node(6, 150, 100), s.node(8, 50, -40);
  s.way(20, {1, 7, 2, 3, 4, 1}, area_tags);
  s.way(10, {5, 1}, {{"highway", "footway"}});
  s.way(11, {3, 6}, {{"highway", "footway"}});
  s.way(12, {7, 8}, {{"highway", "footway"}});
  return test::OsmSketch::walk_s(s.graph(dir), from, to);
}

TEST(Areas, AConvexSquareIsWalkedStraightAcross) {
  const double diagonal = 50 + std::sqrt(2.0) * 100 + 50;  // 241.421
  EXPECT_NEAR(square_walk({{"highway", "pedestrian"}, {"area", "yes"}}, {-50, 0}, {150, 100}), diagonal, 0.03);
  EXPECT_NEAR(square_walk({{"highway", "footway"}, {"area", "yes"}}, {-50, 0}, {150, 100}), diagonal, 0.03);
  EXPECT_NEAR(square_walk({{"highway", "service"}, {"area", "yes"}}, {-50, 0}, {150, 100}), diagonal, 0.03);
  EXPECT_NEAR(square_walk({{"area:highway", "pedestrian"}}, {-50, 0}, {150, 100}), diagonal, 0.03);
  // From the middle of the south side to the far corner: 40 + sqrt(50^2 + 100^2) + 50.
  EXPECT_NEAR(square_walk({{"highway", "pedestrian"}, {"area", "yes"}}, {50, -40}, {150, 100}),
              40 + std::sqrt(50.0 * 50 + 100 * 100) + 50, 0.03);
}

TEST(Areas, WithoutAreaYesTheClosedWayIsALoop) {
  // A closed highway=pedestrian without area=yes is a street around a block: walked around.
  EXPECT_NEAR(square_walk({{"highway", "pedestrian"}}, {-50, 0}, {150, 100}), 300.0, 0.03);
}

TEST(Areas, AnAreaNoWayReachesIsLeftOut) {
  // An island would only catch snapped points: the square alone, and with a footway beside it that
  // shares no node, has no edge of its own.
  test::TempDir dir;
  test::OsmSketch s;
  s.node(1, 0, 0), s.node(2, 100, 0), s.node(3, 100, 100), s.node(4, 0, 100), s.node(5, -50, -5), s.node(6, 150, -5);
  s.way(20, {1, 2, 3, 4, 1}, {{"area:highway", "footway"}});
  s.way(10, {5, 6}, {{"highway", "footway"}});
  const auto g = s.graph(dir);
  EXPECT_EQ(g.edge_count(), 1u);
  EXPECT_EQ(test::OsmSketch::node_at(g, 0, 0), kNone);
}

TEST(Areas, AccessAppliesToAreas) {
  EXPECT_EQ(square_walk({{"highway", "pedestrian"}, {"area", "yes"}, {"access", "private"}}, {-50, 0}, {150, 100}), kNever);
  EXPECT_EQ(square_walk({{"highway", "residential"}, {"area", "yes"}}, {-50, 0}, {150, 100}), kNever);
  EXPECT_EQ(square_walk({{"area:highway", "primary"}}, {-50, 0}, {150, 100}), kNever);
}

// An L-shaped square: 1 (0,0) 2 (100,0) 3 (100,20) 4 (100,40) 5 (40,40) 6 (40,100) 7 (20,100)
// 8 (0,100). Footways reach it at 3 from 9 (150,20) and at 7 from 10 (20,150). The straight line
// 3-7 passes (60,60), outside the L; the walk bends at the reflex corner 5:
// 2 * sqrt(60^2 + 20^2) = 126.491 across, against 160 around the rim.
double l_walk(Point from, Point to, bool inner_path = false) {
  test::TempDir dir;
  test::OsmSketch s;
  s.node(1, 0, 0), s.node(2, 100, 0), s.node(3, 100, 20), s.node(4, 100, 40), s.node(5, 40, 40);
  s.node(6, 40, 100), s.node(7, 20, 100), s.node(8, 0, 100), s.node(9, 150, 20), s.node(10, 20, 150);
  s.way(20, {1, 2, 3, 4, 5, 6, 7, 8, 1}, {{"highway", "pedestrian"}, {"area", "yes"}});
  s.way(10, {3, 9}, {{"highway", "footway"}});
  s.way(11, {7, 10}, {{"highway", "footway"}});
  if (inner_path) {
    // A footway drawn inside the square, touching nothing: its ends join the square.
    s.node(11, 20, 20), s.node(12, 30, 30);
    s.way(12, {11, 12}, {{"highway", "footway"}});
  }
  return test::OsmSketch::walk_s(s.graph(dir), from, to);
}

TEST(Areas, AnLShapedSquareBendsAtItsReflexCorner) {
  EXPECT_NEAR(l_walk({150, 20}, {20, 150}), 50 + 2 * std::sqrt(4000.0) + 50, 0.03);
  EXPECT_NEAR(l_walk({100, 20}, {20, 100}), 2 * std::sqrt(4000.0), 0.03);
}

TEST(Areas, WaysEndingInsideJoinTheSquare) {
  // From the inner footway's end (30,30) straight to 7 (20,100), then out to 10.
  EXPECT_NEAR(l_walk({30, 30}, {20, 150}, true), std::sqrt(10.0 * 10 + 70 * 70) + 50, 0.03);
  // From (20,20) to 3 (100,20): straight east, 80 m.
  EXPECT_NEAR(l_walk({20, 20}, {150, 20}, true), 80 + 50, 0.03);
}

TEST(Areas, AnInvalidPolygonIsWalkedAlongItsRimOnly) {
  // A bow tie crosses itself: no straight walks across it.
  const std::vector<Point> bowtie = {{0, 0}, {100, 100}, {100, 0}, {0, 100}};
  EXPECT_TRUE(network::sight_lines(bowtie, {true, true, true, true}, {}).empty());
  // The same corners in order make a square, crossed by its two diagonals.
  const std::vector<Point> square = {{0, 0}, {100, 0}, {100, 100}, {0, 100}};
  EXPECT_EQ(network::sight_lines(square, {true, true, true, true}, {}).size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Random star-shaped polygons: shortest walks between the entries over the rim and sight_lines
// against a brute-force visibility graph over every vertex, with its own inside test.

double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool proper_cross(Point a, Point b, Point c, Point d) {
  const double d1 = cross(a, b, c), d2 = cross(a, b, d), d3 = cross(c, d, a), d4 = cross(c, d, b);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

bool inside(const std::vector<Point>& ring, Point p) {  // ray casting
  bool in = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
    if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
        p.x < (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
      in = !in;
  return in;
}

std::vector<std::vector<double>> floyd(std::vector<std::vector<double>> d) {
  const std::size_t n = d.size();
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
  return d;
}

TEST(Areas, RandomPolygonsAgainstBruteForce) {
  std::mt19937 rng(20261204);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int compared = 0, bent = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 5 + rng() % 12;
    // Star-shaped round the origin, each vertex in its own sector, so no two sectors' gap reaches
    // half a turn: a simple polygon.
    std::vector<Point> ring(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double angle = (static_cast<double>(i) + 0.8 * unit(rng)) / static_cast<double>(n) * 2 * 3.14159265358979323846;
      const double r = 20 + 80 * unit(rng);
      ring[i] = {r * std::cos(angle), r * std::sin(angle)};
    }
    std::vector<bool> entry(n);
    for (std::size_t i = 0; i < n; ++i) entry[i] = unit(rng) < 0.4;
    std::vector<Point> inner;
    for (auto k = rng() % 3; k > 0; --k) inner.push_back({-60 + 120 * unit(rng), -60 + 120 * unit(rng)});
    const std::size_t m = n + inner.size();
    auto at = [&](std::size_t k) { return k < n ? ring[k] : inner[k - n]; };
    auto len = [&](std::size_t a, std::size_t b) { return std::hypot(at(a).x - at(b).x, at(a).y - at(b).y); };

    std::vector<std::vector<double>> ours(m, std::vector<double>(m, kNever)), brute = ours;
    for (std::size_t i = 0; i < m; ++i) ours[i][i] = brute[i][i] = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t j = (i + 1) % n;
      ours[i][j] = ours[j][i] = brute[i][j] = brute[j][i] = len(i, j);
    }
    for (const auto& [a, b] : network::sight_lines(ring, entry, inner)) ours[a][b] = ours[b][a] = len(a, b);
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = a + 1; b < m; ++b) {
        if (a < n && b < n && (b == a + 1 || (a == 0 && b == n - 1))) continue;
        bool clear = true;
        for (std::size_t i = 0; i < n && clear; ++i) {
          const std::size_t j = (i + 1) % n;
          if (i == a || i == b || j == a || j == b) continue;
          clear = !proper_cross(at(a), at(b), ring[i], ring[j]);
        }
        const Point mid{(at(a).x + at(b).x) / 2, (at(a).y + at(b).y) / 2};
        if (clear && inside(ring, mid) && (a < n || inside(ring, at(a))) && (b < n || inside(ring, at(b))))
          brute[a][b] = brute[b][a] = len(a, b);
      }
    const auto d1 = floyd(ours), d2 = floyd(brute);
    std::vector<std::size_t> terminals;
    for (std::size_t i = 0; i < n; ++i)
      if (entry[i]) terminals.push_back(i);
    for (std::size_t k = n; k < m; ++k) terminals.push_back(k);
    for (auto a : terminals)
      for (auto b : terminals) {
        if (a >= b) continue;
        // Inner points outside the polygon join nothing in either.
        if (d2[a][b] == kNever) {
          EXPECT_EQ(d1[a][b], kNever) << "trial " << trial << " " << a << "-" << b;
        } else {
          EXPECT_NEAR(d1[a][b], d2[a][b], 1e-6) << "trial " << trial << " " << a << "-" << b;
          ++compared;
          if (d2[a][b] < len(a, b) - 1e-9 || d2[a][b] > len(a, b) + 1e-9) ++bent;
        }
      }
  }
  EXPECT_GT(compared, 1000);
  EXPECT_GT(bent, 100);  // walks that bend at corners, not only straight ones
}

}  // namespace
}  // namespace lc
