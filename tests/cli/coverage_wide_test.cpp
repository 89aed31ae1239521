// coverage --layout wide|both (issue 20): origin_access_wide, one row per origin with each
// category's minutes and whether it is within the threshold. The reference is a second path: the
// long layer origin_access of the same run read back through GDAL and pivoted here (one row per
// origin, in the order of its first row; <id>_min = nearest_s / 60, <id>_covered = covered,
// categories_covered their sum, the origin's point, all its people). Checked on the synthetic Wuhai
// streamed and whole (--update), on a tiled run, with the styles QGIS opens it with, and --report
// beside a wide-only --out; a bad value is a usage error that writes nothing.
#include <gtest/gtest.h>
#include <lifecircle/coverage.hpp>
#include <lifecircle/error.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/gdal_open.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

// One layer read through GDAL: its field names, and per feature the fields as text or number and
// the geometry as WKB.
struct ReadLayer {
  bool found = false;
  std::vector<std::string> fields;
  std::vector<std::vector<std::optional<std::string>>> text;  // per feature, per field (unset: NULL)
  std::vector<std::vector<std::optional<double>>> number;
  std::vector<std::string> wkb;
};

ReadLayer read_wide_test_layer(const std::string& path, const std::string& name) {
  ReadLayer out;
  auto ds = test::open_vector(path);
  if (!ds) return out;
  OGRLayer* layer = ds->GetLayerByName(name.c_str());
  if (!layer) return out;
  out.found = true;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  for (auto& f : *layer) {
    std::vector<std::optional<std::string>> t;
    std::vector<std::optional<double>> v;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      const bool set = f->IsFieldSetAndNotNull(i);
      t.push_back(set ? std::optional<std::string>(f->GetFieldAsString(i)) : std::nullopt);
      v.push_back(set ? std::optional<double>(f->GetFieldAsDouble(i)) : std::nullopt);
    }
    out.text.push_back(std::move(t));
    out.number.push_back(std::move(v));
    std::string blob;
    if (const OGRGeometry* g = f->GetGeometryRef()) {
      blob.resize(static_cast<std::size_t>(g->WkbSize()));
      g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(blob.data()));
    }
    out.wkb.push_back(std::move(blob));
  }
  return out;
}

int column(const ReadLayer& l, const std::string& name) {
  const auto it = std::find(l.fields.begin(), l.fields.end(), name);
  return it == l.fields.end() ? -1 : static_cast<int>(it - l.fields.begin());
}

// origin_access pivoted, compared with origin_access_wide cell by cell.
void expect_wide_is_long_pivoted(const ReadLayer& long_layer, const ReadLayer& wide) {
  ASSERT_TRUE(long_layer.found && wide.found);
  const int id = column(long_layer, "origin_id"), cat = column(long_layer, "category"), pop = column(long_layer, "population"),
            near = column(long_layer, "nearest_s"), cov = column(long_layer, "covered"), unit = column(long_layer, "unit"),
            community = column(long_layer, "community");
  ASSERT_GE(std::min({id, cat, pop, near, cov, unit, community}), 0);
  std::vector<std::string> order, categories;
  struct Origin {
    std::size_t first_row = 0;
    double people = 0;
    std::map<std::string, std::pair<std::optional<double>, long long>> by_category;
  };
  std::map<std::string, Origin> origins;
  for (std::size_t r = 0; r < long_layer.text.size(); ++r) {
    const std::string o = *long_layer.text[r][id], c = *long_layer.text[r][cat];
    if (!origins.count(o)) order.push_back(o), origins[o].first_row = r;
    if (std::find(categories.begin(), categories.end(), c) == categories.end()) categories.push_back(c);
    Origin& x = origins[o];
    x.people = std::max(x.people, long_layer.number[r][pop].value_or(0.0));  // some category serves everyone
    const auto& ns = long_layer.number[r][near];
    x.by_category[c] = {ns ? std::optional<double>(*ns / 60.0) : std::nullopt,
                        static_cast<long long>(*long_layer.number[r][cov])};
  }
  std::sort(categories.begin(), categories.end());
  std::vector<std::string> want_fields{"origin_id", "population", "categories_covered"};
  for (const auto& c : categories) want_fields.push_back(c + "_min"), want_fields.push_back(c + "_covered");
  want_fields.insert(want_fields.end(), {"unit", "community"});
  ASSERT_EQ(wide.fields, want_fields);
  ASSERT_EQ(wide.text.size(), order.size());
  std::size_t reached = 0, unreached = 0;
  for (std::size_t r = 0; r < order.size(); ++r) {
    SCOPED_TRACE("origin " + order[r]);
    const Origin& x = origins[order[r]];
    const std::size_t lr = x.first_row;
    EXPECT_EQ(wide.text[r][0], order[r]);
    EXPECT_EQ(wide.number[r][1], x.people);
    EXPECT_EQ(wide.wkb[r], long_layer.wkb[lr]);
    EXPECT_EQ(wide.text[r][want_fields.size() - 2], long_layer.text[lr][unit]);
    EXPECT_EQ(wide.text[r][want_fields.size() - 1], long_layer.text[lr][community]);
    long long covered = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
      const auto& [minutes, in] = x.by_category.at(categories[c]);
      EXPECT_EQ(wide.number[r][3 + 2 * c], minutes) << categories[c];
      EXPECT_EQ(wide.number[r][4 + 2 * c], static_cast<double>(in)) << categories[c];
      covered += in;
      (minutes ? reached : unreached) += 1;
    }
    EXPECT_EQ(wide.number[r][2], static_cast<double>(covered));
  }
  EXPECT_GT(reached, 0u);
  EXPECT_GT(unreached, 0u) << "origins that reach no facility of a category must be tested";
}

std::string wide_args(const std::string& city) {
  return "coverage --network " + city + ":streets --facilities " + city + ":facilities --category-field category "
         "--id-field id --origins " + city + ":compounds --origin-id-field id --population-field population "
         "--entrances " + city + ":gates --units " + city + ":districts --unit-name-field name -q "
         "--max-snap 10";  // some gates farther from a street: origins that reach nothing (empty minutes)
}

std::set<std::string> layer_names(const std::string& path) {
  std::set<std::string> out;
  auto ds = test::open_vector(path);
  if (ds)
    for (auto* layer : ds->GetLayers()) out.insert(layer->GetName());
  return out;
}

std::vector<std::string> style_names_of(const std::string& path, const std::string& layer) {
  std::vector<std::string> out;
  auto ds = test::open_vector(path);
  if (!ds) return out;
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  if (!styles) return out;
  for (auto& f : *styles)
    if (std::string(f->GetFieldAsString("f_table_name")) == layer)
      out.push_back(std::string(f->GetFieldAsString("styleName")) + (f->GetFieldAsInteger("useAsDefault") ? " (default)" : ""));
  return out;
}

// Streamed (a new GeoPackage) and whole (--update of a missing file): the wide layer is the long one
// pivoted, the same in both; wide alone leaves origin_access and gaps out and keeps every other layer.
TEST(CoverageWide, WideLayerIsTheLongLayerPivotedStreamedAndWhole) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  // Eight of the 24 categories (a second each run instead of three), two of them reaching nothing.
  const std::string args = wide_args(city) + " --categories convenience_store,pharmacy,elder_dining,kindergarten,"
                                             "health_station,fitness,library,hospital";
  const auto both = test::run_cli(args + " --layout both --out " + dir.file("both.gpkg"));
  ASSERT_EQ(both.code, 0) << both.out;
  const ReadLayer wide = read_wide_test_layer(dir.file("both.gpkg"), "origin_access_wide");
  expect_wide_is_long_pivoted(read_wide_test_layer(dir.file("both.gpkg"), "origin_access"), wide);

  const auto whole = test::run_cli(args + " --layout wide --out " + dir.file("whole.gpkg") + " --update");
  ASSERT_EQ(whole.code, 0) << whole.out;
  const ReadLayer whole_wide = read_wide_test_layer(dir.file("whole.gpkg"), "origin_access_wide");
  EXPECT_EQ(whole_wide.text, wide.text);
  EXPECT_EQ(whole_wide.wkb, wide.wkb);

  const auto alone = test::run_cli(args + " --layout wide --out " + dir.file("wide.gpkg"));
  ASSERT_EQ(alone.code, 0) << alone.out;
  std::set<std::string> want = layer_names(dir.file("both.gpkg"));
  want.erase("origin_access"), want.erase("gaps");
  EXPECT_EQ(layer_names(dir.file("wide.gpkg")), want);
  EXPECT_EQ(layer_names(dir.file("whole.gpkg")), want);
  EXPECT_EQ(read_wide_test_layer(dir.file("wide.gpkg"), "origin_access_wide").text, wide.text);
  EXPECT_EQ(read_wide_test_layer(dir.file("wide.gpkg"), "gap_areas").text,
            read_wide_test_layer(dir.file("both.gpkg"), "gap_areas").text);
  // gaps, the long layer's uncovered rows, is in the wide layer: the rows with <id>_covered 0.
  const ReadLayer gaps = read_wide_test_layer(dir.file("both.gpkg"), "gaps");
  std::set<std::pair<std::string, std::string>> uncovered, gap_rows;
  for (std::size_t r = 0; r < wide.text.size(); ++r)
    for (std::size_t f = 3; f + 2 < wide.fields.size(); f += 2)
      if (wide.number[r][f + 1] == 0.0) uncovered.emplace(*wide.text[r][0], wide.fields[f].substr(0, wide.fields[f].size() - 4));
  for (const auto& row : gaps.text) gap_rows.emplace(*row[0], *row[1]);
  EXPECT_FALSE(gap_rows.empty());
  EXPECT_TRUE(std::includes(uncovered.begin(), uncovered.end(), gap_rows.begin(), gap_rows.end()));

  // Styled as the other layers: the default classes the categories covered, one style per category.
  const auto styles = style_names_of(dir.file("wide.gpkg"), "origin_access_wide");
  ASSERT_FALSE(styles.empty());
  EXPECT_EQ(styles.front(), "categories covered (default)");
  EXPECT_EQ(styles.size(), 1 + (wide.fields.size() - 5) / 2);
  EXPECT_NE(std::find(styles.begin(), styles.end(), "covered: convenience_store"), styles.end());
  EXPECT_EQ(style_names_of(dir.file("whole.gpkg"), "origin_access_wide"), styles);
  EXPECT_TRUE(style_names_of(dir.file("wide.gpkg"), "origin_access").empty());
}

// Tiled searches give the untiled wide layer, and it is their long layer pivoted.
TEST(CoverageWide, TiledRunGivesTheSameWideLayer) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const std::string args = wide_args(city) + " --categories convenience_store,pharmacy,elder_dining,library";
  ASSERT_EQ(test::run_cli(args + " --layout wide --out " + dir.file("untiled.gpkg")).code, 0);
  const auto tiled = test::run_cli(args + " --layout both --tile-size 2000 --out " + dir.file("tiled.gpkg"));
  ASSERT_EQ(tiled.code, 0) << tiled.out;
  const ReadLayer wide = read_wide_test_layer(dir.file("tiled.gpkg"), "origin_access_wide");
  expect_wide_is_long_pivoted(read_wide_test_layer(dir.file("tiled.gpkg"), "origin_access"), wide);
  const ReadLayer untiled = read_wide_test_layer(dir.file("untiled.gpkg"), "origin_access_wide");
  EXPECT_EQ(untiled.text, wide.text);
  EXPECT_EQ(untiled.wkb, wide.wkb);
}

// --report beside a wide-only --out: the report is the long layout's (its maps read origin_access
// and gaps, made for it but not written), and --out-dir gets origin_access_wide.geojson, not
// origin_access or gaps.
TEST(CoverageWide, ReportAndOutDirWithTheWideLayout) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const std::string args = wide_args(city) + " --categories convenience_store,pharmacy";
  ASSERT_EQ(test::run_cli(args + " --report " + dir.file("long.html")).code, 0);
  const auto wide = test::run_cli(args + " --layout wide --out " + dir.file("wide.gpkg") + " --report " + dir.file("wide.html"));
  ASSERT_EQ(wide.code, 0) << wide.out;
  EXPECT_EQ(layer_names(dir.file("wide.gpkg")).count("origin_access"), 0u);
  EXPECT_EQ(layer_names(dir.file("wide.gpkg")).count("gaps"), 0u);
  EXPECT_EQ(layer_names(dir.file("wide.gpkg")).count("origin_access_wide"), 1u);
  EXPECT_TRUE(test::read_file(dir.file("wide.html")) == test::read_file(dir.file("long.html")))
      << "the report does not depend on the layout";
  std::filesystem::create_directories(dir.file("layers"));
  ASSERT_EQ(test::run_cli(args + " --layout wide --out-dir " + dir.file("layers")).code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir.file("layers/origin_access_wide.geojson")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("layers/origin_access.geojson")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("layers/gaps.geojson")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("layers/gap_areas.geojson")));
}

TEST(CoverageWide, AnUnknownLayoutIsAUsageErrorThatWritesNothing) {
  test::TempDir dir;
  const std::string& city = test::synthetic_wuhai();
  const auto r = test::run_cli(wide_args(city) + " --layout tall --out " + dir.file("x.gpkg"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--layout"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tall"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
  // The library names the request's field, before anything is read.
  lifecircle::Context ctx(1);
  lifecircle::CoverageRequest request;
  request.layout = "tall";
  try {
    lifecircle::coverage(ctx, request);
    ADD_FAILURE() << "layout tall was accepted";
  } catch (const lifecircle::UsageError& e) {
    EXPECT_EQ(e.field, "layout");
  }
}

}  // namespace
}  // namespace lc
