#include "access/gap_areas.hpp"

#include <geos_c.h>

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>

#include "core/error.hpp"

namespace lc::access {

namespace {

// RAII for the reentrant GEOS API: one context per call, geometries freed on every path.
struct Geos {
  GEOSContextHandle_t h = GEOS_init_r();
  ~Geos() { GEOS_finish_r(h); }
  struct Deleter {
    GEOSContextHandle_t h;
    void operator()(GEOSGeometry* g) const { if (g) GEOSGeom_destroy_r(h, g); }
  };
  using Ptr = std::unique_ptr<GEOSGeometry, Deleter>;
  Ptr own(GEOSGeometry* g) const { return Ptr(g, Deleter{h}); }

  Ptr from_wkt(const std::string& wkt) const {
    GEOSWKTReader* r = GEOSWKTReader_create_r(h);
    Ptr g = own(GEOSWKTReader_read_r(h, r, wkt.c_str()));
    GEOSWKTReader_destroy_r(h, r);
    if (!g) throw Error(ErrorKind::input, "unreadable geometry: " + wkt.substr(0, 80));
    return g;
  }
  std::string to_wkt(const GEOSGeometry* g) const {
    GEOSWKTWriter* w = GEOSWKTWriter_create_r(h);
    GEOSWKTWriter_setRoundingPrecision_r(h, w, 8);
    char* text = GEOSWKTWriter_write_r(h, w, g);
    std::string out = text ? text : "";
    GEOSFree_r(h, text);
    GEOSWKTWriter_destroy_r(h, w);
    return out;
  }
};

int to_metric(double* x, double* y, void* data) {
  const Point p = static_cast<const io::Projector*>(data)->forward({*x, *y});
  *x = p.x, *y = p.y;
  return 1;
}

int to_lonlat(double* x, double* y, void* data) {
  const LonLat p = static_cast<const io::Projector*>(data)->inverse({*x, *y});
  *x = p.lon, *y = p.lat;
  return 1;
}

Geos::Ptr transformed(const Geos& geos, const GEOSGeometry* g, GEOSTransformXYCallback f, const io::Projector& proj) {
  return geos.own(GEOSGeom_transformXY_r(geos.h, g, f, const_cast<io::Projector*>(&proj)));
}

// The metric shapes of all origins: their own area where they have one, else their Voronoi cell
// among all origins, cut to a disc; the disc keeps isolated points from owning half the map.
std::vector<Geos::Ptr> origin_shapes(const Geos& geos, const People& p, const std::vector<std::string>& area_wkt,
                                     const io::Projector& metric, double radius) {
  std::vector<Geos::Ptr> shapes;
  std::vector<GEOSGeometry*> points;
  for (std::size_t o = 0; o < p.size(); ++o) {
    points.push_back(transformed(geos, geos.from_wkt(p.wkt_point[o]).get(), to_metric, metric).release());
    shapes.push_back(area_wkt[o].empty() ? nullptr
                                         : transformed(geos, geos.from_wkt(area_wkt[o]).get(), to_metric, metric));
  }
  auto multipoint = geos.own(GEOSGeom_createCollection_r(geos.h, GEOS_MULTIPOINT, points.data(),
                                                         static_cast<unsigned>(points.size())));
  auto cells = geos.own(GEOSVoronoiDiagram_r(geos.h, multipoint.get(), nullptr, 0.0, 0));
  const int n_cells = cells ? GEOSGetNumGeometries_r(geos.h, cells.get()) : 0;
  GEOSSTRtree* tree = GEOSSTRtree_create_r(geos.h, 10);
  std::vector<std::size_t> ids(p.size());
  std::iota(ids.begin(), ids.end(), 0);
  for (std::size_t o = 0; o < p.size(); ++o)
    if (!shapes[o]) GEOSSTRtree_insert_r(geos.h, tree, GEOSGetGeometryN_r(geos.h, multipoint.get(), static_cast<int>(o)), &ids[o]);
  for (int i = 0; i < n_cells; ++i) {  // match each cell to the origin inside it
    const GEOSGeometry* cell = GEOSGetGeometryN_r(geos.h, cells.get(), i);
    std::vector<std::size_t> hits;
    GEOSSTRtree_query_r(geos.h, tree, cell, [](void* item, void* out) {
      static_cast<std::vector<std::size_t>*>(out)->push_back(*static_cast<std::size_t*>(item));
    }, &hits);
    std::sort(hits.begin(), hits.end());
    for (auto o : hits) {
      const GEOSGeometry* pt = GEOSGetGeometryN_r(geos.h, multipoint.get(), static_cast<int>(o));
      if (shapes[o] || GEOSIntersects_r(geos.h, cell, pt) != 1) continue;
      auto disc = geos.own(GEOSBuffer_r(geos.h, pt, radius, 8));
      shapes[o] = geos.own(GEOSIntersection_r(geos.h, cell, disc.get()));
      break;
    }
  }
  GEOSSTRtree_destroy_r(geos.h, tree);
  for (std::size_t o = 0; o < p.size(); ++o)  // a lone origin has no Voronoi cell: its disc
    if (!shapes[o]) shapes[o] = geos.own(GEOSBuffer_r(geos.h, GEOSGetGeometryN_r(geos.h, multipoint.get(), static_cast<int>(o)), radius, 8));
  return shapes;
}

struct Area {
  Geos::Ptr polygon;
  double people = 0, area = 0, worst_s = 0, unreachable = 0;
  std::map<std::string, double> units;
  std::size_t first_origin = SIZE_MAX;
};

}  // namespace

io::Table gap_areas_table(const People& p, const std::vector<std::string>& area_wkt,
                          const std::vector<CategoryResult>& cats, const GroupShares& shares,
                          const io::Projector& metric, const GapAreaOptions& opt) {
  io::Table t{"gap_areas", "", {{"category"}, {"rank", io::FieldType::integer}, {"population", io::FieldType::real},
      {"area_m2", io::FieldType::real}, {"worst_s", io::FieldType::real}, {"unreachable_population", io::FieldType::real},
      {"unit"}}, true, {}, {}};
  if (p.size() == 0) return t;
  Geos geos;
  const auto shapes = origin_shapes(geos, p, area_wkt, metric, opt.point_radius_m);
  for (const auto& c : cats) {
    std::vector<std::size_t> gap;
    std::vector<GEOSGeometry*> parts;
    for (std::size_t o = 0; o < p.size(); ++o)
      if (!c.covered(o) && served(p, o, c.group, shares) > 0) gap.push_back(o), parts.push_back(GEOSGeom_clone_r(geos.h, shapes[o].get()));
    if (gap.empty()) continue;
    auto all = geos.own(GEOSGeom_createCollection_r(geos.h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
    auto merged = geos.own(GEOSUnaryUnion_r(geos.h, all.get()));
    std::vector<Area> areas;
    for (int i = 0; i < GEOSGetNumGeometries_r(geos.h, merged.get()); ++i) {
      Area a;
      a.polygon = geos.own(GEOSGeom_clone_r(geos.h, GEOSGetGeometryN_r(geos.h, merged.get(), i)));
      GEOSArea_r(geos.h, a.polygon.get(), &a.area);
      areas.push_back(std::move(a));
    }
    // Each gap origin belongs to the merged polygon under its representative point (its shape
    // is inside the union, so one always holds it); an R-tree keeps this fast on big grids.
    GEOSSTRtree* tree = GEOSSTRtree_create_r(geos.h, 10);
    std::vector<std::size_t> ids(areas.size());
    std::iota(ids.begin(), ids.end(), 0);
    for (std::size_t i = 0; i < areas.size(); ++i) GEOSSTRtree_insert_r(geos.h, tree, areas[i].polygon.get(), &ids[i]);
    for (auto o : gap) {
      auto inside = geos.own(GEOSPointOnSurface_r(geos.h, shapes[o].get()));
      std::vector<std::size_t> hits;
      GEOSSTRtree_query_r(geos.h, tree, inside.get(), [](void* item, void* out) {
        static_cast<std::vector<std::size_t>*>(out)->push_back(*static_cast<std::size_t*>(item));
      }, &hits);
      std::sort(hits.begin(), hits.end());
      std::size_t best = hits.empty() ? 0 : hits.front();
      for (auto i : hits)
        if (GEOSIntersects_r(geos.h, areas[i].polygon.get(), inside.get()) == 1) { best = i; break; }
      Area& a = areas[best];
      const double pop = served(p, o, c.group, shares);
      a.people += pop;
      a.units[p.unit[o]] += pop;
      a.first_origin = std::min(a.first_origin, o);
      if (c.nearest[o].reachable()) a.worst_s = std::max(a.worst_s, c.nearest[o].seconds().value);
      else a.unreachable += pop;
    }
    GEOSSTRtree_destroy_r(geos.h, tree);
    std::sort(areas.begin(), areas.end(), [](const Area& x, const Area& y) {
      return x.people != y.people ? x.people > y.people : x.first_origin < y.first_origin;
    });
    long long rank = 0;
    for (const auto& a : areas) {
      const auto unit = std::max_element(a.units.begin(), a.units.end(), [](auto& x, auto& y) { return x.second < y.second; });
      t.add({c.id, ++rank, a.people, a.area, a.worst_s > 0 ? io::Cell{a.worst_s} : io::Cell{}, a.unreachable,
             unit == a.units.end() ? std::string() : unit->first},
            geos.to_wkt(transformed(geos, a.polygon.get(), to_lonlat, metric).get()));
    }
  }
  return t;
}

io::Table unit_gaps_table(const io::Table& gap_areas, const People& p, const std::vector<CategoryResult>& cats,
                          const GroupShares& shares) {
  io::Table t{"unit_gaps", "", {{"unit"}, {"category"}, {"uncovered_population", io::FieldType::real},
      {"gap_areas", io::FieldType::integer}, {"largest_gap_population", io::FieldType::real}}, false, {}, {}};
  for (const auto& [unit, members] : group_by(p.unit, true)) {
    for (const auto& c : cats) {
      double uncovered = 0;
      for (auto o : members)
        if (!c.covered(o)) uncovered += served(p, o, c.group, shares);
      long long n = 0;
      double largest = 0;
      for (const auto& row : gap_areas.rows) {
        if (std::get<std::string>(row[0]) != c.id || (unit != "ALL" && std::get<std::string>(row[6]) != unit)) continue;
        ++n, largest = std::max(largest, std::get<double>(row[2]));
      }
      t.add({unit, c.id, uncovered, n, largest});
    }
  }
  return t;
}

}  // namespace lc::access
