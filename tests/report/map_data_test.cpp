// The interactive map's data (engine/report/map_data.cpp), read back as JSON from the page:
// features placed by hand at known coordinates come out at the quantised values computed here,
// walking times decode to the tenths of a minute expected, and names that try to end the script
// element stay inert (no `<` in the data) yet come back unchanged through a JSON parser.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/html_report.hpp"
#include "report/map_data.hpp"
#include "report/report_html.hpp"

namespace lc::report {
namespace {

using io::Cell;
using io::FieldType;
using nlohmann::json;

const std::string kEvil = "</script><script>alert(1)</script><!--";

// Two origins, two categories. o1's area is a 0.001° square at the map's corner; o2 (the hostile
// id) is a plain point 0.01° north-east of it.
struct Town {
  io::Table oa{"origin_access", "", {{"origin_id"}, {"category"}, {"population", FieldType::real},
      {"nearest_s", FieldType::real}, {"nearest_id"}, {"threshold_s", FieldType::real}, {"covered", FieldType::integer},
      {"unit"}}, true, {}, {}};
  io::Table areas{"communities", "", {{"origin_id"}}, true, {}, {}};
  io::Table units{"units", "", {{"name"}}, true, {}, {}};
  io::Table gaps{"gap_areas", "", {{"category"}, {"rank", FieldType::integer}, {"population", FieldType::real},
      {"area_m2", FieldType::real}, {"worst_s", FieldType::real}, {"unreachable_population", FieldType::real}, {"unit"}},
      true, {}, {}};
  io::Table measures{"gap_measures", "", {{"unit"}, {"category"}, {"uncovered_population", FieldType::real},
      {"coverage", FieldType::real}, {"measure_id"}, {"measure_text"}, {"responsible_units"}, {"deadline"},
      {"deadline_passed", FieldType::integer}, {"target"}}, false, {}, {}};
  io::Table facilities{"facilities", "", {{"id"}, {"category"}}, true, {}, {}};
  io::Table streets{"streets", "", {{"class"}}, true, {}, {}};
  ReportInput in;

  Town() {
    for (const char* cat : {"a", "b"}) {
      const bool a = std::string(cat) == "a";
      oa.add({std::string("o1"), std::string(cat), 100.0, a ? Cell{300.0} : Cell{301.0}, std::string("f"), 300.0, a ? 1LL : 0LL,
              kEvil}, "POINT (106.8005 39.6005)");
      oa.add({kEvil, std::string(cat), 40.0, a ? Cell{} : Cell{59.9}, std::string(), 300.0, a ? 0LL : 1LL, kEvil},
             "POINT (106.81 39.61)");
    }
    areas.add({std::string("o1")}, "POLYGON ((106.8 39.6, 106.8005 39.6, 106.801 39.6, 106.801 39.601, 106.8 39.601, 106.8 39.6))");
    units.add({kEvil}, "POLYGON ((106.79 39.59, 106.82 39.59, 106.82 39.62, 106.79 39.62, 106.79 39.59))");
    gaps.add({std::string("a"), 1LL, 40.0, 10000.0, Cell{}, 40.0, kEvil},
             "POLYGON ((106.8095 39.6095, 106.8105 39.6095, 106.8105 39.6105, 106.8095 39.6105, 106.8095 39.6095))");
    measures.add({kEvil, std::string("a"), 40.0, 0.7, std::string("6.1"), kEvil, std::string("市商务局"), std::string("2023-06-30"),
                  1LL, std::string("14 个")});
    measures.add({std::string("ALL"), std::string("a"), 40.0, 0.7, std::string("6.1"), kEvil, std::string("市商务局"),
                  std::string("2023-06-30"), 1LL, std::string("14 个")});
    facilities.add({kEvil, std::string("a")}, "POINT (106.8 39.6)");
    facilities.add({kEvil, std::string("b")}, "POINT (106.8 39.6)");  // the same facility serving b too
    streets.add({std::string("local")}, "LINESTRING (106.8 39.6, 106.805 39.6000001, 106.81 39.6)");
    in.origin_access = &oa;
    in.origin_areas = &areas;
    in.unit_areas = &units;
    in.gap_areas = &gaps;
    in.gap_measures = &measures;
    in.facilities = &facilities;
    in.streets = &streets;
  }
};

json map_json(const std::string& html) {
  const auto scripts = test::split_scripts(html);
  EXPECT_EQ(scripts.count, 3);
  EXPECT_EQ(scripts.json.find('<'), std::string::npos);
  EXPECT_EQ(scripts.json.find('>'), std::string::npos);
  EXPECT_EQ(scripts.json.find('&'), std::string::npos);
  return json::parse(scripts.json);
}

int decode(const std::string& times, std::size_t i) {
  const auto at = [](char c) { return static_cast<int>(detail::kTimeDigits.find(c)); };
  return at(times[2 * i]) * 64 + at(times[2 * i + 1]);
}

TEST(MapData, HandPlacedFeaturesAtTheirQuantisedCoordinates) {
  Town t;
  const json d = map_json(html_report(t.in));
  // The frame starts at the corner of the origins' and gaps' extent: o1's point 106.8005 39.6005.
  EXPECT_EQ(d["q"], 100000);
  EXPECT_EQ(d["o"], json::array({10680050, 3960050}));
  // o1's square: (106.8, 39.6) is (-50, -50) from the frame's origin; the collinear 106.8005 point
  // is dropped; then deltas of 100 units (0.001°) around the square.
  ASSERT_EQ(d["origins"]["id"].size(), 2u);
  EXPECT_EQ(d["origins"]["kind"], "community");
  EXPECT_EQ(d["origins"]["g"][0], json::parse("[[-50,-50,100,0,0,100,-100,0]]"));
  EXPECT_EQ(d["origins"]["g"][1], json::parse("[950,950]"));  // a point: 106.81 39.61
  EXPECT_EQ(d["origins"]["pop"], json::parse("[100,40]"));
  // Times in tenths of a minute, rounded up: 300 s = 50, 301 s = 51, 59.9 s = 10, none = 4095.
  ASSERT_EQ(d["cats"].size(), 2u);
  EXPECT_EQ(d["cats"][0]["id"], "a");
  EXPECT_EQ(d["cats"][0]["thr"], 300.0);
  const std::string ta = d["times"][0], tb = d["times"][1];
  EXPECT_EQ(decode(ta, 0), 50);
  EXPECT_EQ(decode(ta, 1), detail::kNoTime);
  EXPECT_EQ(decode(tb, 0), 51);
  EXPECT_EQ(decode(tb, 1), 10);
  // The gap: 0.001° square centred on o2; its measures listed once (two rows name 6.1).
  ASSERT_EQ(d["gaps"].size(), 1u);
  EXPECT_EQ(d["gaps"][0]["c"], 0);
  EXPECT_EQ(d["gaps"][0]["pop"], 40);
  EXPECT_TRUE(d["gaps"][0]["worst"].is_null());
  EXPECT_EQ(d["gaps"][0]["g"], json::parse("[[900,900,100,0,0,100,-100,0]]"));
  ASSERT_EQ(d["measures"].size(), 2u);
  ASSERT_EQ(d["measures"][0].size(), 1u);
  EXPECT_EQ(d["measures"][0][0]["id"], "6.1");
  EXPECT_EQ(d["measures"][0][0]["overdue"], true);
  EXPECT_TRUE(d["measures"][1].empty());
  // One facility serving both categories.
  EXPECT_EQ(d["fac"]["id"].size(), 1u);
  EXPECT_EQ(d["fac"]["p"], json::parse("[-50,-50]"));
  EXPECT_EQ(d["fac"]["of"], json::parse("[[0],[0]]"));
  // The street: its middle point is 0.01 m off the straight line and goes.
  ASSERT_EQ(d["streets"].size(), 1u);
  EXPECT_EQ(d["streets"][0]["cls"], "local");
  EXPECT_EQ(d["streets"][0]["g"], json::parse("[[-50,-50,1000,0]]"));
  // The district zooms to where its people live: o1 and o2's points.
  ASSERT_EQ(d["units"].size(), 1u);
  EXPECT_EQ(d["units"][0]["b"], json::parse("[0,0,950,950]"));
}

TEST(MapData, HostileNamesStayInertAndComeBackWhole) {
  Town t;
  const std::string html = html_report(t.in);
  const json d = map_json(html);
  EXPECT_EQ(d["origins"]["id"][1], kEvil);
  EXPECT_EQ(d["units"][0]["name"], kEvil);
  EXPECT_EQ(d["gaps"][0]["unit"], kEvil);
  EXPECT_EQ(d["measures"][0][0]["text"], kEvil);
  EXPECT_EQ(d["fac"]["id"][0], kEvil);
  EXPECT_EQ(d["origins"]["unitNames"][0], kEvil);
  // The page's markup outside the scripts shows the name escaped, never as a tag.
  const auto scripts = test::split_scripts(html);
  EXPECT_EQ(scripts.rest.find("<script>alert"), std::string::npos);
  EXPECT_EQ(scripts.rest.find("<!--"), std::string::npos);
  for (const auto& code : scripts.code) EXPECT_EQ(code.find("alert(1)"), std::string::npos);
}

TEST(MapData, JsonStringsAreSafeInAScriptElement) {
  using detail::json_string;
  EXPECT_EQ(json_string("</script>"), "\"\\u003c/script\\u003e\"");
  EXPECT_EQ(json_string("a\"b\\c&"), "\"a\\\"b\\\\c\\u0026\"");
  EXPECT_EQ(json_string("区\n"), "\"区\\n\"");
  EXPECT_EQ(json_string("\xE2\x80\xA8"), "\"\\u2028\"");         // a line separator ends a JS string literal
  EXPECT_EQ(json_string("a\xFF" "b\xC3"), "\"a\\ufffdb\\ufffd\"");  // invalid UTF-8
  EXPECT_EQ(json_string("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
  EXPECT_EQ(json_string(std::string("\x01", 1)), "\"\\u0001\"");
}

TEST(MapData, TimesAndSimplification) {
  using detail::QPoint;
  EXPECT_EQ(detail::time_code(std::nullopt), detail::kNoTime);
  EXPECT_EQ(detail::time_code(0.0), 0);
  EXPECT_EQ(detail::time_code(6.0), 1);
  EXPECT_EQ(detail::time_code(6.001), 2);
  EXPECT_EQ(detail::time_code(1e9), detail::kNoTime - 1);
  EXPECT_EQ(detail::encode_time(50), "0o");
  EXPECT_EQ(detail::encode_time(detail::kNoTime), "__");
  // A ring with a repeated point, a point within tolerance of an edge, and its closing point.
  const std::vector<QPoint> ring{{0, 0}, {0, 0}, {50, 1}, {100, 0}, {100, 100}, {0, 100}, {0, 0}};
  EXPECT_EQ(detail::simplify(ring, 2, true), (std::vector<QPoint>{{0, 0}, {100, 0}, {100, 100}, {0, 100}}));
  EXPECT_EQ(detail::simplify(ring, 0.5, true).size(), 5u);  // 1 unit off the edge: kept under a tighter tolerance
  EXPECT_TRUE(detail::simplify({{0, 0}, {1, 0}, {0, 0}}, 2, true).empty());  // collapses
  EXPECT_EQ(detail::simplify({{0, 0}, {5, 1}, {10, 0}}, 2, false), (std::vector<QPoint>{{0, 0}, {10, 0}}));
}

TEST(MapData, NoGeometryNoMapAndItCanBeTurnedOff) {
  Town t;
  t.in.layout.interactive_map = false;
  EXPECT_EQ(test::split_scripts(html_report(t.in)).count, 0);
  ReportInput none;
  const io::Table oa{"origin_access", "", t.oa.fields, false, t.oa.rows, {}};
  none.origin_access = &oa;
  EXPECT_EQ(test::split_scripts(html_report(none)).count, 0);
  EXPECT_EQ(html_report(none).find("<section id=\"map\">"), std::string::npos);
}

}  // namespace
}  // namespace lc::report
