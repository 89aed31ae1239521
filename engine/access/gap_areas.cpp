#include "access/gap_areas.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>

#include "core/error.hpp"
#include "io/geos.hpp"
#include "io/table_writer.hpp"

namespace lc::access {

namespace {

using io::geos::Geos;
using io::geos::Tree;
using Ptr = io::geos::GeomPtr;

// The metric shapes of the origins that are in some gap (`needed`): their own area where they
// have one, else their Voronoi cell among all origins, cut to a disc; the disc keeps isolated
// points from owning half the map. The Voronoi diagram is only built when a needed origin is a
// plain point: a grid of 50,000 cells needs none.
std::vector<Ptr> origin_shapes(Geos& geos, const People& p, const std::vector<std::string>& area_wkt,
                               const std::vector<bool>& needed, const io::Projector& metric, double radius) {
  std::vector<Ptr> shapes;
  bool any_point = false;
  for (std::size_t o = 0; o < p.size(); ++o) {
    const bool area = needed[o] && !area_wkt[o].empty();
    shapes.push_back(area ? geos.metric_from_wkt(area_wkt[o], metric, {"", "", "origin " + p.id[o]}) : Ptr(nullptr, {geos.h}));
    any_point = any_point || (needed[o] && area_wkt[o].empty());
  }
  if (!any_point) return shapes;
  std::vector<GEOSGeometry*> points;
  for (std::size_t o = 0; o < p.size(); ++o)
    points.push_back(geos.metric_from_wkt(p.wkt_point[o], metric, {"", "", "origin " + p.id[o]}).release());
  auto multipoint = geos.own(GEOSGeom_createCollection_r(geos.h, GEOS_MULTIPOINT, points.data(),
                                                         static_cast<unsigned>(points.size())));
  auto cells = geos.own(GEOSVoronoiDiagram_r(geos.h, multipoint.get(), nullptr, 0.0, 0));
  const int n_cells = cells ? GEOSGetNumGeometries_r(geos.h, cells.get()) : 0;
  std::vector<const GEOSGeometry*> pts;
  for (std::size_t o = 0; o < p.size(); ++o) pts.push_back(GEOSGetGeometryN_r(geos.h, multipoint.get(), static_cast<int>(o)));
  const Tree tree(geos.h, pts);
  for (int i = 0; i < n_cells; ++i) {  // match each cell to the origin inside it
    const GEOSGeometry* cell = GEOSGetGeometryN_r(geos.h, cells.get(), i);
    for (auto o : tree.query(cell)) {
      const GEOSGeometry* pt = GEOSGetGeometryN_r(geos.h, multipoint.get(), static_cast<int>(o));
      if (shapes[o] || !needed[o] || GEOSIntersects_r(geos.h, cell, pt) != 1) continue;
      auto disc = geos.own(GEOSBuffer_r(geos.h, pt, radius, 8));
      shapes[o] = geos.own(GEOSIntersection_r(geos.h, cell, disc.get()));
      break;
    }
  }
  for (std::size_t o = 0; o < p.size(); ++o)  // a lone origin has no Voronoi cell: its disc
    if (!shapes[o] && needed[o]) shapes[o] = geos.own(GEOSBuffer_r(geos.h, GEOSGetGeometryN_r(geos.h, multipoint.get(), static_cast<int>(o)), radius, 8));
  return shapes;
}

// Gap shapes mostly form a coverage: grid cells, Voronoi cells and community polygons meet along
// shared edges without overlapping. GEOS's coverage union dissolves those edges in about linear
// time where a unary union overlays cell after cell (most of a 100 m grid's run). It trusts the
// edges to match exactly; a result that is not valid or whose area is not the parts' sum (an
// overlap, a near-miss along an edge) is dropped for the full overlay.
Ptr merge(Geos& geos, const GEOSGeometry* parts) {
  const double parts_area = [&] {
    double sum = 0, a = 0;
    for (int i = 0; i < GEOSGetNumGeometries_r(geos.h, parts); ++i)
      if (GEOSArea_r(geos.h, GEOSGetGeometryN_r(geos.h, parts, i), &a) == 1) sum += a;
    return sum;
  }();
  if (auto fast = geos.own(GEOSCoverageUnion_r(geos.h, parts)); fast && GEOSisValid_r(geos.h, fast.get()) == 1) {
    double area = 0;
    if (GEOSArea_r(geos.h, fast.get(), &area) == 1 && std::abs(area - parts_area) <= 1e-9 * parts_area) return fast;
  }
  return geos.own(GEOSUnaryUnion_r(geos.h, parts));
}

struct Area {
  Ptr polygon;
  double people = 0, area = 0, worst_s = 0, unreachable = 0;
  std::map<std::string, double> units;
  std::size_t first_origin = SIZE_MAX;
};

}  // namespace

io::Table gap_areas_schema(const std::vector<CategoryResult>& cats, const GapAreaOptions& opt) {
  return {"gap_areas", "Uncovered origins of each category merged into areas (GEOS union of their cells or "
      "community polygons; plain points stand for their Voronoi cell cut to " + io::format_cell(opt.point_radius_m) +
      " m), ranked by the people affected; worst_s is the longest walk inside. Thresholds: " + describe_thresholds(cats),
      {{"category"}, {"rank", io::FieldType::integer}, {"population", io::FieldType::real},
      {"area_m2", io::FieldType::real}, {"worst_s", io::FieldType::real}, {"unreachable_population", io::FieldType::real},
      {"unit"}}, true, {}, {}};
}

namespace {

bool in_gap(const People& p, const CategoryResult& c, std::size_t o, const GroupShares& shares) {
  return !c.covered(o) && served(p, o, c.group, shares) > 0;
}

// Each origin's point on its shape (GEOSPointOnSurface), made the first time the origin is in a
// gap and kept as two numbers: the same point places the origin in every category's gap areas.
class InsidePoints {
 public:
  explicit InsidePoints(std::size_t origins) : xy_(2 * origins), state_(origins, kNotMade) {}
  Ptr at(Geos& geos, const GEOSGeometry* shape, std::size_t o) {
    if (state_[o] == kMade) return geos.point(xy_[2 * o], xy_[2 * o + 1]);
    auto inside = geos.own(GEOSPointOnSurface_r(geos.h, shape));
    if (state_[o] == kNotMade) {
      double x = 0, y = 0;
      const bool plain = inside && GEOSisEmpty_r(geos.h, inside.get()) == 0 && GEOSGeomGetX_r(geos.h, inside.get(), &x) == 1 &&
                         GEOSGeomGetY_r(geos.h, inside.get(), &y) == 1 && GEOSHasZ_r(geos.h, inside.get()) == 0;
      state_[o] = plain ? kMade : kEachTime;
      xy_[2 * o] = x, xy_[2 * o + 1] = y;
    }
    return inside;
  }

 private:
  enum : unsigned char { kNotMade, kMade, kEachTime };
  std::vector<double> xy_;
  std::vector<unsigned char> state_;
};

// The origins' metric shapes, kept from the first category that needs each to the last: a polygon
// without holes (a raster or grid cell, most compounds, a point's Voronoi cell) as its shell's
// coordinates (16 B a corner: a cell's 5 take 80 B, where the GEOS polygon took about 400 B), made
// into a GEOS polygon again for each category that needs it; any other shape as it is. The polygon
// made again has the same coordinates in the same order, so the merged areas are the same.
class Shapes {
 public:
  Shapes(Geos& geos, std::size_t origins) : geos_(geos), first_(origins, 0), size_(origins, 0) {
    kept_.reserve(origins);
    for (std::size_t o = 0; o < origins; ++o) kept_.emplace_back(nullptr, io::geos::GeomDeleter{geos.h});
  }
  bool has(std::size_t o) const { return kept_[o] || size_[o] > 0; }
  void keep(std::size_t o, Ptr shape) {
    if (!shape) return;
    const GEOSGeometry* shell = GEOSGeomTypeId_r(geos_.h, shape.get()) == GEOS_POLYGON &&
                                        GEOSGetNumInteriorRings_r(geos_.h, shape.get()) == 0 && GEOSisEmpty_r(geos_.h, shape.get()) == 0
                                    ? GEOSGetExteriorRing_r(geos_.h, shape.get())
                                    : nullptr;
    const GEOSCoordSequence* seq = shell ? GEOSGeom_getCoordSeq_r(geos_.h, shell) : nullptr;
    unsigned n = 0, dims = 0;
    if (!seq || GEOSCoordSeq_getSize_r(geos_.h, seq, &n) != 1 || GEOSCoordSeq_getDimensions_r(geos_.h, seq, &dims) != 1 ||
        dims != 2 || n < 4 || GEOSHasZ_r(geos_.h, shape.get()) != 0) {
      kept_[o] = std::move(shape);
      return;
    }
    const std::size_t at = xy_.size();
    xy_.resize(at + 2 * std::size_t{n});
    for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(geos_.h, seq, i, &xy_[at + 2 * i], &xy_[at + 2 * i + 1]);
    first_[o] = at, size_[o] = n;
  }
  // A new geometry equal to origin o's shape (null when it has none).
  GEOSGeometry* make(std::size_t o) const {
    if (kept_[o]) return GEOSGeom_clone_r(geos_.h, kept_[o].get());
    if (size_[o] == 0) return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos_.h, size_[o], 2);
    for (unsigned i = 0; i < size_[o]; ++i) GEOSCoordSeq_setXY_r(geos_.h, seq, i, xy_[first_[o] + 2 * i], xy_[first_[o] + 2 * i + 1]);
    return GEOSGeom_createPolygon_r(geos_.h, GEOSGeom_createLinearRing_r(geos_.h, seq), nullptr, 0);
  }

 private:
  Geos& geos_;
  std::vector<Ptr> kept_;              // per origin: a shape kept as GEOS made it
  std::vector<double> xy_;             // the shells' coordinates, x y x y ..., origin after origin
  std::vector<std::uint64_t> first_;   // per origin: its shell's first number in xy_
  std::vector<std::uint32_t> size_;    // per origin: its shell's coordinates (0: none kept)
};

// One category's gap areas, ranked, appended to `t`; shapes.has(o) for every origin in its gap.
void add_category_areas(io::Table& t, Geos& geos, const Shapes& shapes, InsidePoints& insides, const People& p,
                        const CategoryResult& c, const GroupShares& shares, const io::Projector& metric) {
  std::vector<std::size_t> gap;
  std::vector<GEOSGeometry*> parts;
  for (std::size_t o = 0; o < p.size(); ++o)
    if (in_gap(p, c, o, shares)) gap.push_back(o), parts.push_back(shapes.make(o));
  if (gap.empty()) return;
  auto all = geos.own(GEOSGeom_createCollection_r(geos.h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
  auto merged = merge(geos, all.get());
  std::vector<Area> areas;
  for (int i = 0; i < GEOSGetNumGeometries_r(geos.h, merged.get()); ++i) {
    Area a;
    a.polygon = geos.own(GEOSGeom_clone_r(geos.h, GEOSGetGeometryN_r(geos.h, merged.get(), i)));
    GEOSArea_r(geos.h, a.polygon.get(), &a.area);
    areas.push_back(std::move(a));
  }
  // Each gap origin belongs to the merged polygon under its representative point (its shape
  // is inside the union, so one always holds it); an R-tree keeps this fast on big grids.
  std::vector<const GEOSGeometry*> polys;
  for (const auto& a : areas) polys.push_back(a.polygon.get());
  const Tree tree(geos.h, polys);
  std::vector<io::geos::PreparedPtr> prepared;  // point-in-polygon on big merged areas: indexed
  for (const auto& a : areas) prepared.push_back(geos.prepare(a.polygon.get()));
  for (std::size_t g = 0; g < gap.size(); ++g) {
    const std::size_t o = gap[g];
    const auto inside = insides.at(geos, GEOSGetGeometryN_r(geos.h, all.get(), static_cast<int>(g)), o);
    const auto hits = tree.query(inside.get());
    std::size_t best = hits.empty() ? 0 : hits.front();
    for (auto i : hits)
      if (GEOSPreparedIntersects_r(geos.h, prepared[i].get(), inside.get()) == 1) { best = i; break; }
    Area& a = areas[best];
    const double pop = served(p, o, c.group, shares);
    a.people += pop;
    a.units[p.unit[o]] += pop;
    a.first_origin = std::min(a.first_origin, o);
    if (c.nearest[o].reachable()) a.worst_s = std::max(a.worst_s, c.nearest[o].seconds().value);
    else a.unreachable += pop;
  }
  std::sort(areas.begin(), areas.end(), [](const Area& x, const Area& y) {
    return x.people != y.people ? x.people > y.people : x.first_origin < y.first_origin;
  });
  long long rank = 0;
  for (const auto& a : areas) {
    const auto unit = std::max_element(a.units.begin(), a.units.end(), [](auto& x, auto& y) { return x.second < y.second; });
    t.add({c.id, ++rank, a.people, a.area, a.worst_s > 0 ? io::Cell{a.worst_s} : io::Cell{}, a.unreachable,
           unit == a.units.end() ? std::string() : unit->first},
          geos.write_wkt(geos.project(a.polygon.get(), metric, false, {"", "gap_areas", c.id}).get()));
  }
}

// unit_gaps' rows of one category, per unit group, from the category's rows of gap_areas.
std::vector<std::vector<io::Cell>> unit_gap_rows(const Groups& units, const std::vector<std::vector<io::Cell>>& area_rows,
                                                 std::size_t first, const People& p, const CategoryResult& c,
                                                 const GroupShares& shares) {
  std::vector<std::vector<io::Cell>> out;
  for (const auto& [unit, members] : units) {
    double uncovered = 0;
    for (auto o : members)
      if (!c.covered(o)) uncovered += served(p, o, c.group, shares);
    long long n = 0;
    double largest = 0;
    for (std::size_t r = first; r < area_rows.size(); ++r) {
      const auto& row = area_rows[r];
      if (std::get<std::string>(row[0]) != c.id || (unit != "ALL" && std::get<std::string>(row[6]) != unit)) continue;
      ++n, largest = std::max(largest, std::get<double>(row[2]));
    }
    out.push_back({unit, c.id, uncovered, n, largest});
  }
  return out;
}

}  // namespace

io::Table gap_areas_table(const People& p, const std::vector<std::string>& area_wkt,
                          const std::vector<CategoryResult>& cats, const GroupShares& shares,
                          const io::Projector& metric, const GapAreaOptions& opt) {
  io::Table t = gap_areas_schema(cats, opt);
  if (p.size() == 0) return t;
  Geos geos;
  std::vector<bool> needed(p.size(), false);
  for (const auto& c : cats)
    for (std::size_t o = 0; o < p.size(); ++o) needed[o] = needed[o] || in_gap(p, c, o, shares);
  Shapes shapes(geos, p.size());
  auto made = origin_shapes(geos, p, area_wkt, needed, metric, opt.point_radius_m);
  for (std::size_t o = 0; o < p.size(); ++o) shapes.keep(o, std::move(made[o]));
  made.clear();
  InsidePoints insides(p.size());
  for (const auto& c : cats) add_category_areas(t, geos, shapes, insides, p, c, shares, metric);
  return t;
}

struct GapAreaBuilder::Impl {
  explicit Impl(std::size_t origins) : shapes(geos, origins), insides(origins) {}
  Geos geos;
  Shapes shapes;         // made when an origin is first in a gap, kept
  InsidePoints insides;  // the same
  bool points_made = false;
};

GapAreaBuilder::GapAreaBuilder(const People& p, const std::vector<std::string>& area_wkt, const std::vector<CategoryResult>& headers,
                               const GroupShares& shares, const io::Projector& metric, const GapAreaOptions& opt)
    : p_(p), area_wkt_(area_wkt), shares_(shares), metric_(metric), opt_(opt), areas_(gap_areas_schema(headers, opt)),
      unit_gaps_(unit_gaps_schema(headers)), units_(group_by(p.unit, true)), impl_(std::make_unique<Impl>(p.size())) {
  unit_rows_.resize(units_.size());
}

GapAreaBuilder::~GapAreaBuilder() = default;

void GapAreaBuilder::add(const CategoryResult& c) {
  Impl& m = *impl_;
  if (p_.size() > 0) {
    // The shapes this category needs and no earlier one did: areas parsed, points' Voronoi cells
    // made once for every point origin (the diagram needs them all).
    // An area is parsed and kept one at a time (origin_shapes would hold every new one at once).
    std::vector<bool> needed(p_.size(), false);
    bool point = false;
    for (std::size_t o = 0; o < p_.size(); ++o)
      if (!m.shapes.has(o) && in_gap(p_, c, o, shares_)) {
        if (area_wkt_[o].empty()) needed[o] = point = true;
        else m.shapes.keep(o, m.geos.metric_from_wkt(area_wkt_[o], metric_, {"", "", "origin " + p_.id[o]}));
      }
    if (point && !m.points_made)
      for (std::size_t o = 0; o < p_.size(); ++o) needed[o] = needed[o] || (area_wkt_[o].empty() && !m.shapes.has(o));
    if (point) {
      auto made = origin_shapes(m.geos, p_, area_wkt_, needed, metric_, opt_.point_radius_m);
      for (std::size_t o = 0; o < p_.size(); ++o)
        if (made[o]) m.shapes.keep(o, std::move(made[o]));
      m.points_made = true;
    }
  }
  const std::size_t first = areas_.rows.size();
  add_category_areas(areas_, m.geos, m.shapes, m.insides, p_, c, shares_, metric_);
  const auto rows = unit_gap_rows(units_, areas_.rows, first, p_, c, shares_);
  for (std::size_t u = 0; u < rows.size(); ++u) unit_rows_[u].push_back(rows[u]);
}

io::Table GapAreaBuilder::unit_gaps() const {
  io::Table t = unit_gaps_;
  for (const auto& per_unit : unit_rows_)
    for (const auto& row : per_unit) t.add(row);
  return t;
}

io::Table unit_gaps_schema(const std::vector<CategoryResult>& cats) {
  return {"unit_gaps", "Per unit and category: people beyond the category's threshold, the number of gap areas "
      "and the people of the largest. Thresholds: " + describe_thresholds(cats), {{"unit"}, {"category"}, {"uncovered_population", io::FieldType::real},
      {"gap_areas", io::FieldType::integer}, {"largest_gap_population", io::FieldType::real}}, false, {}, {}};
}

io::Table unit_gaps_table(const io::Table& gap_areas, const People& p, const std::vector<CategoryResult>& cats,
                          const GroupShares& shares) {
  io::Table t = unit_gaps_schema(cats);
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

namespace {

void attach(io::Table& t, const std::map<std::string, std::string>& shapes) {
  if (t.has_geometry || t.fields.empty() || shapes.empty()) return;
  std::vector<std::string> wkt(t.rows.size());
  bool any = false;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto* key = t.rows[r].empty() ? nullptr : std::get_if<std::string>(&t.rows[r][0]);
    if (!key) continue;
    if (const auto it = shapes.find(*key); it != shapes.end() && !it->second.empty()) wkt[r] = it->second, any = true;
  }
  if (!any) return;
  t.has_geometry = true;
  t.wkt = std::move(wkt);
}

}  // namespace

bool is_outlined(const io::Table& t) {
  for (const char* name : kOutlinedTables)
    if (t.name == name) return true;
  return false;
}

void attach_outlines(std::vector<io::Table>& tables, const People& p, const std::vector<std::string>& area_wkt,
                     const std::vector<Unit>& units) {
  std::map<std::string, std::string> communities, outlines;
  for (std::size_t i = 0; i < p.size() && i < area_wkt.size(); ++i)
    if (!area_wkt[i].empty() && p.community[i] == p.id[i]) communities.emplace(p.id[i], area_wkt[i]);
  for (const auto& u : units) outlines.emplace(u.name, u.wkt);
  for (auto& t : tables) {
    if (t.name == "community_coverage") attach(t, communities);
    else if (is_outlined(t)) attach(t, outlines);
  }
}

}  // namespace lc::access
