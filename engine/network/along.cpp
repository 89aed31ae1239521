#include "network/along.hpp"

#include <algorithm>
#include <cmath>

namespace lc::network {

std::vector<std::size_t> edges_per_class(const Graph& g) {
  std::vector<std::size_t> count(g.class_names.size(), 0);
  for (const auto c : g.edge_class) ++count[c];
  return count;
}

ClassSelection select_classes(const Graph& g, const std::vector<std::string>& names) {
  const auto count = edges_per_class(g);
  ClassSelection s{std::vector<bool>(g.class_names.size(), false), {}};
  for (const auto& name : names) {
    const auto it = std::find(g.class_names.begin(), g.class_names.end(), name);
    const auto c = static_cast<std::size_t>(it - g.class_names.begin());
    if (it == g.class_names.end() || count[c] == 0) s.unknown.push_back(name);
    else s.allowed[c] = true;
  }
  return s;
}

std::vector<Point> points_along_edges(const Graph& g, double spacing, const std::vector<bool>& allowed) {
  std::vector<Point> out;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (!allowed.empty() && !allowed[g.edge_class[e]]) continue;
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
