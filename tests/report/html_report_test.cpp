// lc::report: the planner's HTML report from hand-built tables — hostile names escaped, sections
// present exactly when their tables are, numbers as the tables hold them, and map coordinates
// worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "report/report_html.hpp"
#include "report/cells.hpp"
#include "report/charts.hpp"
#include "report/html_report.hpp"
#include "report/svg_map.hpp"
#include "support/test_support.hpp"

namespace lc::report {
namespace {

using io::Cell;
using io::FieldType;

using test::has;

io::Table unit_coverage(const std::string& unit, const std::string& category) {
  io::Table t{"unit_coverage", "", {{"unit"}, {"category"}, {"population", FieldType::real},
      {"covered_population", FieldType::real}, {"coverage", FieldType::real}, {"mean_s", FieldType::real},
      {"p85_s", FieldType::real}, {"gini", FieldType::real}}, false, {}, {}};
  t.add({unit, category, 1000.0, 500.0, 0.5, 300.0, 600.0, 0.25});
  t.add({std::string("ALL"), category, 12345.6, 10789.2, 10789.2 / 12345.6, 454.0, 600.0, 0.12345});
  t.add({std::string("ALL"), std::string("all_level_5"), 12345.6, 2469.12, 0.2, Cell{}, Cell{}, Cell{}});
  return t;
}

// Two origins at opposite corners of lon 10..12, lat 59.5..60.5 (cos 60° = 0.5, so the box is
// square on the map): the first 2 min from a 5-min facility, the second reaching none.
io::Table origin_access() {
  io::Table t{"origin_access", "", {{"origin_id"}, {"category"}, {"population", FieldType::real},
      {"nearest_s", FieldType::real}, {"nearest_id"}, {"threshold_s", FieldType::real}, {"covered", FieldType::integer}},
      true, {}, {}};
  t.add({std::string("o1"), std::string("convenience_store"), 100.0, 120.0, std::string("f1"), 300.0, 1LL}, "POINT (10 59.5)");
  t.add({std::string("o2"), std::string("convenience_store"), 50.0, Cell{}, std::string(), 300.0, 0LL}, "POINT (12 60.5)");
  return t;
}

io::Table gap_areas() {
  io::Table t{"gap_areas", "", {{"category"}, {"rank", FieldType::integer}, {"population", FieldType::real},
      {"area_m2", FieldType::real}, {"worst_s", FieldType::real}, {"unreachable_population", FieldType::real}, {"unit"}},
      true, {}, {}};
  t.add({std::string("convenience_store"), 1LL, 250.0, 1234567.0, Cell{}, 250.0, std::string("海南区")},
        "POLYGON ((10.5 59.75, 11.5 59.75, 11.5 60.25, 10.5 60.25, 10.5 59.75))");
  return t;
}

io::Table gap_measures(const std::string& unit, const std::string& text) {
  io::Table t{"gap_measures", "deadlines judged at 2023-12-31", {{"unit"}, {"category"}, {"uncovered_population", FieldType::real},
      {"coverage", FieldType::real}, {"measure_id"}, {"task_id", FieldType::integer}, {"measure_text"},
      {"responsible_units"}, {"deadline"}, {"deadline_passed", FieldType::integer}, {"target"},
      {"target_for_unit", FieldType::real}, {"assessable", FieldType::integer}}, false, {}, {}};
  t.add({unit, std::string("convenience_store"), 500.0, 0.5, std::string("6.1"), 6LL, text, std::string("市商务局、各区政府"),
         std::string("2023-06-30"), 1LL, std::string("14 个 便民网点"), Cell{}, 1LL});
  t.add({unit, std::string("parking"), 20.0, 0.9, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}});
  return t;
}

io::Table progress() {
  io::Table t{"progress", "", {{"measure_id"}, {"task_id", FieldType::integer}, {"circle", FieldType::integer},
      {"assessable", FieldType::integer}, {"categories"}, {"target"}, {"base_coverage", FieldType::real},
      {"plan_coverage", FieldType::real}, {"deadline"}, {"deadline_passed", FieldType::integer}, {"status"}, {"plan_status"}},
      false, {}, {}};
  t.add({std::string("6.1"), 6LL, 2LL, 1LL, std::string("convenience_store"), std::string("14 个"), 0.874, Cell{},
         std::string("2023-06-30"), 1LL, std::string("gap"), std::string()});
  return t;
}

io::Table sites() {
  io::Table t{"convenience_store", "", {{"rank", FieldType::integer}, {"site_id"}, {"district"}, {"x", FieldType::real},
      {"y", FieldType::real}, {"new_covered", FieldType::real}, {"cumulative_covered", FieldType::real},
      {"cumulative_coverage", FieldType::real}}, false, {}, {}};
  t.add({1LL, std::string("cand-7"), std::string("海勃湾区"), 11.0, 60.0, 600.0, 600.0, 0.75});
  return t;
}

const std::vector<std::string> kSections = {"coverage", "levels", "time-maps", "time-distribution", "gap-maps",
                                            "checklist", "progress", "sites", "parameters"};

TEST(HtmlReport, EscapesHostileNamesEverywhere) {
  const std::string evil = "<script>alert(\"x\")</script>&'";
  const auto uc = unit_coverage(evil, "convenience_store");
  const auto gm = gap_measures(evil, "<img src=x onerror=alert(1)>");
  ReportInput in;
  in.title = "Report <em>";
  in.notice = "SYNTHETIC <i>data</i>";
  in.unit_coverage = &uc;
  in.gap_measures = &gm;
  in.parameters = {{"<p>", "\"quoted\" & <u>"}};
  in.sources = {{"streets", "a.gpkg — <svg onload=x>"}};
  const std::string html = html_report(in);
  EXPECT_FALSE(has(html, "<script"));  // no geometry: no map, no script at all
  EXPECT_FALSE(has(html, "<img"));
  EXPECT_FALSE(has(html, "<svg onload"));
  EXPECT_FALSE(has(html, "<em>"));
  EXPECT_FALSE(has(html, "<u>"));
  EXPECT_FALSE(has(html, "<i>"));
  EXPECT_TRUE(has(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
  EXPECT_TRUE(has(html, "&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(has(html, "<title>Report &lt;em&gt;</title>"));
  EXPECT_TRUE(has(html, "SYNTHETIC &lt;i&gt;data&lt;/i&gt;"));
  EXPECT_TRUE(has(html, "&quot;quoted&quot; &amp; &lt;u&gt;"));
}

TEST(HtmlReport, SectionsFollowTheTablesGiven) {
  const auto uc = unit_coverage("海南区", "convenience_store");
  ReportInput only;
  only.unit_coverage = &uc;
  const std::string a = html_report(only);
  for (const auto& id : kSections) {
    const bool expected = id == "coverage" || id == "levels";
    EXPECT_EQ(has(a, "<section id=\"" + id + "\">"), expected) << id;
    EXPECT_EQ(has(a, "href=\"#" + id + "\""), expected) << id;
  }
  EXPECT_FALSE(has(a, "class=\"notice\""));

  const auto oa = origin_access();
  const auto ga = gap_areas();
  const auto gm = gap_measures("海南区", "新建便利店");
  const auto pr = progress();
  const auto st = sites();
  ReportInput all = only;
  all.notice = "SYNTHETIC";
  all.origin_access = &oa;
  all.gap_areas = &ga;
  all.gap_measures = &gm;
  all.progress = &pr;
  all.proposed_sites = {&st};
  all.parameters = {{"max snap", "250 m"}};
  const std::string b = html_report(all);
  for (const auto& id : kSections) EXPECT_TRUE(has(b, "<section id=\"" + id + "\">")) << id;
  EXPECT_TRUE(has(b, "<div class=\"notice\" id=\"notice\" role=\"note\">SYNTHETIC</div>"));
  EXPECT_TRUE(has(b, "<meta charset=\"utf-8\">"));
  // Self-contained: nothing is fetched from anywhere; the interactive map's scripts are inline.
  test::expect_self_contained(b);
  EXPECT_EQ(test::split_scripts(b).count, 3);
  EXPECT_EQ(b, html_report(all));  // deterministic

  // A report of sites alone (no coverage tables) still draws them.
  ReportInput sites_only;
  sites_only.proposed_sites = {&st};
  const std::string c = html_report(sites_only);
  EXPECT_TRUE(has(c, "<section id=\"sites\">"));
  EXPECT_FALSE(has(c, "<section id=\"coverage\">"));
}

// The data_quality table as a section, and the plain sentence under the title only for a thin row:
// 海南区 has 120 of 1,000 people unsnapped (12%), ALL 120 of 3,000 (4%, not thin).
TEST(HtmlReport, DataQualitySectionAndTheThinSentence) {
  io::Table dq{"data_quality", "", {{"unit"}, {"street_km_per_km2", FieldType::real}, {"footway_share", FieldType::real},
                                    {"components", FieldType::integer}, {"people_unsnapped", FieldType::real},
                                    {"facilities_unsnapped", FieldType::integer}, {"people", FieldType::real},
                                    {"people_off_main_component", FieldType::real}, {"facilities", FieldType::integer}},
               false, {}, {}};
  dq.add({std::string("海南区 <b>"), 3.456, 0.25, 7LL, 120.0, 2LL, 1000.0, 10.0, 30LL});
  dq.add({std::string("ALL"), 8.0, 0.1, 9LL, 120.0, 2LL, 3000.0, 10.0, 90LL});
  ReportInput in;
  in.data_quality = &dq;
  const std::string html = html_report(in);
  EXPECT_TRUE(has(html, "<section id=\"data-quality\">"));
  EXPECT_TRUE(has(html, "href=\"#data-quality\""));
  EXPECT_TRUE(has(html, "<td>海南区 &lt;b&gt;</td><td class=\"num\">3.46</td><td class=\"num\">25.0%</td><td class=\"num\">7</td>"
                        "<td class=\"num\">1,000</td><td class=\"num\">120 (12.0%)</td><td class=\"num\">10 (1.0%)</td>"
                        "<td class=\"num\">2 / 30</td><td><span class=\"overdue\">是 yes</span></td>")) << html;
  EXPECT_TRUE(has(html, "<td class=\"num\">120 (4.0%)</td><td class=\"num\">10 (0.3%)</td><td class=\"num\">2 / 90</td><td>否 no</td>"));
  const auto box = html.find("<div class=\"notice thin\" id=\"thin-data\" role=\"note\">");
  ASSERT_NE(box, std::string::npos);
  EXPECT_LT(box, html.find("<nav>"));  // under the title, before anything else
  const std::string sentence = html.substr(box, html.find("</div>", box) - box);
  EXPECT_TRUE(has(sentence, "海南区 &lt;b&gt;: the results rest on thin data. 12.0% of the people (120 of 1000)")) << sentence;
  EXPECT_FALSE(has(sentence, "ALL"));
  EXPECT_FALSE(has(html, "<b>"));

  dq.rows.erase(dq.rows.begin());  // ALL alone, 4%: the table without the sentence
  const std::string fine = html_report(in);
  EXPECT_TRUE(has(fine, "<section id=\"data-quality\">"));
  EXPECT_FALSE(has(fine, "thin-data"));
}

TEST(HtmlReport, NumbersAsTheTablesHoldThem) {
  const auto uc = unit_coverage("海南区", "convenience_store");
  const auto gm = gap_measures("海南区", "新建便利店");
  const auto pr = progress();
  const auto st = sites();
  ReportInput in;
  in.unit_coverage = &uc;
  in.gap_measures = &gm;
  in.progress = &pr;
  in.proposed_sites = {&st};
  const std::string html = html_report(in);
  // City row: 12345.6 people, 10789.2 covered (87.4%), mean 454 s = 7.6 min, p85 600 s = 10.0 min.
  EXPECT_TRUE(has(html, "<td class=\"num\">12,346</td><td class=\"num\">10,789</td>"));
  EXPECT_TRUE(has(html, "87.4%</td><td class=\"num\">7.6</td><td class=\"num\">10.0</td><td class=\"num\">0.123</td>"));
  EXPECT_TRUE(has(html, "<div class=\"big\"><span class=\"sw\" style=\"background:#d73027\"></span>20.0%</div>"));
  EXPECT_TRUE(has(html, "of 12,346)"));
  // Gap to checklist: 500 uncovered in 海南区 at 50.0%, the measure, its units and the overdue deadline.
  EXPECT_TRUE(has(html, "<div>海南区 <b>500</b> · <span class=\"sw\" style=\"background:#f46d43\"></span>50.0%</div>"));
  EXPECT_TRUE(has(html, "<td>6.1</td><td class=\"text\">新建便利店</td><td>市商务局、各区政府</td><td class=\"nowrap\">2023-06-30</td>"
                        "<td><span class=\"overdue\">已逾期 overdue</span></td>"));
  EXPECT_TRUE(has(html, "No checklist measure acts on this category"));
  // Progress: circle 2 is 便民消费; base coverage 87.4%; status gap.
  EXPECT_TRUE(has(html, "<td class=\"nowrap\">便民消费</td>"));
  EXPECT_TRUE(has(html, "status-gap\">gap</td>"));
  // Sites: lon/lat with 6 decimals, people and the cumulative share.
  EXPECT_TRUE(has(html, "<td class=\"num\">11.000000</td><td class=\"num\">60.000000</td><td class=\"num\">600</td>"
                        "<td class=\"num\">600</td><td class=\"num\">75.0%</td>"));
}

TEST(HtmlReport, CategoryNamesAndLevelsComeFromTheCatalog) {
  auto uc = unit_coverage("海南区", "parking");
  uc.add({std::string("ALL"), std::string("convenience_store"), 10.0, 10.0, 1.0, 60.0, 60.0, 0.0});
  access::Catalog catalog;
  catalog.categories.push_back({});
  catalog.categories.back().id = "convenience_store";
  catalog.categories.back().name_zh = "便利店";
  catalog.categories.back().level = 5;
  catalog.categories.push_back({});
  catalog.categories.back().id = "parking";
  catalog.categories.back().name_zh = "停车场";
  catalog.categories.back().level = 10;
  ReportInput in;
  in.unit_coverage = &uc;
  in.catalog = &catalog;
  const std::string html = html_report(in);
  // The 5-minute category comes first although the table lists parking first.
  const auto store = html.find("<td>便利店 convenience_store</td>"), park = html.find("<td>停车场 parking</td>");
  ASSERT_NE(store, std::string::npos);
  ASSERT_NE(park, std::string::npos);
  EXPECT_LT(store, park);
  EXPECT_TRUE(has(html, ">5 分钟生活圈 5-minute circle</text>"));
  EXPECT_TRUE(has(html, ">10 分钟生活圈 10-minute circle</text>"));
}

TEST(SvgMap, ProjectsAHandPlacedPointAndPolygon) {
  BBox box;
  box.add(10, 59.5);
  box.add(12, 60.5);
  // cos 60° = 0.5: 2° of longitude are as wide as 1° of latitude; 180 px inside a 10 px margin.
  const MapFrame f(box, 200, 400, 10);
  EXPECT_NEAR(f.width(), 200, 1e-9);
  EXPECT_NEAR(f.height(), 200, 1e-9);
  const Point p = f.project({11, 60});
  EXPECT_NEAR(p.x, 100, 1e-9);
  EXPECT_NEAR(p.y, 100, 1e-9);
  const auto square = parse_wkt("POLYGON ((10 59.5, 12 59.5, 12 60.5, 10 60.5, 10 59.5))");
  ASSERT_TRUE(square);
  EXPECT_EQ(polygon_path(f, *square), "M10 190L190 190 190 10 10 10Z");
  // A frame limited by its height: 1° of latitude in 80 px, so the width shrinks to match.
  const MapFrame tall(box, 200, 100, 10);
  EXPECT_NEAR(tall.height(), 100, 1e-9);
  EXPECT_NEAR(tall.width(), 100, 1e-9);
}

TEST(SvgMap, ReportDrawsPointsBinsPolygonsAndSitesWhereComputed) {
  const auto oa = origin_access();
  const auto ga = gap_areas();
  const auto st = sites();
  ReportInput in;
  in.origin_access = &oa;
  in.gap_areas = &ga;
  in.proposed_sites = {&st};
  const std::string html = html_report(in);
  // Map frame of the gap maps: 300 px wide, margin 8, so 284 px per degree of latitude; height 300.
  EXPECT_TRUE(has(html, "viewBox=\"0 0 300 300\""));
  // The walking-time maps: o1 and o2 are two towns far apart, so two panels at one scale, each
  // framed on its town with a margin of 0.001° (the town is one point). Widths 0.002° x cos(lat):
  // 0.0010151 at 59.5°, 0.0009848 at 60.5°; scale (300 - 2 x 2 x 8 - 6) / 0.002 = 131,000 px per
  // degree (under (380 - 16) / 0.002); panels 133.0 + 16 and 129.0 + 16 px wide, 0.002 x 131,000
  // + 16 = 278 high, 6 apart.
  EXPECT_TRUE(has(html, "viewBox=\"0 0 300 278\""));
  EXPECT_TRUE(has(html, "<svg x=\"0\" y=\"0\" width=\"149\" height=\"278\""));
  EXPECT_TRUE(has(html, "<svg x=\"155\" y=\"0\" width=\"145\" height=\"278\""));
  // Each at its panel's centre: o1 at pixel (74.5, 139), bin (22, 43) of 3 px from the margin; 2 of
  // 5 min: darkest green. o2 at (72.5, 139), bin (21, 43); unreachable.
  EXPECT_TRUE(has(html, "<path stroke=\"#1a9850\" d=\"M22 43h1\"/>"));
  EXPECT_TRUE(has(html, "<path stroke=\"#67001f\" d=\"M21 43h1\"/>"));
  // The gap area: lon 10.5..11.5 -> x 79..221, lat 59.75..60.25 -> y 221..79; 250 people.
  EXPECT_TRUE(has(html, "<path fill=\"#fb6a4a\" fill-rule=\"evenodd\" d=\"M79 221L221 221 221 79 79 79Z\"/>"));
  EXPECT_TRUE(has(html, "<td class=\"num\">1.23</td>"));  // 1,234,567 m² in km²
  // Sites map: 600 px wide, margin 10, 580 px per degree: (11, 60) is the centre (300, 300).
  EXPECT_TRUE(has(html, "<circle cx=\"300\" cy=\"300\" r=\"6\""));
}

TEST(SvgMap, ReadsWkt) {
  const auto mp = parse_wkt("MULTIPOLYGON (((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1)), ((10 10, 11 10, 11 11, 10 10)))");
  ASSERT_TRUE(mp);
  EXPECT_EQ(mp->kind, Shape::Kind::polygon);
  ASSERT_EQ(mp->rings.size(), 3u);
  EXPECT_EQ(mp->rings[1].size(), 4u);
  EXPECT_DOUBLE_EQ(mp->rings[2][1].lon, 11);
  const auto pz = parse_wkt("POINT Z (116.5 -39.25 12)");
  ASSERT_TRUE(pz);
  EXPECT_EQ(pz->kind, Shape::Kind::point);
  EXPECT_DOUBLE_EQ(pz->rings[0][0].lon, 116.5);
  EXPECT_DOUBLE_EQ(pz->rings[0][0].lat, -39.25);
  const auto mpt = parse_wkt("MULTIPOINT ((1 2), (3 4))");
  ASSERT_TRUE(mpt);
  EXPECT_EQ(mpt->rings[0].size(), 2u);
  EXPECT_FALSE(parse_wkt(""));
  EXPECT_FALSE(parse_wkt("POINT EMPTY"));
  EXPECT_FALSE(parse_wkt("CIRCLE (1 2)"));
  EXPECT_FALSE(parse_wkt("POINT (1 2"));
  EXPECT_FALSE(parse_wkt("POINT (1 x2)"));
}

TEST(SvgMap, BinsShowThePeopleWeightedMedian) {
  BBox box;
  box.add(0, 0);
  box.add(1, 1);
  const MapFrame f(box, 100, 100, 0);
  BinGrid grid(f, 50);
  // One bin, three origins: 10 people at ratio 0.4, 30 at 1.2, 15 unreachable: the median person
  // (27.5 of 55) is among the 30 at 1.2 -> amber.
  grid.add({0.1, 0.9}, 0.4, 10);
  grid.add({0.2, 0.8}, 1.2, 30);
  grid.add({0.3, 0.7}, INFINITY, 15);
  // An empty-of-people bin uses equal weights: 0.3 and 0.9 -> the lower middle, 0.3.
  grid.add({0.9, 0.1}, 0.9, 0);
  grid.add({0.8, 0.2}, 0.3, 0);
  EXPECT_EQ(grid.size(), 2u);
  const auto classify = [](double r) { return time_class(std::isinf(r) ? std::nullopt : std::optional<double>(r)); };
  const std::string svg = grid.svg(classify, kTimeClasses);
  EXPECT_TRUE(has(svg, "<path stroke=\"#fdc64c\" d=\"M0 0h1\"/>")) << svg;
  EXPECT_TRUE(has(svg, "<path stroke=\"#1a9850\" d=\"M1 1h1\"/>")) << svg;
}

TEST(SvgMap, AdjacentBinsOfOneClassMergeIntoARun) {
  BBox box;
  box.add(0, 0);
  box.add(3, 0.5);
  const MapFrame f(box, 300, 300, 0);  // 100 px per degree at the equator; height 50 px
  BinGrid grid(f, 100);
  for (double lon : {0.5, 1.5, 2.5}) grid.add({lon, 0.25}, 0.1, 1);
  EXPECT_TRUE(has(grid.svg([](double) { return std::size_t{0}; }, kTimeClasses), "d=\"M0 0h3\""));
  // 25 px bins: pixels (30, 10), (130, 10) and (30, 40) are bins (1, 0), (5, 0) and (1, 1). The pen
  // ends each run at its right edge: (2, 0), then (6, 0).
  BinGrid gapped(f, 25);
  for (LonLat p : {LonLat{0.3, 0.4}, LonLat{1.3, 0.4}, LonLat{0.3, 0.1}}) gapped.add(p, 0.1, 1);
  EXPECT_TRUE(has(gapped.svg([](double) { return std::size_t{0}; }, kTimeClasses), "d=\"M1 0h1m3 0h1m-5 1h1\""));
}

TEST(ReportCells, Formats) {
  EXPECT_EQ(format_people(12345.6), "12,346");
  EXPECT_EQ(format_people(999.4), "999");
  EXPECT_EQ(format_people(1000000), "1,000,000");
  EXPECT_EQ(format_people(std::nullopt), "–");
  EXPECT_EQ(format_share(0.8734), "87.3%");
  EXPECT_EQ(format_share(1.0), "100.0%");
  EXPECT_EQ(format_minutes(454), "7.6");
  EXPECT_EQ(format_fixed(0.32592, 3), "0.326");
  EXPECT_EQ(px(12.345), "12.3");
  EXPECT_EQ(px(-0.04), "0");
  EXPECT_EQ(px(7.0), "7");
  EXPECT_EQ(time_class(1.0), 1u);
  EXPECT_EQ(time_class(1.0001), 2u);
  EXPECT_EQ(time_class(std::nullopt), 5u);
  EXPECT_EQ(coverage_class(0.95), 0u);
  EXPECT_EQ(gap_class(49.9), 0u);
  EXPECT_EQ(gap_class(5000), 4u);
}

TEST(ReportCharts, HistogramCountsPeoplePerMinute) {
  Histogram h = make_histogram(30, 5);
  h.add(59.9, 2);    // minute 0
  h.add(60.0, 3);    // minute 1
  h.add(1800, 4);    // 30 min: beyond the last bin
  h.add(std::nullopt, 5);
  h.add(100, 0);     // nobody
  EXPECT_DOUBLE_EQ(h.people[0], 2);
  EXPECT_DOUBLE_EQ(h.people[1], 3);
  EXPECT_DOUBLE_EQ(h.more, 4);
  EXPECT_DOUBLE_EQ(h.none, 5);
  EXPECT_DOUBLE_EQ(h.total(), 14);
  // 32 bars of 8.5 px over 272 px (from x 34); the tallest, "none" (5 of 14 = 35.7%, axis up to
  // 40%), is 100 px * 0.357 / 0.4 = 89.3 px high, at x 34 + 31 * 8.5 + 0.5 = 298.
  const std::string svg = histogram_svg(h, 312, 130, "t");
  EXPECT_TRUE(has(svg, ">40.0%</text>")) << svg;
  EXPECT_TRUE(has(svg, "<rect x=\"298\" y=\"18.7\" width=\"7.5\" height=\"89.3\" fill=\"#67001f\"/>")) << svg;
}

}  // namespace
}  // namespace lc::report

namespace lc::report {
namespace {

// A 100 m grid of 40k cells (200 x 200, about 23 x 18 km) for two categories: binned, the maps
// stay small (a square per cell would be ~600 KB per map).
TEST(HtmlReport, ALargeGridStaysCompact) {
  io::Table oa{"origin_access", "", {{"origin_id"}, {"category"}, {"population", io::FieldType::real},
      {"nearest_s", io::FieldType::real}, {"nearest_id"}, {"threshold_s", io::FieldType::real},
      {"covered", io::FieldType::integer}}, true, {}, {}};
  const int side = 200;
  for (const char* cat : {"a", "b"})
    for (int i = 0; i < side * side; ++i) {
      const double t = 60.0 + (i * 7919 % 1500);  // scattered times: few runs of one colour
      char wkt[64];
      std::snprintf(wkt, sizeof wkt, "POINT (%.7f %.7f)", 106.8 + (i % side) * 0.00117, 39.5 + (i / side) * 0.0009);
      oa.add({"c" + std::to_string(i), std::string(cat), 10.0, t, std::string("f"), 600.0, static_cast<long long>(t <= 600)}, wkt);
    }
  ReportInput in;
  in.origin_access = &oa;
  in.layout.interactive_map = false;  // the static maps alone (the map's data: map_data_test.cpp)
  const std::string html = html_report(in);
  EXPECT_TRUE(has(html, "<section id=\"time-maps\">"));
  EXPECT_LT(html.size(), 150'000u) << html.size();
}

}  // namespace
}  // namespace lc::report

namespace lc::report {
namespace {

TEST(SvgMap, PolygonsLoseRepeatedAndCollinearPoints) {
  BBox box;
  box.add(0, 0);
  box.add(1, 1);
  const MapFrame f(box, 100, 100, 0);  // about 100 px per degree
  // A 0..0.5 square with extra points along its south edge and a repeated corner.
  const auto s = parse_wkt("POLYGON ((0 0, 0.1 0, 0.2 0, 0.5 0, 0.5 0, 0.5 0.5, 0 0.5, 0 0))");
  ASSERT_TRUE(s);
  EXPECT_EQ(polygon_path(f, *s), "M0 100L50 100 50 50 0 50Z");
  // A sliver thinner than a pixel collapses and is dropped.
  EXPECT_EQ(polygon_path(f, *parse_wkt("POLYGON ((0 0, 0.5 0, 0.5 0.001, 0 0))")), "");
}

}  // namespace
}  // namespace lc::report
