// The populated clusters that frame the report's walking-time maps (engine/report/clusters.hpp):
// hand-drawn towns, and random scatters against a brute force that links points pairwise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <tuple>
#include <random>

#include "report/clusters.hpp"

namespace lc::report {
namespace {

bool same_box(const BBox& a, const BBox& b) {
  return a.min_x == b.min_x && a.min_y == b.min_y && a.max_x == b.max_x && a.max_y == b.max_y;
}

// Near the equator, so a cell is as wide as it is high in degrees (cos(0.01°) ~ 1).
TEST(PopulatedClusters, ThreeTownsGetABoxEachWestToEast) {
  // The extent is 40 x 40 units of 0.1°: cells of 0.1°. Towns at x 0-0.3, 1.9-2.0 and 3.7-4.0.
  const std::vector<LonLat> pts{{3.7, 0.0}, {4.0, 0.3}, {0.0, 0.0}, {0.3, 0.2}, {1.9, 4.0}, {2.0, 3.8}};
  const auto boxes = populated_clusters(pts);
  ASSERT_EQ(boxes.size(), 3u);
  EXPECT_DOUBLE_EQ(boxes[0].min_x, 0.0);
  EXPECT_DOUBLE_EQ(boxes[0].max_x, 0.3);
  EXPECT_DOUBLE_EQ(boxes[0].max_y, 0.2);
  EXPECT_DOUBLE_EQ(boxes[1].min_x, 1.9);
  EXPECT_DOUBLE_EQ(boxes[1].min_y, 3.8);
  EXPECT_DOUBLE_EQ(boxes[2].min_x, 3.7);
  EXPECT_DOUBLE_EQ(boxes[2].max_y, 0.3);
}

TEST(PopulatedClusters, OneTownOrTooManyKeepTheOneFrame) {
  std::vector<LonLat> line;
  for (int i = 0; i <= 40; ++i) line.push_back({0.1 * i, 0.05 * i});  // continuous: one town
  auto boxes = populated_clusters(line);
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_DOUBLE_EQ(boxes[0].max_x, 4.0);
  std::vector<LonLat> five;
  for (int i = 0; i < 5; ++i) five.push_back({1.0 * i, 0.0}), five.push_back({1.0 * i, 4.0});  // ten towns
  boxes = populated_clusters(five);
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_DOUBLE_EQ(boxes[0].min_y, 0.0);
  EXPECT_DOUBLE_EQ(boxes[0].max_y, 4.0);
  EXPECT_TRUE(populated_clusters({}).empty());
  boxes = populated_clusters({{1.0, 2.0}, {1.0, 2.0}});  // duplicates at one spot
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_DOUBLE_EQ(boxes[0].min_x, 1.0);
}

TEST(PopulatedClusters, GapOfEmptyCellsDecidesWhetherTownsJoin) {
  // Cells of 0.1° over an extent of 4°: points in cells 0 and 3 have two empty cells between.
  const std::vector<LonLat> two_empty{{0.0, 0.0}, {0.35, 0.0}, {4.0, 4.0}};
  EXPECT_EQ(populated_clusters(two_empty, 40, 2).size(), 2u);
  EXPECT_EQ(populated_clusters(two_empty, 40, 1).size(), 3u);
}

// Brute force: points linked when their cells (computed the same way) are within gap + 1 in both
// axes, clusters as the connected components of that relation found by a search over points.
std::vector<BBox> brute_clusters(const std::vector<LonLat>& pts, int cells, int gap) {
  BBox all;
  for (const auto& p : pts) all.add(p.lon, p.lat);
  const double kx = std::max(0.01, std::cos((all.min_y + all.max_y) / 2 * std::numbers::pi / 180.0));
  const double side = std::max((all.max_x - all.min_x) * kx, all.max_y - all.min_y) / cells;
  auto cx = [&](const LonLat& p) { return static_cast<int>((p.lon - all.min_x) * kx / side); };
  auto cy = [&](const LonLat& p) { return static_cast<int>((p.lat - all.min_y) / side); };
  std::vector<int> comp(pts.size(), -1);
  std::vector<BBox> boxes;
  for (std::size_t s = 0; s < pts.size(); ++s) {
    if (comp[s] >= 0) continue;
    const int id = static_cast<int>(boxes.size());
    boxes.emplace_back();
    std::vector<std::size_t> todo{s};
    comp[s] = id;
    while (!todo.empty()) {
      const auto i = todo.back();
      todo.pop_back();
      boxes[id].add(pts[i].lon, pts[i].lat);
      for (std::size_t j = 0; j < pts.size(); ++j)
        if (comp[j] < 0 && std::abs(cx(pts[i]) - cx(pts[j])) <= gap + 1 && std::abs(cy(pts[i]) - cy(pts[j])) <= gap + 1)
          comp[j] = id, todo.push_back(j);
    }
  }
  if (boxes.size() == 1 || boxes.size() > 4) return {all};
  // West to east by centre; ties (two towns one above the other) south to north, then by extent.
  const auto key = [](const BBox& b) { return std::tuple(b.min_x + b.max_x, b.min_y + b.max_y, b.min_x, b.min_y, b.max_x, b.max_y); };
  std::sort(boxes.begin(), boxes.end(), [&](const BBox& a, const BBox& b) { return key(a) < key(b); });
  return boxes;
}

TEST(PopulatedClusters, RandomTownsMatchABruteForce) {
  std::mt19937 rng(7);
  const auto unit = [&] { return static_cast<double>(rng() % 100) / 100; };
  for (int round = 0; round < 200; ++round) {
    std::vector<LonLat> pts;
    const int towns = 1 + static_cast<int>(rng() % 6);
    for (int t = 0; t < towns; ++t) {
      const double x0 = 106.0 + 0.4 * unit(), y0 = 39.0 + 0.4 * unit();
      const int n = 1 + static_cast<int>(rng() % 30);
      for (int i = 0; i < n; ++i) {
        pts.push_back({x0 + 0.02 * unit(), y0 + 0.02 * unit()});
        if (rng() % 5 == 0) pts.push_back(pts.back());  // duplicates
      }
    }
    const auto got = populated_clusters(pts), want = brute_clusters(pts, 40, 2);
    ASSERT_EQ(got.size(), want.size()) << "round " << round;
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_TRUE(same_box(got[i], want[i])) << "round " << round << " box " << i << ": " << got[i].min_x << " "
                                             << got[i].max_x << " vs " << want[i].min_x << " " << want[i].max_x;
  }
}

}  // namespace
}  // namespace lc::report
