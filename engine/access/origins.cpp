// lc::access origins: loading and validating population, and the GEOS work behind community
// access points, generated grids and unit assignment. GEOS is used through its reentrant C API;
// every GEOS object lives in an RAII wrapper tied to one context, so an InputError thrown halfway
// leaks nothing. Areas and distances are computed in the run's metric CRS, never in degrees.
#include "access/origins.hpp"

#include <geos_c.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <numbers>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/geos.hpp"
#include "io/raster_reader.hpp"
#include "io/vector_reader.hpp"

namespace lc::access {

namespace {

using namespace io::geos;  // the GEOS plumbing: io/geos.hpp

// The exterior rings of every polygon in g (repairs can yield multipolygons or collections).
void exterior_rings(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<std::vector<Point>>& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    out.push_back(ring_points(h, GEOSGetExteriorRing_r(h, g)));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) exterior_rings(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

// Shortest text that reads back to the same double.
void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

std::string polygon_wkt(const std::vector<LonLat>& ring) {
  std::string wkt = "POLYGON ((";
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (i) wkt += ", ";
    append_number(wkt, ring[i].lon);
    wkt += ' ';
    append_number(wkt, ring[i].lat);
  }
  return wkt + "))";
}

// ---------------------------------------------------------------------------------------------
// Attribute validation

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// A count of people or households: present, a number, finite and not negative.
double checked_count(const std::string& text, const Where& w, const std::string& what) {
  if (trim(text).empty()) throw InputError(w, what + " is empty");
  const auto v = parse_number(text);
  if (!v) throw InputError(w, what + " '" + text + "' is not a number");
  if (std::isnan(*v)) throw InputError(w, what + " is NaN");
  if (!std::isfinite(*v)) throw InputError(w, what + " is infinite");
  if (*v < 0) throw InputError(w, what + " is negative (" + std::string(trim(text)) + ")");
  return *v;
}

// Empty means unknown; anything else must be a share in [0, 1].
double checked_share(const std::string& text, const Where& w, const std::string& field) {
  if (trim(text).empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto v = parse_number(text);
  const std::string what = "elderly share ('" + field + "') ";
  if (!v) throw InputError(w, what + "'" + text + "' is not a number");
  if (std::isnan(*v)) throw InputError(w, what + "is NaN; leave it empty when unknown");
  if (*v < 0 || *v > 1)
    throw InputError(w, what + std::string(trim(text)) + " is outside [0, 1]" +
                            (*v > 1 && *v <= 100 ? " (a percentage? give a share)" : ""));
  return *v;
}

// Which of ReadRequest::fields holds what (-1: not read).
struct FieldPlan {
  std::vector<std::string> names;
  int population = -1, households = -1, elderly = -1;
};

FieldPlan plan_fields(const PopulationFields& f) {
  FieldPlan p;
  auto add = [&p](const std::string& name) {
    p.names.push_back(name);
    return static_cast<int>(p.names.size()) - 1;
  };
  if (!f.population.empty() || f.households.empty())
    p.population = add(f.population.empty() ? "population" : f.population);
  if (!f.households.empty()) {
    if (!(f.persons_per_household > 0) || !std::isfinite(f.persons_per_household))
      throw UsageError("persons per household must be a positive number");
    p.households = add(f.households);
  }
  if (!f.elderly_share.empty()) p.elderly = add(f.elderly_share);
  return p;
}

double population_of(const io::VectorFeature& vf, const FieldPlan& p, const PopulationFields& f,
                     const Where& w) {
  const bool use_population =
      p.population >= 0 && (p.households < 0 || !trim(vf.values[p.population]).empty());
  if (use_population)
    return checked_count(vf.values[p.population], w, "population ('" + p.names[p.population] + "')");
  return checked_count(vf.values[p.households], w, "households ('" + f.households + "')") *
         f.persons_per_household;
}

void check_unique_ids(const io::VectorLayer& layer) {
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const std::string& id = layer.features[i].id;
    const auto [it, fresh] = seen.emplace(id, i);
    if (!fresh)
      throw InputError({layer.file, layer.layer, "feature " + id},
                       "id '" + id + "' is used by features #" + std::to_string(it->second + 1) +
                           " and #" + std::to_string(i + 1) + " (in layer order); ids must be unique");
  }
}

io::VectorLayer read_population_layer(const std::string& spec, const PopulationFields& f,
                                      const FieldPlan& p, io::GeomKind kind) {
  io::VectorLayer layer = io::read_vector(io::parse_layer_ref(spec), {kind, f.id, p.names});
  check_unique_ids(layer);
  return layer;
}

std::vector<Origin> origins_of(const io::VectorLayer& layer, const FieldPlan& p, const PopulationFields& f) {
  std::vector<Origin> out;
  out.reserve(layer.features.size());
  for (const io::VectorFeature& vf : layer.features) {
    const Where w{layer.file, layer.layer, "feature " + vf.id};
    Origin o;
    o.id = vf.id;
    o.population = population_of(vf, p, f, w);
    if (p.elderly >= 0) o.elderly_share = checked_share(vf.values[p.elderly], w, f.elderly_share);
    o.centre = vf.parts.at(0).at(0);
    o.wkt = vf.wkt;
    out.push_back(std::move(o));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Community access: entrances near the polygon, else samples along its boundary

// n >= 4 points evenly spaced along a closed ring, at most `spacing` apart.
void sample_ring(const std::vector<Point>& ring, double spacing, std::vector<Point>& out) {
  double length = 0;
  for (std::size_t i = 1; i < ring.size(); ++i)
    length += std::hypot(ring[i].x - ring[i - 1].x, ring[i].y - ring[i - 1].y);
  if (!(length > 0)) {
    if (!ring.empty()) out.push_back(ring.front());
    return;
  }
  // The small slack keeps a 400 m ring at 50 m spacing at 8 points despite rounding.
  const int n = std::max(4, static_cast<int>(std::ceil(length / spacing - 1e-9)));
  const double step = length / n;
  std::size_t seg = 1;
  double walked = 0;  // length of the ring before segment `seg`
  for (int k = 0; k < n; ++k) {
    const double target = k * step;
    double len = std::hypot(ring[seg].x - ring[seg - 1].x, ring[seg].y - ring[seg - 1].y);
    while (walked + len < target && seg + 1 < ring.size()) {
      walked += len;
      ++seg;
      len = std::hypot(ring[seg].x - ring[seg - 1].x, ring[seg].y - ring[seg - 1].y);
    }
    const double t = len > 0 ? std::clamp((target - walked) / len, 0.0, 1.0) : 0.0;
    out.push_back({ring[seg - 1].x + t * (ring[seg].x - ring[seg - 1].x),
                   ring[seg - 1].y + t * (ring[seg].y - ring[seg - 1].y)});
  }
}

std::vector<LonLat> boundary_samples(Geos& g, const GEOSGeometry* metric_poly, const io::Projector& metric,
                                     double spacing) {
  std::vector<std::vector<Point>> rings;
  exterior_rings(g.h, metric_poly, rings);
  std::vector<Point> pts;
  for (const auto& ring : rings) sample_ring(ring, spacing, pts);
  std::vector<LonLat> out;
  out.reserve(pts.size());
  for (const Point& p : pts) out.push_back(metric.inverse(p));
  return out;
}

struct Entrances {
  std::vector<LonLat> lonlat;
  std::vector<GeomPtr> points;  // metric
};

Entrances read_entrances(Geos& g, const std::string& spec, const io::Projector& metric,
                         std::vector<std::string>& warnings) {
  io::VectorLayer layer = io::read_vector(io::parse_layer_ref(spec), {io::GeomKind::points, "", {}});
  warnings.insert(warnings.end(), layer.warnings.begin(), layer.warnings.end());
  Entrances e;
  for (const io::VectorFeature& vf : layer.features) {
    const Point p = metric.forward(vf.parts.at(0).at(0));
    e.lonlat.push_back(vf.parts[0][0]);
    e.points.push_back(g.point(p.x, p.y));
  }
  return e;
}

// Each community takes the entrances within `radius` of its polygon (an entrance on a shared
// wall serves both sides).
void attach_entrances(Geos& g, const Entrances& e, const std::vector<GeomPtr>& polys, double radius,
                      std::vector<Origin>& origins) {
  std::vector<const GEOSGeometry*> pts;
  for (const auto& p : e.points) pts.push_back(p.get());
  const Tree tree(g.h, pts);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    GEOSGeom_getExtent_r(g.h, polys[i].get(), &x0, &y0, &x1, &y1);
    const GeomPtr window = g.own(GEOSGeom_createRectangle_r(g.h, x0 - radius, y0 - radius, x1 + radius, y1 + radius));
    const PreparedPtr prep = g.prepare(polys[i].get());
    for (std::size_t k : tree.query(window.get()))
      if (GEOSPreparedDistanceWithin_r(g.h, prep.get(), e.points[k].get(), radius) == 1)
        origins[i].access.push_back(e.lonlat[k]);
  }
}

// ---------------------------------------------------------------------------------------------
// Generated grids

struct Cell {
  std::string id;
  GeomPtr poly;  // metric
  double area = 0;
  double population = 0;
  double elderly_people = 0;
  bool elderly_unknown = false;
  std::string community;  // the largest contributor
  double top_share = 0;

  void add(const Origin& from, double people) {
    population += people;
    if (std::isnan(from.elderly_share)) elderly_unknown = true;
    else elderly_people += people * from.elderly_share;
    if (people > top_share) {
      top_share = people;
      community = from.id;
    }
  }
};

GeomPtr boundary_union(Geos& g, const std::string& spec, const io::Projector& metric,
                       std::vector<std::string>& warnings) {
  io::VectorLayer layer = io::read_vector(io::parse_layer_ref(spec), {io::GeomKind::polygons, "", {}});
  warnings.insert(warnings.end(), layer.warnings.begin(), layer.warnings.end());
  if (layer.features.empty()) throw InputError({layer.file, layer.layer, ""}, "no boundary polygons");
  std::vector<GEOSGeometry*> parts;
  for (const io::VectorFeature& vf : layer.features)
    parts.push_back(g.metric_from_wkt(vf.wkt, metric, {layer.file, layer.layer, "feature " + vf.id}).release());
  // The collection takes ownership of the parts.
  const GeomPtr all = g.own(GEOSGeom_createCollection_r(g.h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                        static_cast<unsigned>(parts.size())));
  GeomPtr merged = g.own(GEOSUnaryUnion_r(g.h, all.get()));
  if (!merged) throw InputError({layer.file, layer.layer, ""}, "boundary cannot be unioned: " + g.last_error());
  return merged;
}

GeomPtr hexagon(Geos& g, double cx, double cy, double d) {
  const double r = d / std::sqrt(3.0);  // circumradius of a hexagon d across its flats
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, 7, 2);
  for (unsigned k = 0; k <= 6; ++k) {
    const double a = (30.0 + 60.0 * (k % 6)) * std::numbers::pi / 180.0;  // pointy-top: vertices at 30 + 60k degrees
    GEOSCoordSeq_setXY_r(g.h, seq, k, cx + r * std::cos(a), cy + r * std::sin(a));
  }
  return g.own(GEOSGeom_createPolygon_r(g.h, GEOSGeom_createLinearRing_r(g.h, seq), nullptr, 0));
}

// Cell centres on the lattice that fall inside the area, row by row from the south.
std::vector<Cell> make_cells(Geos& g, const GEOSGeometry* area, GridShape shape, double d) {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getExtent_r(g.h, area, &x0, &y0, &x1, &y1);
  const PreparedPtr inside = g.prepare(area);
  const bool hex = shape == GridShape::hexagon;
  const double dy = hex ? d * std::sqrt(3.0) / 2.0 : d;  // row spacing
  const auto lo = [](double v, double step) { return static_cast<long long>(std::floor(v / step)) - 1; };
  const auto hi = [](double v, double step) { return static_cast<long long>(std::ceil(v / step)) + 1; };
  std::vector<Cell> cells;
  for (long long row = lo(y0, dy); row <= hi(y1, dy); ++row) {
    const double shift = hex && (row % 2 != 0) ? 0.5 : 0.0;  // odd hexagon rows sit half a cell east
    for (long long col = lo(x0, d); col <= hi(x1, d); ++col) {
      const double cx = (static_cast<double>(col) + (hex ? shift : 0.5)) * d;
      const double cy = (static_cast<double>(row) + (hex ? 0.0 : 0.5)) * dy;
      if (GEOSPreparedContains_r(g.h, inside.get(), g.point(cx, cy).get()) != 1) continue;
      Cell c;
      c.id = (hex ? "hex_" : "sq_") + std::to_string(col) + "_" + std::to_string(row);
      c.poly = hex ? hexagon(g, cx, cy, d)
                   : g.own(GEOSGeom_createRectangle_r(g.h, cx - d / 2, cy - d / 2, cx + d / 2, cy + d / 2));
      GEOSArea_r(g.h, c.poly.get(), &c.area);
      cells.push_back(std::move(c));
    }
  }
  return cells;
}

double intersection_area(Geos& g, const GEOSGeometry* a, const GEOSGeometry* b, const Where& where) {
  const GeomPtr common = g.own(GEOSIntersection_r(g.h, a, b));
  if (!common) throw InputError(where, "GEOS cannot intersect it with the grid: " + g.last_error());
  double area = 0;
  GEOSArea_r(g.h, common.get(), &area);
  return area;
}

// Puts a point community's people in the cell containing it; returns the people placed.
double place_point(Geos& g, const Tree& tree, std::vector<Cell>& cells, const Origin& o, const io::Projector& metric) {
  const Point p = metric.forward(o.centre);
  const GeomPtr pt = g.point(p.x, p.y);
  for (std::size_t k : tree.query(pt.get()))
    if (GEOSIntersects_r(g.h, cells[k].poly.get(), pt.get()) == 1) {
      cells[k].add(o, o.population);
      return o.population;
    }
  return 0;
}

// Spreads one community's people over the cells by area; returns the people placed.
double spread_community(Geos& g, const Tree& tree, std::vector<Cell>& cells, const Origin& o,
                        const io::Projector& metric, const Where& where) {
  const GeomPtr poly = g.metric_from_wkt(o.wkt, metric, where);
  double area = 0;
  GEOSArea_r(g.h, poly.get(), &area);
  if (!(area > 0)) return place_point(g, tree, cells, o, metric);
  const PreparedPtr prep = g.prepare(poly.get());
  double placed = 0;
  for (std::size_t k : tree.query(poly.get())) {
    // Whole cells inside the community (most of them in a large one) need no intersection.
    const double common = GEOSPreparedContains_r(g.h, prep.get(), cells[k].poly.get()) == 1
                              ? cells[k].area
                              : intersection_area(g, poly.get(), cells[k].poly.get(), where);
    if (common <= 0) continue;
    const double people = o.population * common / area;
    cells[k].add(o, people);
    placed += people;
  }
  return placed;
}

void share_population(Geos& g, std::vector<Cell>& cells, const OriginSet& communities,
                      const io::Projector& metric, std::vector<std::string>& warnings) {
  std::vector<const GEOSGeometry*> polys;
  for (const Cell& c : cells) polys.push_back(c.poly.get());
  const Tree tree(g.h, polys);
  double total = 0, placed = 0;
  for (const Origin& o : communities.origins) {
    if (o.population <= 0) continue;
    total += o.population;
    const Where where{communities.source, "", "community " + o.id};
    placed += o.wkt.empty() ? place_point(g, tree, cells, o, metric)
                            : spread_community(g, tree, cells, o, metric, where);
  }
  if (total - placed > 1e-9 * std::max(total, 1.0))
    warnings.push_back(communities.source + ": " + std::to_string(total - placed) + " of " +
                       std::to_string(total) +
                       " people lie outside the grid's cells (cells whose centre is inside the "
                       "boundary) and are not counted");
}

Origin cell_origin(Geos& g, const Cell& c, const io::Projector& metric) {
  Origin o;
  o.id = c.id;
  o.population = c.population;
  if (!c.elderly_unknown && c.population > 0) o.elderly_share = std::clamp(c.elderly_people / c.population, 0.0, 1.0);
  o.community = c.community;
  std::vector<LonLat> ring;
  for (const Point& p : ring_points(g.h, GEOSGetExteriorRing_r(g.h, c.poly.get()))) ring.push_back(metric.inverse(p));
  double cx = 0, cy = 0, x1 = 0, y1 = 0;
  GEOSGeom_getExtent_r(g.h, c.poly.get(), &cx, &cy, &x1, &y1);
  o.centre = metric.inverse({(cx + x1) / 2, (cy + y1) / 2});  // both shapes are symmetric
  o.access = {o.centre};
  o.wkt = polygon_wkt(ring);
  return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

OriginSet origins_from_points(const std::string& spec, const PopulationFields& f) {
  const FieldPlan plan = plan_fields(f);
  const io::VectorLayer layer = read_population_layer(spec, f, plan, io::GeomKind::points);
  OriginSet out{spec, origins_of(layer, plan, f), layer.warnings};
  for (Origin& o : out.origins) o.access = {o.centre};
  return out;
}

OriginSet origins_from_raster(const std::string& path, double min_population) {
  io::RasterCells raster = io::read_raster_cells(path, min_population);
  OriginSet out{path, {}, std::move(raster.warnings)};
  out.origins.reserve(raster.cells.size());
  for (io::RasterCell& c : raster.cells) {
    Origin o;
    o.id = "r" + std::to_string(c.row) + "_c" + std::to_string(c.col);
    o.population = c.value;
    o.centre = c.centre;
    o.access = {c.centre};
    o.wkt = std::move(c.wkt);
    out.origins.push_back(std::move(o));
  }
  return out;
}

OriginSet origins_from_communities(const std::string& spec, const PopulationFields& f,
                                   const std::string& entrances_spec, const io::Projector& metric,
                                   double boundary_spacing_m, double entrance_radius_m) {
  if (!(boundary_spacing_m > 0)) throw UsageError("boundary spacing must be a positive number of metres");
  const FieldPlan plan = plan_fields(f);
  const io::VectorLayer layer = read_population_layer(spec, f, plan, io::GeomKind::polygons);
  OriginSet out{spec, origins_of(layer, plan, f), layer.warnings};
  Geos g;
  std::vector<GeomPtr> polys;
  for (Origin& o : out.origins) {
    o.community = o.id;
    polys.push_back(g.metric_from_wkt(o.wkt, metric, {layer.file, layer.layer, "feature " + o.id}));
  }
  if (!entrances_spec.empty())
    attach_entrances(g, read_entrances(g, entrances_spec, metric, out.warnings), polys, entrance_radius_m, out.origins);
  std::size_t fallback = 0;
  for (std::size_t i = 0; i < out.origins.size(); ++i) {
    if (!out.origins[i].access.empty()) continue;
    out.origins[i].access = boundary_samples(g, polys[i].get(), metric, boundary_spacing_m);
    ++fallback;
  }
  if (!entrances_spec.empty() && fallback > 0)
    out.warnings.push_back(spec + ": " + std::to_string(fallback) + " of " + std::to_string(out.origins.size()) +
                           " communities have no entrance within " + std::to_string(entrance_radius_m) +
                           " m and are reached through their boundary");
  return out;
}

OriginSet grid_origins(const std::string& boundary_spec, GridShape shape, double cell_m,
                       const OriginSet& communities, const io::Projector& metric, bool keep_empty) {
  if (!(cell_m > 0) || !std::isfinite(cell_m)) throw UsageError("grid cell size must be a positive number of metres");
  OriginSet out{boundary_spec, {}, {}};
  Geos g;
  const GeomPtr area = boundary_union(g, boundary_spec, metric, out.warnings);
  std::vector<Cell> cells = make_cells(g, area.get(), shape, cell_m);
  share_population(g, cells, communities, metric, out.warnings);
  for (const Cell& c : cells)
    if (keep_empty || c.population > 0) out.origins.push_back(cell_origin(g, c, metric));
  return out;
}

GridSize grid_size(const std::string& boundary_spec, GridShape shape, double cell_m, const io::Projector& metric) {
  if (!(cell_m > 0) || !std::isfinite(cell_m)) throw UsageError("grid cell size must be a positive number of metres");
  const io::VectorLayer layer =
      io::read_vector(io::parse_layer_ref(boundary_spec), {io::GeomKind::polygons, "", {}});
  if (layer.features.empty()) throw InputError({layer.file, layer.layer, ""}, "no boundary polygons");
  Geos g;
  GridSize size;
  for (const io::VectorFeature& vf : layer.features) {
    const GeomPtr poly = g.metric_from_wkt(vf.wkt, metric, {layer.file, layer.layer, "feature " + vf.id});
    double area = 0;
    GEOSArea_r(g.h, poly.get(), &area);
    size.area_m2 += area;
  }
  // A hexagon `cell_m` across its flats covers sqrt(3)/2 cell_m^2.
  const double cell_area = shape == GridShape::hexagon ? std::sqrt(3.0) / 2.0 * cell_m * cell_m : cell_m * cell_m;
  size.cells = std::ceil(size.area_m2 / cell_area);
  return size;
}

std::vector<Unit> load_units(const std::string& spec, const std::string& name_field) {
  const io::VectorLayer layer =
      io::read_vector(io::parse_layer_ref(spec), {io::GeomKind::polygons, "", {name_field}});
  std::vector<Unit> units;
  for (const io::VectorFeature& vf : layer.features) {
    if (trim(vf.values[0]).empty())
      throw InputError({layer.file, layer.layer, "feature " + vf.id}, "unit name ('" + name_field + "') is empty");
    units.push_back({vf.values[0], vf.wkt});
  }
  return units;
}

std::vector<std::string> assign_units(const std::vector<Origin>& origins, const std::vector<Unit>& units) {
  Geos g;
  std::vector<GeomPtr> geoms;
  std::vector<PreparedPtr> prepared;
  std::vector<const GEOSGeometry*> raw;
  for (const Unit& u : units) {
    geoms.push_back(g.read_wkt(u.wkt, {"", "", "unit " + u.name}));
    prepared.push_back(g.prepare(geoms.back().get()));
    raw.push_back(geoms.back().get());
  }
  const Tree tree(g.h, raw);
  std::vector<std::string> out(origins.size());
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const GeomPtr pt = g.point(origins[i].centre.lon, origins[i].centre.lat);
    // Covers, not contains: a centre on a border shared by two units goes to the first of them.
    for (std::size_t k : tree.query(pt.get()))
      if (GEOSPreparedCovers_r(g.h, prepared[k].get(), pt.get()) == 1) {
        out[i] = units[k].name;
        break;
      }
  }
  return out;
}

}  // namespace lc::access
