#include "network/sidepath.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace lc::network {

namespace {

struct Segment {
  Point a, b;
};

// Path segments in a square grid of `cell` metres, each listed in every cell its box touches.
class SegmentGrid {
 public:
  SegmentGrid(const std::vector<Polyline>& paths, double cell) : cell_(cell) {
    for (const auto& p : paths)
      for (std::size_t i = 1; i < p.size(); ++i) {
        if (p[i].x == p[i - 1].x && p[i].y == p[i - 1].y) continue;
        const auto id = static_cast<std::uint32_t>(segs_.size());
        segs_.push_back({p[i - 1], p[i]});
        const std::int64_t ax = key(p[i - 1].x), bx = key(p[i].x), ay = key(p[i - 1].y), by = key(p[i].y);
        const std::int64_t x0 = std::min(ax, bx), x1 = std::max(ax, bx), y0 = std::min(ay, by), y1 = std::max(ay, by);
        for (auto x = x0; x <= x1; ++x)
          for (auto y = y0; y <= y1; ++y) cells_[pack(x, y)].push_back(id);
      }
  }

  // Calls f(segment) for the segments listed in the cells within one cell of (x, y): every segment
  // that comes within `cell` metres of the point, and some farther.
  template <class F>
  void near(Point p, F&& f) const {
    const auto cx = key(p.x), cy = key(p.y);
    seen_.clear();
    for (auto x = cx - 1; x <= cx + 1; ++x)
      for (auto y = cy - 1; y <= cy + 1; ++y) {
        const auto it = cells_.find(pack(x, y));
        if (it == cells_.end()) continue;
        for (auto id : it->second)
          if (std::find(seen_.begin(), seen_.end(), id) == seen_.end()) seen_.push_back(id), f(segs_[id]);
      }
  }

 private:
  std::int64_t key(double v) const { return static_cast<std::int64_t>(std::floor(v / cell_)); }
  static std::uint64_t pack(std::int64_t x, std::int64_t y) {
    return (static_cast<std::uint64_t>(x) << 32) ^ static_cast<std::uint32_t>(y);
  }
  double cell_;
  std::vector<Segment> segs_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;
  mutable std::vector<std::uint32_t> seen_;
};

constexpr double kPieceM = 5.0;
const double kCosParallel = std::cos(30.0 * 3.14159265358979323846 / 180.0);

// Whether segment s runs beside point p (road direction (dx, dy), unit length).
bool beside(const Segment& s, Point p, double dx, double dy, double within_m) {
  const double sx = s.b.x - s.a.x, sy = s.b.y - s.a.y;
  const double len2 = sx * sx + sy * sy;
  const double t = ((p.x - s.a.x) * sx + (p.y - s.a.y) * sy) / len2;
  if (t < 0.0 || t > 1.0) return false;
  const double len = std::sqrt(len2);
  if (std::abs(sx * dx + sy * dy) / len < kCosParallel) return false;
  const double fx = s.a.x + t * sx - p.x, fy = s.a.y + t * sy - p.y;
  return fx * fx + fy * fy <= within_m * within_m;
}

}  // namespace

std::vector<bool> has_sidepath(const std::vector<Polyline>& roads, const std::vector<Polyline>& paths, double within_m) {
  std::vector<bool> out(roads.size(), false);
  if (paths.empty() || within_m <= 0.0) return out;
  const SegmentGrid grid(paths, within_m);
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const Polyline& road = roads[r];
    double total = 0.0, covered = 0.0;
    for (std::size_t i = 1; i < road.size(); ++i) {
      const double ex = road[i].x - road[i - 1].x, ey = road[i].y - road[i - 1].y;
      const double len = std::hypot(ex, ey);
      if (len == 0.0) continue;
      const auto pieces = static_cast<std::size_t>(std::ceil(len / kPieceM));
      const double piece = len / static_cast<double>(pieces);
      for (std::size_t k = 0; k < pieces; ++k) {
        const double f = (static_cast<double>(k) + 0.5) / static_cast<double>(pieces);
        const Point mid{road[i - 1].x + f * ex, road[i - 1].y + f * ey};
        bool hit = false;
        grid.near(mid, [&](const Segment& s) { hit = hit || beside(s, mid, ex / len, ey / len, within_m); });
        total += piece;
        if (hit) covered += piece;
      }
    }
    out[r] = total > 0.0 && covered >= 0.5 * total;
  }
  return out;
}

}  // namespace lc::network
