// lc::report the sections drawn from geometry: walking-time maps and histograms per category,
// gap maps with the largest gap areas, and the proposed sites (see report_parts.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "report/cells.hpp"
#include "report/clusters.hpp"
#include "report/charts.hpp"
#include "report/report_parts.hpp"

namespace lc::report::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Row indices of a table by its category column, in table order.
std::map<std::string, std::vector<std::size_t>> rows_by_category(const io::Table& t) {
  std::map<std::string, std::vector<std::size_t>> out;
  const auto c = column(t, "category");
  for (std::size_t i = 0; i < t.rows.size(); ++i) out[text(t.rows[i], c)].push_back(i);
  return out;
}

std::optional<LonLat> point_of(const io::Table& t, std::size_t row) {
  if (!t.has_geometry || row >= t.wkt.size()) return std::nullopt;
  const auto shape = parse_wkt(t.wkt[row]);
  if (!shape || shape->rings.empty() || shape->rings[0].empty()) return std::nullopt;
  return shape->rings[0][0];
}

std::string threshold_text(const CategoryInfo& c) {
  return c.threshold_s ? " · 时限 threshold " + format_minutes(c.threshold_s) + " min" : std::string();
}

std::string figure(const std::string& svg, const std::string& caption) {
  return "<figure>" + svg + "<figcaption>" + caption + "</figcaption></figure>\n";
}

}  // namespace

BBox map_extent(const ReportInput& in) {
  BBox box;
  auto add_all = [&](const io::Table* t, bool first_category_only) {
    if (!t || !t->has_geometry) return;
    const auto cat = find_column(*t, "category");
    const std::string first = cat && !t->rows.empty() ? text(t->rows[0], cat) : std::string();
    for (std::size_t i = 0; i < t->wkt.size(); ++i) {
      if (first_category_only && cat && text(t->rows[i], cat) != first) continue;  // same origins again
      if (const auto s = parse_wkt(t->wkt[i])) extend(box, *s);
    }
  };
  add_all(in.origin_access, true);
  if (!in.origin_access) add_all(in.gaps, false);
  add_all(in.gap_areas, false);
  for (const io::Table* t : in.proposed_sites) {
    const auto x = find_column(*t, "x"), y = find_column(*t, "y");
    for (const auto& r : t->rows)
      if (const auto lon = number(r, x), lat = number(r, y); lon && lat) box.add(*lon, *lat);
  }
  // Unit outlines are context: they frame the maps only when there is nothing else to draw
  // (districts are much larger than the built-up areas where people live).
  if (box.empty()) add_all(in.unit_areas, false);
  return box;
}

std::string outlines_svg(const MapFrame& frame, const io::Table* unit_areas) {
  if (!unit_areas || !unit_areas->has_geometry) return {};
  std::string d;
  for (const auto& wkt : unit_areas->wkt)
    if (const auto s = parse_wkt(wkt); s && s->kind == Shape::Kind::polygon) d += polygon_path(frame, *s);
  return d.empty() ? d : "<path fill=\"none\" stroke=\"#8a8a84\" stroke-width=\"0.8\" d=\"" + d + "\"/>";
}

namespace {

// The walking-time maps' panels: one per populated cluster (clusters.hpp), all at one scale, side
// by side in one SVG; each panel is a nested <svg>, so what lies outside its frame is clipped.
constexpr double kPanelPad = 8, kPanelGap = 6;  // pixels

struct Panels {
  std::vector<MapFrame> frames;
  std::vector<std::string> outlines;  // unit outlines drawn in each frame
  double width = 0, height = 0;
};

Panels cluster_panels(const std::vector<BBox>& clusters, const ReportLayout& layout, const io::Table* unit_areas) {
  std::vector<BBox> boxes;
  double sum_w = 0, max_h = 0;
  for (BBox b : clusters) {
    // A margin of a tenth of the cluster (at least about 100 m), so edge compounds are not cut.
    const double m = std::max({0.1 * (b.max_x - b.min_x), 0.1 * (b.max_y - b.min_y), 0.001});
    b.add(b.min_x - m, b.min_y - m), b.add(b.max_x + m, b.max_y + m);
    const double kx = std::cos((b.min_y + b.max_y) / 2 * std::numbers::pi / 180.0);
    sum_w += (b.max_x - b.min_x) * kx, max_h = std::max(max_h, b.max_y - b.min_y);
    boxes.push_back(b);
  }
  const double n = static_cast<double>(boxes.size());
  const double scale = std::min((layout.map_width - n * 2 * kPanelPad - (n - 1) * kPanelGap) / sum_w,
                                (layout.map_max_height - 2 * kPanelPad) / max_h);
  Panels p;
  for (const BBox& b : boxes) {
    const double kx = std::cos((b.min_y + b.max_y) / 2 * std::numbers::pi / 180.0);
    p.frames.emplace_back(b, (b.max_x - b.min_x) * kx * scale + 2 * kPanelPad, layout.map_max_height, kPanelPad);
    p.outlines.push_back(outlines_svg(p.frames.back(), unit_areas));
    p.width += p.frames.back().width() + (p.frames.size() > 1 ? kPanelGap : 0);
    p.height = std::max(p.height, p.frames.back().height());
  }
  return p;
}

// The populated clusters of the origins (the first category's rows: every category has the same).
std::vector<BBox> origin_clusters(const io::Table& t) {
  const auto cat = column(t, "category");
  std::vector<LonLat> points;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (text(t.rows[i], cat) != text(t.rows[0], cat)) continue;
    if (const auto p = point_of(t, i)) points.push_back(*p);
  }
  return populated_clusters(points);
}

}  // namespace

std::string time_maps_section(const Context& ctx, const MapFrame& frame, const std::string& outlines) {
  const io::Table* t = ctx.in.origin_access;
  if (!t || !t->has_geometry || t->rows.empty()) return {};
  const auto pop = column(*t, "population"), nearest = column(*t, "nearest_s"), thr = column(*t, "threshold_s");
  const auto rows = rows_by_category(*t);
  // Separate towns get a panel each, framed on where their people live; one town keeps the frame
  // every map of the report shares.
  const std::vector<BBox> clusters = origin_clusters(*t);
  Panels panels;
  if (clusters.size() > 1) panels = cluster_panels(clusters, ctx.in.layout, ctx.in.unit_areas);
  else panels.frames = {frame}, panels.outlines = {outlines}, panels.width = frame.width(), panels.height = frame.height();
  std::string body = "<p>每个居住点(或网格单元)到最近设施的步行时间,以该类别时限为尺度:绿色在时限内,琥珀色至红色超出。"
                     "多个点落入同一方格时显示人口加权中位数。"
                     "Walking time from each home (or grid cell) to the nearest facility, against the category's "
                     "threshold: green within it, amber to red beyond. Where several origins share a square, the "
                     "people-weighted median is shown.</p>\n" + legend(kTimeClasses) + "<div class=\"maps\">\n";
  const auto classify = [](double r) { return time_class(std::isinf(r) ? std::nullopt : std::optional<double>(r)); };
  for (const auto& cat : ctx.categories) {
    const auto it = rows.find(cat.id);
    if (it == rows.end()) continue;
    std::string svg;
    double x = 0;
    for (std::size_t k = 0; k < panels.frames.size(); ++k) {
      const MapFrame& f = panels.frames[k];
      BinGrid grid(f, ctx.in.layout.bin);
      for (auto i : it->second) {
        const auto p = point_of(*t, i);
        if (!p) continue;
        const auto time = number(t->rows[i], nearest), limit = number(t->rows[i], thr);
        grid.add(*p, time && limit && *limit > 0 ? *time / *limit : kInf, number(t->rows[i], pop).value_or(0));
      }
      const std::string inner = panels.outlines[k] + grid.svg(classify, kTimeClasses);
      if (panels.frames.size() == 1) {
        svg = svg_open(f, "walking time " + cat.id) + inner + "</svg>";
        break;
      }
      svg += "<svg x=\"" + px(x) + "\" y=\"0\" width=\"" + px(f.width()) + "\" height=\"" + px(f.height()) +
             "\" viewBox=\"0 0 " + px(f.width()) + " " + px(f.height()) + "\"><rect width=\"" + px(f.width()) +
             "\" height=\"" + px(f.height()) + "\" fill=\"#f7f7f4\"/>" + inner + "</svg>";
      x += f.width() + kPanelGap;
    }
    if (panels.frames.size() > 1)
      svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(panels.width) + " " + px(panels.height) +
            "\" width=\"" + px(panels.width) + "\" height=\"" + px(panels.height) + "\" role=\"img\" aria-label=\"" +
            html_escape("walking time " + cat.id) + "\">" + svg + "</svg>";
    body += figure(svg, "<strong>" + html_escape(cat.label) + "</strong>" + html_escape(threshold_text(cat)));
  }
  return section("time-maps", "步行时间地图 Maps of walking times", body + "</div>\n");
}

std::string times_section(const Context& ctx) {
  const io::Table* t = ctx.in.origin_access;
  if (!t || t->rows.empty()) return {};
  const auto pop = column(*t, "population"), nearest = column(*t, "nearest_s");
  const auto rows = rows_by_category(*t);
  std::string body = "<p>按步行到最近设施的分钟数统计的人口分布(每柱一分钟;“>”超出 " +
                     std::to_string(ctx.in.layout.histogram_minutes) + " 分钟,“∅”不可达);虚线为时限。"
                     "People by minutes to the nearest facility (one-minute bars; “>” beyond " +
                     std::to_string(ctx.in.layout.histogram_minutes) +
                     " minutes, “∅” none reachable); the dashed line is the threshold.</p>\n<div class=\"maps\">\n";
  for (const auto& cat : ctx.categories) {
    const auto it = rows.find(cat.id);
    if (it == rows.end()) continue;
    Histogram h = make_histogram(ctx.in.layout.histogram_minutes, cat.threshold_s ? *cat.threshold_s / 60.0 : 0.0);
    for (auto i : it->second) h.add(number(t->rows[i], nearest), number(t->rows[i], pop).value_or(0));
    body += figure(histogram_svg(h, 300, 130, "walking times " + cat.id),
                   "<strong>" + html_escape(cat.label) + "</strong>" + html_escape(threshold_text(cat)) + " · " +
                       format_people(h.total()) + " 人 people");
  }
  return section("time-distribution", "步行时间分布 Distribution of walking times", body + "</div>\n");
}

namespace {

std::string gap_area_maps(const Context& ctx, const MapFrame& frame, const std::string& outlines) {
  const io::Table& t = *ctx.in.gap_areas;
  const auto pop = column(t, "population");
  const auto rows = rows_by_category(t);
  std::string body = legend(kGapClasses) + "<div class=\"maps\">\n";
  for (const auto& cat : ctx.categories) {
    const auto it = rows.find(cat.id);
    if (it == rows.end()) continue;
    std::array<std::string, kGapClasses.size()> d;
    double people = 0;
    for (auto i : it->second) {
      const double p = number(t.rows[i], pop).value_or(0);
      people += p;
      const auto shape = i < t.wkt.size() ? parse_wkt(t.wkt[i]) : std::nullopt;
      if (!shape) continue;
      std::string path = polygon_path(frame, *shape);
      if (path.empty()) {  // smaller than a pixel: a dot, so that no gap disappears
        const Point q = frame.project(shape->rings[0][0]);
        path = "M" + px(q.x - 1) + " " + px(q.y - 1) + "h2v2h-2z";
      }
      d[gap_class(p)] += path;
    }
    std::string svg = svg_open(frame, "gap areas " + cat.id) + outlines;
    for (std::size_t c = 0; c < d.size(); ++c)
      if (!d[c].empty()) svg += "<path fill=\"" + std::string(kGapClasses[c].colour) + "\" fill-rule=\"evenodd\" d=\"" + d[c] + "\"/>";
    body += figure(svg + "</svg>", "<strong>" + html_escape(cat.label) + "</strong> · " + std::to_string(it->second.size()) +
                                       " 片 areas · " + format_people(people) + " 人未覆盖 people uncovered");
  }
  return body + "</div>\n";
}

std::string largest_gap_areas(const Context& ctx, std::size_t count) {
  const io::Table& t = *ctx.in.gap_areas;
  const auto cat = column(t, "category"), rank = column(t, "rank"), pop = column(t, "population"),
             area = column(t, "area_m2"), worst = column(t, "worst_s"), unreach = column(t, "unreachable_population");
  const auto unit = find_column(t, "unit");
  std::vector<std::size_t> order(t.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return number(t.rows[a], pop).value_or(0) > number(t.rows[b], pop).value_or(0);
  });
  order.resize(std::min(order.size(), count));
  std::string s = "<h3>最大的缺口片区 Largest gap areas</h3>\n" +
                  table_head({"类别 Category", "排名 Rank", "人口 People", "面积 Area (km²)", "最远 Worst walk (min)",
                              "不可达 Unreachable", "区 District"},
                             {false, true, true, true, true, true, false});
  for (auto i : order) {
    const auto& r = t.rows[i];
    const auto km2 = number(r, area);
    s += "<tr>" + td(html_escape(ctx.label(text(r, cat)))) + td(text(r, rank), true) + td(format_people(number(r, pop)), true) +
         td(km2 ? format_number(std::round(*km2 / 1e4) / 100.0) : "–", true) + td(format_minutes(number(r, worst)), true) +
         td(format_people(number(r, unreach)), true) + td(html_escape(text(r, unit))) + "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

std::string gap_point_maps(const Context& ctx, const MapFrame& frame, const std::string& outlines) {
  const io::Table& t = *ctx.in.gaps;
  const auto pop = column(t, "population"), nearest = column(t, "nearest_s"), thr = column(t, "threshold_s");
  const auto rows = rows_by_category(t);
  std::string body = legend(kTimeClasses) + "<div class=\"maps\">\n";
  for (const auto& cat : ctx.categories) {
    const auto it = rows.find(cat.id);
    if (it == rows.end()) continue;
    BinGrid grid(frame, ctx.in.layout.bin);
    double people = 0;
    for (auto i : it->second) {
      const auto time = number(t.rows[i], nearest), limit = number(t.rows[i], thr);
      people += number(t.rows[i], pop).value_or(0);
      if (const auto p = point_of(t, i)) grid.add(*p, time && limit && *limit > 0 ? *time / *limit : kInf, number(t.rows[i], pop).value_or(0));
    }
    const auto classify = [](double r) { return time_class(std::isinf(r) ? std::nullopt : std::optional<double>(r)); };
    body += figure(svg_open(frame, "gaps " + cat.id) + outlines + grid.svg(classify, kTimeClasses) + "</svg>",
                   "<strong>" + html_escape(cat.label) + "</strong> · " + format_people(people) + " 人未覆盖 people uncovered");
  }
  return body + "</div>\n";
}

}  // namespace

std::string gap_maps_section(const Context& ctx, const MapFrame& frame, const std::string& outlines) {
  const bool areas = ctx.in.gap_areas && ctx.in.gap_areas->has_geometry;
  if (!areas && !(ctx.in.gaps && ctx.in.gaps->has_geometry)) return {};
  std::string body = areas ? "<p>步行时限内不可达设施的人口所在片区,按受影响人口着色。Areas where people cannot reach the "
                             "category within its threshold, coloured by the people affected.</p>\n"
                           : "<p>步行时限内不可达设施的居住点。Homes that cannot reach the category within its "
                             "threshold.</p>\n";
  if (areas) body += gap_area_maps(ctx, frame, outlines) + largest_gap_areas(ctx, 15);
  else body += gap_point_maps(ctx, frame, outlines);
  return section("gap-maps", "缺口地图 Maps of gaps", body);
}

std::string sites_section(const Context& ctx, const BBox& extent) {
  if (ctx.in.proposed_sites.empty()) return {};
  static constexpr std::array<std::string_view, 6> kPalette = {"#1f5fa8", "#7b3294", "#008837", "#c51b7d", "#e66101", "#4d4d4d"};
  const MapFrame frame(extent, 2 * ctx.in.layout.map_width, 2 * ctx.in.layout.map_max_height, 10);
  std::string marks, legend_html = "<ul class=\"legend\">", tables;
  for (std::size_t k = 0; k < ctx.in.proposed_sites.size(); ++k) {
    const io::Table& t = *ctx.in.proposed_sites[k];
    const std::string colour(kPalette[k % kPalette.size()]), label = ctx.label(t.name);
    const auto rank = column(t, "rank"), x = column(t, "x"), y = column(t, "y");
    const auto id = find_column(t, "site_id"), district = find_column(t, "district"), added = find_column(t, "new_covered"),
               cum = find_column(t, "cumulative_covered"), cum_share = find_column(t, "cumulative_coverage");
    legend_html += "<li><span class=\"sw\" style=\"background:" + colour + "\"></span>" + html_escape(label) + "</li>";
    tables += "<h3>" + html_escape(label) + "</h3>\n" +
              table_head({"序号 Rank", "站点 Site", "区 District", "经度 Lon", "纬度 Lat", "新增覆盖 Newly covered",
                          "累计覆盖 Cumulative", "累计覆盖率 Coverage"},
                         {true, false, false, true, true, true, true, true});
    for (const auto& r : t.rows) {
      const auto lon = number(r, x), lat = number(r, y);
      if (lon && lat) {
        const Point q = frame.project({*lon, *lat});
        marks += "<circle cx=\"" + px(q.x) + "\" cy=\"" + px(q.y) + "\" r=\"6\" fill=\"" + colour +
                 "\" stroke=\"#fff\" stroke-width=\"1\"/><text class=\"site\" x=\"" + px(q.x) + "\" y=\"" + px(q.y + 2.8) +
                 "\" text-anchor=\"middle\">" + html_escape(text(r, rank)) + "</text>";
      }
      char ll[2][32];
      std::snprintf(ll[0], sizeof ll[0], "%.6f", lon.value_or(0));
      std::snprintf(ll[1], sizeof ll[1], "%.6f", lat.value_or(0));
      tables += "<tr>" + td(html_escape(text(r, rank)), true) + td(html_escape(text(r, id))) + td(html_escape(text(r, district))) +
                td(lon ? ll[0] : "–", true) + td(lat ? ll[1] : "–", true) + td(format_people(number(r, added)), true) +
                td(format_people(number(r, cum)), true) + td(format_share(number(r, cum_share)), true) + "</tr>\n";
    }
    tables += "</tbody></table>\n";
  }
  // Where people live, in grey, under the sites: the origins of the first category.
  std::string homes;
  if (const io::Table* oa = ctx.in.origin_access; oa && oa->has_geometry && !oa->rows.empty()) {
    static constexpr std::array<ColourClass, 1> kHomes = {{{"#cfcfc6", "住区 homes"}}};
    BinGrid grid(frame, ctx.in.layout.bin);
    const auto cat = column(*oa, "category");
    const std::string first = text(oa->rows[0], cat);
    for (std::size_t i = 0; i < oa->rows.size(); ++i)
      if (text(oa->rows[i], cat) == first)
        if (const auto p = point_of(*oa, i)) grid.add(*p, 0, 1);
    homes = grid.svg([](double) { return std::size_t{0}; }, kHomes);
  }
  const std::string svg = svg_open(frame, "proposed sites") + outlines_svg(frame, ctx.in.unit_areas) + homes + marks + "</svg>";
  return section("sites", "建议选址 Proposed sites",
                 "<p>按最大覆盖(贪心)选出的新设施位置,数字为选址顺序;灰色为住区。New facility sites chosen for maximal "
                 "coverage; the number is the order in which they were chosen; homes in grey.</p>\n" + legend_html + "</ul>\n" +
                     figure(svg, "") + tables);
}

}  // namespace lc::report::detail
