// Scenario comparison tables on a hand case: four origins in two units, one category (threshold
// 300 s), base and scenario times written out, every cell worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "access/compare.hpp"

namespace lc::access {
namespace {

People people() {
  People p;
  p.id = {"a", "b", "c", "d"};
  p.population = {100, 200, 300, 400};
  p.elderly_share = std::vector<double>(4, std::nan(""));
  p.unit = {"East", "East", "West", "West"};
  p.community = std::vector<std::string>(4);
  p.wkt_point = {"POINT (1 1)", "POINT (2 2)", "POINT (3 3)", "POINT (4 4)"};
  p.snapped = std::vector<bool>(4, true);
  return p;
}

CategoryResult result(std::vector<Cost> t, std::vector<std::string> ids, std::vector<std::uint32_t> counts) {
  return {"shop", Cost{300000}, Population::all, 5, std::move(t), std::move(ids), std::move(counts), {5.0}, {}, {}};
}

const Cost none = Cost::unreachable();

// a: 200 -> 100 s (faster, nearer facility);  b: 400 -> 250 (newly covered);
// c: 250 -> 500 (lost);  d: unreachable both (unchanged, no row).
const std::vector<CategoryResult> base{result({Cost{200000}, Cost{400000}, Cost{250000}, none}, {"f1", "f1", "f2", ""}, {1, 0, 1, 0})};
const std::vector<CategoryResult> scen{result({Cost{100000}, Cost{250000}, Cost{500000}, none}, {"n1", "n1", "f1", ""}, {2, 1, 0, 0})};

TEST(CompareTables, SummaryPerUnitAndAll) {
  const io::Table t = compare_summary_table(people(), base, scen, {});
  ASSERT_EQ(t.rows.size(), 3u);  // East, West, ALL
  auto num = [&](std::size_t r, std::size_t c) { return std::get<double>(t.rows[r][c]); };
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "East");
  EXPECT_DOUBLE_EQ(num(0, 2), 300);   // population
  EXPECT_DOUBLE_EQ(num(0, 3), 100);   // covered base: a
  EXPECT_DOUBLE_EQ(num(0, 4), 300);   // covered scenario: a, b
  EXPECT_DOUBLE_EQ(num(0, 5), 200);   // newly covered: b
  EXPECT_DOUBLE_EQ(num(0, 6), 0);     // lost
  // Mean base (100*200 + 200*400)/300 = 333.33; scenario (100*100 + 200*250)/300 = 200.
  EXPECT_NEAR(num(0, 9), 1000.0 / 3.0, 1e-9);
  EXPECT_NEAR(num(0, 10), 200.0, 1e-9);
  EXPECT_NEAR(num(0, 11), 200.0 - 1000.0 / 3.0, 1e-9);
  EXPECT_EQ(std::get<std::string>(t.rows[1][0]), "West");
  EXPECT_DOUBLE_EQ(num(1, 5), 0);
  EXPECT_DOUBLE_EQ(num(1, 6), 300);   // lost: c
  // West: d (400 of 700 people) reaches nothing, so no finite 85th percentile on either side.
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[1][12]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[1][14]));
  EXPECT_EQ(std::get<std::string>(t.rows[2][0]), "ALL");
  EXPECT_DOUBLE_EQ(num(2, 2), 1000);
  EXPECT_DOUBLE_EQ(num(2, 3), 400);   // a + c
  EXPECT_DOUBLE_EQ(num(2, 4), 300);   // a + b
  EXPECT_DOUBLE_EQ(num(2, 7), 0.4);
  EXPECT_DOUBLE_EQ(num(2, 8), 0.3);
}

TEST(CompareTables, OriginChangesListOnlyChangedOrigins) {
  const io::Table t = origin_changes_table(people(), base, scen, {});
  ASSERT_EQ(t.rows.size(), 3u);
  ASSERT_EQ(t.wkt.size(), 3u);
  const std::vector<std::string> status{"faster", "newly_covered", "lost"};
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(std::get<std::string>(t.rows[r][10]), status[r]) << r;
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][5]), -100.0);  // delta_s
  EXPECT_EQ(std::get<std::string>(t.rows[0][7]), "n1");
  EXPECT_EQ(std::get<long long>(t.rows[0][9]), 2);             // count_scenario
  EXPECT_EQ(t.wkt[2], "POINT (3 3)");
}

TEST(CompareTables, StatusRules) {
  EXPECT_EQ(change_of(base[0], scen[0], 3), Change::same);
  const auto slower = result({Cost{260000}, Cost{400000}, Cost{250000}, none}, {"f1", "f1", "f2", ""}, {1, 0, 1, 0});
  EXPECT_EQ(change_of(base[0], slower, 0), Change::slower);
}

}  // namespace
}  // namespace lc::access
