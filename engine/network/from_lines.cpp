#include "network/from_lines.hpp"

#include <geos_c.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <cmath>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "core/error.hpp"
#include "io/geos.hpp"

namespace lc::network {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::d2::point_xy<double>;
using BLine = bg::model::linestring<BPoint>;
using BBoxT = bg::model::box<BPoint>;

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the lowest index represents
  }
};

std::int64_t cell_key(std::int64_t cx, std::int64_t cy) { return cx * 73856093LL ^ cy * 19349663LL; }

GEOSGeometry* to_geos(GEOSContextHandle_t h, const std::vector<Point>& pts) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(pts.size()), 2);
  for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, pts[i].x, pts[i].y);
  return GEOSGeom_createLineString_r(h, seq);
}

// The source line a noded piece lies on: the one nearest to the piece's middle.
std::size_t source_of(const bgi::rtree<std::pair<BBoxT, std::size_t>, bgi::quadratic<16>>& tree,
                       const std::vector<BLine>& lines, const std::vector<Point>& piece) {
  const Point a = piece[0], b = piece[1];
  const BPoint mid((a.x + b.x) / 2, (a.y + b.y) / 2);
  double best = 1e300;
  std::size_t line = 0;
  for (auto it = tree.qbegin(bgi::nearest(mid, 4)); it != tree.qend(); ++it) {
    const double d = bg::distance(mid, lines[it->second]);
    if (d < best) best = d, line = it->second;
  }
  return line;
}

// Line ends that stop on another line's interior (T-junctions) get a vertex there: after
// projection the end is never exactly on the other line, so noding alone would miss it.
std::vector<SourceLine> split_at_touching_ends(std::vector<SourceLine> lines, double tol) {
  using Seg = std::pair<BBoxT, std::pair<std::uint32_t, std::uint32_t>>;  // box, (line, segment)
  std::vector<Seg> segs;
  for (std::uint32_t l = 0; l < lines.size(); ++l)
    for (std::uint32_t i = 0; i + 1 < lines[l].points.size(); ++i) {
      const Point a = lines[l].points[i], b = lines[l].points[i + 1];
      segs.push_back({BBoxT(BPoint(std::min(a.x, b.x), std::min(a.y, b.y)), BPoint(std::max(a.x, b.x), std::max(a.y, b.y))), {l, i}});
    }
  bgi::rtree<Seg, bgi::quadratic<16>> tree(segs.begin(), segs.end());
  struct Insert { std::uint32_t seg; double t; Point p; };
  std::vector<std::vector<Insert>> inserts(lines.size());
  for (std::uint32_t l = 0; l < lines.size(); ++l)
    for (const Point p : {lines[l].points.front(), lines[l].points.back()}) {
      const BBoxT window(BPoint(p.x - tol, p.y - tol), BPoint(p.x + tol, p.y + tol));
      for (auto it = tree.qbegin(bgi::intersects(window)); it != tree.qend(); ++it) {
        const auto [ol, os] = it->second;
        const Point a = lines[ol].points[os], b = lines[ol].points[os + 1];
        const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
        if (len2 <= 0) continue;
        const double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
        const Point q{a.x + t * dx, a.y + t * dy};
        const bool interior = std::hypot(p.x - a.x, p.y - a.y) > tol && std::hypot(p.x - b.x, p.y - b.y) > tol;
        if (t > 0 && t < 1 && interior && std::hypot(p.x - q.x, p.y - q.y) <= tol)
          inserts[ol].push_back({os, t, p});
      }
    }
  for (std::uint32_t l = 0; l < lines.size(); ++l) {
    if (inserts[l].empty()) continue;
    auto& ins = inserts[l];
    std::sort(ins.begin(), ins.end(), [](const Insert& x, const Insert& y) { return std::tie(x.seg, x.t) < std::tie(y.seg, y.t); });
    std::vector<Point> out;
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < lines[l].points.size(); ++i) {
      out.push_back(lines[l].points[i]);
      for (; k < ins.size() && ins[k].seg == i; ++k) out.push_back(ins[k].p);
    }
    lines[l].points = std::move(out);
  }
  return lines;
}

}  // namespace

std::vector<SourceLine> node_crossings(const std::vector<SourceLine>& lines) {
  io::geos::Geos ctx;
  std::vector<GEOSGeometry*> parts;
  for (const auto& l : lines) parts.push_back(to_geos(ctx.h, l.points));
  GEOSGeometry* all = GEOSGeom_createCollection_r(ctx.h, GEOS_MULTILINESTRING, parts.data(),
                                                  static_cast<unsigned>(parts.size()));
  GEOSGeometry* noded = GEOSNode_r(ctx.h, all);
  GEOSGeom_destroy_r(ctx.h, all);
  if (!noded) throw InputError({}, "GEOS could not node the line layer");

  std::vector<BLine> blines(lines.size());
  std::vector<std::pair<BBoxT, std::size_t>> boxes;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (const auto& p : lines[i].points) blines[i].push_back(BPoint(p.x, p.y));
    boxes.emplace_back(bg::return_envelope<BBoxT>(blines[i]), i);
  }
  bgi::rtree<std::pair<BBoxT, std::size_t>, bgi::quadratic<16>> tree(boxes.begin(), boxes.end());
  std::vector<SourceLine> out;
  const int n = GEOSGetNumGeometries_r(ctx.h, noded);
  for (int i = 0; i < n; ++i) {
    auto pts = io::geos::ring_points(ctx.h, GEOSGetGeometryN_r(ctx.h, noded, i));
    if (pts.size() < 2) continue;
    const SourceLine& src = lines[source_of(tree, blines, pts)];
    out.push_back({std::move(pts), src.source, src.cls});
  }
  GEOSGeom_destroy_r(ctx.h, noded);
  return out;
}

NetworkInput merge_vertices(const std::vector<SourceLine>& lines, double tol) {
  std::vector<Point> pts;
  for (const auto& l : lines) pts.insert(pts.end(), l.points.begin(), l.points.end());
  UnionFind uf(pts.size());
  const double cell = std::max(tol, 1e-6);
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid;
  for (std::uint32_t i = 0; i < pts.size(); ++i) {
    const auto cx = static_cast<std::int64_t>(std::floor(pts[i].x / cell));
    const auto cy = static_cast<std::int64_t>(std::floor(pts[i].y / cell));
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        auto it = grid.find(cell_key(cx + dx, cy + dy));
        if (it == grid.end()) continue;
        for (auto j : it->second)
          if (std::hypot(pts[i].x - pts[j].x, pts[i].y - pts[j].y) <= tol) uf.join(i, j);
      }
    grid[cell_key(cx, cy)].push_back(i);
  }
  NetworkInput in;
  std::vector<std::uint32_t> vertex_of(pts.size(), kNone);
  for (std::uint32_t i = 0; i < pts.size(); ++i) {
    const auto r = uf.find(i);
    if (vertex_of[r] == kNone) vertex_of[r] = static_cast<std::uint32_t>(in.vertices.size()), in.vertices.push_back(pts[r]);
    vertex_of[i] = vertex_of[r];
  }
  std::uint32_t k = 0;
  for (const auto& l : lines) {
    WayPiece w{{}, 1.0f, 0.0f, {}, l.source, l.cls};
    for (std::size_t i = 0; i < l.points.size(); ++i) w.vertices.push_back(vertex_of[k++]);
    in.ways.push_back(std::move(w));
  }
  return in;
}

NetworkInput input_from_lines(const io::VectorLayer& layer, const io::Projector& proj,
                              const LineOptions& opt) {
  std::vector<SourceLine> lines;
  std::vector<std::string> class_names{""};
  ClassIds classes(class_names);
  for (const auto& f : layer.features) {
    std::int64_t id = 0;
    try {
      id = std::stoll(f.id);
    } catch (const std::exception&) {
      id = static_cast<std::int64_t>(lines.size());
    }
    const std::uint16_t cls = opt.class_value ? classes.id(f.values.at(*opt.class_value), {layer.file, layer.layer, f.id}) : 0;
    for (const auto& part : f.parts) {
      SourceLine l{{}, id, cls};
      for (const auto& ll : part) l.points.push_back(proj.forward(ll));
      lines.push_back(std::move(l));
    }
  }
  if (lines.empty()) throw InputError({layer.file, layer.layer, ""}, "has no lines");
  if (opt.node_crossings) lines = node_crossings(split_at_touching_ends(std::move(lines), opt.merge_tolerance_m));
  NetworkInput in = merge_vertices(lines, opt.merge_tolerance_m);
  in.class_names = std::move(class_names);
  return in;
}

}  // namespace lc::network
