// Coverage, completeness, gaps and gap areas on cases worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "access/coverage.hpp"
#include "access/gap_areas.hpp"
#include "io/crs.hpp"

namespace lc {
namespace {

using access::CategoryResult;
using access::People;

// Four origins in a row of 100 m square cells (UTM 48N near Wuhai), 100/200/300/400 people.
struct Row4 {
  io::Projector proj{32648};
  People p;
  std::vector<std::string> cells;
  // "lon lat" of UTM 48N metres, as WKT writes a vertex.
  std::string ll(double x, double y) const {
    const LonLat l = proj.inverse({x, y});
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10f %.10f", l.lon, l.lat);
    return std::string(buf);
  }
  Row4() {
    const double x0 = 600000, y0 = 4390000;
    for (int i = 0; i < 4; ++i) {
      const double x = x0 + 100.0 * i;
      cells.push_back("POLYGON ((" + ll(x, y0) + ", " + ll(x + 100, y0) + ", " + ll(x + 100, y0 + 100) + ", " +
                      ll(x, y0 + 100) + ", " + ll(x, y0) + "))");
      p.id.push_back("o" + std::to_string(i));
      p.population.push_back(100.0 * (i + 1));
      p.elderly_share.push_back(i == 0 ? 0.5 : std::nan(""));
      p.unit.push_back(i < 2 ? "west" : "east");
      p.community.push_back("c" + std::to_string(i / 2));
      p.wkt_point.push_back("POINT (" + ll(x + 50, y0 + 50) + ")");
      p.snapped.push_back(true);
    }
  }
};

CategoryResult category(const std::string& id, std::vector<Cost::rep> ms, int level = 5) {
  CategoryResult c{id, Cost{300000}, access::Population::all, level, {}, {}, {}, {5, 10, 15}, {}, {}};
  for (auto m : ms) {
    c.nearest.push_back(m == Cost::kUnreachable ? Cost::unreachable() : Cost{m});
    c.nearest_id.push_back(m == Cost::kUnreachable ? "" : "f");
    c.counts.insert(c.counts.end(), {0, 0, 0});
  }
  return c;
}

constexpr Cost::rep kNo = Cost::kUnreachable;

TEST(Coverage, PopulationWeightedCoverageMeanAndP85ByHand) {
  Row4 r;
  // Times 60 s, 400 s, none, 200 s against a 300 s threshold: covered 100 + 400 of 1000 people.
  const auto c = category("shop", {60000, 400000, kNo, 200000});
  const auto st = access::category_stats(r.p, c, {0, 1, 2, 3}, {});
  EXPECT_DOUBLE_EQ(st.population, 1000);
  EXPECT_DOUBLE_EQ(st.covered, 500);
  EXPECT_DOUBLE_EQ(st.coverage(), 0.5);
  // Mean over the 700 people who reach one: (100*60 + 200*400 + 400*200) / 700.
  ASSERT_TRUE(st.mean_s);
  EXPECT_NEAR(*st.mean_s, 166000.0 / 700.0, 1e-9);
  // 300 of 1000 people (30%) reach none: the 85th percentile person is one of them.
  EXPECT_FALSE(st.p85_s);
  // Without origin 2: 700 people, all reach; sorted times 60 (100), 200 (400), 400 (200):
  // 85% of 700 = 595 people is passed only at 400 s.
  const auto st2 = access::category_stats(r.p, c, {0, 1, 3}, {});
  ASSERT_TRUE(st2.p85_s);
  EXPECT_DOUBLE_EQ(*st2.p85_s, 400.0);
}

TEST(Coverage, ElderlyCategoriesWeighOlderResidents) {
  Row4 r;
  auto c = category("elder_dining", {60000, 60000, 60000, 60000});
  c.group = access::Population::age_60_plus;
  access::GroupShares shares;
  shares.age_60_plus = 0.2;
  // Origin 0 says 50%; the others fall back to 20%: 50 + 40 + 60 + 80.
  const auto st = access::category_stats(r.p, c, {0, 1, 2, 3}, shares);
  EXPECT_DOUBLE_EQ(st.population, 230);
}

TEST(Coverage, CompletenessNeedsEveryCategoryOfTheLevel) {
  Row4 r;
  const std::vector<CategoryResult> cats = {category("a", {1000, 1000, 400000, kNo}),
                                            category("b", {1000, 400000, 1000, 1000}),
                                            category("c", {kNo, kNo, kNo, kNo}, 15)};
  // Level 5: only origin 0 has both a and b within 300 s.
  const auto st = access::completeness(r.p, cats, 5, {0, 1, 2, 3});
  EXPECT_DOUBLE_EQ(st.covered, 100);
  EXPECT_DOUBLE_EQ(st.population, 1000);
  EXPECT_DOUBLE_EQ(access::completeness(r.p, cats, 15, {0, 1, 2, 3}).covered, 0);
}

TEST(Coverage, TablesCarryTheSummaryContract) {
  Row4 r;
  const std::vector<CategoryResult> cats = {category("shop", {60000, 400000, kNo, 200000})};
  const auto unit = access::coverage_table("unit_coverage", "unit", access::group_by(r.p.unit, true), r.p, cats, {});
  const auto summary = access::summary_table(unit);
  std::vector<std::string> names;
  for (const auto& f : summary.fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"unit", "category", "population", "covered_population", "coverage", "mean_s", "p85_s"}));
  // east, west, ALL, each with shop and the level-5 completeness row.
  ASSERT_EQ(summary.rows.size(), 6u);
  EXPECT_EQ(std::get<std::string>(summary.rows[0][0]), "east");
  EXPECT_DOUBLE_EQ(std::get<double>(summary.rows[0][3]), 400);  // origin 3 covered, 2 not
  EXPECT_EQ(std::get<std::string>(summary.rows[4][0]), "ALL");
  EXPECT_DOUBLE_EQ(std::get<double>(summary.rows[4][4]), 0.5);
}

TEST(Coverage, GapsListUncoveredOriginsWithMinutesBeyond) {
  Row4 r;
  const std::vector<CategoryResult> cats = {category("shop", {60000, 400000, kNo, 200000})};
  const auto gaps = access::gaps_table(r.p, cats, {});
  ASSERT_EQ(gaps.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(gaps.rows[0][0]), "o1");
  EXPECT_NEAR(std::get<double>(gaps.rows[0][5]), 100.0 / 60.0, 1e-12);  // 400 s vs 300 s
  EXPECT_EQ(std::get<std::string>(gaps.rows[1][0]), "o2");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(gaps.rows[1][5]));  // reaches none
}

TEST(GapAreas, AdjacentUncoveredCellsMergeAndHoldTheirPeople) {
  Row4 r;
  // Cells 1 and 2 are uncovered and touch: one area of 2 cells with 500 people; cell 0 and 3 covered.
  const std::vector<CategoryResult> cats = {category("shop", {60000, 400000, kNo, 200000})};
  const auto areas = access::gap_areas_table(r.p, r.cells, cats, {}, r.proj, {});
  ASSERT_EQ(areas.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[0][2]), 500);
  EXPECT_NEAR(std::get<double>(areas.rows[0][3]), 20000.0, 1.0);
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[0][4]), 400.0);  // worst reachable walk
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[0][5]), 300);    // people who reach none
}

TEST(GapAreas, PointOriginsNeverPutACoveredOriginInsideAGap) {
  Row4 r;
  // The same origins as plain points: Voronoi cells (cut at 100 m) stand for them.
  const std::vector<CategoryResult> cats = {category("shop", {60000, 400000, 60000, 400000})};
  const auto areas = access::gap_areas_table(r.p, std::vector<std::string>(4), cats, {}, r.proj, {});
  ASSERT_EQ(areas.rows.size(), 2u);  // o1 and o3 are not neighbours: two areas
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[0][2]), 400);  // o3's area ranks first
  double people = 0;
  for (const auto& row : areas.rows) people += std::get<double>(row[2]);
  EXPECT_DOUBLE_EQ(people, 600);  // gap areas hold exactly the uncovered population
  // o1's Voronoi cell is the strip halfway to its neighbours (100 m wide) cut by the 100 m disc;
  // o3 is last in the row, so its cell is open on one side: the disc less the part beyond the
  // halfway line, 31416 - 6142 = 25274 m2 (a little less on the buffer's polygon).
  EXPECT_NEAR(std::get<double>(areas.rows[0][3]), 25274, 250);
  EXPECT_LT(std::get<double>(areas.rows[1][3]), 100.0 * 200.0);
}

// A W x H grid of 100 m cells at Wuhai's latitude (UTM 48N), as lon/lat WKT like the grid origins.
struct GridCells {
  io::Projector proj{32648};
  People p;
  std::vector<std::string> cells;
  GridCells(int w, int h) {
    auto ll = [&](double x, double y) {
      const LonLat l = proj.inverse({x, y});
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.10f %.10f", l.lon, l.lat);
      return std::string(buf);
    };
    for (int j = 0; j < h; ++j)
      for (int i = 0; i < w; ++i) {
        const double x = 600000 + 100.0 * i, y = 4390000 + 100.0 * j;
        cells.push_back("POLYGON ((" + ll(x, y) + ", " + ll(x + 100, y) + ", " + ll(x + 100, y + 100) + ", " +
                        ll(x, y + 100) + ", " + ll(x, y) + "))");
        p.id.push_back("c" + std::to_string(cells.size() - 1));
        p.population.push_back(1 + static_cast<double>(cells.size() % 7));
        p.elderly_share.push_back(std::nan(""));
        p.unit.push_back("u");
        p.community.push_back("");
        p.wkt_point.push_back("POINT (" + ll(x + 50, y + 50) + ")");
        p.snapped.push_back(true);
      }
  }
};

// The people of each group of uncovered cells joined through shared edges (a flood fill, the
// independent answer to what the GEOS merge of gap areas must give), largest first.
std::vector<double> edge_connected_people(int w, int h, const std::vector<bool>& gap, const People& p) {
  std::vector<int> seen(gap.size(), 0);
  std::vector<double> groups;
  for (int start = 0; start < w * h; ++start) {
    if (!gap[start] || seen[start]) continue;
    double people = 0;
    std::vector<int> stack{start};
    seen[start] = 1;
    while (!stack.empty()) {
      const int c = stack.back();
      stack.pop_back();
      people += p.population[c];
      const int i = c % w, j = c / w;
      for (auto [di, dj] : {std::pair{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
        const int ni = i + di, nj = j + dj, n = nj * w + ni;
        if (ni < 0 || nj < 0 || ni >= w || nj >= h || !gap[n] || seen[n]) continue;
        seen[n] = 1, stack.push_back(n);
      }
    }
    groups.push_back(people);
  }
  std::sort(groups.rbegin(), groups.rend());
  return groups;
}

TEST(GapAreas, RandomGridsMergeIntoTheEdgeConnectedGroups) {
  std::mt19937 rng(11);
  for (int round = 0; round < 12; ++round) {
    const int w = 3 + static_cast<int>(rng() % 12), h = 3 + static_cast<int>(rng() % 12);
    GridCells g(w, h);
    std::vector<bool> gap(g.cells.size());
    std::vector<Cost::rep> ms;
    for (std::size_t c = 0; c < gap.size(); ++c) {
      gap[c] = rng() % 100 < 45;
      ms.push_back(gap[c] ? 400000 : 60000);
    }
    const auto areas = access::gap_areas_table(g.p, g.cells, {category("shop", ms)}, {}, g.proj, {});
    const std::vector<double> want = edge_connected_people(w, h, gap, g.p);
    std::vector<double> got;
    double area = 0;
    for (const auto& row : areas.rows) got.push_back(std::get<double>(row[2])), area += std::get<double>(row[3]);
    EXPECT_EQ(got, want) << "round " << round << ": " << w << " x " << h;
    EXPECT_NEAR(area, 10000.0 * static_cast<double>(std::count(gap.begin(), gap.end(), true)), 1.0) << "round " << round;
  }
}

TEST(GapAreas, OverlappingCommunitiesMergeIntoTheirUnion) {
  Row4 r;
  // Two community polygons 100 m square overlapping by half: not a coverage, so the merge must
  // fall back from dissolving shared edges to a full overlay. Union: 150 m x 100 m.
  auto ll = [&](double x, double y) { return r.ll(x, y); };
  char buf[512];
  std::snprintf(buf, sizeof buf, "POLYGON ((%s, %s, %s, %s, %s))", ll(600050, 4390000).c_str(), ll(600150, 4390000).c_str(),
                ll(600150, 4390100).c_str(), ll(600050, 4390100).c_str(), ll(600050, 4390000).c_str());
  r.cells[1] = buf;
  const std::vector<CategoryResult> cats = {category("shop", {400000, 400000, 60000, 60000})};
  const auto areas = access::gap_areas_table(r.p, r.cells, cats, {}, r.proj, {});
  ASSERT_EQ(areas.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[0][2]), 300);
  EXPECT_NEAR(std::get<double>(areas.rows[0][3]), 15000.0, 2.0);
}

// Built category by category, a cell's shape is kept as its shell's coordinates and made again for
// each later category; a shape with a hole is kept as GEOS made it. Origin 0's cell has a 20 m
// square hole, cells 0 and 1 share an edge: the areas are worked out by hand for both categories,
// the second made from the kept shapes.
TEST(GapAreas, ShapesKeptBetweenCategoriesGiveTheSameAreas) {
  Row4 r;
  auto ll = [&](double x, double y) { return r.ll(x, y); };
  const double x0 = 600000, y0 = 4390000;
  r.cells[0] = "POLYGON ((" + ll(x0, y0) + ", " + ll(x0 + 100, y0) + ", " + ll(x0 + 100, y0 + 100) + ", " + ll(x0, y0 + 100) +
               ", " + ll(x0, y0) + "), (" + ll(x0 + 40, y0 + 40) + ", " + ll(x0 + 40, y0 + 60) + ", " + ll(x0 + 60, y0 + 60) +
               ", " + ll(x0 + 60, y0 + 40) + ", " + ll(x0 + 40, y0 + 40) + "))";
  const std::vector<CategoryResult> cats = {category("a", {kNo, 400000, 60000, 60000}),
                                            category("b", {400000, kNo, 60000, 400000})};
  access::GapAreaBuilder builder(r.p, r.cells, cats, {}, r.proj, {});
  for (const auto& c : cats) builder.add(c);
  const io::Table& areas = builder.gap_areas();
  ASSERT_EQ(areas.rows.size(), 3u);
  // a: cells 0 and 1 as one area with the hole (100 + 200 people, 20,000 - 400 m2).
  EXPECT_EQ(std::get<std::string>(areas.rows[0][0]), "a");
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[0][2]), 300);
  EXPECT_NEAR(std::get<double>(areas.rows[0][3]), 19600.0, 2.0);
  // b: cell 3 (400 people) first, then cells 0 and 1 again, made from the kept shapes.
  EXPECT_EQ(std::get<std::string>(areas.rows[1][0]), "b");
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[1][2]), 400);
  EXPECT_NEAR(std::get<double>(areas.rows[1][3]), 10000.0, 1.0);
  EXPECT_DOUBLE_EQ(std::get<double>(areas.rows[2][2]), 300);
  EXPECT_NEAR(std::get<double>(areas.rows[2][3]), 19600.0, 2.0);
}

}  // namespace
}  // namespace lc
