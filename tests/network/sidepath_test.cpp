// foot=use_sidepath (docs/network.md, Sidepaths): a road is left out only where a separately
// mapped footway runs beside it, within 25 m and within 30 degrees of parallel, along at least half
// of its length; otherwise it is walked like any road.
//
// Drawn: the road 1 (0,0) - 2 (200,0) with foot=use_sidepath, and a footway 3-4 at height h
// along x in [0, L]. A residential street 5 (0,-60) - 1 joins the road at its west end.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "network/osm_sketch.hpp"
#include "network/sidepath.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::kNever;

// Seconds from 5 to the road's east end 2; kNever when the road is left out.
double road_walk(double h, double length, const TagList& path_tags = {{"highway", "footway"}, {"footway", "sidewalk"}}) {
  test::TempDir dir;
  test::OsmSketch s;
  s.node(1, 0, 0);
  s.node(2, 200, 0);
  s.node(3, 0, h);
  s.node(4, length, h);
  s.node(5, 0, -60);
  s.way(10, {1, 2}, {{"highway", "secondary"}, {"foot", "use_sidepath"}});
  s.way(11, {3, 4}, path_tags);
  s.way(12, {5, 1}, {{"highway", "residential"}});
  return test::OsmSketch::walk_s(s.graph(dir), {0, -60}, {200, 0});
}

TEST(Sidepath, NoFootwayBesideTheRoadIsWalked) {
  EXPECT_NEAR(road_walk(500, 200), 260.0, 0.03);  // a footway far away
}

TEST(Sidepath, AFootwayAlongTheWholeRoadWithin25mLeavesItOut) {
  EXPECT_EQ(road_walk(8, 200), kNever);
  EXPECT_EQ(road_walk(-8, 200), kNever);
  EXPECT_EQ(road_walk(24.5, 200), kNever);
  EXPECT_NEAR(road_walk(25.5, 200), 260.0, 0.03);
}

TEST(Sidepath, HalfOfTheLengthDecides) {
  // 5 m pieces: a footway over x in [0, 120] is beside 24 of 40 pieces (60%), one over [0, 80]
  // beside 16 (40%).
  EXPECT_EQ(road_walk(8, 120), kNever);
  EXPECT_NEAR(road_walk(8, 80), 260.0, 0.03);
}

TEST(Sidepath, OnlyWalkableFootwaysCount) {
  EXPECT_NEAR(road_walk(8, 200, {{"highway", "footway"}, {"foot", "no"}}), 260.0, 0.03);
  EXPECT_NEAR(road_walk(8, 200, {{"highway", "residential"}}), 260.0, 0.03);  // a parallel street is no sidepath
  EXPECT_NEAR(road_walk(8, 200, {{"highway", "footway"}, {"footway", "crossing"}}), 260.0, 0.03);
  EXPECT_EQ(road_walk(8, 200, {{"highway", "cycleway"}}), kNever);
  EXPECT_EQ(road_walk(8, 200, {{"highway", "path"}}), kNever);
}

// The geometry alone, on paper.
TEST(Sidepath, GeometryParallelAndSquare) {
  const std::vector<network::Polyline> roads = {{{0, 0}, {100, 0}}};
  // Crossing footways square to the road, every 10 m: never beside it.
  std::vector<network::Polyline> crossings;
  for (int x = 0; x <= 100; x += 10) crossings.push_back({{double(x), -20}, {double(x), 20}});
  EXPECT_FALSE(network::has_sidepath(roads, crossings, 25)[0]);
  // 29 degrees off parallel counts, 31 does not.
  auto tilted = [](double deg) {
    const double r = deg * 3.14159265358979323846 / 180.0;
    return network::Polyline{{0, 10}, {100 * std::cos(r), 10 + 100 * std::sin(r)}};
  };
  // At 29 degrees the footway leaves the 25 m band at x = (25 - 10 cos 29)/sin 29 = 33.5 m: not half.
  EXPECT_FALSE(network::has_sidepath(roads, {tilted(29)}, 25)[0]);
  EXPECT_TRUE(network::has_sidepath(roads, {tilted(29)}, 100)[0]);
  EXPECT_FALSE(network::has_sidepath(roads, {tilted(31)}, 100)[0]);
  // A footway in pieces along both sides, each covering a quarter: half in all.
  EXPECT_TRUE(network::has_sidepath(roads, {{{0, 5}, {25, 5}}, {{25, -5}, {50, -5}}}, 25)[0]);
  EXPECT_FALSE(network::has_sidepath(roads, {{{0, 5}, {25, 5}}, {{0, -5}, {45, -5}}}, 25)[0]);
  // No paths at all.
  EXPECT_FALSE(network::has_sidepath(roads, {}, 25)[0]);
}

}  // namespace
}  // namespace lc
