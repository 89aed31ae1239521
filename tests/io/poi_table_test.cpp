// Amap/高德-style POI tables: a hand-written table of Wuhai-like POIs parsed field by field, the
// GCJ-02 -> WGS84 conversion on load, the categories the shipped catalog gives them, GBK input,
// RFC 4180 quoting and CRLF, and bad input that must name the file and the line.
#include "io/poi_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "core/error.hpp"
#include "api/poi_facilities.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using io::ChineseDatum;
using io::PoiRecord;

const access::Catalog& shipped() {
  static const access::Catalog catalog =
      access::load_catalog(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml");
  return catalog;
}

// Line 1 is the header; each POI is on the line its comment gives. Locations are GCJ-02 around
// Haibowan, Wuhai. Row 8 has a name with doubled quotes; row 9 matches no catalog category.
const std::string kHeader = "id,name,type,typecode,address,location\n";
const std::string kRows =
    "B0FFG5K8A1,美宜佳便利店(滨河店),购物服务;便民商店/便利店;便民商店/便利店,060200,海勃湾区滨河路,\"106.823456,39.673210\"\n"  // 2
    "B0FFG5K8A2,同仁堂药店,医疗保健服务;医药保健销售店;药房,090601,海勃湾区人民路,\"106.8301,39.6655\"\n"  // 3
    "B0FFG5K8A3,千里山农贸菜市场,购物服务;综合市场;菜市场,060703,海勃湾区,\"106.8189,39.6702\"\n"  // 4
    "B0FFG5K8A4,公共厕所,公共设施;公共厕所;公共厕所,200300,人民公园东门,\"106.8270,39.6610\"\n"  // 5
    "B0FFG5K8A5,海勃湾区第一小学,科教文化服务;学校;小学,141203,海勃湾区新华街,\"106.8212,39.6588\"\n"  // 6
    "B0FFG5K8A6,惠民超市,购物服务;便民商店/便利店|购物服务;超级市场,060200|060400,海勃湾区,\"106.8355,39.6790\"\n"  // 7
    "B0FFG5K8A7,\"老\"\"王\"\"修鞋\",生活服务;生活服务场所;生活服务场所,070000,海勃湾区,\"106.8240,39.6701\"\n"  // 8
    "B0FFG5K8A8,海勃湾区人民政府,政府机构及社会团体;政府机关;区县级政府及事业单位,130104,海勃湾区,\"106.8123,39.6650\"\n";  // 9

std::string write(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  test::write_file(path, text);
  return path;
}

std::set<std::string> categories(const PoiRecord& p) {
  const auto ids = access::categories_for_amap(shipped(), p.typecode, p.name);
  return {ids.begin(), ids.end()};
}

// Expects an InputError naming `path` and `line`, whose message holds `part`.
void expect_error(const std::string& path, int line, const std::string& part) {
  SCOPED_TRACE("expected at line " + std::to_string(line) + ": " + part);
  try {
    (void)io::read_amap_pois(path);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.where.file, path);
    EXPECT_EQ(e.where.feature, line > 0 ? "line " + std::to_string(line) : std::string()) << what;
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(part), std::string::npos) << what;
    EXPECT_EQ(e.exit_code(), 3);
  }
}

constexpr double kDeg = std::numbers::pi / 180.0;

// Distance in metres between nearby points (equirectangular; fine over a few hundred metres).
double east_m(LonLat from, LonLat to) {
  return (to.lon - from.lon) * std::cos(from.lat * kDeg) * test::kEarthRadius * kDeg;
}
double north_m(LonLat from, LonLat to) { return (to.lat - from.lat) * test::kEarthRadius * kDeg; }

TEST(PoiTable, ParsesAmapFields) {
  test::TempDir dir;
  const std::string path = write(dir, "pois.csv", kHeader + kRows);
  std::vector<std::string> warnings;
  const auto pois = io::read_amap_pois(path, ChineseDatum::gcj02, &warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(pois.size(), 8u);
  for (std::size_t i = 0; i < pois.size(); ++i) EXPECT_EQ(pois[i].line, static_cast<int>(i) + 2);
  EXPECT_EQ(pois[0].id, "B0FFG5K8A1");
  EXPECT_EQ(pois[0].name, "美宜佳便利店(滨河店)");
  EXPECT_EQ(pois[0].type, "购物服务;便民商店/便利店;便民商店/便利店");
  EXPECT_EQ(pois[0].typecode, "060200");
  EXPECT_EQ(pois[1].name, "同仁堂药店");
  EXPECT_EQ(pois[1].typecode, "090601");
  EXPECT_EQ(pois[3].typecode, "200300");
  EXPECT_EQ(pois[5].typecode, "060200|060400");
  EXPECT_EQ(pois[6].name, "老\"王\"修鞋");
  EXPECT_EQ(pois[7].id, "B0FFG5K8A8");
}

TEST(PoiTable, ConvertsGcj02ToWgs84) {
  test::TempDir dir;
  const std::string path = write(dir, "pois.csv", kHeader + kRows);
  const auto pois = io::read_amap_pois(path);
  ASSERT_EQ(pois.size(), 8u);
  const LonLat given{106.823456, 39.673210};
  const LonLat expected = io::convert(given, ChineseDatum::gcj02, ChineseDatum::wgs84);
  EXPECT_EQ(pois[0].location.lon, expected.lon);
  EXPECT_EQ(pois[0].location.lat, expected.lat);
  // At Wuhai, GCJ-02 lies about 405 m east and 100 m north of WGS84: the WGS84 point is that far
  // west and south of the Amap coordinate.
  EXPECT_NEAR(east_m(given, pois[0].location), -405.0, 10.0);
  EXPECT_NEAR(north_m(given, pois[0].location), -100.0, 10.0);
  const LonLat second = io::convert({106.8301, 39.6655}, ChineseDatum::gcj02, ChineseDatum::wgs84);
  EXPECT_EQ(pois[1].location.lon, second.lon);
  EXPECT_EQ(pois[1].location.lat, second.lat);

  // Other datums: WGS84 is taken as it is, BD-09 goes through its own conversion.
  const auto wgs = io::read_amap_pois(path, ChineseDatum::wgs84);
  EXPECT_EQ(wgs[0].location.lon, given.lon);
  EXPECT_EQ(wgs[0].location.lat, given.lat);
  const auto bd = io::read_amap_pois(path, ChineseDatum::bd09);
  const LonLat from_bd = io::convert(given, ChineseDatum::bd09, ChineseDatum::wgs84);
  EXPECT_EQ(bd[0].location.lon, from_bd.lon);
  EXPECT_EQ(bd[0].location.lat, from_bd.lat);
}

TEST(PoiTable, CategoriesFromTheShippedCatalog) {
  test::TempDir dir;
  const std::string path = write(dir, "pois.csv", kHeader + kRows);
  const auto pois = io::read_amap_pois(path);
  ASSERT_EQ(pois.size(), 8u);
  EXPECT_EQ(categories(pois[0]), (std::set<std::string>{"convenience_store"}));
  EXPECT_EQ(categories(pois[1]), (std::set<std::string>{"pharmacy"}));
  EXPECT_EQ(categories(pois[2]), (std::set<std::string>{"fresh_market"}));
  EXPECT_EQ(categories(pois[3]), (std::set<std::string>{"public_toilet"}));
  EXPECT_EQ(categories(pois[4]), (std::set<std::string>{"primary_school"}));
  EXPECT_EQ(categories(pois[5]), (std::set<std::string>{"convenience_store", "supermarket"}));
  EXPECT_EQ(categories(pois[6]), (std::set<std::string>{"community_service"}));
  EXPECT_TRUE(categories(pois[7]).empty());

  testing::internal::CaptureStderr();
  const api::CategorizedFacilities fac = api::facilities_from_amap(path, shipped());
  const std::string log = testing::internal::GetCapturedStderr();
  // The unmatched government office is left out and reported in one warning line.
  EXPECT_EQ(fac.points.source, path);
  ASSERT_EQ(fac.points.ids.size(), 7u);
  ASSERT_EQ(fac.points.lonlat.size(), 7u);
  ASSERT_EQ(fac.points.categories.size(), 7u);
  EXPECT_EQ(fac.points.ids[0], "B0FFG5K8A1");
  EXPECT_EQ(fac.points.ids[6], "B0FFG5K8A7");
  EXPECT_EQ(fac.points.lonlat[0].lon, pois[0].location.lon);
  EXPECT_EQ(fac.points.lonlat[0].lat, pois[0].location.lat);
  using Members = std::vector<std::uint32_t>;
  EXPECT_EQ(fac.members.at("convenience_store"), (Members{0, 5}));
  EXPECT_EQ(fac.members.at("supermarket"), (Members{5}));
  EXPECT_EQ(fac.members.at("pharmacy"), (Members{1}));
  EXPECT_EQ(fac.members.at("fresh_market"), (Members{2}));
  EXPECT_EQ(fac.members.at("public_toilet"), (Members{3}));
  EXPECT_EQ(fac.members.at("primary_school"), (Members{4}));
  EXPECT_EQ(fac.members.at("community_service"), (Members{6}));
  EXPECT_EQ(fac.members.size(), 7u);
  std::size_t warn_lines = 0;
  for (std::size_t at = log.find("warning: "); at != std::string::npos; at = log.find("warning: ", at + 1))
    ++warn_lines;
  EXPECT_EQ(warn_lines, 1u) << log;
  EXPECT_NE(log.find("1 of 8 POIs match no category"), std::string::npos) << log;
  EXPECT_NE(log.find("海勃湾区人民政府"), std::string::npos) << log;
  EXPECT_NE(log.find("line 9"), std::string::npos) << log;
}

TEST(PoiTable, GbkFileIsDecoded) {
  test::TempDir dir;
  // "便利店" and "海勃湾" in GBK.
  const std::string bianlidian = "\xB1\xE3\xC0\xFB\xB5\xEA";
  const std::string haibowan = "\xBA\xA3\xB2\xAA\xCD\xE5";
  const std::string path = write(dir, "gbk.csv",
                                 "id,name,typecode,location\r\n"
                                 "1," + haibowan + bianlidian + ",060200,\"106.8234,39.6732\"\r\n");
  std::vector<std::string> warnings;
  const auto pois = io::read_amap_pois(path, ChineseDatum::gcj02, &warnings);
  ASSERT_EQ(pois.size(), 1u);
  EXPECT_EQ(pois[0].name, "海勃湾便利店");
  EXPECT_EQ(categories(pois[0]), (std::set<std::string>{"convenience_store"}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("GB18030"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find(path), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("line 2"), std::string::npos) << warnings[0];
}

TEST(PoiTable, QuotingCrlfBomAndLngLatColumns) {
  test::TempDir dir;
  // BOM, CRLF, a quoted name with a comma and a line break, blank lines, blanks around quotes.
  const std::string path = write(dir, "crlf.csv",
                                 "\xEF\xBB\xBF" "Name,TypeCode,Location\r\n"
                                 "\"药店,24小时\",090601, \"106.8301 , 39.6655\" \r\n"
                                 "\r\n"
                                 "\"多行\r\n名称\",\"200300\",\"106.8270,39.6610\"\r\n"
                                 "便利店,060200,\"106.8234,39.6732\"");  // no final line break
  std::vector<std::string> warnings;
  const auto pois = io::read_amap_pois(path, ChineseDatum::gcj02, &warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(pois.size(), 3u);
  EXPECT_EQ(pois[0].name, "药店,24小时");
  EXPECT_EQ(pois[0].typecode, "090601");
  EXPECT_EQ(pois[0].id, "2");  // no id column: the line number
  EXPECT_EQ(pois[0].line, 2);
  const LonLat expected = io::convert({106.8301, 39.6655}, ChineseDatum::gcj02, ChineseDatum::wgs84);
  EXPECT_EQ(pois[0].location.lon, expected.lon);
  EXPECT_EQ(pois[0].location.lat, expected.lat);
  EXPECT_EQ(pois[1].name, "多行\r\n名称");
  EXPECT_EQ(pois[1].line, 4);
  EXPECT_EQ(pois[1].id, "4");
  EXPECT_EQ(pois[2].line, 6);
  EXPECT_EQ(pois[2].name, "便利店");
  EXPECT_TRUE(pois[2].type.empty());

  // lng + lat instead of location, Chinese column names for the rest.
  const std::string split = write(dir, "lnglat.csv",
                                  "编号,名称,类型编码,经度,纬度\n"
                                  "a1,便利店,060200,106.8234,39.6732\n");
  const auto by_columns = io::read_amap_pois(split);
  ASSERT_EQ(by_columns.size(), 1u);
  EXPECT_EQ(by_columns[0].id, "a1");
  const LonLat e2 = io::convert({106.8234, 39.6732}, ChineseDatum::gcj02, ChineseDatum::wgs84);
  EXPECT_EQ(by_columns[0].location.lon, e2.lon);
  EXPECT_EQ(by_columns[0].location.lat, e2.lat);
}

TEST(PoiTable, SplitCsv) {
  const auto rows = io::split_csv("a,\"b,\"\"c\"\"\",\n\n\"x\ny\",z\r\n  \n\"\"", "t.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b,\"c\"", ""}));
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"x\ny", "z"}));
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{""}));
  EXPECT_EQ(rows[2].line, 6);
  EXPECT_TRUE(io::split_csv("", "t.csv").empty());
  EXPECT_THROW(io::split_csv("a,\"b\"c\n", "t.csv"), InputError);
  EXPECT_THROW(io::split_csv("a\n\"b,c\n", "t.csv"), InputError);
}

TEST(PoiTable, Utf8Validation) {
  std::size_t bad = 99;
  EXPECT_TRUE(io::is_valid_utf8("便利店 ascii"));
  EXPECT_FALSE(io::is_valid_utf8("ab\xB1\xE3", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(io::is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(io::is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(io::is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(io::is_valid_utf8("\xE4\xBE"));          // truncated
}

TEST(PoiTable, RestoresDroppedLeadingZero) {
  test::TempDir dir;
  const std::string path = write(dir, "excel.csv",
                                 "name,typecode,location\n"
                                 "便利店,60200,\"106.8234,39.6732\"\n"
                                 "某地,,\"106.8234,39.6733\"\n");
  std::vector<std::string> warnings;
  const auto pois = io::read_amap_pois(path, ChineseDatum::gcj02, &warnings);
  ASSERT_EQ(pois.size(), 2u);
  EXPECT_EQ(pois[0].typecode, "060200");
  EXPECT_EQ(pois[1].typecode, "");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("leading zero"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("without a type code"), std::string::npos) << warnings[1];
}

TEST(PoiTable, OutsideTheGcj02AreaIsAWarning) {
  test::TempDir dir;
  const std::string path = write(dir, "porto.csv", "name,typecode,location\nfarmácia,090601,\"-51.2,-30.03\"\n");
  std::vector<std::string> warnings;
  const auto pois = io::read_amap_pois(path, ChineseDatum::gcj02, &warnings);
  ASSERT_EQ(pois.size(), 1u);
  EXPECT_EQ(pois[0].location.lon, -51.2);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("line 2"), std::string::npos) << warnings[0];
}

TEST(PoiTable, BadInputNamesFileAndLine) {
  test::TempDir dir;
  const auto bad = [&](const std::string& name, const std::string& text) { return write(dir, name, text); };
  const std::string ok = "1,便利店,060200,\"106.82,39.67\"\n";
  const std::string head = "id,name,typecode,location\n";

  // Missing columns: the message lists what was found.
  {
    const std::string p = bad("nocol.csv", "id,title,typecode,lnglat\n1,a,060200,\"1,2\"\n");
    expect_error(p, 1, "name");
    expect_error(p, 1, "location (or lng and lat)");
    expect_error(p, 1, "columns found: 'id', 'title', 'typecode', 'lnglat'");
  }
  expect_error(bad("notype.csv", "name,location\na,\"1,2\"\n"), 1, "typecode");
  expect_error(bad("onlylng.csv", "name,typecode,lng\na,060200,106.8\n"), 1, "location (or lng and lat)");
  expect_error(bad("twice.csv", "name,typecode,location,Name\na,060200,\"1,2\",b\n"), 1, "twice");
  expect_error(bad("empty.csv", ""), 0, "empty");

  // Locations.
  expect_error(bad("text.csv", head + ok + "2,药店,090601,\"东经106度,北纬39度\"\n"), 3, "not a number");
  expect_error(bad("one.csv", head + ok + "2,药店,090601,106.83\n"), 3, "not \"lng,lat\"");
  expect_error(bad("three.csv", head + "1,药店,090601,\"106.83,39.6,5\"\n"), 2, "not \"lng,lat\"");
  expect_error(bad("emptyloc.csv", head + ok + "2,药店,090601,\"106.83,39.66\"\n3,药店,090601,\n"), 4,
               "empty location");
  expect_error(bad("nan.csv", head + ok + "2,药店,090601,\"nan,39.6\"\n"), 3, "not a finite number");
  expect_error(bad("inf.csv", head + ok + "2,药店,090601,\"106.8,inf\"\n"), 3, "not a finite number");
  expect_error(bad("swapped.csv", head + ok + "2,药店,090601,\"39.6655,106.8301\"\n"), 3, "swapped");
  expect_error(bad("lat.csv", head + ok + "2,药店,090601,\"106.8,95.0\"\n"), 3, "outside -90..90");
  expect_error(bad("lon.csv", head + ok + "2,药店,090601,\"206.8,39.6\"\n"), 3, "outside -180..180");
  expect_error(bad("zero.csv", head + ok + "2,药店,090601,\"0,0\"\n"), 3, "0,0, which exports write for a missing position");
  expect_error(bad("lnglat.csv", "name,typecode,lng,lat\na,060200,106.8,x\n"), 2, "latitude 'x' is not a number");

  // Rows and values.
  expect_error(bad("dup.csv", head + ok + "2,药店,090601,\"106.83,39.66\"\n" + ok), 4,
               "duplicate id '1' (first at line 2)");
  expect_error(bad("noid.csv", head + ok + ",药店,090601,\"106.83,39.66\"\n"), 3, "empty id");
  expect_error(bad("unquoted.csv", head + ok + "2,药店,090601,106.83,39.66\n"), 3, "left unquoted");
  expect_error(bad("short.csv", head + ok + "2,药店\n"), 3, "2 fields, the header 4");
  expect_error(bad("code.csv", head + ok + "2,药店,09060A,\"106.83,39.66\"\n"), 3, "not a 6-digit Amap type code");
  expect_error(bad("unterminated.csv", head + ok + "2,药店,090601,\"106.83,39.66\n"), 3, "never closed");
  expect_error(bad("afterquote.csv", head + ok + "2,\"药店\"x,090601,\"106.83,39.66\"\n"), 3, "after the closing quote");
  expect_error(bad("utf16.csv", std::string("\xFF\xFE" "n\0a\0", 6)), 0, "UTF-16");
  expect_error(dir.file("absent.csv"), 0, "cannot open");
}

}  // namespace
}  // namespace lc
