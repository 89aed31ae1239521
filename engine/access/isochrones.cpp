#include "access/isochrones.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <span>

#include "core/parallel.hpp"
#include "io/geos.hpp"
#include "reach/nearest.hpp"

namespace lc::access {

namespace {

using io::geos::Geos;
using Ptr = io::geos::GeomPtr;

// A stretch [a, b] of an edge, as fractions of its length from edge_u.
struct Cut {
  EdgeId edge;
  double a, b;
};

// The edge's geometry between fractions a and b of its length, cut by cumulative length.
std::vector<Point> cut_line(const network::Graph& g, const Cut& c) {
  const Point* p = g.geom_xy.data() + g.geom_first[c.edge];
  const std::size_t n = g.geom_first[c.edge + 1] - g.geom_first[c.edge];
  std::vector<double> cum(n, 0.0);
  for (std::size_t i = 1; i < n; ++i) cum[i] = cum[i - 1] + std::hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
  std::vector<Point> out;
  if (n < 2 || cum[n - 1] <= 0) return out;
  const double from = std::clamp(c.a, 0.0, 1.0) * cum[n - 1], to = std::clamp(c.b, 0.0, 1.0) * cum[n - 1];
  auto at = [&](double s) {  // the point at length s along the line
    std::size_t i = 1;
    while (i + 1 < n && cum[i] < s) ++i;
    const double seg = cum[i] - cum[i - 1];
    const double t = seg > 0 ? std::clamp((s - cum[i - 1]) / seg, 0.0, 1.0) : 0.0;
    return Point{p[i - 1].x + t * (p[i].x - p[i - 1].x), p[i - 1].y + t * (p[i].y - p[i - 1].y)};
  };
  out.push_back(at(from));
  for (std::size_t i = 1; i + 1 < n; ++i)
    if (cum[i] > from && cum[i] < to) out.push_back(p[i]);
  out.push_back(at(to));
  return out;
}

// The metric shape of some street stretches: each widened by the corridor with round ends and
// joins, then all unioned. Null when no stretch has length.
struct MetricShape {
  Ptr polygon;
  double street_m = 0;
};

MetricShape widen(Geos& geos, const network::Graph& g, const std::vector<Cut>& cuts, double corridor_m) {
  MetricShape out{Ptr(nullptr, {geos.h}), 0.0};
  std::vector<Ptr> parts;  // owned until the collection takes them, so a throw leaks nothing
  for (const Cut& c : cuts) {
    if (!(c.b > c.a)) continue;
    const auto pts = cut_line(g, c);
    if (pts.size() < 2) continue;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos.h, static_cast<unsigned>(pts.size()), 2);
    for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(geos.h, seq, i, pts[i].x, pts[i].y);
    auto line = geos.own(GEOSGeom_createLineString_r(geos.h, seq));
    if (!line) continue;
    Ptr buffered = geos.own(
        GEOSBufferWithStyle_r(geos.h, line.get(), corridor_m, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
    if (!buffered) throw Error(ErrorKind::output, "GEOS cannot buffer a street: " + geos.last_error());
    parts.push_back(std::move(buffered));
    out.street_m += (std::min(c.b, 1.0) - std::max(c.a, 0.0)) * g.edge_length_m[c.edge];
  }
  if (parts.empty()) return out;
  std::vector<GEOSGeometry*> raw;
  for (auto& p : parts) raw.push_back(p.release());
  auto all = geos.own(GEOSGeom_createCollection_r(geos.h, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                  static_cast<unsigned>(raw.size())));
  out.polygon = geos.own(GEOSUnaryUnion_r(geos.h, all.get()));
  if (!out.polygon) throw Error(ErrorKind::output, "GEOS cannot union street corridors: " + geos.last_error());
  return out;
}

std::vector<Cut> cuts_of(const std::vector<reach::ReachedEdge>& reached) {
  std::vector<Cut> cuts;
  for (const auto& r : reached)
    for (const auto& [a, b] : r.pieces()) cuts.push_back({r.edge, a, b});
  return cuts;
}

// A shape drawn on a worker thread: metric WKT (to the millimetre) plus its measures; projected
// to WGS84 afterwards on the calling thread, because the projector is not thread-safe.
struct Drawn {
  std::string metric_wkt;
  double area_m2 = 0, street_m = 0;
};

Drawn draw(Geos& geos, const network::Graph& g, const std::vector<Cut>& cuts, double corridor_m) {
  MetricShape s = widen(geos, g, cuts, corridor_m);
  Drawn d;
  d.street_m = s.street_m;
  if (!s.polygon || GEOSisEmpty_r(geos.h, s.polygon.get()) == 1) return d;
  GEOSArea_r(geos.h, s.polygon.get(), &d.area_m2);
  d.metric_wkt = geos.write_wkt(s.polygon.get(), 3);
  return d;
}

std::string to_wgs84(Geos& geos, const std::string& metric_wkt, const io::Projector& metric, const Where& where) {
  if (metric_wkt.empty()) return {};
  auto m = geos.read_wkt(metric_wkt, where);
  return geos.write_wkt(geos.project(m.get(), metric, false, where).get());
}

// Runs job(i, geos, local) for i in [0, n) on worker threads, each with its own GEOS context and
// a thread-owned `Local` made by make().
template <class Local, class Make, class Job>
void parallel_jobs(std::size_t n, Make make, Job job) {
  struct Worker {
    std::unique_ptr<Geos> geos;
    std::unique_ptr<Local> local;
  };
  parallel::PerThread<Worker> workers([] { return Worker{}; });
  parallel::for_each_index(n, [&](std::size_t i) {
    Worker& wk = workers.local();
    if (!wk.geos) wk.geos = std::make_unique<Geos>(), wk.local = make();
    job(i, *wk.geos, *wk.local);
  });
}

}  // namespace

StreetShape isochrone(const network::Graph& g, const std::vector<reach::ReachedEdge>& reached,
                      double corridor_m, const io::Projector& metric) {
  Geos geos;
  const Drawn d = draw(geos, g, cuts_of(reached), corridor_m);
  return {to_wgs84(geos, d.metric_wkt, metric, Where{"", "", "isochrone"}), d.area_m2, d.street_m};
}

io::Table isochrones_table(const network::Graph& g, const network::Weights& w,
                           const std::vector<FacilitySet>& sets, const io::Projector& metric,
                           const IsochroneOptions& opt) {
  io::Table t{"isochrones", "", {{"category"}, {"facility_id"}, {"minutes", io::FieldType::real},
      {"area_m2", io::FieldType::real}, {"street_m", io::FieldType::real}}, true, {}, {}};
  std::vector<double> minutes = opt.minutes;
  std::sort(minutes.begin(), minutes.end());
  minutes.erase(std::unique(minutes.begin(), minutes.end()), minutes.end());
  char buf[160];
  std::snprintf(buf, sizeof buf, "streets reached within each threshold, widened by a %g m corridor", opt.corridor_m);
  t.description = buf;
  if (minutes.empty()) return t;
  std::vector<Cost> limits;
  for (double m : minutes) limits.push_back(Cost::from_seconds({m * 60.0}));

  // Jobs: every snapped facility on its own, then its category merged (facility kNone).
  struct Job {
    std::size_t set;
    std::uint32_t facility;
  };
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    bool any = false;
    for (std::uint32_t f = 0; f < sets[s].anchors.size(); ++f)
      if (sets[s].anchors[f].valid()) jobs.push_back({s, f}), any = true;
    if (any) jobs.push_back({s, kNone});
  }
  std::vector<std::vector<Drawn>> drawn(jobs.size());
  parallel_jobs<reach::EdgeReach>(
      jobs.size(), [&] { return std::make_unique<reach::EdgeReach>(g.node_count()); },
      [&](std::size_t i, Geos& geos, reach::EdgeReach& search) {
        const FacilitySet& set = sets[jobs[i].set];
        const std::uint32_t f = jobs[i].facility;
        if (f == kNone) search.run(g, w, set.anchors, limits.back());
        else search.run(g, w, std::span<const reach::Anchor>(&set.anchors[f], 1), limits.back());
        for (const Cost limit : limits) drawn[i].push_back(draw(geos, g, cuts_of(search.edges(g, w, limit)), opt.corridor_m));
      });

  Geos geos;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const FacilitySet& set = sets[jobs[i].set];
    const std::string id = jobs[i].facility == kNone ? std::string() : set.ids[jobs[i].facility];
    for (std::size_t m = 0; m < minutes.size(); ++m) {
      const Drawn& d = drawn[i][m];
      const Where where{"", "", "isochrone of " + set.category + (id.empty() ? "" : " facility " + id)};
      t.add({set.category, id, minutes[m], d.area_m2, d.street_m}, to_wgs84(geos, d.metric_wkt, metric, where));
    }
  }
  return t;
}

std::vector<ServicePiece> service_pieces(const network::Graph& g, const network::Weights& w,
                                         const std::vector<reach::Anchor>& facilities) {
  reach::MultiSourceSearch<reach::RadixHeap> search(1);
  search.run(g, w, facilities);
  const reach::EdgeIndex on_edge = reach::index_by_edge(g, facilities);

  // Every way to a facility from a point x of the edge costs base + F * (pos - x) walking towards
  // edge_v (x <= pos) or base + B * (x - pos) walking towards edge_u (x >= pos), F and B the
  // edge's u -> v and v -> u times (equal without a DEM): through edge_u (pos 0), through edge_v
  // (pos 1), or to a facility standing on the edge (its snap point). The nearest facility along
  // the edge is the lower envelope of these V shapes.
  struct Way {
    double base, pos;
    std::uint32_t facility;
  };
  std::vector<ServicePiece> out;
  std::vector<Way> ways;
  std::vector<double> breaks;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (g.oneway(e)) continue;  // a compound's link out: no length, and no way back
    const double len = static_cast<double>(w.edge_ms[e]), len_vu = static_cast<double>(w.edge_ms_vu[e]);
    ways.clear();
    for (const auto& l : search.labels(g.edge_u[e])) ways.push_back({static_cast<double>(l.cost.ms), 0.0, l.source});
    for (const auto& l : search.labels(g.edge_v[e])) ways.push_back({static_cast<double>(l.cost.ms), 1.0, l.source});
    for (auto i = on_edge.first[e]; i < on_edge.first[e + 1]; ++i) {
      const reach::Anchor& a = facilities[on_edge.ids[i]];
      ways.push_back({static_cast<double>(a.leg.ms), len > 0 ? a.along.ms / len : 0.0, on_edge.ids[i]});
    }
    if (ways.empty()) continue;
    auto nearest = [&](double x) {
      std::uint32_t best = kNone;
      double best_cost = 0;
      for (const Way& wy : ways) {
        const double c = wy.base + (x <= wy.pos ? len * (wy.pos - x) : len_vu * (x - wy.pos));
        if (best == kNone || c < best_cost || (c == best_cost && wy.facility < best)) best = wy.facility, best_cost = c;
      }
      return best;
    };
    if (len <= 0 || len_vu <= 0) {
      out.push_back({e, 0.0, 1.0, nearest(0.0)});
      continue;
    }
    breaks.assign({0.0, 1.0});
    for (std::size_t i = 0; i < ways.size(); ++i) {
      breaks.push_back(ways[i].pos);
      for (std::size_t j = 0; j < ways.size(); ++j) {
        if (i == j) continue;
        // The falling side of i (x <= pos_i) meets the rising side of j (x >= pos_j).
        breaks.push_back((ways[i].base - ways[j].base + len * ways[i].pos + len_vu * ways[j].pos) / (len + len_vu));
      }
    }
    std::erase_if(breaks, [](double x) { return !(x >= 0.0 && x <= 1.0); });
    std::sort(breaks.begin(), breaks.end());
    const std::size_t first = out.size();
    for (std::size_t i = 0; i + 1 < breaks.size(); ++i) {
      const double a = breaks[i], b = breaks[i + 1];
      if (b - a <= 1e-12) continue;
      const std::uint32_t f = nearest((a + b) / 2);
      if (out.size() > first && out.back().facility == f) out.back().hi = b;
      else out.push_back({e, out.size() > first ? out.back().hi : 0.0, b, f});
    }
    if (out.size() > first) out.back().hi = 1.0;
  }
  return out;
}

io::Table service_areas_table(const network::Graph& g, const network::Weights& w,
                              const std::vector<FacilitySet>& sets, const io::Projector& metric,
                              double corridor_m) {
  io::Table t{"service_areas", "", {{"category"}, {"facility_id"}, {"area_m2", io::FieldType::real},
      {"street_m", io::FieldType::real}}, true, {}, {}};
  char buf[160];
  std::snprintf(buf, sizeof buf, "streets nearest to each facility, widened by a %g m corridor", corridor_m);
  t.description = buf;
  struct Job {
    std::size_t set;
    std::uint32_t facility;
    std::vector<Cut> cuts;
  };
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    const auto pieces = service_pieces(g, w, sets[s].anchors);
    std::vector<std::size_t> job_of(sets[s].anchors.size(), SIZE_MAX);
    for (std::uint32_t f = 0; f < sets[s].anchors.size(); ++f)
      if (sets[s].anchors[f].valid()) job_of[f] = jobs.size(), jobs.push_back({s, f, {}});
    for (const auto& p : pieces) jobs[job_of[p.facility]].cuts.push_back({p.edge, p.lo, p.hi});
  }
  std::vector<Drawn> drawn(jobs.size());
  struct None {};
  parallel_jobs<None>(jobs.size(), [] { return std::make_unique<None>(); },
                      [&](std::size_t i, Geos& geos, None&) { drawn[i] = draw(geos, g, jobs[i].cuts, corridor_m); });
  Geos geos;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const FacilitySet& set = sets[jobs[i].set];
    const std::string& id = set.ids[jobs[i].facility];
    const Where where{"", "", "service area of " + set.category + " facility " + id};
    t.add({set.category, id, drawn[i].area_m2, drawn[i].street_m}, to_wgs84(geos, drawn[i].metric_wkt, metric, where));
  }
  return t;
}

}  // namespace lc::access
