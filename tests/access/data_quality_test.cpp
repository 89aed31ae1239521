// The data_quality table (access/data_quality.hpp) on a network drawn by hand, in UTM 48N around
// (500000, 4400000), with every figure computed by hand:
//
//                                   C (3000, 1500)      component 1: a detached residential street
//                 B footway            |
//          (1000, 1000)                |
//                 |                 C (3000, 500)
//   A (0,0) ===== (1000,0) ===== (2000,0)               component 0: A (residential) and B
//
// Unit "west": x 0..1000, y -500..500 (1 km²): A 1000 m, B 500 m (footway).
// Unit "east": x 1500..3500, y -500..1000 (3 km²): A 500 m, C 500 m; two components.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <string>
#include <tuple>

#include "access/data_quality.hpp"
#include "io/crs.hpp"
#include "network/builder.hpp"

namespace lc::access {
namespace {

constexpr double kX = 500000, kY = 4400000;

network::Graph drawn_graph() {
  network::NetworkInput in;
  in.class_names = {"", "residential", "footway"};
  for (auto [x, y] : {std::pair{0, 0}, {1000, 0}, {2000, 0}, {1000, 1000}, {3000, 500}, {3000, 1500}})
    in.vertices.push_back({kX + x, kY + y});
  in.ways.push_back({{0, 1, 2}, 1.0f, 0.0f, {}, 1, 1});
  in.ways.push_back({{1, 3}, 1.0f, 0.0f, {}, 2, 2});
  in.ways.push_back({{4, 5}, 1.0f, 0.0f, {}, 3, 1});
  return network::build_graph(in);
}

std::string square(const io::Projector& p, double x0, double y0, double x1, double y1) {
  std::string wkt = "POLYGON ((";
  const std::pair<double, double> corners[] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  for (std::size_t i = 0; i < 5; ++i) {
    const LonLat ll = p.inverse({kX + corners[i].first, kY + corners[i].second});
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.12f %.12f", i ? ", " : "", ll.lon, ll.lat);
    wkt += buf;
  }
  return wkt + "))";
}

double real(const io::Table& t, std::size_t row, const std::string& column) {
  for (std::size_t c = 0; c < t.fields.size(); ++c)
    if (t.fields[c].name == column) {
      const io::Cell& cell = t.rows[row][c];
      if (const auto* d = std::get_if<double>(&cell)) return *d;
      if (const auto* i = std::get_if<long long>(&cell)) return static_cast<double>(*i);
      return std::nan("");
    }
  ADD_FAILURE() << "no column " << column;
  return std::nan("");
}

TEST(DataQuality, HandDrawnUnitsAndAll) {
  const network::Graph g = drawn_graph();
  ASSERT_EQ(g.component_size.size(), 2u);
  const io::Projector proj{32648};
  const std::vector<Unit> units{{"west", square(proj, 0, -500, 1000, 500)}, {"east", square(proj, 1500, -500, 3500, 1000)}};
  People people;
  people.id = {"o1", "o2", "o3", "o4"};
  people.population = {100, 50, 30, 20};
  people.elderly_share.assign(4, std::nan(""));
  people.unit = {"west", "east", "east", ""};
  people.community.assign(4, "");
  people.wkt_point.assign(4, "");
  people.snapped = {true, true, false, false};
  const std::vector<bool> on_main{true, false, false, false};  // o2 snaps only to C
  std::vector<LonLat> facilities;
  for (auto [x, y] : {std::pair{500.0, 100.0}, {2500.0, 0.0}, {5000.0, 5000.0}}) facilities.push_back(proj.inverse({kX + x, kY + y}));
  std::vector<network::Snap> snaps(3);
  snaps[0].edge = 0;  // snapped; the others are not
  const io::Table t = data_quality_table({g, proj, units, people, on_main, facilities, snaps});

  ASSERT_EQ(t.name, "data_quality");
  const std::vector<std::string> contract{"unit", "street_km_per_km2", "footway_share", "components", "people_unsnapped",
                                          "facilities_unsnapped"};
  for (std::size_t c = 0; c < contract.size(); ++c) EXPECT_EQ(t.fields[c].name, contract[c]);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "west");
  EXPECT_EQ(std::get<std::string>(t.rows[2][0]), "ALL");
  // west: 1.5 km of street on 1 km², a third of it footway; one component; nobody unsnapped.
  EXPECT_NEAR(real(t, 0, "area_km2"), 1.0, 1e-6);
  EXPECT_NEAR(real(t, 0, "street_km_per_km2"), 1.5, 1e-6);
  EXPECT_NEAR(real(t, 0, "footway_share"), 1.0 / 3, 1e-6);
  EXPECT_EQ(real(t, 0, "components"), 1);
  EXPECT_EQ(real(t, 0, "people"), 100);
  EXPECT_EQ(real(t, 0, "people_unsnapped"), 0);
  EXPECT_EQ(real(t, 0, "facilities"), 1);
  EXPECT_EQ(real(t, 0, "facilities_unsnapped"), 0);
  // east: 1 km on 3 km², no footway, two components; 30 unsnapped, 50 on the detached street.
  EXPECT_NEAR(real(t, 1, "area_km2"), 3.0, 1e-6);
  EXPECT_NEAR(real(t, 1, "street_km_per_km2"), 1.0 / 3, 1e-6);
  EXPECT_NEAR(real(t, 1, "footway_share"), 0.0, 1e-9);
  EXPECT_EQ(real(t, 1, "components"), 2);
  EXPECT_EQ(real(t, 1, "people"), 80);
  EXPECT_EQ(real(t, 1, "people_unsnapped"), 30);
  EXPECT_EQ(real(t, 1, "people_off_main_component"), 50);
  EXPECT_EQ(real(t, 1, "facilities_unsnapped"), 1);
  // ALL: the units together for streets (2.5 km on 4 km², a fifth footway); everyone for people
  // and facilities (o4 and the third facility lie outside every unit).
  EXPECT_NEAR(real(t, 2, "street_km_per_km2"), 2.5 / 4, 1e-6);
  EXPECT_NEAR(real(t, 2, "footway_share"), 0.2, 1e-6);
  EXPECT_EQ(real(t, 2, "components"), 2);
  EXPECT_EQ(real(t, 2, "people"), 200);
  EXPECT_EQ(real(t, 2, "people_unsnapped"), 50);
  EXPECT_EQ(real(t, 2, "facilities"), 3);
  EXPECT_EQ(real(t, 2, "facilities_unsnapped"), 2);
}

// Without units, ALL is the network's convex hull: (0,0) (2000,0) (3000,500) (3000,1500)
// (1000,1000), 2.75 km² by the shoelace formula, holding all 4 km of street (A and C on its rim).
TEST(DataQuality, WithoutUnitsTheHullOfTheNetwork) {
  const network::Graph g = drawn_graph();
  const io::Projector proj{32648};
  People people;
  const io::Table t = data_quality_table({g, proj, {}, people, {}, {}, {}});
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "ALL");
  EXPECT_NEAR(real(t, 0, "area_km2"), 2.75, 1e-6);
  EXPECT_NEAR(real(t, 0, "street_km"), 4.0, 1e-6);
  EXPECT_NEAR(real(t, 0, "footway_share"), 0.25, 1e-6);
  EXPECT_EQ(real(t, 0, "components"), 2);
  EXPECT_TRUE(is_footway_class("steps"));
  EXPECT_FALSE(is_footway_class("residential"));
}

// Thin data (docs/report.md): more than 5% of a row's people unsnapped or off the main network.
// The shares are at the boundary and one person past it; a unit without people is never thin.
io::Table quality_rows(const std::vector<std::tuple<std::string, double, double, double>>& rows) {
  using io::FieldType;
  io::Table t{"data_quality", "", {{"unit"}, {"people", FieldType::real}, {"people_unsnapped", FieldType::real},
                                   {"people_off_main_component", FieldType::real}}, false, {}, {}};
  for (const auto& [unit, people, unsnapped, off] : rows) t.add({unit, people, unsnapped, off});
  return t;
}

TEST(DataQuality, ThinWhenMoreThanFivePercentReachNothingOrOnlyADetachedPiece) {
  const io::Table t = quality_rows({{"at five", 1000, 50, 50},      // exactly 5% each: not thin
                                    {"unsnapped", 1000, 51, 0},     // 5.1% unsnapped
                                    {"detached", 1000, 0, 51},      // 5.1% off the main network
                                    {"empty", 0, 0, 0},             // no people: no share to judge
                                    {"ALL", 3000, 101, 101}});      // 3.37% each: not thin
  const std::vector<ThinData> thin = thin_data(t);
  ASSERT_EQ(thin.size(), 2u);
  EXPECT_EQ(thin[0].unit, "unsnapped");
  EXPECT_DOUBLE_EQ(thin[0].unsnapped_share(), 0.051);
  EXPECT_EQ(thin[1].unit, "detached");
  EXPECT_DOUBLE_EQ(thin[1].off_main_share(), 0.051);
  const std::string text = thin_data_text(thin);
  // One line per thin row, each naming only the reason that holds for it.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_NE(text.find("unsnapped: the results rest on thin data. 5.1% of the people (51 of 1000) live farther than the "
                      "snapping distance from every mapped street"), std::string::npos) << text;
  EXPECT_NE(text.find("detached: the results rest on thin data. 5.1% (51) start on a piece of network cut off"),
            std::string::npos) << text;
  EXPECT_EQ(text.find("at five"), std::string::npos);
  EXPECT_EQ(thin_data_text({}), "");
  // A table without the people columns judges nothing.
  EXPECT_TRUE(thin_data(io::Table{"x", "", {{"unit"}}, false, {}, {}}).empty());
}

}  // namespace
}  // namespace lc::access
