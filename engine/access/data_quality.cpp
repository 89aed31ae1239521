#include "access/data_quality.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <cstdio>
#include <string_view>
#include <variant>

#include "io/geos.hpp"

namespace lc::access {

namespace {

using io::geos::Geos;
using io::geos::GeomPtr;
using io::geos::PreparedPtr;

struct Tally {
  double area_m2 = 0, street_m = 0, footway_m = 0, people = 0, people_unsnapped = 0, people_off_main = 0;
  std::set<std::uint32_t> components;
  std::size_t facilities = 0, facilities_unsnapped = 0;
};

GeomPtr edge_line(const Geos& g, const network::Graph& graph, std::size_t e) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h, graph.geom_first[e + 1] - graph.geom_first[e], 2);
  for (auto i = graph.geom_first[e]; i < graph.geom_first[e + 1]; ++i) {
    GEOSCoordSeq_setXY_r(g.h, seq, i - graph.geom_first[e], graph.geom_xy[i].x, graph.geom_xy[i].y);
  }
  return g.own(GEOSGeom_createLineString_r(g.h, seq));
}

double length_inside(const Geos& g, const GEOSGeometry* area, const GEOSPreparedGeometry* prepared,
                     const GEOSGeometry* line, double full_m) {
  if (GEOSPreparedIntersects_r(g.h, prepared, line) != 1) return 0;
  if (GEOSPreparedContains_r(g.h, prepared, line) == 1) return full_m;
  const GeomPtr part = g.own(GEOSIntersection_r(g.h, area, line));
  double m = 0;
  if (part) GEOSLength_r(g.h, part.get(), &m);
  // The graph's length may differ from the drawn line's (rounding); scale the part to it.
  double drawn = 0;
  GEOSLength_r(g.h, line, &drawn);
  return drawn > 0 ? full_m * m / drawn : 0;
}

// Streets, footways and components inside one area (metric).
void add_network(const Geos& g, const network::Graph& graph, const std::vector<GeomPtr>& lines,
                 const GEOSGeometry* area, Tally& t) {
  const PreparedPtr prepared = g.prepare(area);
  GEOSArea_r(g.h, area, &t.area_m2);
  for (std::size_t e = 0; e < lines.size(); ++e) {
    const double m = length_inside(g, area, prepared.get(), lines[e].get(), graph.edge_length_m[e]);
    if (m <= 0) continue;
    t.street_m += m;
    const std::size_t c = e < graph.edge_class.size() ? graph.edge_class[e] : 0;
    if (c < graph.class_names.size() && is_footway_class(graph.class_names[c])) t.footway_m += m;
    t.components.insert(graph.component[graph.edge_u[e]]);
  }
}

std::vector<io::Cell> row_of(const std::string& unit, const Tally& t) {
  const double km2 = t.area_m2 / 1e6, km = t.street_m / 1e3;
  return {unit, io::opt_real(km2 > 0 ? std::optional<double>(km / km2) : std::nullopt),
          io::opt_real(t.street_m > 0 ? std::optional<double>(t.footway_m / t.street_m) : std::nullopt),
          static_cast<long long>(t.components.size()), t.people_unsnapped,
          static_cast<long long>(t.facilities_unsnapped), km2, km, t.people, t.people_off_main,
          static_cast<long long>(t.facilities)};
}

}  // namespace

bool is_footway_class(const std::string& class_name) {
  static constexpr std::array<std::string_view, 8> kFootway{"footway", "path", "pedestrian", "steps",
                                                            "corridor", "footpath", "sidewalk", "crossing"};
  return std::find(kFootway.begin(), kFootway.end(), class_name) != kFootway.end();
}

io::Table data_quality_table(const DataQualityInput& in) {
  using io::FieldType;
  io::Table table{"data_quality",
                  "how thin the data under the results is, per unit and ALL: street km per km2, footway share, "
                  "network components, people farther than the snapping distance from a street, facilities not snapped",
                  {{"unit"}, {"street_km_per_km2", FieldType::real}, {"footway_share", FieldType::real},
                   {"components", FieldType::integer}, {"people_unsnapped", FieldType::real},
                   {"facilities_unsnapped", FieldType::integer}, {"area_km2", FieldType::real},
                   {"street_km", FieldType::real}, {"people", FieldType::real},
                   {"people_off_main_component", FieldType::real}, {"facilities", FieldType::integer}},
                  false, {}, {}};
  const network::Graph& graph = in.graph;
  Geos g;
  std::vector<GeomPtr> lines;
  for (std::size_t e = 0; e < graph.edge_count(); ++e) lines.push_back(edge_line(g, graph, e));
  std::vector<GeomPtr> areas;  // metric, one per unit
  std::vector<PreparedPtr> lonlat_prepared;
  std::vector<GeomPtr> lonlat_areas;
  for (const Unit& u : in.units) {
    lonlat_areas.push_back(g.read_wkt(u.wkt, {"", "", "unit " + u.name}));
    lonlat_prepared.push_back(g.prepare(lonlat_areas.back().get()));
    areas.push_back(g.project(lonlat_areas.back().get(), in.projector, true, {"", "", "unit " + u.name}));
  }
  std::vector<Tally> tally(in.units.size() + 1);  // the last is ALL
  Tally& all = tally.back();
  for (std::size_t k = 0; k < areas.size(); ++k) {
    add_network(g, graph, lines, areas[k].get(), tally[k]);
    all.area_m2 += tally[k].area_m2, all.street_m += tally[k].street_m, all.footway_m += tally[k].footway_m;
    all.components.insert(tally[k].components.begin(), tally[k].components.end());
  }
  if (in.units.empty()) {
    // No units: the network's own extent, its convex hull.
    std::vector<GEOSGeometry*> pts;
    for (const Point& p : graph.node_xy) pts.push_back(GEOSGeom_createPointFromXY_r(g.h, p.x, p.y));
    const GeomPtr nodes = g.own(GEOSGeom_createCollection_r(g.h, GEOS_MULTIPOINT, pts.data(), static_cast<unsigned>(pts.size())));
    const GeomPtr hull = g.own(GEOSConvexHull_r(g.h, nodes.get()));
    add_network(g, graph, lines, hull.get(), all);
  }
  std::map<std::string, std::size_t> unit_index;
  for (std::size_t k = 0; k < in.units.size(); ++k) unit_index.emplace(in.units[k].name, k);
  const People& p = in.people;
  for (std::size_t o = 0; o < p.size(); ++o) {
    const double people = p.population[o];
    const bool off_main = p.snapped[o] && !in.on_main_component.empty() && !in.on_main_component[o];
    for (Tally* t : {&all, p.unit[o].empty() || !unit_index.count(p.unit[o]) ? nullptr : &tally[unit_index.at(p.unit[o])]}) {
      if (!t) continue;
      t->people += people;
      if (!p.snapped[o]) t->people_unsnapped += people;
      if (off_main) t->people_off_main += people;
    }
  }
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    const bool unsnapped = !in.facility_snaps[f].snapped();
    Tally* unit = nullptr;
    const GeomPtr pt = g.point(in.facilities[f].lon, in.facilities[f].lat);
    for (std::size_t k = 0; k < lonlat_prepared.size() && !unit; ++k)
      if (GEOSPreparedCovers_r(g.h, lonlat_prepared[k].get(), pt.get()) == 1) unit = &tally[k];
    for (Tally* t : {&all, unit}) {
      if (!t) continue;
      ++t->facilities;
      if (unsnapped) ++t->facilities_unsnapped;
    }
  }
  for (std::size_t k = 0; k < in.units.size(); ++k) table.add(row_of(in.units[k].name, tally[k]));
  table.add(row_of("ALL", all));
  return table;
}

namespace {

std::optional<std::size_t> field_index(const io::Table& t, std::string_view name) {
  for (std::size_t i = 0; i < t.fields.size(); ++i)
    if (t.fields[i].name == name) return i;
  return std::nullopt;
}

double cell_number(const std::vector<io::Cell>& row, std::size_t i) {
  if (i >= row.size()) return 0;
  if (const auto* d = std::get_if<double>(&row[i])) return *d;
  if (const auto* n = std::get_if<long long>(&row[i])) return static_cast<double>(*n);
  return 0;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * share);
  return buf;
}

std::string whole(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

std::vector<ThinData> thin_data(const io::Table& t) {
  const auto unit = field_index(t, "unit"), people = field_index(t, "people"), unsnapped = field_index(t, "people_unsnapped"),
             off = field_index(t, "people_off_main_component");
  std::vector<ThinData> out;
  if (!unit || !people || !unsnapped || !off) return out;
  for (const auto& row : t.rows) {
    ThinData d;
    if (const auto* s = std::get_if<std::string>(&row[*unit])) d.unit = *s;
    d.people = cell_number(row, *people), d.unsnapped = cell_number(row, *unsnapped), d.off_main = cell_number(row, *off);
    if (d.unsnapped_share() > kThinUnsnappedShare || d.off_main_share() > kThinOffMainShare) out.push_back(std::move(d));
  }
  return out;
}

std::string thin_data_text(const std::vector<ThinData>& thin) {
  std::string s;
  for (const ThinData& d : thin) {
    const std::string where = d.unit == "ALL" ? "全部 (ALL)" : d.unit;
    std::string zh, en;
    if (d.unsnapped_share() > kThinUnsnappedShare) {
      zh += "有 " + percent(d.unsnapped_share()) + " 的人口(" + whole(d.unsnapped) + " / " + whole(d.people) +
            ")离任何已绘制的道路都超过吸附距离,被计为无法到达任何设施";
      en += percent(d.unsnapped_share()) + " of the people (" + whole(d.unsnapped) + " of " + whole(d.people) +
            ") live farther than the snapping distance from every mapped street and are counted as reaching nothing";
    }
    if (d.off_main_share() > kThinOffMainShare) {
      zh += std::string(zh.empty() ? "有 " : ";另有 ") + percent(d.off_main_share()) + " 的人口(" + whole(d.off_main) +
            ")从与主路网断开的小片路网出发";
      en += std::string(en.empty() ? "" : "; ") + percent(d.off_main_share()) + " (" + whole(d.off_main) +
            ") start on a piece of network cut off from the main one and reach only what it holds";
    }
    s += (s.empty() ? "" : "\n") + where + ":" + zh + "。路网数据较薄,覆盖率被低估,缺口可能是缺图而非缺设施。 " + d.unit +
         ": the results rest on thin data. " + en +
         ". Coverage is understated there: a gap may be a street missing from the map rather than a missing facility.";
  }
  return s;
}

}  // namespace lc::access
