// The siting integer program (GLPK) against the exhaustive optimum on small random instances, and
// the greedy's gap to it on instances too large for exhaustive search. The gaps are printed
// (and recorded as test properties) so a run reports them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "plan/siting.hpp"
#include "plan/siting_ip.hpp"
#include "core/error.hpp"

namespace lc::plan {
namespace {

SitingProblem random_instance(std::mt19937_64& rng, std::size_t origins, std::size_t candidates, std::size_t max_set) {
  SitingProblem p;
  for (std::size_t o = 0; o < origins; ++o) p.demand.push_back(rng() % 4 == 0 ? 0.0 : static_cast<double>(1 + rng() % 9));
  for (double d : p.demand) p.total_population += d;
  p.covers.first.push_back(0);
  for (std::size_t c = 0; c < candidates; ++c) {
    std::vector<std::uint32_t> s;
    const std::size_t k = 1 + rng() % max_set;
    for (std::size_t i = 0; i < k; ++i) s.push_back(static_cast<std::uint32_t>(rng() % origins));
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    p.covers.ids.insert(p.covers.ids.end(), s.begin(), s.end());
    p.covers.first.push_back(static_cast<std::uint32_t>(p.covers.ids.size()));
  }
  return p;
}

double greedy_total(const SitingProblem& p, std::size_t count) {
  double sum = 0;
  for (const auto& s : greedy_mclp(p, {count, std::nullopt, {}}).sites) sum += s.new_covered;
  return sum;
}

TEST(SitingIp, HandCaseFindsTheTwoSitesGreedyMisses) {
  if (!ip_available()) GTEST_SKIP() << "built without GLPK";
  SitingProblem p;
  p.demand = {10, 20, 30, 5, 15};
  p.total_population = 80;
  p.covers = {{0, 2, 4, 7, 9}, {0, 1, 1, 2, 2, 3, 4, 0, 4}};
  const auto s = ip_mclp(p, 2);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->covered, 80);
  EXPECT_EQ(s->chosen, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_DOUBLE_EQ(greedy_total(p, 2), 75);
}

TEST(SitingIp, EqualsExhaustiveSearchAndBoundsTheGreedy) {
  if (!ip_available()) GTEST_SKIP() << "built without GLPK";
  std::mt19937_64 rng(515);
  double worst = 0, sum_gap = 0;
  int optimal = 0;
  const int n = 40;
  for (int t = 0; t < n; ++t) {
    const SitingProblem p = random_instance(rng, 60, 20, 12);
    const std::size_t count = 2 + static_cast<std::size_t>(t % 4);
    const auto ip = ip_mclp(p, count);
    ASSERT_TRUE(ip) << t;
    ASSERT_NEAR(ip->covered, exact_mclp(p, count), 1e-9) << t;
    const double g = greedy_total(p, count);
    ASSERT_LE(g, ip->covered + 1e-9) << t;
    ASSERT_GE(g, (1 - 1 / std::exp(1.0)) * ip->covered - 1e-9) << t;
    const double gap = ip->covered > 0 ? 1 - g / ip->covered : 0;
    worst = std::max(worst, gap), sum_gap += gap, optimal += gap < 1e-12;
  }
  std::printf("greedy vs optimum, 40 instances (20 candidates, 60 origins, 2-5 sites): %d optimal, mean gap %.2f%%, worst %.2f%%\n",
              optimal, 100 * sum_gap / n, 100 * worst);
  RecordProperty("mean_gap_percent", std::to_string(100 * sum_gap / n));
  RecordProperty("worst_gap_percent", std::to_string(100 * worst));
}

TEST(SitingIp, GreedyGapBeyondExhaustiveSearch) {
  if (!ip_available()) GTEST_SKIP() << "built without GLPK";
  std::mt19937_64 rng(77);
  double worst = 0;
  for (int t = 0; t < 5; ++t) {
    const SitingProblem p = random_instance(rng, 400, 80, 30);
    const auto ip = ip_mclp(p, 8);
    ASSERT_TRUE(ip) << t;
    const double g = greedy_total(p, 8);
    ASSERT_LE(g, ip->covered + 1e-9) << t;
    ASSERT_GE(g, (1 - 1 / std::exp(1.0)) * ip->covered) << t;
    worst = std::max(worst, 1 - g / ip->covered);
  }
  std::printf("greedy vs optimum, 5 instances (80 candidates, 400 origins, 8 sites): worst gap %.2f%%\n", 100 * worst);
  RecordProperty("worst_gap_percent", std::to_string(100 * worst));
}

TEST(SitingIp, RefusesCapacities) {
  SitingProblem p;
  p.demand = {1};
  p.covers = {{0, 1}, {0}};
  p.candidate_capacity = {1};
  EXPECT_THROW(ip_mclp(p, 1), UsageError);
}

}  // namespace
}  // namespace lc::plan
