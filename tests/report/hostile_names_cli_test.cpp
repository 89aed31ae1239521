// Names that try to become markup (issue 19, "Hostile names"): a unit, homes and a facility whose
// names hold HTML, a script, a Markdown link, CSV separators and quotes go through `lifecircle
// coverage` to every output a planner opens; each output keeps them as literal text.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <set>

#include "report/report_html.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::has;

// What the inputs hold. The unit name comes from GeoJSON (so it can hold anything); the ids from
// a CSV (quoted, with a doubled quote).
const std::string kUnit = "<script>alert('u')</script> [x](javascript:alert(1)) |a\"b, 区";
const std::string kHome = "<img src=x onerror=alert(2)>,\"h\"";
const std::string kShop = "<b>shop</b> & co";

// The values of `field` in every feature of the GeoPackage's `layer`.
std::set<std::string> gpkg_values(const std::string& path, const std::string& layer, const std::string& field) {
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  std::set<std::string> values;
  if (!ds) return values;
  OGRLayer* l = ds->GetLayerByName(layer.c_str());
  if (!l) return values;
  for (auto& f : *l) values.insert(f->GetFieldAsString(field.c_str()));
  return values;
}

TEST(HostileNames, StayLiteralInEveryOutput) {
  GDALAllRegister();
  test::TempDir dir;
  test::write_file(dir.file("streets.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.820,39.670]]}}]})");
  test::write_file(dir.file("units.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"<script>alert('u')</script> [x](javascript:alert(1)) |a\"b, 区"},"geometry":{"type":"Polygon","coordinates":[[[106.79,39.66],[106.83,39.66],[106.83,39.68],[106.79,39.68],[106.79,39.66]]]}}]})");
  test::write_file(dir.file("shops.csv"), "id,lon,lat,kind\n<b>shop</b> & co,106.8000,39.6701,convenience_store\n");
  test::write_file(dir.file("homes.csv"),
                   "id,lon,lat,population\n\"<img src=x onerror=alert(2)>,\"\"h\"\"\",106.8195,39.6701,600\nnear,106.8001,39.6701,100\n");
  const auto r = test::run_cli("coverage --network " + dir.file("streets.geojson") + " --facilities " + dir.file("shops.csv") +
                               " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
                               " --origin-id-field id --population-field population --units " + dir.file("units.geojson") +
                               " --unit-name-field name --summary " + dir.file("summary.csv") + " --out " + dir.file("r.gpkg") +
                               " --gap-report " + dir.file("gaps.md") + " --report " + dir.file("report.html"));
  ASSERT_EQ(r.code, 0) << r.out;

  // HTML: escaped, never markup; the only scripts are the map's three, and its data hold the
  // names as JSON escapes that cannot end the script element.
  const std::string html = test::read_file(dir.file("report.html"));
  const test::ReportScripts scripts = test::split_scripts(html);
  EXPECT_EQ(scripts.count, 3) << "a name became a script";
  EXPECT_FALSE(has(scripts.json, "<")) << "the map's data can close its script element";
  EXPECT_FALSE(has(scripts.rest, "<img"));
  EXPECT_FALSE(has(scripts.rest, "<b>shop"));
  EXPECT_TRUE(has(scripts.rest, "&lt;script&gt;alert(")) << "the unit's name is shown, escaped";
  EXPECT_TRUE(has(scripts.json, "\\u003cscript\\u003ealert('u')\\u003c/script\\u003e [x](javascript:alert(1)) |a\\\"b, 区"))
      << "the unit's name in the map's data";
  EXPECT_TRUE(has(scripts.json, "\\u003cimg src=x onerror=alert(2)\\u003e,\\\"h\\\"")) << "the home's id";
  EXPECT_TRUE(has(scripts.json, "\\u003cb\\u003eshop\\u003c/b\\u003e \\u0026 co")) << "the shop's id";

  // Markdown: no HTML and no live link; the unit's row still has its three cells.
  const std::string md = test::read_file(dir.file("gaps.md"));
  EXPECT_FALSE(has(md, "<")) << md;
  EXPECT_TRUE(has(md, "&lt;script&gt;alert('u')&lt;/script&gt; \\[x\\](javascript:alert(1)) \\|a\"b, 区")) << md;

  // CSV: the unit's name comes back whole through a CSV parser.
  std::set<std::string> units;
  for (const auto& row : test::read_csv(dir.file("summary.csv"))) units.insert(row.at(0));
  EXPECT_TRUE(units.count(kUnit)) << test::read_file(dir.file("summary.csv"));

  // GeoPackage: names and ids are data, stored exactly.
  EXPECT_TRUE(gpkg_values(dir.file("r.gpkg"), "unit_coverage", "unit").count(kUnit));
  EXPECT_TRUE(gpkg_values(dir.file("r.gpkg"), "origin_access", "origin_id").count(kHome));
}

}  // namespace
}  // namespace lc
