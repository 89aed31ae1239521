#include "network/areas.hpp"

#include <geos_c.h>

#include "io/geos.hpp"

namespace lc::network {

namespace {

GEOSGeometry* line(GEOSContextHandle_t h, Point a, Point b) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, 2, 2);
  GEOSCoordSeq_setXY_r(h, seq, 0, a.x, a.y);
  GEOSCoordSeq_setXY_r(h, seq, 1, b.x, b.y);
  return GEOSGeom_createLineString_r(h, seq);
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> sight_lines(const std::vector<Point>& ring,
                                                                  const std::vector<bool>& entry,
                                                                  const std::vector<Point>& inner) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  const auto n = static_cast<std::uint32_t>(ring.size());
  bool any_entry = !inner.empty();
  for (bool e : entry) any_entry = any_entry || e;
  if (n < 3 || !any_entry) return out;

  io::geos::Geos ctx;
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.h, n + 1, 2);
  for (std::uint32_t i = 0; i <= n; ++i) GEOSCoordSeq_setXY_r(ctx.h, seq, i, ring[i % n].x, ring[i % n].y);
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(ctx.h, seq);
  if (!shell) return out;
  const auto poly = ctx.own(GEOSGeom_createPolygon_r(ctx.h, shell, nullptr, 0));
  if (!poly || GEOSisValid_r(ctx.h, poly.get()) != 1) return out;
  const auto prepared = ctx.prepare(poly.get());

  // Reflex corners turn against the ring's orientation.
  double area2 = 0;
  for (std::uint32_t i = 0; i < n; ++i) area2 += ring[i].x * ring[(i + 1) % n].y - ring[(i + 1) % n].x * ring[i].y;
  std::vector<std::uint32_t> pts;  // the visibility graph's points
  std::vector<bool> corner(n, false);  // reflex and no entry: a walk only bends there
  for (std::uint32_t i = 0; i < n; ++i) {
    const Point p = ring[(i + n - 1) % n], q = ring[i], r = ring[(i + 1) % n];
    const double turn = (q.x - p.x) * (r.y - q.y) - (q.y - p.y) * (r.x - q.x);
    const bool is_entry = i < entry.size() && entry[i];
    corner[i] = !is_entry && turn * area2 < 0;
    if (is_entry || corner[i]) pts.push_back(i);
  }
  // A shortest walk bends round a corner, touching it: the segment's line leaves both of the
  // corner's ring neighbours on one side. Other segments through a corner are never on one.
  auto tangent = [&](std::uint32_t c, Point other) {
    const Point q = ring[c], p = ring[(c + n - 1) % n], r = ring[(c + 1) % n];
    const double dx = other.x - q.x, dy = other.y - q.y;
    const double sp = dx * (p.y - q.y) - dy * (p.x - q.x), sr = dx * (r.y - q.y) - dy * (r.x - q.x);
    return sp * sr >= 0;
  };
  for (std::uint32_t j = 0; j < inner.size(); ++j) pts.push_back(n + j);
  auto at = [&](std::uint32_t k) { return k < n ? ring[k] : inner[k - n]; };
  for (std::size_t x = 0; x < pts.size(); ++x)
    for (std::size_t y = x + 1; y < pts.size(); ++y) {
      const std::uint32_t a = pts[x], b = pts[y];
      if (a < n && b < n && (b == a + 1 || (a == 0 && b == n - 1))) continue;  // a rim edge
      const Point pa = at(a), pb = at(b);
      if (pa.x == pb.x && pa.y == pb.y) continue;
      if ((a < n && corner[a] && !tangent(a, pb)) || (b < n && corner[b] && !tangent(b, pa))) continue;
      const auto seg = ctx.own(line(ctx.h, pa, pb));
      if (GEOSPreparedCovers_r(ctx.h, prepared.get(), seg.get()) == 1) out.emplace_back(a, b);
    }
  return out;
}

}  // namespace lc::network
