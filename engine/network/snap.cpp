#include "network/snap.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"

namespace lc::network {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using IndexPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using IndexBox = bg::model::box<IndexPoint>;
using IndexValue = std::pair<IndexBox, std::uint32_t>;  // segment box, index of its first point

struct Snapper::Index {
  bgi::rtree<IndexValue, bgi::rstar<16>> tree;
  std::vector<EdgeId> segment_edge;     // first point index -> edge
  std::vector<double> along_before;     // first point index -> length of the edge before it
};

Snapper::Snapper(const Graph& g) : g_(g), index_(std::make_unique<Index>()) {
  std::vector<IndexValue> values;
  index_->segment_edge.assign(g.geom_xy.size(), kNone);
  index_->along_before.assign(g.geom_xy.size(), 0.0);
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (g.oneway(e)) continue;  // a compound's link out: no point joins it (graph.hpp)
    double along = 0;
    for (auto i = g.geom_first[e]; i + 1 < g.geom_first[e + 1]; ++i) {
      const Point a = g.geom_xy[i], b = g.geom_xy[i + 1];
      values.emplace_back(IndexBox(IndexPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
                                IndexPoint(std::max(a.x, b.x), std::max(a.y, b.y))), i);
      index_->segment_edge[i] = e;
      index_->along_before[i] = along;
      along += std::hypot(b.x - a.x, b.y - a.y);
    }
  }
  index_->tree = bgi::rtree<IndexValue, bgi::rstar<16>>(values.begin(), values.end());  // bulk-loaded
}

Snapper::~Snapper() = default;

namespace {

struct Candidate {
  double dist = 1e300;
  EdgeId edge = kNone;
  double along = 0;
  Point at;
};

// Nearest point of segment ab to p, and how far along ab it lies.
void project(Point p, Point a, Point b, Point& at, double& t_len) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  at = {a.x + t * dx, a.y + t * dy};
  t_len = t * std::sqrt(len2);
}

}  // namespace

Snap Snapper::snap(Point p, const SnapOptions& opt) const {
  Candidate best;
  // A small window first: most points lie near a street, and the window is exact for any hit
  // within its half-width. Only then the full limit.
  for (double r : {std::min(50.0, opt.max_distance.value), opt.max_distance.value}) {
    const IndexBox window(IndexPoint(p.x - r, p.y - r), IndexPoint(p.x + r, p.y + r));
    for (auto it = index_->tree.qbegin(bgi::intersects(window)); it != index_->tree.qend(); ++it) {
      const std::uint32_t i = it->second;
      const EdgeId e = index_->segment_edge[i];
      if (g_.component_size[g_.component[g_.edge_u[e]]] < opt.min_component_nodes) continue;
      Point at;
      double t_len = 0;
      project(p, g_.geom_xy[i], g_.geom_xy[i + 1], at, t_len);
      const double d = std::hypot(p.x - at.x, p.y - at.y);
      // Ties go to the lower edge id so that results never depend on R-tree order.
      if (d < best.dist || (d == best.dist && e < best.edge))
        best = {d, e, index_->along_before[i] + t_len, at};
    }
    if (best.dist <= r) break;
  }
  if (best.edge == kNone || best.dist > opt.max_distance.value) return {};
  const double len = g_.edge_length_m[best.edge];
  const double fraction = len > 0 ? std::clamp(best.along / len, 0.0, 1.0) : 0.0;
  return {best.edge, fraction, Metres{best.dist}, best.at};
}

Snap snap_at_node(const Graph& g, NodeId n) {
  if (g.first_out[n] == g.first_out[n + 1]) return {};
  EdgeId e = g.arc_edge[g.first_out[n]];
  for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a)  // not a compound's link out, where the node has another edge
    if (!g.oneway(g.arc_edge[a])) {
      e = g.arc_edge[a];
      break;
    }
  return {e, g.edge_u[e] == n ? 0.0 : 1.0, Metres{0.0}, g.node_xy[n]};
}

std::vector<Snap> Snapper::snap_all(const std::vector<Point>& points, const SnapOptions& opt) const {
  std::vector<Snap> out(points.size());
  parallel::for_each_index(points.size(), [&](std::size_t i) { out[i] = snap(points[i], opt); });
  return out;
}

}  // namespace lc::network
