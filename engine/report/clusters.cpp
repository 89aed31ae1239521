#include "report/clusters.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <tuple>
#include <utility>

namespace lc::report {

namespace {

using Cell = std::pair<int, int>;

// Union-find over occupied cells, by index.
struct Components {
  std::vector<std::size_t> parent;
  explicit Components(std::size_t n) : parent(n) {
    for (std::size_t i = 0; i < n; ++i) parent[i] = i;
  }
  std::size_t find(std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void join(std::size_t a, std::size_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<BBox> populated_clusters(const std::vector<LonLat>& points, int cells, int gap,
                                     std::size_t max_clusters) {
  BBox all;
  for (const LonLat& p : points) all.add(p.lon, p.lat);
  if (all.empty()) return {};
  // Cells square on the ground: longitudes shrunk by the cosine of the middle latitude.
  const double kx = std::max(0.01, std::cos((all.min_y + all.max_y) / 2 * std::numbers::pi / 180.0));
  const double side = std::max((all.max_x - all.min_x) * kx, all.max_y - all.min_y) / cells;
  if (side <= 0) return {all};
  std::map<Cell, std::size_t> index;  // occupied cell -> its number, in (x, y) order: deterministic
  std::vector<Cell> of_point(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    of_point[i] = {static_cast<int>((points[i].lon - all.min_x) * kx / side),
                   static_cast<int>((points[i].lat - all.min_y) / side)};
    index.emplace(of_point[i], 0);
  }
  std::size_t n = 0;
  for (auto& [cell, id] : index) id = n++;
  Components comp(n);
  for (const auto& [cell, id] : index)
    for (int dx = -gap - 1; dx <= gap + 1; ++dx)
      for (int dy = -gap - 1; dy <= gap + 1; ++dy)
        if (const auto it = index.find({cell.first + dx, cell.second + dy}); it != index.end()) comp.join(id, it->second);
  std::map<std::size_t, BBox> boxes;
  for (std::size_t i = 0; i < points.size(); ++i) boxes[comp.find(index.at(of_point[i]))].add(points[i].lon, points[i].lat);
  if (boxes.size() == 1 || boxes.size() > max_clusters) return {all};
  std::vector<BBox> out;
  for (const auto& [root, box] : boxes) out.push_back(box);
  // West to east by centre; ties (two towns one above the other) south to north, then by extent.
  const auto key = [](const BBox& b) { return std::tuple(b.min_x + b.max_x, b.min_y + b.max_y, b.min_x, b.min_y, b.max_x, b.max_y); };
  std::sort(out.begin(), out.end(), [&](const BBox& a, const BBox& b) { return key(a) < key(b); });
  return out;
}

}  // namespace lc::report
