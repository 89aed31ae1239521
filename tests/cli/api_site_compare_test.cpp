// lifecircle::site and lifecircle::compare in-process against the command line on the synthetic
// Wuhai: the API's tables equal what `lifecircle site` and `lifecircle compare` wrote (a second
// path through the same engine: the request built by hand, inputs given as arrays where the CLI
// reads a file). And the engine's request errors name request fields, never flags.
#include <gtest/gtest.h>

#include <lifecircle/compare.hpp>
#include <lifecircle/error.hpp>
#include <lifecircle/site.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::kCatalog;

std::string cell(const lifecircle::Column& c, std::size_t r) {
  if (c.null[r]) return "";
  char buf[64];
  switch (c.type) {
    case lifecircle::ColumnType::text: return c.text[r];
    case lifecircle::ColumnType::integer: return std::to_string(c.integer[r]);
    case lifecircle::ColumnType::real: std::snprintf(buf, sizeof buf, "%.17g", c.real[r]); return buf;
  }
  return "";
}

bool same_value(const std::string& a, const std::string& b) {
  if (a == b) return true;
  char* ea = nullptr;
  char* eb = nullptr;
  const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
  if (a.empty() || b.empty() || *ea || *eb) return false;
  return std::abs(x - y) <= 1e-9 * std::max(1.0, std::max(std::abs(x), std::abs(y)));
}

// The table, header and cells, equals the CSV the command line wrote (numbers to 1e-9 relative:
// the CSV holds them as the writer formats them).
void expect_table_is_csv(const lifecircle::Table& t, const std::string& csv_path) {
  const auto rows = test::read_csv(csv_path);
  ASSERT_FALSE(rows.empty()) << csv_path;
  std::vector<std::string> header;
  for (const auto& c : t.columns) header.push_back(c.name);
  EXPECT_EQ(header, rows[0]) << t.name;
  ASSERT_EQ(t.rows() + 1, rows.size()) << t.name;
  std::size_t bad = 0;
  for (std::size_t r = 0; r < t.rows(); ++r)
    for (std::size_t c = 0; c < t.columns.size() && c < rows[r + 1].size(); ++c)
      if (!same_value(cell(t.columns[c], r), rows[r + 1][c]) && bad++ < 5)
        ADD_FAILURE() << t.name << " row " << r << " column " << t.columns[c].name << ": API " << cell(t.columns[c], r)
                      << ", CLI " << rows[r + 1][c];
  EXPECT_EQ(bad, 0u) << t.name;
}

// The synthetic Wuhai as the main job reads it.
template <class Request>
void wuhai_inputs(Request& r, const std::string& city) {
  r.network.path = city + ":streets";
  r.facilities.path = city + ":facilities";
  r.facilities.category_field = "category";
  r.facilities.id_field = "id";
  r.origins.path = city + ":compounds";
  r.origins.entrances = city + ":gates";
  r.origins.fields.id = "id";
  r.origins.fields.population = "population";
  r.origins.fields.elderly_share = "elderly_share";
  r.catalog = kCatalog;
}

std::string wuhai_args(const std::string& city) {
  return " --network " + city + ":streets --facilities " + city + ":facilities --category-field category --id-field id" +
         " --origins " + city + ":compounds --entrances " + city + ":gates --origin-id-field id --population-field population" +
         " --elderly-share-field elderly_share --catalog " + kCatalog;
}

struct Facility {
  std::string id, category;
  double lon = 0, lat = 0;
};

std::vector<Facility> wuhai_facilities(const std::string& city) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(city.c_str(), GDAL_OF_VECTOR));
  std::vector<Facility> out;
  if (!ds) return out;
  OGRLayer* layer = ds->GetLayerByName("facilities");
  if (!layer) return out;
  for (auto& f : *layer) {
    const OGRPoint* p = f->GetGeometryRef() ? f->GetGeometryRef()->toPoint() : nullptr;
    if (p) out.push_back({f->GetFieldAsString("id"), f->GetFieldAsString("category"), p->getX(), p->getY()});
  }
  return out;
}

TEST(ApiSite, QuotasPerDistrictAlongChosenStreetsEqualTheCli) {
  test::TempDir dir;
  const std::string city = test::synthetic_wuhai();
  const auto cli = test::run_cli("-q site" + wuhai_args(city) + " --units " + city + ":districts --unit-name-field name" +
                                 " --category fitness --per-district 海勃湾区=4,乌达区=3,海南区=2 --candidate-spacing 150" +
                                 " --candidate-classes local,arterial,footpath --threads 2 --out " + dir.file("sites.csv"));
  ASSERT_EQ(cli.code, 0) << cli.out;

  lifecircle::SiteRequest r;
  wuhai_inputs(r, city);
  r.units.path = city + ":districts";
  r.category = "fitness";
  r.per_district = {{"海勃湾区", 4}, {"乌达区", 3}, {"海南区", 2}};
  r.candidate_spacing_m = 150;
  r.candidate_classes = {"local", "arterial", "footpath"};
  lifecircle::Context ctx(1);
  ctx.level = lifecircle::LogLevel::quiet;
  const lifecircle::SiteResult result = lifecircle::site(ctx, r);
  EXPECT_EQ(result.sites.name, "proposed_sites");
  EXPECT_EQ(result.sites.rows(), 9u);
  EXPECT_TRUE(result.sites.has_geometry);
  expect_table_is_csv(result.sites, dir.file("sites.csv"));
  // The curve: the existing facilities' coverage, then the sites' cumulative coverage.
  ASSERT_EQ(result.curve.rows(), result.sites.rows() + 1);
  EXPECT_DOUBLE_EQ(result.curve.column("coverage")->real[0], result.covered_population / result.population);
  EXPECT_DOUBLE_EQ(result.curve.column("coverage")->real.back(), result.sites.column("cumulative_coverage")->real.back());
  EXPECT_GT(result.candidates, 9u);
}

TEST(ApiSite, CandidatesAsPointsEqualTheCliReadingThemFromAFile) {
  test::TempDir dir;
  const std::string city = test::synthetic_wuhai();
  const auto facilities = wuhai_facilities(city);
  ASSERT_GT(facilities.size(), 20u);
  // Every facility that is not a health station is a candidate health station site.
  lifecircle::SiteRequest r;
  wuhai_inputs(r, city);
  r.category = "health_station";
  r.count = 5;
  std::string csv = "cid,lon,lat\n";
  char line[128];
  for (const auto& f : facilities) {
    if (f.category == "health_station") continue;
    r.candidates.points.push_back({"c" + f.id, {f.lon, f.lat}, {}, 1});
    std::snprintf(line, sizeof line, "c%s,%.17g,%.17g\n", f.id.c_str(), f.lon, f.lat);
    csv += line;
  }
  test::write_file(dir.file("cands.csv"), csv);
  const auto cli = test::run_cli("-q site" + wuhai_args(city) + " --category health_station --count 5 --candidates " +
                                 dir.file("cands.csv") + " --candidate-id-field cid --out " + dir.file("sites.csv"));
  ASSERT_EQ(cli.code, 0) << cli.out;
  lifecircle::Context ctx(2);
  ctx.level = lifecircle::LogLevel::quiet;
  const lifecircle::SiteResult result = lifecircle::site(ctx, r);
  EXPECT_EQ(result.sites.rows(), 5u);
  EXPECT_EQ(result.candidates, r.candidates.points.size());
  expect_table_is_csv(result.sites, dir.file("sites.csv"));
}

TEST(ApiSite, RequestErrorsNameFieldsNotFlags) {
  const std::string city = test::synthetic_wuhai();
  lifecircle::SiteRequest r;
  wuhai_inputs(r, city);
  r.category = "health_station";
  r.candidate_spacing_m = 400;
  r.count = 1;
  r.target_coverage = 0.5;
  lifecircle::Context ctx(1);
  ctx.level = lifecircle::LogLevel::quiet;
  try {
    lifecircle::site(ctx, r);
    ADD_FAILURE() << "two modes were accepted";
  } catch (const lifecircle::UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "siting: give only one of count, target_coverage, per_district (got count and target_coverage)");
    EXPECT_EQ(e.wording.word([](const std::string& f) { return "<" + f + ">"; }),
              "siting: give only one of <count>, <target_coverage>, <per_district> (got <count> and <target_coverage>)");
  }
  r.target_coverage.reset();
  r.candidate_classes = {"footway"};
  r.candidate_spacing_m = 0;
  try {
    lifecircle::site(ctx, r);
    ADD_FAILURE() << "street classes without a spacing were accepted";
  } catch (const lifecircle::UsageError& e) {
    EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("candidate_classes picks the streets candidate_spacing"), std::string::npos) << e.what();
  }
}

TEST(ApiCompare, AddedAsPointsAndRemovedEqualTheCli) {
  test::TempDir dir;
  const std::string city = test::synthetic_wuhai();
  const auto facilities = wuhai_facilities(city);
  ASSERT_GT(facilities.size(), 20u);
  // Remove the first three convenience stores; add two health stations where two of the other facilities are.
  lifecircle::CompareRequest r;
  wuhai_inputs(r, city);
  r.units.path = city + ":districts";
  std::string removed, csv = "id,lon,lat,category\n";
  char line[160];
  for (const auto& f : facilities) {
    if (f.category == "convenience_store" && r.remove_facilities.size() < 3) {
      r.remove_facilities.push_back(f.id);
      removed += (removed.empty() ? "" : ",") + f.id;
    } else if (f.category != "health_station" && r.add_facilities.points.size() < 2) {
      const std::string id = "new_station_" + std::to_string(r.add_facilities.points.size() + 1);
      r.add_facilities.points.push_back({id, {f.lon, f.lat}, {"health_station"}, 1});
      std::snprintf(line, sizeof line, "%s,%.17g,%.17g,health_station\n", id.c_str(), f.lon, f.lat);
      csv += line;
    }
  }
  ASSERT_EQ(r.remove_facilities.size(), 3u);
  ASSERT_EQ(r.add_facilities.points.size(), 2u);
  test::write_file(dir.file("added.csv"), csv);
  const auto cli = test::run_cli("-q compare" + wuhai_args(city) + " --units " + city + ":districts --unit-name-field name" +
                                 " --remove-facilities " + removed + " --add-facilities " + dir.file("added.csv") +
                                 " --summary " + dir.file("summary.csv") + " --out " + dir.file("compare.gpkg"));
  ASSERT_EQ(cli.code, 0) << cli.out;
  lifecircle::Context ctx(2);
  ctx.level = lifecircle::LogLevel::quiet;
  const lifecircle::CompareResult result = lifecircle::compare(ctx, r);
  EXPECT_EQ(result.summary.name, "compare_summary");
  expect_table_is_csv(result.summary, dir.file("summary.csv"));
  // Something changed, in both categories, and the origin changes are the CLI's rows.
  const auto* lost = result.summary.column("lost");
  const auto* gained = result.summary.column("newly_covered");
  double lost_all = 0, gained_all = 0;
  for (std::size_t i = 0; i < result.summary.rows(); ++i)
    if (result.summary.column("unit")->text[i] == "ALL") lost_all += lost->real[i], gained_all += gained->real[i];
  EXPECT_GT(lost_all, 0);
  EXPECT_GT(gained_all, 0);
  ASSERT_GT(result.origin_changes.rows(), 0u);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(dir.file("compare.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* changes = ds->GetLayerByName("origin_changes");
  ASSERT_TRUE(changes);
  std::map<std::string, std::string> cli_rows, api_rows;
  for (auto& f : *changes)
    cli_rows[std::string(f->GetFieldAsString("origin_id")) + "/" + f->GetFieldAsString("category")] = f->GetFieldAsString("status");
  const auto* id = result.origin_changes.column("origin_id");
  const auto* category = result.origin_changes.column("category");
  const auto* status = result.origin_changes.column("status");
  for (std::size_t i = 0; i < result.origin_changes.rows(); ++i) api_rows[id->text[i] + "/" + category->text[i]] = status->text[i];
  EXPECT_EQ(api_rows, cli_rows);

  // Only the summary: the same summary, no changes table.
  r.origin_changes = false;
  const lifecircle::CompareResult summary_only = lifecircle::compare(ctx, r);
  expect_table_is_csv(summary_only.summary, dir.file("summary.csv"));
  EXPECT_EQ(summary_only.origin_changes.rows(), 0u);
}

TEST(ApiCompare, AnEmptyScenarioNamesTheFields) {
  lifecircle::CompareRequest r;
  wuhai_inputs(r, test::synthetic_wuhai());
  lifecircle::Context ctx(1);
  ctx.level = lifecircle::LogLevel::quiet;
  try {
    lifecircle::compare(ctx, r);
    ADD_FAILURE() << "an empty scenario was accepted";
  } catch (const lifecircle::UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "empty scenario: give add_facilities, remove_facilities, remove_facilities_file or add_links");
  }
}

}  // namespace
}  // namespace lc
