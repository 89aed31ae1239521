#include "report/map_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "report/cells.hpp"
#include "report/report_parts.hpp"
#include "report/svg_map.hpp"

namespace lc::report {

io::Table streets_table(const network::Graph& g, const io::Projector& projector) {
  io::Table t{"streets", "walkable streets of the network", {{"class"}}, true, {}, {}};
  char buf[64];
  for (std::size_t e = 0; e + 1 < g.geom_first.size(); ++e) {
    std::string wkt = "LINESTRING (";
    for (std::uint32_t k = g.geom_first[e]; k < g.geom_first[e + 1]; ++k) {
      const LonLat p = projector.inverse(g.geom_xy[k]);
      std::snprintf(buf, sizeof buf, "%s%.7f %.7f", k == g.geom_first[e] ? "" : ",", p.lon, p.lat);
      wkt += buf;
    }
    const std::uint16_t c = e < g.edge_class.size() ? g.edge_class[e] : 0;
    t.add({c < g.class_names.size() ? g.class_names[c] : std::string()}, wkt + ")");
  }
  return t;
}

namespace detail {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  char buf[8];
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '<': out += "\\u003c"; break;  // no "</script" and no "<!--" inside the script element
        case '>': out += "\\u003e"; break;
        case '&': out += "\\u0026"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // UTF-8: a well-formed sequence is copied, anything else becomes U+FFFD.
    const std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    ok = ok && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      out += "\\ufffd";
      ++i;
    } else {
      if (cp == 0x2028 || cp == 0x2029) out += cp == 0x2028 ? "\\u2028" : "\\u2029";
      else out.append(s.substr(i, len));
      i += len;
    }
  }
  return out + "\"";
}

int time_code(std::optional<double> seconds) {
  if (!seconds || *seconds < 0) return kNoTime;
  const double tenths = std::ceil(*seconds / 6.0 - 1e-9);
  return static_cast<int>(std::clamp(tenths, 0.0, static_cast<double>(kNoTime - 1)));
}

std::string encode_time(int code) {
  return {kTimeDigits[static_cast<std::size_t>(code / 64) % 64], kTimeDigits[static_cast<std::size_t>(code % 64)]};
}

namespace {

double segment_distance(const QPoint& p, const QPoint& a, const QPoint& b) {
  const double dx = static_cast<double>(b.first - a.first), dy = static_cast<double>(b.second - a.second);
  const double px = static_cast<double>(p.first - a.first), py = static_cast<double>(p.second - a.second);
  const double len2 = dx * dx + dy * dy;
  const double f = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(px - f * dx, py - f * dy);
}

// Douglas-Peucker over points[first..last] (both kept), marking the points to keep.
void douglas_peucker(const std::vector<QPoint>& pts, std::size_t first, std::size_t last, double tol, std::vector<char>& keep) {
  std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i)
      if (const double d = segment_distance(pts[i], pts[a], pts[b % pts.size()]); d > worst) worst = d, at = i;
    if (worst > tol) {
      keep[at] = 1;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
}

}  // namespace

std::vector<QPoint> simplify(const std::vector<QPoint>& points, double tolerance, bool ring) {
  std::vector<QPoint> pts;
  for (const auto& p : points)
    if (pts.empty() || pts.back() != p) pts.push_back(p);
  if (ring)
    while (pts.size() > 1 && pts.back() == pts.front()) pts.pop_back();
  const std::size_t min_points = ring ? 3 : 2;
  if (pts.size() < min_points) return ring || pts.empty() ? std::vector<QPoint>{} : std::vector<QPoint>{pts.front(), pts.front()};
  std::vector<char> keep(pts.size(), 0);
  keep.front() = 1;
  if (ring) {
    // Split the ring at the point farthest from its first one; index pts.size() is the first again.
    std::size_t far = 1;
    double worst = -1;
    for (std::size_t i = 1; i < pts.size(); ++i)
      if (const double d = segment_distance(pts[i], pts[0], pts[0]); d > worst) worst = d, far = i;
    keep[far] = 1;
    douglas_peucker(pts, 0, far, tolerance, keep);
    douglas_peucker(pts, far, pts.size(), tolerance, keep);
  } else {
    keep.back() = 1;
    douglas_peucker(pts, 0, pts.size() - 1, tolerance, keep);
  }
  std::vector<QPoint> out;
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (keep[i]) out.push_back(pts[i]);
  if (out.size() < min_points) return {};
  return out;
}

namespace {

constexpr double kQuantum = 1e5;   // coordinates in 1e-5 degrees
constexpr double kTolerance = 2;   // simplification, in quanta (about 2 m)

QPoint quantise(LonLat p) { return {std::llround(p.lon * kQuantum), std::llround(p.lat * kQuantum)}; }

std::vector<QPoint> quantise(const std::vector<LonLat>& ring) {
  std::vector<QPoint> out;
  out.reserve(ring.size());
  for (const auto& p : ring) out.push_back(quantise(p));
  return out;
}

// JSON building: numbers and arrays written straight into one string.
struct Json {
  std::string s;
  QPoint origin{0, 0};

  void raw(std::string_view v) { s += v; }
  void integer(long long v) { s += std::to_string(v); }
  void number(std::optional<double> v, int decimals = 0) {
    if (!v) { s += "null"; return; }
    if (decimals == 0) { integer(std::llround(*v)); return; }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
    s += buf;
  }
  void str(std::string_view v) { s += json_string(v); }
  void key(std::string_view k) {
    if (!s.empty() && s.back() != '{' && s.back() != '[') s += ',';
    s += json_string(k) + ":";
  }
  void sep() {
    if (!s.empty() && s.back() != '{' && s.back() != '[' && s.back() != ':') s += ',';
  }
  // [x0,y0,dx1,dy1,...]: the first point from the map's origin, then deltas.
  void points(const std::vector<QPoint>& pts) {
    sep();
    s += '[';
    QPoint prev = origin;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (i) s += ',';
      s += std::to_string(pts[i].first - prev.first) + "," + std::to_string(pts[i].second - prev.second);
      prev = pts[i];
    }
    s += ']';
  }
  // A shape's rings (polygons) or lines, simplified; writes [] when none is left. Returns rings written.
  std::size_t shape(const Shape& sh, bool polygon) {
    sep();
    s += '[';
    std::size_t n = 0;
    for (const auto& ring : sh.rings) {
      const auto pts = simplify(quantise(ring), kTolerance, polygon);
      if (pts.empty()) continue;
      points(pts);
      ++n;
    }
    s += ']';
    return n;
  }
};

// Polygons that vanish when simplified (smaller than a few metres) are kept as their bounding box,
// so that no compound, cell or gap disappears from the map.
void polygon_or_box(Json& j, const Shape& sh) {
  const std::size_t mark = j.s.size();
  if (j.shape(sh, true) > 0) return;
  j.s.resize(mark);
  BBox b;
  extend(b, sh);
  const QPoint lo = quantise({b.min_x, b.min_y}), hi = quantise({b.max_x, b.max_y});
  const std::int64_t x1 = std::max(hi.first, lo.first + 1), y1 = std::max(hi.second, lo.second + 1);
  j.sep();
  j.raw("[");
  j.points({lo, {x1, lo.second}, {x1, y1}, {lo.first, y1}});
  j.raw("]");
}

std::optional<Shape> shape_of(const io::Table& t, std::size_t row) {
  if (!t.has_geometry || row >= t.wkt.size()) return std::nullopt;
  return parse_wkt(t.wkt[row]);
}

// The origins of origin_access in table order, their people (the largest served group), unit and
// each category's walking time.
struct Origins {
  std::vector<std::string> id;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<double> people;
  std::vector<std::string> unit;
  std::vector<std::size_t> first_row;
  std::vector<std::string> times;  // per category: two characters per origin
};

Origins read_origins(const Context& ctx, const io::Table& t) {
  Origins o;
  const auto id = column(t, "origin_id"), cat = column(t, "category"), nearest = column(t, "nearest_s");
  const auto pop = find_column(t, "population"), unit = find_column(t, "unit");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::string key = text(t.rows[r], id);
    auto [it, fresh] = o.index.try_emplace(key, o.id.size());
    if (fresh) {
      o.id.push_back(std::move(key));
      o.people.push_back(0);
      o.unit.push_back(text(t.rows[r], unit));
      o.first_row.push_back(r);
    }
    o.people[it->second] = std::max(o.people[it->second], number(t.rows[r], pop).value_or(0));
  }
  const std::string none = encode_time(kNoTime);
  std::unordered_map<std::string, std::size_t> cat_index;
  for (std::size_t k = 0; k < ctx.categories.size(); ++k) cat_index.emplace(ctx.categories[k].id, k);
  o.times.assign(ctx.categories.size(), std::string());
  for (auto& s : o.times) {
    s.reserve(2 * o.id.size());
    for (std::size_t i = 0; i < o.id.size(); ++i) s += none;
  }
  for (const auto& row : t.rows) {
    const auto k = cat_index.find(text(row, cat));
    if (k == cat_index.end()) continue;
    const std::size_t i = o.index.at(text(row, id));
    const std::string code = encode_time(time_code(number(row, nearest)));
    o.times[k->second][2 * i] = code[0];
    o.times[k->second][2 * i + 1] = code[1];
  }
  return o;
}

void write_categories(Json& j, const Context& ctx) {
  j.key("cats");
  j.raw("[");
  for (const auto& c : ctx.categories) {
    const access::Category* cat = ctx.in.catalog ? ctx.in.catalog->find(c.id) : nullptr;
    j.sep();
    j.raw("{");
    j.key("id"), j.str(c.id);
    j.key("zh"), j.str(cat && !cat->name_zh.empty() ? cat->name_zh : c.id);
    j.key("en"), j.str(cat && !cat->name_en.empty() ? cat->name_en : c.id);
    j.key("level"), j.integer(c.level);
    j.key("thr"), j.number(c.threshold_s, 1);
    j.raw("}");
  }
  j.raw("]");
}

// Where each unit's people live: the box of its origins' points (units are often mostly empty land).
std::map<std::string, BBox> populated_boxes(const io::Table& oa, const Origins& o) {
  std::map<std::string, BBox> out;
  for (std::size_t i = 0; i < o.id.size(); ++i)
    if (const auto sh = shape_of(oa, o.first_row[i]); sh && o.people[i] > 0) extend(out[o.unit[i]], *sh);
  return out;
}

// Each unit: name, the box to zoom to (where its people live, else its outline) and its outline.
void write_units(Json& j, const io::Table* t, const std::map<std::string, BBox>& populated) {
  j.key("units");
  j.raw("[");
  if (t && t->has_geometry) {
    const auto name = find_column(*t, "name");
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      j.sep();
      j.raw("{");
      j.key("name"), j.str(text(t->rows[r], name));
      const auto sh = shape_of(*t, r);
      BBox b;
      if (const auto it = populated.find(text(t->rows[r], name)); it != populated.end()) b = it->second;
      if (b.empty() && sh) extend(b, *sh);
      j.key("b");
      if (b.empty()) {
        j.raw("null");
      } else {
        const QPoint lo = quantise({b.min_x, b.min_y}), hi = quantise({b.max_x, b.max_y});
        j.raw("[" + std::to_string(lo.first - j.origin.first) + "," + std::to_string(lo.second - j.origin.second) + "," +
              std::to_string(hi.first - j.origin.first) + "," + std::to_string(hi.second - j.origin.second) + "]");
      }
      j.key("g");
      if (sh && sh->kind == Shape::Kind::polygon) j.shape(*sh, true);
      else j.raw("[]");
      j.raw("}");
    }
  }
  j.raw("]");
}

void write_streets(Json& j, const io::Table* t) {
  j.key("streets");
  j.raw("[");
  if (t && t->has_geometry) {
    const auto cls = find_column(*t, "class");
    std::map<std::string, std::vector<std::size_t>> by_class;
    for (std::size_t r = 0; r < t->rows.size(); ++r) by_class[text(t->rows[r], cls)].push_back(r);
    for (const auto& [name, rows] : by_class) {
      j.sep();
      j.raw("{");
      j.key("cls"), j.str(name);
      j.key("g");
      j.raw("[");
      for (auto r : rows) {
        const auto sh = shape_of(*t, r);
        if (!sh || sh->kind != Shape::Kind::line) continue;
        for (const auto& line : sh->rings) {
          const auto pts = simplify(quantise(line), kTolerance, false);
          if (pts.size() >= 2) j.points(pts);
        }
      }
      j.raw("]}");
    }
  }
  j.raw("]");
}

void write_origins(Json& j, const Context& ctx, const Origins& o) {
  const io::Table& oa = *ctx.in.origin_access;
  const io::Table* areas = ctx.in.origin_areas && ctx.in.origin_areas->has_geometry ? ctx.in.origin_areas : nullptr;
  std::unordered_map<std::string, std::size_t> area_row;
  if (areas) {
    const auto id = column(*areas, "origin_id");
    for (std::size_t r = 0; r < areas->rows.size(); ++r) area_row.emplace(text(areas->rows[r], id), r);
  }
  j.key("origins");
  j.raw("{");
  j.key("kind"), j.str(!areas ? "point" : areas->name == "cells" ? "cell" : "community");
  j.key("id"), j.raw("[");
  for (const auto& id : o.id) j.sep(), j.str(id);
  j.raw("]");
  j.key("pop"), j.raw("[");
  for (double p : o.people) j.sep(), j.number(p);
  j.raw("]");
  std::vector<std::string> unit_names;
  std::unordered_map<std::string, std::size_t> unit_index;
  j.key("unit"), j.raw("[");
  for (const auto& u : o.unit) {
    auto [it, fresh] = unit_index.try_emplace(u, unit_names.size());
    if (fresh) unit_names.push_back(u);
    j.sep(), j.integer(static_cast<long long>(it->second));
  }
  j.raw("]");
  j.key("unitNames"), j.raw("[");
  for (const auto& u : unit_names) j.sep(), j.str(u);
  j.raw("]");
  // Each origin: its area's rings, or [x,y] (a point) when it has no area.
  j.key("g"), j.raw("[");
  for (std::size_t i = 0; i < o.id.size(); ++i) {
    std::optional<Shape> sh;
    if (const auto it = area_row.find(o.id[i]); it != area_row.end()) sh = shape_of(*areas, it->second);
    if (sh && sh->kind == Shape::Kind::polygon) {
      polygon_or_box(j, *sh);
      continue;
    }
    const auto pt = shape_of(oa, o.first_row[i]);
    j.sep();
    if (pt && !pt->rings.empty() && !pt->rings[0].empty()) {
      const QPoint q = quantise(pt->rings[0][0]);
      j.raw("[" + std::to_string(q.first - j.origin.first) + "," + std::to_string(q.second - j.origin.second) + "]");
    } else {
      j.raw("null");
    }
  }
  j.raw("]");
  j.raw("}");
  j.key("times"), j.raw("[");
  for (const auto& s : o.times) j.sep(), j.raw("\"" + s + "\"");  // digits and letters only
  j.raw("]");
}

std::optional<std::size_t> category_index(const Context& ctx, const std::string& id) {
  for (std::size_t k = 0; k < ctx.categories.size(); ++k)
    if (ctx.categories[k].id == id) return k;
  return std::nullopt;
}

void write_gaps(Json& j, const Context& ctx) {
  j.key("gaps"), j.raw("[");
  if (const io::Table* t = ctx.in.gap_areas; t && t->has_geometry) {
    const auto cat = column(*t, "category"), pop = column(*t, "population");
    const auto rank = find_column(*t, "rank"), area = find_column(*t, "area_m2"), worst = find_column(*t, "worst_s"),
               unreach = find_column(*t, "unreachable_population"), unit = find_column(*t, "unit");
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      const auto& row = t->rows[r];
      const auto k = category_index(ctx, text(row, cat));
      const auto sh = shape_of(*t, r);
      if (!k || !sh || sh->kind != Shape::Kind::polygon) continue;
      j.sep(), j.raw("{");
      j.key("c"), j.integer(static_cast<long long>(*k));
      j.key("rank"), j.number(number(row, rank));
      j.key("pop"), j.number(number(row, pop));
      j.key("area"), j.number(number(row, area));
      j.key("worst"), j.number(number(row, worst));
      j.key("unr"), j.number(number(row, unreach));
      j.key("unit"), j.str(text(row, unit));
      j.key("g"), polygon_or_box(j, *sh);
      j.raw("}");
    }
  }
  j.raw("]");
}

// Per category (in the map's order), the checklist measures linked to it, once each.
void write_measures(Json& j, const Context& ctx) {
  j.key("measures"), j.raw("[");
  const io::Table* t = ctx.in.gap_measures;
  for (const auto& c : ctx.categories) {
    j.sep(), j.raw("[");
    if (t) {
      const auto cat = column(*t, "category"), mid = column(*t, "measure_id");
      const auto mtext = find_column(*t, "measure_text"), units = find_column(*t, "responsible_units"),
                 dl = find_column(*t, "deadline"), passed = find_column(*t, "deadline_passed"), target = find_column(*t, "target");
      std::set<std::string> seen;
      for (const auto& row : t->rows) {
        if (text(row, cat) != c.id || text(row, mid).empty() || !seen.insert(text(row, mid)).second) continue;
        j.sep(), j.raw("{");
        j.key("id"), j.str(text(row, mid));
        j.key("text"), j.str(text(row, mtext));
        j.key("units"), j.str(text(row, units));
        j.key("deadline"), j.str(text(row, dl));
        j.key("overdue"), j.raw(number(row, passed).value_or(0) > 0 ? "true" : "false");
        j.key("target"), j.str(text(row, target));
        j.raw("}");
      }
    }
    j.raw("]");
  }
  j.raw("]");
}

void write_facilities(Json& j, const Context& ctx) {
  std::vector<std::string> ids;
  std::vector<QPoint> at;
  std::map<std::pair<std::string, QPoint>, std::size_t> index;
  std::vector<std::vector<std::size_t>> of(ctx.categories.size());
  if (const io::Table* t = ctx.in.facilities; t && t->has_geometry) {
    const auto id = column(*t, "id"), cat = column(*t, "category");
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      const auto sh = shape_of(*t, r);
      const auto k = category_index(ctx, text(t->rows[r], cat));
      if (!sh || sh->rings.empty() || sh->rings[0].empty() || !k) continue;
      const QPoint q = quantise(sh->rings[0][0]);
      auto [it, fresh] = index.try_emplace({text(t->rows[r], id), q}, ids.size());
      if (fresh) ids.push_back(text(t->rows[r], id)), at.push_back(q);
      if (of[*k].empty() || of[*k].back() != it->second) of[*k].push_back(it->second);
    }
  }
  j.key("fac"), j.raw("{");
  j.key("id"), j.raw("[");
  for (const auto& id : ids) j.sep(), j.str(id);
  j.raw("]");
  j.key("p"), j.raw("[");
  for (const auto& q : at)
    j.sep(), j.raw(std::to_string(q.first - j.origin.first) + "," + std::to_string(q.second - j.origin.second));
  j.raw("]");
  j.key("of"), j.raw("[");
  for (const auto& list : of) {
    j.sep(), j.raw("[");
    for (auto f : list) j.sep(), j.integer(static_cast<long long>(f));
    j.raw("]");
  }
  j.raw("]}");
}

void write_sites(Json& j, const Context& ctx) {
  j.key("sites"), j.raw("[");
  for (const io::Table* t : ctx.in.proposed_sites) {
    const auto rank = column(*t, "rank"), x = column(*t, "x"), y = column(*t, "y");
    const auto id = find_column(*t, "site_id"), district = find_column(*t, "district"), added = find_column(*t, "new_covered");
    j.sep(), j.raw("{");
    j.key("label"), j.str(ctx.label(t->name));
    const auto k = category_index(ctx, t->name);
    j.key("c"), j.integer(k ? static_cast<long long>(*k) : -1);
    j.key("rows"), j.raw("[");
    for (const auto& r : t->rows) {
      const auto lon = number(r, x), lat = number(r, y);
      if (!lon || !lat) continue;
      const QPoint q = quantise({*lon, *lat});
      j.sep(), j.raw("[");
      j.str(text(r, rank));
      j.raw("," + std::to_string(q.first - j.origin.first) + "," + std::to_string(q.second - j.origin.second) + ",");
      j.str(text(r, id));
      j.raw(",");
      j.str(text(r, district));
      j.raw(",");
      j.number(number(r, added));
      j.raw("]");
    }
    j.raw("]}");
  }
  j.raw("]");
}

template <std::size_t N>
void write_colours(Json& j, std::string_view key, const std::array<ColourClass, N>& classes) {
  j.key(key), j.raw("[");
  for (const auto& c : classes) j.sep(), j.str(c.colour);
  j.raw("]");
}

}  // namespace

bool map_drawn(const ReportInput& in) {
  const bool origins = in.origin_access && in.origin_access->has_geometry && !in.origin_access->rows.empty();
  const bool gaps = in.gap_areas && in.gap_areas->has_geometry && !in.gap_areas->rows.empty();
  return in.layout.interactive_map && (origins || gaps);
}

std::string map_data_json(const Context& ctx) {
  const ReportInput& in = ctx.in;
  if (!map_drawn(in)) return {};
  const bool origins = in.origin_access && in.origin_access->has_geometry && !in.origin_access->rows.empty();
  const BBox extent = map_extent(in);
  Json j;
  j.origin = quantise({extent.min_x, extent.min_y});
  j.raw("{");
  j.key("v"), j.integer(1);
  j.key("q"), j.integer(static_cast<long long>(kQuantum));
  j.key("o"), j.raw("[" + std::to_string(j.origin.first) + "," + std::to_string(j.origin.second) + "]");
  const QPoint hi = quantise({extent.max_x, extent.max_y});
  j.key("bounds"), j.raw("[0,0," + std::to_string(hi.first - j.origin.first) + "," + std::to_string(hi.second - j.origin.second) + "]");
  write_colours(j, "timeColours", kTimeClasses);
  write_colours(j, "gapColours", kGapClasses);
  write_categories(j, ctx);
  Origins o;
  if (origins) o = read_origins(ctx, *in.origin_access);
  write_units(j, in.unit_areas, origins ? populated_boxes(*in.origin_access, o) : std::map<std::string, BBox>{});
  write_streets(j, in.streets);
  if (origins) {
    write_origins(j, ctx, o);
  } else {
    j.key("origins"), j.raw("null");
    j.key("times"), j.raw("[]");
  }
  write_gaps(j, ctx);
  write_measures(j, ctx);
  write_facilities(j, ctx);
  write_sites(j, ctx);
  j.raw("}");
  return std::move(j.s);
}

}  // namespace detail

}  // namespace lc::report
