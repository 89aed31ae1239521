// `lifecircle coverage --report`: the HTML report through the real binary on a one-street town,
// with proposed sites read back from `lifecircle site`, and the report's output rules (atomic,
// never replaced without --overwrite, bad site files named with their line).
#include <gtest/gtest.h>

#include <filesystem>

#include "report/report_html.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::has;

struct Town {
  test::TempDir dir;
  std::string coverage;  // the coverage command without outputs
  Town() {
    // A 0.02 deg (~1.7 km) street; a store at the west end; 600 people at the east end, 100 beside the store.
    test::write_file(dir.file("streets.geojson"),
                     R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.820,39.670]]}}]})");
    test::write_file(dir.file("units.geojson"),
                     R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"海南区 <b>&"},"geometry":{"type":"Polygon","coordinates":[[[106.79,39.66],[106.83,39.66],[106.83,39.68],[106.79,39.68],[106.79,39.66]]]}}]})");
    test::write_file(dir.file("shops.csv"), "id,lon,lat,kind\ns1,106.8000,39.6701,convenience_store\n");
    test::write_file(dir.file("homes.csv"), "id,lon,lat,population\nh1,106.8195,39.6701,600\nh2,106.8001,39.6701,100\n");
    test::write_file(dir.file("cands.csv"), "cid,lon,lat\nmid,106.8101,39.6701\neast,106.8196,39.6701\n");
    const std::string inputs = " --network " + dir.file("streets.geojson") + " --facilities " + dir.file("shops.csv") +
                               " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
                               " --origin-id-field id --population-field population --units " + dir.file("units.geojson") +
                               " --unit-name-field name";
    coverage = "coverage" + inputs;
    const auto site = test::run_cli("-q site" + inputs + " --category convenience_store --candidates " + dir.file("cands.csv") +
                                    " --candidate-id-field cid --count 1 --out " + dir.file("sites_convenience.csv"));
    EXPECT_EQ(site.code, 0) << site.out;
  }
};

TEST(ReportCli, WritesASelfContainedReportWithEverySection) {
  Town town;
  const std::string report = town.dir.file("report.html");
  const auto r = test::run_cli(town.coverage + " --report " + report + " --report-sites " + town.dir.file("sites_convenience.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string html = test::read_file(report);
  EXPECT_TRUE(has(html, "<meta charset=\"utf-8\">"));
  for (const char* id : {"coverage", "levels", "time-maps", "time-distribution", "gap-maps", "checklist", "progress",
                         "sites", "parameters"})
    EXPECT_TRUE(has(html, std::string("<section id=\"") + id + "\">")) << id;
  EXPECT_TRUE(has(html, "海南区 &lt;b&gt;&amp;"));
  EXPECT_FALSE(has(html, "海南区 <b>"));
  EXPECT_TRUE(has(html, "便利店 convenience_store"));  // the site file's category from its name
  EXPECT_TRUE(has(html, "<td>east</td>"));             // the site chosen
  EXPECT_TRUE(has(html, "</span>14.3%</td>"));  // 100 of 700 covered
  EXPECT_FALSE(has(html, "class=\"notice\""));          // real-looking inputs: no synthetic notice
  test::expect_self_contained(html);
  // Nothing else left behind in the folder (the temporary file was renamed).
  for (const auto& e : std::filesystem::directory_iterator(town.dir.path))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();

  // An existing report is only replaced with --overwrite.
  const auto again = test::run_cli(town.coverage + " --report " + report);
  EXPECT_EQ(again.code, 4) << again.out;
  EXPECT_TRUE(has(again.out, report)) << again.out;
  EXPECT_EQ(test::read_file(report), html);
  EXPECT_EQ(test::run_cli(town.coverage + " --report " + report + " --overwrite").code, 0);
  EXPECT_FALSE(has(test::read_file(report), "<section id=\"sites\">"));
}

TEST(ReportCli, SiteFilesNamedAndCheckedBeforeTheAnalysis) {
  Town town;
  // CATEGORY=PATH names the category whatever the file is called.
  std::filesystem::copy_file(town.dir.file("sites_convenience.csv"), town.dir.file("plan-a.csv"));
  const auto named = test::run_cli(town.coverage + " --report " + town.dir.file("a.html") +
                                   " --report-sites convenience_store=" + town.dir.file("plan-a.csv"));
  ASSERT_EQ(named.code, 0) << named.out;
  EXPECT_TRUE(has(test::read_file(town.dir.file("a.html")), "<h3>便利店 convenience_store</h3>"));

  test::write_file(town.dir.file("bad.csv"), "rank,site_id,district,x,y\n1,a,,106.81,39.67\n2,b,,east,39.67\n");
  const auto bad = test::run_cli(town.coverage + " --report " + town.dir.file("b.html") + " --report-sites " + town.dir.file("bad.csv"));
  EXPECT_EQ(bad.code, 3) << bad.out;
  EXPECT_TRUE(has(bad.out, "bad.csv")) << bad.out;
  EXPECT_TRUE(has(bad.out, "line 3")) << bad.out;
  EXPECT_TRUE(has(bad.out, "'east' is not a number")) << bad.out;
  test::write_file(town.dir.file("swapped.csv"), "rank,x,y\n1,39.67,106.81\n");
  EXPECT_EQ(test::run_cli(town.coverage + " --report " + town.dir.file("c.html") + " --report-sites " + town.dir.file("swapped.csv")).code, 3);
  test::write_file(town.dir.file("nox.csv"), "rank,lon,lat\n1,106.81,39.67\n");
  const auto nox = test::run_cli(town.coverage + " --report " + town.dir.file("d.html") + " --report-sites " + town.dir.file("nox.csv"));
  EXPECT_EQ(nox.code, 3);
  EXPECT_TRUE(has(nox.out, "no column 'x'")) << nox.out;
  EXPECT_EQ(test::run_cli(town.coverage + " --report " + town.dir.file("e.html") + " --report-sites " + town.dir.file("missing.csv")).code, 2);
  EXPECT_EQ(test::run_cli(town.coverage + " --report " + town.dir.file("f.txt")).code, 2);
  for (const char* f : {"b.html", "c.html", "d.html", "e.html", "f.txt"}) EXPECT_FALSE(std::filesystem::exists(town.dir.file(f))) << f;
}

}  // namespace
}  // namespace lc
