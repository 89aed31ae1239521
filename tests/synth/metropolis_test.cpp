// The synthetic metropolis (engine/synth/metropolis, issue 20): deterministic, labelled synthetic,
// its counts as worked out by hand, a lattice at 100 m that the engine builds into side x side nodes,
// and `lifecircle synth metropolis` + `coverage` on its raster: one origin per cell.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "access/catalog.hpp"
#include "io/crs.hpp"
#include "io/raster_reader.hpp"
#include "io/table_writer.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"
#include "synth/metropolis.hpp"

namespace lc {
namespace {

std::string dump(const synth::Metropolis& m) {
  std::string s = std::to_string(m.side) + " " + std::to_string(m.x0) + " " + std::to_string(m.y0) + "\n";
  for (float p : m.population) s += std::to_string(p) + ",";
  for (const auto& t : m.layers) {
    s += t.name + "|" + t.description + "\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      for (const auto& c : t.rows[r]) s += io::format_cell(c) + ",";
      s += t.wkt[r] + "\n";
    }
  }
  return s;
}

TEST(SynthMetropolis, SameSeedSameCityAnotherSeedAnother) {
  const auto a = synth::synth_metropolis(test::shipped_catalog(), {2500, 7});
  const auto b = synth::synth_metropolis(test::shipped_catalog(), {2500, 7});
  const auto c = synth::synth_metropolis(test::shipped_catalog(), {2500, 8});
  EXPECT_EQ(dump(a), dump(b));
  EXPECT_NE(dump(a), dump(c));
  EXPECT_EQ(a.layers[0].wkt, c.layers[0].wkt);  // the lattice does not depend on the seed
}

// 40,000 cells: side 200; rows and columns of 199 blocks cut at 100 give 2 lines each: 800 lines;
// 40,000 / 400 = 100 facilities in each of the 24 categories.
TEST(SynthMetropolis, CountsByHand) {
  const auto m = synth::synth_metropolis(test::shipped_catalog(), {40000, 2026});
  EXPECT_EQ(m.side, 200);
  EXPECT_EQ(m.population.size(), 40000u);
  ASSERT_EQ(m.layers.size(), 2u);
  EXPECT_EQ(m.layers[0].name, "streets");
  EXPECT_EQ(m.layers[0].rows.size(), 800u);
  EXPECT_EQ(m.layers[1].name, "facilities");
  EXPECT_EQ(test::shipped_catalog().categories.size(), 24u);
  EXPECT_EQ(m.facilities_per_category, 100u);
  EXPECT_EQ(m.layers[1].rows.size(), 2400u);
  std::map<std::string, int> per_category;
  std::set<std::string> ids;
  for (const auto& row : m.layers[1].rows) ++per_category[std::get<std::string>(row[2])], ids.insert(std::get<std::string>(row[0]));
  EXPECT_EQ(ids.size(), 2400u);
  for (const auto& c : test::shipped_catalog().categories) EXPECT_EQ(per_category[c.id], 100) << c.id;
  // Vertices: each row and column line has its 200 nodes, the cut node twice: 2 x 200 x 201.
  std::size_t vertices = 0;
  for (const auto& w : m.layers[0].wkt) vertices += test::wkt_coords(w).size();
  EXPECT_EQ(vertices, 2u * 200 * 201);
  // Not a square number: the side is rounded.
  EXPECT_EQ(synth::metropolis_side(634000), 796);
  EXPECT_EQ(synth::metropolis_side(3), 2);
  for (const auto& t : m.layers) EXPECT_EQ(t.description.rfind(synth::kSyntheticMetropolisNote, 0), 0u) << t.name;
}

// The lattice is 100 m in UTM 51N; facilities lie 5-25 m beside a block; people are whole, 1..375.
TEST(SynthMetropolis, GeometryAsDescribed) {
  const auto m = synth::synth_metropolis(test::shipped_catalog(), {900, 3});
  ASSERT_EQ(m.side, 30);
  const io::Projector utm(synth::kMetropolisEpsg);
  const auto row0 = test::wkt_coords(m.layers[0].wkt[0]);  // row 0, blocks 0..29
  ASSERT_EQ(row0.size(), 30u);
  for (std::size_t i = 0; i < row0.size(); ++i) {
    const Point p = utm.forward({row0[i].first, row0[i].second});
    EXPECT_NEAR(p.x, m.x0 + 100.0 * static_cast<double>(i), 1e-3);
    EXPECT_NEAR(p.y, m.y0, 1e-3);
  }
  for (const auto& w : m.layers[1].wkt) {
    const auto c = test::wkt_coords(w);
    ASSERT_EQ(c.size(), 1u);
    const Point p = utm.forward({c[0].first, c[0].second});
    const double u = (p.x - m.x0) / 100, v = (p.y - m.y0) / 100;
    // Beside a row street (v near a whole number) or a column street (u near one), 5-25 m off.
    const double du = std::abs(u - std::round(u)) * 100, dv = std::abs(v - std::round(v)) * 100;
    EXPECT_TRUE((dv >= 5 - 1e-3 && dv <= 25 + 1e-3) || (du >= 5 - 1e-3 && du <= 25 + 1e-3)) << w;
    EXPECT_GE(u, -0.25 - 1e-6);
    EXPECT_LE(u, 29.25 + 1e-6);
  }
  for (float p : m.population) {
    EXPECT_EQ(p, std::round(p));
    EXPECT_GE(p, 1.0f);
    EXPECT_LE(p, 375.0f);
  }
}

// The command writes the three files; the raster reads back as one populated cell per node, centred
// on the nodes; coverage on it has one origin per cell and every category.
TEST(SynthMetropolis, CommandWritesFilesCoverageRunsOnThem) {
  test::TempDir dir;
  const auto r = test::run_cli("synth metropolis --cells 400 --out " + dir.file("m"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto cells = io::read_raster_cells(dir.file("m/population.tif"));
  EXPECT_EQ(cells.width, 20);
  EXPECT_EQ(cells.height, 20);
  ASSERT_EQ(cells.cells.size(), 400u);
  const auto m = synth::synth_metropolis(test::shipped_catalog(), {400, synth::MetropolisOptions{}.seed});
  const io::Projector utm(synth::kMetropolisEpsg);
  double people = 0, expected = 0;
  for (const auto& c : cells.cells) {
    const Point p = utm.forward(c.centre);
    EXPECT_NEAR(p.x, m.x0 + 100.0 * c.col, 1e-3);
    EXPECT_NEAR(p.y, m.y0 + 100.0 * (19 - c.row), 1e-3);
    people += c.value;
  }
  for (float p : m.population) expected += p;
  EXPECT_DOUBLE_EQ(people, expected);
  std::ifstream readme(dir.file("m/README.md"));
  std::stringstream text;
  text << readme.rdbuf();
  EXPECT_NE(text.str().find("NOT real data"), std::string::npos);

  const std::string gpkg = dir.file("m/metropolis.gpkg");
  const auto cov = test::run_cli("coverage --network " + gpkg + ":streets --facilities " + gpkg +
                                 ":facilities --category-field category --id-field id --origins " +
                                 dir.file("m/population.tif") + " --summary " + dir.file("summary.csv"));
  ASSERT_EQ(cov.code, 0) << cov.out;
  EXPECT_NE(cov.out.find("network: 400 nodes, 760 edges, 1 components"), std::string::npos) << cov.out;
  std::ifstream summary(dir.file("summary.csv"));
  std::string line;
  int all_rows = 0;
  while (std::getline(summary, line))
    if (line.rfind("ALL,", 0) == 0 && line.find("all_level") == std::string::npos) {
      ++all_rows;
      std::stringstream fields(line);
      std::string unit, category, population;
      std::getline(fields, unit, ','), std::getline(fields, category, ','), std::getline(fields, population, ',');
      (void)category;
      EXPECT_GT(std::stod(population), 0);
    }
  EXPECT_EQ(all_rows, 24);
}

}  // namespace
}  // namespace lc
