#include "network/along.hpp"

#include <cmath>

namespace lc::network {

std::vector<Point> points_along_edges(const Graph& g, double spacing) {
  std::vector<Point> out;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    double next = std::min(spacing / 2, g.edge_length_m[e] / 2);  // walked distance of the next point
    double walked = 0;
    for (auto i = g.geom_first[e]; i + 1 < g.geom_first[e + 1]; ++i) {
      const Point a = g.geom_xy[i], b = g.geom_xy[i + 1];
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      while (len > 0 && next <= walked + len) {
        const double t = (next - walked) / len;
        out.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
        next += spacing;
      }
      walked += len;
    }
  }
  return out;
}

}  // namespace lc::network
