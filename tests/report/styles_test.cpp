// QGIS styles of the result layers: each style is well-formed XML (parsed with GDAL's XML parser)
// naming the right fields, the classes are the ones written out here by hand, and the quintile
// classes of gap areas hold every value exactly once on random data.
#include <gtest/gtest.h>

#include <cpl_minixml.h>

#include <memory>
#include <random>
#include <string>

#include "report/styles.hpp"

namespace lc {
namespace {

using io::Cell;
using io::FieldType;

struct Xml {
  std::unique_ptr<CPLXMLNode, void (*)(CPLXMLNode*)> root;
  explicit Xml(const std::string& text) : root(CPLParseXMLString(text.c_str()), CPLDestroyXMLNode) {}
};

// Every element called `name` below `node`, depth first.
void collect(const CPLXMLNode* node, const std::string& name, std::vector<const CPLXMLNode*>& out) {
  for (const CPLXMLNode* c = node; c; c = c->psNext) {
    if (c->eType == CXT_Element && name == c->pszValue) out.push_back(c);
    if (c->eType == CXT_Element) collect(c->psChild, name, out);
  }
}
std::vector<const CPLXMLNode*> all(const Xml& x, const std::string& name) {
  std::vector<const CPLXMLNode*> out;
  collect(x.root.get(), name, out);
  return out;
}
std::string value(const CPLXMLNode* n, const char* attr) { return CPLGetXMLValue(n, attr, ""); }

io::Table origin_access() {
  io::Table t{"origin_access", "", {{"origin_id"}, {"category"}, {"population", FieldType::real},
      {"nearest_s", FieldType::real}, {"nearest_id"}, {"threshold_s", FieldType::real},
      {"covered", FieldType::integer}}, true, {}, {}};
  // fitness (threshold 5 min): 100 people covered; convenience_store (15 min): 60 people beyond.
  t.add({std::string("o1"), std::string("fitness"), 100.0, 200.0, std::string("f1"), 300.0, 1LL}, "POINT (106.8 39.6)");
  t.add({std::string("o2"), std::string("fitness"), 10.0, 400.0, std::string("f1"), 300.0, 0LL}, "POINT (106.9 39.6)");
  t.add({std::string("o1"), std::string("convenience_store"), 100.0, 600.0, std::string("c"), 900.0, 1LL}, "POINT (106.8 39.6)");
  t.add({std::string("o2"), std::string("convenience_store"), 60.0, Cell{}, std::string(), 900.0, 0LL}, "POINT (106.9 39.6)");
  return t;
}

TEST(Styles, OriginAccessDefaultsToTheCategoryWithMostPeopleBeyondItsThreshold) {
  const io::Table t = origin_access();
  const auto styles = report::layer_styles({&t});
  ASSERT_EQ(styles.size(), 2u);  // one per category, the default first
  EXPECT_EQ(styles[0].name, "minutes: convenience_store");
  EXPECT_EQ(styles[1].name, "minutes: fitness");
  const Xml qml(styles[0].qml);
  ASSERT_TRUE(qml.root) << styles[0].qml;
  const auto renderer = all(qml, "renderer-v2");
  ASSERT_EQ(renderer.size(), 1u);
  EXPECT_EQ(value(renderer[0], "type"), "graduatedSymbol");
  EXPECT_EQ(value(renderer[0], "attr"),
            "CASE WHEN \"category\" = 'convenience_store' THEN coalesce(\"nearest_s\" / 60, 1000000) END");
  const auto ranges = all(qml, "range");
  ASSERT_EQ(ranges.size(), 5u);
  // 15 min threshold: 0-7.5 and 7.5-15 green, 15-22.5 amber, 22.5-30 orange, beyond red.
  const double bounds[][2] = {{0, 7.5}, {7.5, 15}, {15, 22.5}, {22.5, 30}, {30, report::kNoPathMinutes}};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(std::stod(value(ranges[i], "lower")), bounds[i][0]);
    EXPECT_DOUBLE_EQ(std::stod(value(ranges[i], "upper")), bounds[i][1]);
  }
  EXPECT_EQ(all(qml, "symbol").size(), 5u);
  EXPECT_NE(styles[0].description.find("threshold 15 min"), std::string::npos);
  const Xml fitness(styles[1].qml);
  EXPECT_DOUBLE_EQ(std::stod(value(all(fitness, "range")[1], "upper")), 5.0);

  const Xml sld(styles[0].sld);
  ASSERT_TRUE(sld.root);
  EXPECT_EQ(all(sld, "se:Rule").size(), 5u);
  bool names_field = false;
  for (const auto* p : all(sld, "ogc:PropertyName")) names_field |= CPLGetXMLValue(p, "", "") == std::string("nearest_s");
  EXPECT_TRUE(names_field);
  EXPECT_EQ(all(sld, "ogc:PropertyIsNull").size(), 1u);  // no path: the red class

  const auto one = report::layer_styles({&t}, {false});
  EXPECT_EQ(one.size(), 1u);
}

TEST(Styles, EveryKnownLayerGetsItsRendererAndNoStyleForTables) {
  io::Table gaps{"gaps", "", {{"origin_id"}, {"category"}, {"nearest_s", FieldType::real},
      {"threshold_s", FieldType::real}, {"minutes_beyond", FieldType::real}}, true, {}, {}};
  gaps.add({std::string("o"), std::string("c"), 1000.0, 300.0, 11.7}, "POINT (1 2)");
  io::Table areas{"gap_areas", "", {{"category"}, {"rank", FieldType::integer}, {"population", FieldType::real},
      {"worst_s", FieldType::real}}, true, {}, {}};
  for (int i = 1; i <= 10; ++i) areas.add({std::string("c"), static_cast<long long>(i), 10.0 * i, 60.0}, "POLYGON ((0 0,1 0,1 1,0 0))");
  io::Table sites{"proposed_sites", "", {{"rank", FieldType::integer}, {"site_id"}}, true, {}, {}};
  sites.add({1LL, std::string("s")}, "POINT (1 2)");
  io::Table iso{"isochrones", "", {{"category"}, {"facility_id"}, {"minutes", FieldType::real}}, true, {}, {}};
  for (double m : {5.0, 10.0, 15.0}) iso.add({std::string("c"), std::string("f"), m}, "POLYGON ((0 0,1 0,1 1,0 0))");
  io::Table service{"service_areas", "", {{"category"}, {"facility_id"}}, true, {}, {}};
  service.add({std::string("a"), std::string("f1")}, "POLYGON ((0 0,1 0,1 1,0 0))");
  service.add({std::string("b"), std::string("f1")}, "POLYGON ((0 0,1 0,1 1,0 0))");
  io::Table unit{"unit_coverage", "", {{"unit"}, {"coverage", FieldType::real}}, false, {}, {}};
  unit.add({std::string("u"), 0.5});

  const auto styles = report::layer_styles({&gaps, &areas, &sites, &iso, &service, &unit});
  ASSERT_EQ(styles.size(), 5u);  // unit_coverage has no geometry: nothing to draw
  struct Want {
    const char* layer;
    const char* renderer;
    const char* attr;
    const char* element;
    std::size_t classes;
    const char* symbol;
  };
  const Want want[] = {{"gaps", "graduatedSymbol", "coalesce(\"minutes_beyond\", 1000000)", "range", 4, "marker"},
                       {"gap_areas", "graduatedSymbol", "population", "range", 5, "fill"},
                       {"proposed_sites", "singleSymbol", "", "range", 0, "marker"},
                       {"isochrones", "categorizedSymbol", "minutes", "category", 3, "fill"},
                       {"service_areas", "categorizedSymbol", "\"category\" || ': ' || \"facility_id\"", "category", 2, "fill"}};
  for (std::size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(want[i].layer);
    EXPECT_EQ(styles[i].layer, want[i].layer);
    const Xml qml(styles[i].qml);
    ASSERT_TRUE(qml.root);
    const auto r = all(qml, "renderer-v2");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(value(r[0], "type"), want[i].renderer);
    EXPECT_EQ(value(r[0], "attr"), want[i].attr);
    EXPECT_EQ(all(qml, want[i].element).size(), want[i].classes);
    EXPECT_EQ(value(all(qml, "symbol")[0], "type"), want[i].symbol);
    EXPECT_TRUE(Xml(styles[i].sld).root) << styles[i].sld;
    EXPECT_LE(styles[i].name.size(), 30u);
  }
  // Gap areas: people 10..100, classes at the quintiles 20, 40, 60, 80.
  const Xml areas_qml(styles[1].qml);
  const auto ranges = all(areas_qml, "range");
  EXPECT_EQ(value(ranges[0], "upper"), "20");
  EXPECT_EQ(value(ranges[3], "upper"), "80");
  EXPECT_EQ(value(ranges[4], "upper"), "100");
  // Sites: labelled by rank, centred on the symbol.
  const Xml sites_qml(styles[2].qml);
  EXPECT_EQ(value(all(sites_qml, "qgis")[0], "labelsEnabled"), "1");
  EXPECT_EQ(value(all(sites_qml, "text-style")[0], "fieldName"), "rank");
  EXPECT_EQ(value(all(sites_qml, "placement")[0], "placement"), "1");
  // Isochrones: the category values are the minutes as QGIS prints them, widest drawn first.
  const Xml iso_qml(styles[3].qml);
  EXPECT_EQ(value(all(iso_qml, "category")[0], "value"), "5");
  EXPECT_EQ(value(all(iso_qml, "category")[2], "value"), "15");
  EXPECT_EQ(value(all(iso_qml, "renderer-v2")[0], "enableorderby"), "1");
  // Service areas: the same id in two categories keeps two classes, told apart by category.
  const Xml service_qml(styles[4].qml);
  EXPECT_EQ(value(all(service_qml, "category")[1], "value"), "b: f1");
}

TEST(Styles, OutlinedCoverageTablesGetAStylePerCategory) {
  // unit_coverage with its outlines: b has the lower coverage, so it is the default.
  io::Table unit{"unit_coverage", "", {{"unit"}, {"category"}, {"coverage", FieldType::real}}, true, {}, {}};
  unit.add({std::string("East"), std::string("a"), 0.9}, "POLYGON ((0 0,1 0,1 1,0 0))");
  unit.add({std::string("East"), std::string("b"), 0.3}, "POLYGON ((0 0,1 0,1 1,0 0))");
  unit.add({std::string("ALL"), std::string("a"), 0.9}, "");
  // unit_gaps: a leaves more people uncovered, so it is the default.
  io::Table gaps{"unit_gaps", "", {{"unit"}, {"category"}, {"uncovered_population", FieldType::real}}, true, {}, {}};
  gaps.add({std::string("East"), std::string("a"), 900.0}, "POLYGON ((0 0,1 0,1 1,0 0))");
  gaps.add({std::string("East"), std::string("b"), 10.0}, "POLYGON ((0 0,1 0,1 1,0 0))");
  const auto styles = report::layer_styles({&unit, &gaps});
  ASSERT_EQ(styles.size(), 4u);
  EXPECT_EQ(styles[0].name, "coverage: b");
  EXPECT_EQ(styles[1].name, "coverage: a");
  EXPECT_EQ(styles[2].name, "uncovered: a");
  EXPECT_EQ(styles[3].name, "uncovered: b");
  const Xml cov(styles[0].qml);
  EXPECT_NE(value(all(cov, "renderer-v2")[0], "attr").find("\"category\" = 'b'"), std::string::npos);
  EXPECT_EQ(value(all(cov, "symbol")[0], "type"), "fill");
  const Xml unc(styles[2].qml);
  EXPECT_NE(value(all(unc, "renderer-v2")[0], "attr").find("uncovered_population"), std::string::npos);
  EXPECT_EQ(all(unc, "range").size(), 5u);
}

TEST(Styles, GapAreaClassesHoldEveryValueOnRandomData) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    io::Table areas{"gap_areas", "", {{"category"}, {"population", FieldType::real}, {"worst_s", FieldType::real}}, true, {}, {}};
    const int n = 1 + static_cast<int>(rng() % 40);
    std::vector<double> people;
    for (int i = 0; i < n; ++i) {
      const double p = trial % 3 == 0 ? 50.0 : std::exp(std::uniform_real_distribution<double>(0, 9)(rng));
      people.push_back(p);
      areas.add({std::string("c"), p, 1.0}, "POLYGON ((0 0,1 0,1 1,0 0))");
    }
    const auto styles = report::layer_styles({&areas});
    ASSERT_EQ(styles.size(), 1u);
    const Xml qml(styles[0].qml);
    const auto ranges = all(qml, "range");
    ASSERT_GE(ranges.size(), 1u);
    ASSERT_LE(ranges.size(), 5u);
    double previous = 0;
    for (const auto* r : ranges) {  // contiguous, increasing, from 0
      EXPECT_DOUBLE_EQ(std::stod(value(r, "lower")), previous);
      previous = std::stod(value(r, "upper"));
      EXPECT_GT(previous, std::stod(value(r, "lower")));
    }
    for (double p : people) {  // brute force: some class holds every value
      bool held = false;
      for (const auto* r : ranges) held |= std::stod(value(r, "lower")) <= p && p <= std::stod(value(r, "upper"));
      EXPECT_TRUE(held) << p;
    }
  }
}

}  // namespace
}  // namespace lc
