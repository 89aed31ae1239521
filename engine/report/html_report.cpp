#include "report/html_report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "access/data_quality.hpp"
#include "report/cells.hpp"
#include "report/charts.hpp"
#include "report/map_data.hpp"
#include "report/report_parts.hpp"

namespace lc::report {

namespace detail {

namespace {

int level_rank(int level) { return level == 5 ? 0 : level == 10 ? 1 : level == 15 ? 2 : 3; }

bool completeness_row(const std::string& category) { return category.rfind("all_level_", 0) == 0; }

}  // namespace

Context::Context(const ReportInput& input) : in(input) {
  std::set<std::string> seen;
  std::map<std::string, double> threshold;
  for (const io::Table* t : {in.unit_coverage, in.origin_access, in.gap_areas, in.gaps}) {
    if (!t) continue;
    const auto c = find_column(*t, "category"), th = find_column(*t, "threshold_s");
    if (!c) continue;
    for (const auto& row : t->rows) {
      const std::string id = text(row, c);
      if (id.empty() || completeness_row(id)) continue;
      if (seen.insert(id).second) categories.push_back({id, id, 0, std::nullopt});
      if (const auto v = number(row, th); v && !threshold.count(id)) threshold[id] = *v;
    }
  }
  for (auto& c : categories) {
    if (const auto it = threshold.find(c.id); it != threshold.end()) c.threshold_s = it->second;
    const access::Category* cat = in.catalog ? in.catalog->find(c.id) : nullptr;
    if (!cat) continue;
    c.level = cat->level;
    if (!cat->name_zh.empty()) c.label = cat->name_zh + " " + c.id;
  }
  if (in.catalog)
    std::stable_sort(categories.begin(), categories.end(),
                     [](const CategoryInfo& a, const CategoryInfo& b) { return level_rank(a.level) < level_rank(b.level); });
}

const CategoryInfo* Context::find(const std::string& id) const {
  for (const auto& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

std::string Context::label(const std::string& id) const {
  if (const auto* c = find(id)) return c->label;
  if (completeness_row(id)) return id.substr(10) + " 分钟圈全部类别 all categories of the " + id.substr(10) + "-minute circle";
  return id;
}

std::string section(const std::string& id, const std::string& title, const std::string& body) {
  return "<section id=\"" + id + "\"><h2>" + html_escape(title) + "</h2>\n" + body + "</section>\n";
}

std::string table_head(const std::vector<std::string>& headers, const std::vector<bool>& numeric) {
  std::string s = "<table><thead><tr>";
  for (std::size_t i = 0; i < headers.size(); ++i)
    s += std::string(i < numeric.size() && numeric[i] ? "<th class=\"num\">" : "<th>") + html_escape(headers[i]) + "</th>";
  return s + "</tr></thead><tbody>\n";
}

std::string td(const std::string& escaped_html, bool numeric, const std::string& cls) {
  std::string c = numeric ? "num" : "";
  if (!cls.empty()) c += (c.empty() ? "" : " ") + cls;
  return (c.empty() ? std::string("<td>") : "<td class=\"" + c + "\">") + escaped_html + "</td>";
}

namespace {

// A share with a swatch of its coverage class.
std::string share_html(std::optional<double> share) {
  if (!share) return "–";
  return "<span class=\"sw\" style=\"background:" + std::string(kCoverageClasses[coverage_class(*share)].colour) +
         "\"></span>" + format_share(share);
}

struct CoverageColumns {
  std::size_t unit, category, population, covered, coverage;
  std::optional<std::size_t> mean, p85, gini;
  explicit CoverageColumns(const io::Table& t)
      : unit(column(t, "unit")), category(column(t, "category")), population(column(t, "population")),
        covered(column(t, "covered_population")), coverage(column(t, "coverage")),
        mean(find_column(t, "mean_s")), p85(find_column(t, "p85_s")), gini(find_column(t, "gini")) {}
};

// Rows of unit_coverage by (unit, category), and the units in table order with "ALL" first.
struct CoverageIndex {
  std::map<std::pair<std::string, std::string>, const std::vector<io::Cell>*> row;
  std::vector<std::string> units;
  std::vector<int> levels;  // completeness levels present
  CoverageIndex(const io::Table& t, const CoverageColumns& c) {
    for (const auto& r : t.rows) {
      const std::string unit = text(r, c.unit), cat = text(r, c.category);
      row[{unit, cat}] = &r;
      if (std::find(units.begin(), units.end(), unit) == units.end()) units.push_back(unit);
      for (int level : {5, 10, 15})
        if (cat == "all_level_" + std::to_string(level) && std::find(levels.begin(), levels.end(), level) == levels.end())
          levels.push_back(level);
    }
    std::stable_partition(units.begin(), units.end(), [](const std::string& u) { return u == "ALL"; });
    std::sort(levels.begin(), levels.end());
  }
  const std::vector<io::Cell>* at(const std::string& unit, const std::string& cat) const {
    const auto it = row.find({unit, cat});
    return it == row.end() ? nullptr : it->second;
  }
};

std::vector<std::string> coverage_rows(const Context& ctx, const CoverageIndex& idx) {
  std::vector<std::string> ids;
  for (const auto& c : ctx.categories) ids.push_back(c.id);
  for (int level : idx.levels) ids.push_back("all_level_" + std::to_string(level));
  return ids;
}

std::string unit_name(const std::string& unit) { return unit == "ALL" ? "全市 City (ALL)" : unit; }

std::string key_figures(const Context& ctx) {
  if (!ctx.in.unit_coverage) return {};
  const CoverageColumns c(*ctx.in.unit_coverage);
  const CoverageIndex idx(*ctx.in.unit_coverage, c);
  std::string s;
  for (int level : idx.levels) {
    const auto* row = idx.at("ALL", "all_level_" + std::to_string(level));
    if (!row) continue;
    s += "<div class=\"figure-card\"><div class=\"big\">" + share_html(number(*row, c.coverage)) + "</div><div>" +
         std::to_string(level) + " 分钟生活圈全部设施可达 — people reaching every category of the " + std::to_string(level) +
         "-minute circle (of " + format_people(number(*row, c.population)) + ")</div></div>";
  }
  return s.empty() ? s : "<div class=\"cards\">" + s + "</div>\n";
}

std::string city_table(const Context& ctx, const CoverageColumns& c, const CoverageIndex& idx) {
  std::string s = table_head({"类别 Category", "圈层 Level", "时限 Threshold (min)", "服务人口 People served",
                              "覆盖人口 Covered", "覆盖率 Coverage", "平均 Mean (min)", "P85 (min)", "Gini"},
                             {false, true, true, true, true, true, true, true, true});
  for (const auto& id : coverage_rows(ctx, idx)) {
    const auto* row = idx.at("ALL", id);
    if (!row) continue;
    const auto* info = ctx.find(id);
    const bool total = !info;
    s += std::string(total ? "<tr class=\"total\">" : "<tr>") + td(html_escape(ctx.label(id))) +
         td(info && info->level ? std::to_string(info->level) : total ? id.substr(10) : "–", true) +
         td(format_minutes(info ? info->threshold_s : std::nullopt), true) +
         td(format_people(number(*row, c.population)), true) + td(format_people(number(*row, c.covered)), true) +
         td(share_html(number(*row, c.coverage)), true) + td(format_minutes(number(*row, c.mean)), true) +
         td(format_minutes(number(*row, c.p85)), true) + td(format_fixed(number(*row, c.gini), 3), true) + "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

// A row of links that zoom the interactive map to each district (data-unit: the unit's row in
// unit_areas, as the map's data list them); "" without the map or outlines.
std::string zoom_row(const Context& ctx, const std::vector<std::string>& units) {
  const io::Table* areas = ctx.in.unit_areas;
  if (!map_drawn(ctx.in) || !areas || !areas->has_geometry) return {};
  const auto name = find_column(*areas, "name");
  std::string s = "<tr class=\"zoom\">" + td("地图 Map");
  for (const auto& u : units) {
    std::string link = u == "ALL" ? "<a class=\"zoom-unit\" href=\"#map\" data-unit=\"-1\">全市 city</a>" : "";
    for (std::size_t r = 0; r < areas->rows.size() && link.empty(); ++r)
      if (text(areas->rows[r], name) == u)
        link = "<a class=\"zoom-unit\" href=\"#map\" data-unit=\"" + std::to_string(r) + "\">定位 zoom</a>";
    s += td(link, true);
  }
  return s + "</tr>\n";
}

std::string unit_matrix(const Context& ctx, const CoverageColumns& c, const CoverageIndex& idx) {
  std::vector<std::string> headers{"类别 Category"};
  std::vector<bool> numeric{false};
  for (const auto& u : idx.units) headers.push_back(unit_name(u)), numeric.push_back(true);
  std::string s = table_head(headers, numeric) + zoom_row(ctx, idx.units);
  for (const auto& id : coverage_rows(ctx, idx)) {
    s += std::string(ctx.find(id) ? "<tr>" : "<tr class=\"total\">") + td(html_escape(ctx.label(id)));
    for (const auto& u : idx.units) {
      const auto* row = idx.at(u, id);
      if (!row) { s += td("–", true); continue; }
      const auto pop = number(*row, c.population), cov = number(*row, c.covered);
      const std::string uncovered = pop && cov ? format_people(*pop - *cov) : "–";
      s += "<td class=\"num\" title=\"" + html_escape("未覆盖 uncovered: " + uncovered) + "\">" +
           share_html(number(*row, c.coverage)) + "</td>";
    }
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

std::string coverage_section(const Context& ctx) {
  const io::Table& t = *ctx.in.unit_coverage;
  const CoverageColumns c(t);
  const CoverageIndex idx(t, c);
  std::string body = "<p>人口加权:在类别步行时限内可达最近设施的人口占比;平均与 P85 为可达人群的步行时间。"
                     "Population-weighted share of the people each category serves who reach one within its walking "
                     "threshold; mean and 85th-percentile walking times of those who reach one.</p>\n";
  body += "<h3>全市 City-wide</h3>\n" + city_table(ctx, c, idx);
  if (idx.units.size() > 1) body += "<h3>分区覆盖率 Coverage by district</h3>\n" + unit_matrix(ctx, c, idx);
  body += legend(kCoverageClasses);
  return section("coverage", "覆盖率 Coverage by category and district", body);
}

std::string levels_section(const Context& ctx) {
  const io::Table& t = *ctx.in.unit_coverage;
  const CoverageColumns c(t);
  const CoverageIndex idx(t, c);
  std::vector<BarGroup> groups;
  for (int level : {5, 10, 15, 0}) {
    BarGroup g{level ? std::to_string(level) + " 分钟生活圈 " + std::to_string(level) + "-minute circle"
                     : (ctx.in.catalog ? "其他类别 Other categories" : "类别 Categories"),
               {}};
    if (level)
      if (const auto* row = idx.at("ALL", "all_level_" + std::to_string(level)))
        g.bars.push_back({"全部类别 all categories", number(*row, c.coverage).value_or(0), true});
    for (const auto& cat : ctx.categories)
      if (cat.level == level)
        if (const auto* row = idx.at("ALL", cat.id)) g.bars.push_back({cat.label, number(*row, c.coverage).value_or(0), false});
    if (!g.bars.empty()) groups.push_back(std::move(g));
  }
  if (groups.empty()) return {};
  return section("levels", "圈层覆盖 Coverage by circle level",
                 "<p>全市人口中,在每个类别的步行时限内可达设施的占比;粗体为该圈层全部类别均可达的人口占比。虚线为清单的 95% 标准。"
                 "City-wide coverage per category, grouped by circle level; in bold, the people who reach every category "
                 "of the level. The dashed line marks the 95% at which a measure counts as met.</p>\n" +
                     bar_chart(groups, 720));
}

std::string status_html(std::optional<double> passed) {
  if (!passed) return "–";
  return *passed > 0 ? "<span class=\"overdue\">已逾期 overdue</span>" : "未到期 on time";
}

// The gap_measures rows of one category: the areas with a gap, and its measures once each (the
// measures linked to a category are the same in every unit).
struct CategoryGaps {
  std::string category;
  std::vector<const std::vector<io::Cell>*> areas;     // first row of each unit, in table order
  std::vector<const std::vector<io::Cell>*> measures;  // first row of each measure; empty: none linked
};

std::vector<CategoryGaps> group_gaps(const io::Table& t, std::size_t cat, std::size_t unit, std::size_t mid) {
  std::vector<CategoryGaps> out;
  for (const auto& r : t.rows) {
    const std::string c = text(r, cat);
    auto it = std::find_if(out.begin(), out.end(), [&](const CategoryGaps& g) { return g.category == c; });
    if (it == out.end()) it = out.insert(out.end(), CategoryGaps{c, {}, {}});
    if (std::none_of(it->areas.begin(), it->areas.end(), [&](auto* a) { return text(*a, unit) == text(r, unit); }))
      it->areas.push_back(&r);
    if (!text(r, mid).empty() &&
        std::none_of(it->measures.begin(), it->measures.end(), [&](auto* m) { return text(*m, mid) == text(r, mid); }))
      it->measures.push_back(&r);
  }
  return out;
}

std::string checklist_section(const Context& ctx) {
  const io::Table& t = *ctx.in.gap_measures;
  const auto unit = column(t, "unit"), cat = column(t, "category"), unc = column(t, "uncovered_population"),
             cov = column(t, "coverage"), mid = column(t, "measure_id"), mtext = column(t, "measure_text"),
             units = column(t, "responsible_units"), dl = column(t, "deadline"), passed = column(t, "deadline_passed");
  const auto target = find_column(t, "target");
  std::string body = "<p>每类设施的缺口(步行时限内不可达的人口,全市及各区),以及清单中针对它的措施、责任单位、完成时限;"
                     "“已逾期”表示完成时限在评估日前已过。For each category, the gap (people beyond the walking "
                     "threshold, city-wide and per district) and the checklist measures meant to close it with their "
                     "responsible units and deadlines; “overdue” marks a deadline already passed at the as-of date.</p>\n";
  if (!t.description.empty()) body += "<p class=\"small\">" + html_escape(t.description) + "</p>\n";
  if (t.rows.empty()) return section("checklist", "缺口与清单措施 Gaps and checklist measures", body + "<p>没有缺口 No gaps.</p>\n");
  body += table_head({"类别 Category", "未覆盖人口 People uncovered · 覆盖率 coverage", "措施 Measure", "内容 Text",
                      "责任单位 Responsible units", "完成时限 Deadline", "状态 Status", "目标 Target"},
                     {false, false, false, false, false, false, false, false});
  std::size_t shown = 0, hidden = 0;
  for (const auto& g : group_gaps(t, cat, unit, mid)) {
    const std::size_t n = std::max<std::size_t>(1, g.measures.size());
    if (shown + n > ctx.in.layout.max_gap_rows) { hidden += n; continue; }
    shown += n;
    std::string areas;
    for (const auto* a : g.areas)
      areas += "<div>" + html_escape(unit_name(text(*a, unit))) + " <b>" + format_people(number(*a, unc)) + "</b> · " +
               share_html(number(*a, cov)) + "</div>";
    const std::string span = n > 1 ? " rowspan=\"" + std::to_string(n) + "\"" : "";
    body += "<tr class=\"group\"><td" + span + ">" + html_escape(ctx.label(g.category)) + "</td><td" + span +
            " class=\"areas\">" + areas + "</td>";
    if (g.measures.empty())
      body += "<td colspan=\"6\" class=\"muted\">清单中没有针对该类设施的措施 No checklist measure acts on this category</td></tr>\n";
    for (std::size_t i = 0; i < g.measures.size(); ++i) {
      const auto& r = *g.measures[i];
      body += (i ? "<tr>" : "") + td(html_escape(text(r, mid))) + td(html_escape(text(r, mtext)), false, "text") +
              td(html_escape(text(r, units))) + td(html_escape(text(r, dl)), false, "nowrap") + td(status_html(number(r, passed))) +
              td(html_escape(text(r, target)), false, "text") + "</tr>\n";
    }
  }
  body += "</tbody></table>\n";
  if (hidden > 0)
    body += "<p class=\"small\">另有 " + std::to_string(hidden) + " 行见 gap_measures 图层 / " + std::to_string(hidden) +
            " more rows in the gap_measures layer.</p>\n";
  return section("checklist", "缺口与清单措施 Gaps and checklist measures", body);
}

std::string progress_section(const Context& ctx) {
  const io::Table& t = *ctx.in.progress;
  const auto mid = column(t, "measure_id"), task = column(t, "task_id"), circle = column(t, "circle"),
             cats = column(t, "categories"), target = column(t, "target"), base = column(t, "base_coverage"),
             dl = column(t, "deadline"), passed = column(t, "deadline_passed"), status = column(t, "status");
  const auto plan = find_column(t, "plan_coverage"), plan_status = find_column(t, "plan_status");
  const bool has_plan = plan && std::any_of(t.rows.begin(), t.rows.end(), [&](const auto& r) { return number(r, plan).has_value(); });
  std::vector<std::string> headers{"措施 Measure", "任务 Task", "圈 Circle", "类别 Categories", "目标 Target",
                                   "现状覆盖 Base coverage"};
  std::vector<bool> numeric{false, true, false, false, false, true};
  if (has_plan) headers.push_back("规划覆盖 Plan coverage"), numeric.push_back(true);
  for (const char* h : {"完成时限 Deadline", "进度 Status"}) headers.push_back(h), numeric.push_back(false);
  if (has_plan) headers.push_back("规划后 Plan status"), numeric.push_back(false);
  std::string body = "<p>清单逐项措施:首个关联类别的全市覆盖率;覆盖率 ≥ 95% 为达标(met)。"
                     "Measure by measure: city-wide coverage of the first linked category; met at ≥ 95%.</p>\n" +
                     table_head(headers, numeric);
  for (const auto& r : t.rows) {
    const auto c = number(r, circle);
    const auto ci = c ? static_cast<std::size_t>(*c) : 0;
    const std::string circle_name = ci >= 1 && ci <= access::kCircles.size() ? std::string(access::kCircles[ci - 1]) : text(r, circle);
    std::string cat_labels;
    for (std::size_t start = 0, end = 0; start < text(r, cats).size(); start = end + 1) {
      const std::string all = text(r, cats);
      end = all.find(',', start);
      if (end == std::string::npos) end = all.size();
      cat_labels += (cat_labels.empty() ? "" : ", ") + ctx.label(all.substr(start, end - start));
    }
    const std::string st = text(r, status);
    body += "<tr>" + td(html_escape(text(r, mid))) + td(html_escape(text(r, task)), true) + td(html_escape(circle_name), false, "nowrap") +
            td(html_escape(cat_labels), false, "text") + td(html_escape(text(r, target)), false, "text") +
            td(share_html(number(r, base)), true);
    if (has_plan) body += td(share_html(number(r, plan)), true);
    const bool overdue = number(r, passed).value_or(0) > 0;
    body += td(html_escape(text(r, dl)) + (overdue && st != "met" ? " <span class=\"overdue\">已逾期 overdue</span>" : ""), false, "nowrap") +
            td(html_escape(st), false, "status-" + std::string(st == "met" ? "met" : st == "gap" ? "gap" : "other"));
    if (has_plan) body += td(html_escape(text(r, plan_status)));
    body += "</tr>\n";
  }
  return section("progress", "清单进度 Checklist progress", body + "</tbody></table>\n");
}

// The data_quality table: per unit and ALL, with the people shares the thin-data rule judges.
std::string data_quality_section(const Context& ctx) {
  const io::Table& t = *ctx.in.data_quality;
  const auto unit = column(t, "unit"), density = column(t, "street_km_per_km2"), footway = column(t, "footway_share"),
             comps = column(t, "components"), unsnapped = column(t, "people_unsnapped"),
             fac_unsnapped = column(t, "facilities_unsnapped");
  const auto people = find_column(t, "people"), off = find_column(t, "people_off_main_component"),
             facilities = find_column(t, "facilities");
  const auto share = [](std::optional<double> part, std::optional<double> whole) -> std::string {
    if (!part || !whole || *whole <= 0) return {};
    return " (" + format_share(*part / *whole) + ")";
  };
  std::string body =
      "<p>结果能多大程度上依赖数据:各区道路密度、步行专用道占比、伸入该区的路网连通分量数、未吸附到道路的人口、"
      "位于与主路网断开的小片路网上的人口、未吸附的设施。超过 5% 的人口未吸附或位于断开的路网上时,该区数据视为较薄。"
      "How far the results can rest on the data: street length per km², the share of it that is footway, the network "
      "components reaching into the unit, the people farther than the snapping distance from every street, the people "
      "on a piece of network cut off from the main one, and the facilities that could not be snapped. A unit is thin "
      "when more than 5% of its people are unsnapped or off the main network (docs/report.md).</p>\n";
  const std::vector<access::ThinData> thin = access::thin_data(t);
  body += table_head({"区域 Unit", "道路密度 Streets (km/km²)", "步行道占比 Footway share", "连通分量 Components",
                      "人口 People", "未吸附人口 People unsnapped", "断开路网人口 People off the main network",
                      "未吸附设施 Facilities unsnapped", "数据较薄 Thin"},
                     {false, true, true, true, true, true, true, true, false});
  for (const auto& r : t.rows) {
    const std::string u = text(r, unit);
    const bool is_thin = std::any_of(thin.begin(), thin.end(), [&](const access::ThinData& d) { return d.unit == u; });
    body += std::string(u == "ALL" ? "<tr class=\"total\">" : "<tr>") + td(html_escape(unit_name(u))) +
            td(format_fixed(number(r, density), 2), true) + td(format_share(number(r, footway)), true) +
            td(format_number(number(r, comps)), true) + td(format_people(number(r, people)), true) +
            td(format_people(number(r, unsnapped)) + share(number(r, unsnapped), number(r, people)), true) +
            td(format_people(number(r, off)) + share(number(r, off), number(r, people)), true) +
            td(format_number(number(r, fac_unsnapped)) + (facilities ? " / " + format_number(number(r, facilities)) : ""), true) +
            td(is_thin ? "<span class=\"overdue\">是 yes</span>" : "否 no") + "</tr>\n";
  }
  return section("data-quality", "数据质量 Data quality", body + "</tbody></table>\n");
}

std::string pairs_table(const std::vector<std::pair<std::string, std::string>>& pairs, const std::string& a,
                        const std::string& b) {
  std::string s = table_head({a, b}, {false, false});
  for (const auto& [k, v] : pairs) s += "<tr>" + td(html_escape(k)) + td(html_escape(v), false, "text") + "</tr>\n";
  return s + "</tbody></table>\n";
}

std::string parameters_section(const Context& ctx) {
  std::string body;
  if (!ctx.in.parameters.empty()) body += "<h3>参数 Parameters</h3>\n" + pairs_table(ctx.in.parameters, "参数 Parameter", "值 Value");
  if (!ctx.in.sources.empty()) body += "<h3>数据来源 Data sources</h3>\n" + pairs_table(ctx.in.sources, "数据 Data", "来源 Source");
  return body.empty() ? body : section("parameters", "参数与数据来源 Parameters and data sources", body);
}

}  // namespace

}  // namespace detail

namespace {

// Inline style only: system fonts (CJK ones named first), print keeps colours and avoids
// splitting maps and table rows across pages.
constexpr const char* kCss = R"css(
:root{--ink:#222;--muted:#666;--rule:#d8d8d0;--accent:#1a6a8a}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",
 "Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1180px;padding:16px 24px;font-size:14px;line-height:1.45}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;border-bottom:2px solid var(--accent);padding-bottom:3px;margin-top:28px}
h3{font-size:15px;margin:16px 0 6px}
.subtitle{color:var(--muted);margin:0 0 10px}
.notice{border:2px solid #c77700;background:#fff4df;padding:10px 14px;margin:10px 0;font-weight:600}
.notice.thin p{margin:2px 0}
nav ul{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px 14px}
nav a{color:var(--accent);text-decoration:none}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.figure-card{border:1px solid var(--rule);padding:8px 12px;flex:1 1 220px}
.figure-card .big{font-size:24px;font-weight:700}
table{border-collapse:collapse;margin:6px 0 10px;font-size:12.5px}
th,td{border-bottom:1px solid var(--rule);padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f0f0ea;font-weight:600}
.num{text-align:right;white-space:nowrap}
td.text{min-width:220px;max-width:420px}
td.areas{white-space:nowrap;font-size:12px}
td.nowrap{white-space:nowrap}
tr.group td{border-top:1.5px solid #bdbdb4}
tr.total td{font-weight:700;background:#fafaf6}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:baseline;border:1px solid rgba(0,0,0,.15)}
.legend{list-style:none;padding:0;margin:4px 0 10px;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
.maps{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;break-inside:avoid;page-break-inside:avoid;display:table}
figcaption{font-size:12px;color:var(--ink);display:table-caption;caption-side:bottom}
svg text{font-size:10px;fill:#222}
svg text.group{font-size:12px;font-weight:700}svg text.strong{font-weight:700}svg text.axis{font-size:9px;fill:#555}
svg text.site{font-size:8px;font-weight:700;fill:#fff}
.overdue{color:#b00020;font-weight:700}
.status-met{color:#1a7a30}.status-gap{color:#b00020;font-weight:600}.status-other{color:var(--muted)}
.muted{color:var(--muted)}.small{font-size:12px;color:var(--muted)}
footer{margin-top:30px;font-size:12px;color:var(--muted);border-top:1px solid var(--rule);padding-top:6px}
@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}section{break-before:auto}
 h2{break-after:avoid}tr{break-inside:avoid}
 #time-maps{break-before:page;break-after:page}#time-maps .maps{display:block}
 #time-maps figure{display:block;break-before:page;width:100%}#time-maps figure:first-child{break-before:auto}
 #time-maps figure svg{display:block;width:100%;height:auto;max-height:200mm}#time-maps figcaption{display:block}}
)css";

}  // namespace

std::string html_report(const ReportInput& in) {
  const detail::Context ctx(in);
  const BBox extent = detail::map_extent(in);
  const MapFrame frame(extent, in.layout.map_width, in.layout.map_max_height, 8);
  const std::string outlines = detail::outlines_svg(frame, in.unit_areas);
  std::vector<std::pair<std::string, std::string>> parts;  // id, html
  auto add = [&](const char* id, std::string html) {
    if (!html.empty()) parts.emplace_back(id, std::move(html));
  };
  detail::MapParts map = detail::map_parts(ctx);
  add("map", std::move(map.section));
  if (in.unit_coverage) add("coverage", detail::coverage_section(ctx)), add("levels", detail::levels_section(ctx));
  add("time-maps", detail::time_maps_section(ctx, frame, outlines));
  add("time-distribution", detail::times_section(ctx));
  add("gap-maps", detail::gap_maps_section(ctx, frame, outlines));
  if (in.gap_measures) add("checklist", detail::checklist_section(ctx));
  if (in.progress) add("progress", detail::progress_section(ctx));
  add("sites", detail::sites_section(ctx, extent));
  if (in.data_quality) add("data-quality", detail::data_quality_section(ctx));
  add("parameters", detail::parameters_section(ctx));

  std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                  html_escape(in.title) + "</title>\n<style>" + kCss + map.style + "</style>\n</head>\n<body>\n<header id=\"top\">\n<h1>" +
                  html_escape(in.title) + "</h1>\n";
  if (!in.subtitle.empty()) h += "<p class=\"subtitle\">" + html_escape(in.subtitle) + "</p>\n";
  if (!in.notice.empty()) h += "<div class=\"notice\" id=\"notice\" role=\"note\">" + html_escape(in.notice) + "</div>\n";
  if (in.data_quality)
    if (const std::string thin = access::thin_data_text(access::thin_data(*in.data_quality)); !thin.empty()) {
      h += "<div class=\"notice thin\" id=\"thin-data\" role=\"note\">";
      for (std::size_t a = 0, b = 0; a <= thin.size(); a = b + 1) {
        b = std::min(thin.find('\n', a), thin.size());
        h += "<p>" + html_escape(thin.substr(a, b - a)) + "</p>";
      }
      h += "</div>\n";
    }
  h += detail::key_figures(ctx);
  h += "<nav><ul>";
  for (const auto& [id, html] : parts) {
    const auto a = html.find("<h2>") + 4;
    h += "<li><a href=\"#" + id + "\">" + html.substr(a, html.find("</h2>") - a) + "</a></li>";
  }
  h += "</ul></nav>\n</header>\n<main>\n";
  for (const auto& [id, html] : parts) h += html;
  h += "</main>\n<footer>lifecircle — " + html_escape(in.title) +
       (in.notice.empty() ? std::string() : " — " + html_escape(in.notice)) + "</footer>\n" + map.scripts + "</body>\n</html>\n";
  return h;
}

}  // namespace lc::report
