// Tests of lc::plan siting (maximal covering location): a hand-drawn case with the answers
// written out, lazy greedy against a plain greedy written here on random instances (identical
// picks), the (1 - 1/e) bound against the exhaustive optimum, per-district quotas, target
// coverage, capacities, and every bad-input case.
#include "plan/siting.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace {

using lc::plan::CoverSets;
using lc::plan::exact_mclp;
using lc::plan::greedy_mclp;
using lc::plan::SitingProblem;
using lc::plan::SitingRequest;
using lc::plan::SitingResult;

CoverSets make_covers(const std::vector<std::vector<std::uint32_t>>& sets) {
  CoverSets cs;
  cs.first.push_back(0);
  for (const auto& s : sets) {
    cs.ids.insert(cs.ids.end(), s.begin(), s.end());
    cs.first.push_back(static_cast<std::uint32_t>(cs.ids.size()));
  }
  return cs;
}

// The hand-drawn case. Five origins with uncovered demand 10, 20, 30, 5, 15 (80 people); 20 more
// are already covered by existing facilities, 100 in all. Four candidates:
//   c0 {o0, o1}      30
//   c1 {o1, o2}      50
//   c2 {o2, o3, o4}  50
//   c3 {o0, o4}      25
SitingProblem hand_drawn() {
  SitingProblem p;
  p.demand = {10, 20, 30, 5, 15};
  p.total_population = 100;
  p.covered_population = 20;
  p.covers = make_covers({{0, 1}, {1, 2}, {2, 3, 4}, {0, 4}});
  p.candidate_district = {"A", "A", "B", "B"};
  return p;
}

SitingRequest by_count(std::size_t n) {
  SitingRequest r;
  r.count = n;
  return r;
}

SitingRequest by_target(double f) {
  SitingRequest r;
  r.target_coverage = f;
  return r;
}

std::vector<std::uint32_t> picks(const SitingResult& res) {
  std::vector<std::uint32_t> out;
  for (const auto& s : res.sites) out.push_back(s.candidate);
  return out;
}

// Plain greedy, written independently of the engine: every round evaluates every allowed
// candidate not yet chosen, keeps the first strictly best one (so ties go to the lowest index and
// a candidate adding nobody is never chosen), and takes the demand left in its set up to its
// capacity in origin-id order.
std::vector<std::uint32_t> plain_greedy(const SitingProblem& p, std::size_t count,
                                        const std::map<std::string, std::size_t>& quotas = {}) {
  const std::size_t n = p.covers.first.size() - 1;
  std::vector<double> rest = p.demand;
  std::vector<bool> taken(n, false);
  std::map<std::string, std::size_t> left = quotas;
  std::vector<std::uint32_t> out;
  while (out.size() < count) {
    std::int64_t best = -1;
    double best_gain = 0;
    for (std::size_t c = 0; c < n; ++c) {
      if (taken[c]) continue;
      if (!quotas.empty()) {
        auto it = left.find(p.candidate_district[c]);
        if (it == left.end() || it->second == 0) continue;
      }
      double g = 0;
      for (std::uint32_t k = p.covers.first[c]; k < p.covers.first[c + 1]; ++k) g += rest[p.covers.ids[k]];
      if (!p.candidate_capacity.empty()) g = std::min(g, p.candidate_capacity[c]);
      if (g > best_gain) {
        best_gain = g;
        best = static_cast<std::int64_t>(c);
      }
    }
    if (best < 0) break;
    const auto c = static_cast<std::size_t>(best);
    taken[c] = true;
    if (!quotas.empty()) --left[p.candidate_district[c]];
    double room = p.candidate_capacity.empty() ? std::numeric_limits<double>::infinity() : p.candidate_capacity[c];
    for (std::uint32_t k = p.covers.first[c]; k < p.covers.first[c + 1]; ++k) {
      const double take = std::min(rest[p.covers.ids[k]], room);
      rest[p.covers.ids[k]] -= take;
      room -= take;
    }
    out.push_back(static_cast<std::uint32_t>(c));
  }
  return out;
}

// A random instance with integer demand (ties happen) and random sets.
SitingProblem random_problem(std::mt19937_64& rng, std::size_t origins, std::size_t candidates,
                             std::size_t max_set, bool capacities) {
  SitingProblem p;
  std::uniform_int_distribution<int> dem(0, 9);
  for (std::size_t o = 0; o < origins; ++o) p.demand.push_back(rng() % 4 == 0 ? 0.0 : dem(rng));
  double uncovered = 0;
  for (double d : p.demand) uncovered += d;
  p.covered_population = static_cast<double>(rng() % 50);
  p.total_population = uncovered + p.covered_population;
  std::vector<std::vector<std::uint32_t>> sets(candidates);
  std::uniform_int_distribution<std::size_t> size(0, max_set);
  std::uniform_int_distribution<std::uint32_t> origin(0, static_cast<std::uint32_t>(origins - 1));
  for (auto& s : sets) {
    const std::size_t k = size(rng);
    for (std::size_t i = 0; i < k; ++i) s.push_back(origin(rng));
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
  }
  p.covers = make_covers(sets);
  if (capacities) {
    std::uniform_int_distribution<int> cap(0, 30);
    for (std::size_t c = 0; c < candidates; ++c) p.candidate_capacity.push_back(cap(rng));
  }
  return p;
}

double total_new(const SitingResult& res) {
  double s = 0;
  for (const auto& site : res.sites) s += site.new_covered;
  return s;
}

void expect_usage_error(const SitingProblem& p, const SitingRequest& r, const std::string& needle) {
  try {
    greedy_mclp(p, r);
    ADD_FAILURE() << "expected a UsageError containing \"" << needle << "\"";
  } catch (const lc::UsageError& e) {
    // The engine names the request's fields (count); `needle` is in a client's words, each field
    // named as a flag (--count) through the error's wording, as the command line does.
    const std::string worded = e.wording.names.empty() ? std::string(e.what()) : e.wording.word([](const std::string& field) {
      std::string flag = "--" + field;
      std::replace(flag.begin(), flag.end(), '_', '-');
      return flag;
    });
    EXPECT_NE(worded.find(needle), std::string::npos) << worded;
    const std::string what = e.what();
    for (const char* flag : {"--count", "--target-coverage", "--per-district"})
      EXPECT_EQ(what.find(flag), std::string::npos) << "the engine's message names a flag: " << what;
    EXPECT_EQ(e.exit_code(), 2);
  }
}

TEST(Siting, HandDrawnGreedy) {
  const SitingResult res = greedy_mclp(hand_drawn(), by_count(3));
  // Round 1: c1 and c2 both add 50; c1 has the lower index. Round 2: left o0 10, o3 5, o4 15, so
  // c0 adds 10, c2 20, c3 25: c3. Round 3: only o3 (5) is left: c2 adds 5.
  ASSERT_EQ(res.sites.size(), 3u);
  EXPECT_EQ(res.sites[0].candidate, 1u);
  EXPECT_EQ(res.sites[1].candidate, 3u);
  EXPECT_EQ(res.sites[2].candidate, 2u);
  EXPECT_EQ(res.sites[0].rank, 1u);
  EXPECT_EQ(res.sites[1].rank, 2u);
  EXPECT_EQ(res.sites[2].rank, 3u);
  EXPECT_DOUBLE_EQ(res.sites[0].new_covered, 50);
  EXPECT_DOUBLE_EQ(res.sites[1].new_covered, 25);
  EXPECT_DOUBLE_EQ(res.sites[2].new_covered, 5);
  EXPECT_DOUBLE_EQ(res.sites[0].cumulative_covered, 70);
  EXPECT_DOUBLE_EQ(res.sites[1].cumulative_covered, 95);
  EXPECT_DOUBLE_EQ(res.sites[2].cumulative_covered, 100);
  EXPECT_DOUBLE_EQ(res.sites[0].cumulative_coverage, 0.70);
  EXPECT_DOUBLE_EQ(res.sites[1].cumulative_coverage, 0.95);
  EXPECT_DOUBLE_EQ(res.sites[2].cumulative_coverage, 1.00);
  EXPECT_TRUE(res.warnings.empty());
  EXPECT_FALSE(res.target_reached);

  // A fourth site would add nobody: not proposed, with a warning.
  const SitingResult four = greedy_mclp(hand_drawn(), by_count(4));
  EXPECT_EQ(picks(four), (std::vector<std::uint32_t>{1, 3, 2}));
  ASSERT_EQ(four.warnings.size(), 1u);
  EXPECT_NE(four.warnings[0].find("only 3 of the 4 requested sites"), std::string::npos) << four.warnings[0];
}

TEST(Siting, HandDrawnExact) {
  const SitingProblem p = hand_drawn();
  EXPECT_DOUBLE_EQ(exact_mclp(p, 0), 0);
  EXPECT_DOUBLE_EQ(exact_mclp(p, 1), 50);
  // Two sites: c0 + c2 cover all five origins (80); greedy's c1 + c3 reach 75.
  EXPECT_DOUBLE_EQ(exact_mclp(p, 2), 80);
  EXPECT_DOUBLE_EQ(total_new(greedy_mclp(p, by_count(2))), 75);
  EXPECT_DOUBLE_EQ(exact_mclp(p, 3), 80);
  EXPECT_DOUBLE_EQ(exact_mclp(p, 6), 80);  // more than the candidates: all of them
}

TEST(Siting, LazyEqualsPlainGreedyOnRandomInstances) {
  std::mt19937_64 rng(20240605);
  for (int t = 0; t < 200; ++t) {
    const std::size_t origins = 5 + rng() % 80;
    const std::size_t candidates = 1 + rng() % 60;
    const bool capacities = t % 2 == 1;
    const SitingProblem p = random_problem(rng, origins, candidates, 1 + rng() % 15, capacities);
    const std::size_t count = 1 + rng() % candidates;
    const SitingResult res = greedy_mclp(p, by_count(count));
    ASSERT_EQ(picks(res), plain_greedy(p, count)) << "instance " << t;
    // The cumulative columns add up.
    double cumulative = p.covered_population;
    for (const auto& s : res.sites) {
      cumulative += s.new_covered;
      EXPECT_DOUBLE_EQ(s.cumulative_covered, cumulative);
      EXPECT_DOUBLE_EQ(s.cumulative_coverage, cumulative / p.total_population);
    }
    EXPECT_EQ(res.warnings.size(), res.sites.size() < count ? 1u : 0u);
  }
}

TEST(Siting, GreedyReachesTheOneMinusOneOverEBound) {
  std::mt19937_64 rng(7);
  const double bound = 1.0 - std::exp(-1.0);
  double worst = 1.0;
  int worst_instance = -1, below_optimum = 0;
  for (int t = 0; t < 100; ++t) {
    const std::size_t candidates = 5 + rng() % 21;  // 5..25
    const std::size_t origins = 10 + rng() % 40;
    const SitingProblem p = random_problem(rng, origins, candidates, 2 + rng() % 10, false);
    const std::size_t count = std::min<std::size_t>(1 + rng() % 6, candidates);
    const double greedy = total_new(greedy_mclp(p, by_count(count)));
    const double exact = exact_mclp(p, count);
    EXPECT_LE(greedy, exact + 1e-9) << "instance " << t;
    if (exact <= 0) continue;
    const double ratio = greedy / exact;
    EXPECT_GE(ratio, bound) << "instance " << t;
    if (ratio < 1.0 - 1e-12) ++below_optimum;
    if (ratio < worst) {
      worst = ratio;
      worst_instance = t;
    }
  }
  std::printf("[ siting  ] greedy / exact over 100 random instances: worst %.4f (instance %d), "
              "%d below the optimum; bound 1 - 1/e = %.4f\n",
              worst, worst_instance, below_optimum, bound);
  RecordProperty("worst_greedy_exact_ratio", std::to_string(worst));
}

TEST(Siting, PerDistrictQuotas) {
  // Three districts of 30 candidates each, and 5 candidates outside every district; the sets overlap
  // across districts.
  std::mt19937_64 rng(95);
  SitingProblem p = random_problem(rng, 400, 95, 25, false);
  const std::vector<std::string> names = {"海勃湾区", "乌达区", "海南区"};
  for (std::size_t c = 0; c < 95; ++c) p.candidate_district.push_back(c < 90 ? names[c % 3] : "");
  SitingRequest r;
  r.per_district = {{"海勃湾区", 9}, {"乌达区", 6}, {"海南区", 5}};
  const SitingResult res = greedy_mclp(p, r);
  ASSERT_EQ(res.sites.size(), 20u);
  std::map<std::string, std::size_t> placed;
  for (const auto& s : res.sites) ++placed[p.candidate_district[s.candidate]];
  EXPECT_EQ(placed, r.per_district);
  EXPECT_EQ(picks(res), plain_greedy(p, 20, r.per_district));
  EXPECT_EQ(res.outside_districts, (std::vector<std::uint32_t>{90, 91, 92, 93, 94}));
  // Gains never rise along the ranks.
  for (std::size_t i = 1; i < res.sites.size(); ++i)
    EXPECT_LE(res.sites[i].new_covered, res.sites[i - 1].new_covered);
}

TEST(Siting, QuotaKeepsTheBestCandidateOutOnceItsDistrictIsFull) {
  // Hand-drawn: A=1, B=1. Round 1: c1 (A, 50; ties with c2, lower index). Round 2: A is full, so
  // c0 (A, would add 10) is out; among B, c2 = {o2, o3, o4} adds 5 + 15 = 20 and c3 = {o0, o4} 25: c3.
  SitingRequest r;
  r.per_district = {{"A", 1}, {"B", 1}};
  const SitingResult res = greedy_mclp(hand_drawn(), r);
  EXPECT_EQ(picks(res), (std::vector<std::uint32_t>{1, 3}));
  EXPECT_TRUE(res.warnings.empty());
  // A quota of 0 is allowed: B=2 only: c2 (50), then c3 (o0 10).
  r.per_district = {{"A", 0}, {"B", 2}};
  EXPECT_EQ(picks(greedy_mclp(hand_drawn(), r)), (std::vector<std::uint32_t>{2, 3}));
  // Districts without a quota are not used: B=1 picks c2 although c1 ties with it.
  r.per_district = {{"B", 1}};
  EXPECT_EQ(picks(greedy_mclp(hand_drawn(), r)), (std::vector<std::uint32_t>{2}));
}

TEST(Siting, QuotaThatNobodyCanUseIsLeftOpenWithAWarning) {
  SitingProblem p = hand_drawn();
  p.covers = make_covers({{0, 1}, {1, 2}, {2, 3, 4}, {}});  // c3 covers nobody
  SitingRequest r;
  r.per_district = {{"B", 2}};
  const SitingResult res = greedy_mclp(p, r);
  EXPECT_EQ(picks(res), (std::vector<std::uint32_t>{2}));
  ASSERT_EQ(res.warnings.size(), 1u);
  EXPECT_NE(res.warnings[0].find("B (1 of 2 placed)"), std::string::npos) << res.warnings[0];
}

TEST(Siting, TargetCoverageHandDrawn) {
  // Curve: 0 sites 20%, 1 site 70%, 2 sites 95%, 3 sites 100%.
  struct Case {
    double target;
    std::size_t sites;
  };
  for (const Case& c : {Case{0.2, 0}, Case{0.5, 1}, Case{0.7, 1}, Case{0.9, 2}, Case{0.95, 2}, Case{0.96, 3},
                        Case{1.0, 3}}) {
    const SitingResult res = greedy_mclp(hand_drawn(), by_target(c.target));
    EXPECT_EQ(res.sites.size(), c.sites) << "target " << c.target;
    EXPECT_TRUE(res.target_reached) << "target " << c.target;
    EXPECT_TRUE(res.warnings.empty()) << "target " << c.target;
  }
}

TEST(Siting, TargetCoverageStopsAtTheFirstSiteCountReachingIt) {
  std::mt19937_64 rng(11);
  for (int t = 0; t < 50; ++t) {
    const SitingProblem p = random_problem(rng, 200, 80, 20, t % 3 == 0);
    const SitingResult curve = greedy_mclp(p, by_count(80));
    for (double f : {0.3, 0.5, 0.8, 0.9, 0.99}) {
      const SitingResult res = greedy_mclp(p, by_target(f));
      std::size_t expected = curve.sites.size();
      bool reachable = false;
      // The engine's tolerance: coverage + 1e-12 >= target.
      if (p.covered_population / p.total_population + 1e-12 >= f) {
        expected = 0;
        reachable = true;
      } else {
        for (std::size_t i = 0; i < curve.sites.size(); ++i)
          if (curve.sites[i].cumulative_coverage + 1e-12 >= f) {
            expected = i + 1;
            reachable = true;
            break;
          }
      }
      ASSERT_EQ(res.sites.size(), expected) << "instance " << t << " target " << f;
      EXPECT_EQ(res.target_reached, reachable);
      for (std::size_t i = 0; i < res.sites.size(); ++i) EXPECT_EQ(res.sites[i].candidate, curve.sites[i].candidate);
      EXPECT_EQ(res.warnings.size(), reachable ? 0u : 1u);
    }
  }
}

TEST(Siting, TargetUnreachableWarnsWithTheBestCoverage) {
  SitingProblem p = hand_drawn();
  p.total_population = 200;  // 100 people are out of reach of every candidate
  const SitingResult res = greedy_mclp(p, by_target(0.9));
  EXPECT_EQ(picks(res), (std::vector<std::uint32_t>{1, 3, 2}));
  EXPECT_FALSE(res.target_reached);
  ASSERT_EQ(res.warnings.size(), 1u);
  EXPECT_NE(res.warnings[0].find("target coverage 90.0% not reached"), std::string::npos) << res.warnings[0];
  EXPECT_NE(res.warnings[0].find("best coverage is 50.0% with 3 sites"), std::string::npos) << res.warnings[0];
}

TEST(Siting, CapacityLimitsTheNewlyCoveredPeople) {
  SitingProblem p = hand_drawn();
  p.candidate_capacity = {25, 25, 25, 25};
  const SitingResult res = greedy_mclp(p, by_count(3));
  // Round 1: all four would add 25 (capped): c0 takes o0 10 and 15 of o1 (5 left there).
  // Round 2: c1 min(5 + 30, 25) = 25, c2 min(50, 25) = 25, c3 15: c1 takes o1 5 and 20 of o2.
  // Round 3: c2 min(10 + 5 + 15, 25) = 25, c3 15: c2, leaving 5 at o4.
  EXPECT_EQ(picks(res), (std::vector<std::uint32_t>{0, 1, 2}));
  for (const auto& s : res.sites) EXPECT_DOUBLE_EQ(s.new_covered, 25);
  EXPECT_DOUBLE_EQ(res.sites[2].cumulative_covered, 95);
  EXPECT_DOUBLE_EQ(res.sites[2].cumulative_coverage, 0.95);
  // The fourth site takes what c2 left at o4.
  const SitingResult four = greedy_mclp(p, by_count(4));
  ASSERT_EQ(four.sites.size(), 4u);
  EXPECT_EQ(four.sites[3].candidate, 3u);
  EXPECT_DOUBLE_EQ(four.sites[3].new_covered, 5);
  EXPECT_DOUBLE_EQ(four.sites[3].cumulative_coverage, 1.0);

  // Capacity 0 keeps a candidate out; an infinite capacity is no limit.
  p.candidate_capacity = {std::numeric_limits<double>::infinity(), 0, std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::infinity()};
  EXPECT_EQ(picks(greedy_mclp(p, by_count(2))), (std::vector<std::uint32_t>{2, 0}));
  p.candidate_capacity.assign(4, std::numeric_limits<double>::infinity());
  EXPECT_EQ(picks(greedy_mclp(p, by_count(3))), picks(greedy_mclp(hand_drawn(), by_count(3))));
}

TEST(Siting, BadRequests) {
  const SitingProblem p = hand_drawn();
  expect_usage_error(p, SitingRequest{}, "give one of --count, --target-coverage, --per-district");
  SitingRequest two = by_count(2);
  two.target_coverage = 0.5;
  expect_usage_error(p, two, "give only one of --count, --target-coverage, --per-district (got --count and --target-coverage)");
  SitingRequest three = two;
  three.per_district = {{"A", 1}};
  expect_usage_error(p, three, "(got --count, --target-coverage and --per-district)");
  expect_usage_error(p, by_count(0), "--count must be at least 1 (got 0)");
  expect_usage_error(p, by_count(5), "--count 5 exceeds the 4 candidates");
  expect_usage_error(p, by_target(0), "--target-coverage must be in (0, 1] (got 0)");
  expect_usage_error(p, by_target(-0.5), "--target-coverage must be in (0, 1] (got -0.5)");
  expect_usage_error(p, by_target(1.5), "--target-coverage must be in (0, 1] (got 1.5)");
  expect_usage_error(p, by_target(std::nan("")), "--target-coverage must be in (0, 1]");
  SitingRequest q;
  q.per_district = {{"A", 1}, {"C", 1}};
  expect_usage_error(p, q, "unknown district C (candidate districts: A, B)");
  q.per_district = {{"A", 3}};
  expect_usage_error(p, q, "quota 3 for district A exceeds its 2 candidates");
  q.per_district = {{"A", 0}, {"B", 0}};
  expect_usage_error(p, q, "the quotas add up to 0 sites");
  SitingProblem outside = p;
  outside.candidate_district.clear();
  q.per_district = {{"A", 1}};
  expect_usage_error(outside, q, "unknown district A (candidate districts: none)");
}

TEST(Siting, BadProblems) {
  const SitingRequest r = by_count(1);
  SitingProblem p = hand_drawn();
  p.covers.first[0] = 1;
  expect_usage_error(p, r, "cover-set ranges must start at 0");
  p = hand_drawn();
  p.covers.first = {0, 2, 1, 7, 9};
  expect_usage_error(p, r, "cover-set range of candidate 1 ends before it starts");
  p = hand_drawn();
  p.covers.first.back() = 8;
  expect_usage_error(p, r, "cover-set ranges end at 8 but there are 9 ids");
  p = hand_drawn();
  p.covers.ids[3] = 5;
  expect_usage_error(p, r, "candidate 1 covers origin 5 but there are 5 origins");
  p = hand_drawn();
  p.covers = make_covers({{0, 1}, {2, 1}, {2, 3, 4}, {0, 4}});
  expect_usage_error(p, r, "cover set of candidate 1 is not sorted and unique");
  p = hand_drawn();
  p.covers = make_covers({{0, 1}, {1, 1}, {2, 3, 4}, {0, 4}});
  expect_usage_error(p, r, "cover set of candidate 1 is not sorted and unique");
  p = hand_drawn();
  p.covers.first.clear();
  expect_usage_error(p, r, "covers.first is empty");
  p = hand_drawn();
  p.candidate_district.pop_back();
  expect_usage_error(p, r, "candidate_district has 3 entries for 4 candidates");
  p = hand_drawn();
  p.candidate_capacity = {1, 2};
  expect_usage_error(p, r, "candidate_capacity has 2 entries for 4 candidates");
  p.candidate_capacity = {1, 2, -3, 4};
  expect_usage_error(p, r, "capacity of candidate 2 must be a number >= 0");
  p = hand_drawn();
  p.demand[2] = -1;
  expect_usage_error(p, r, "demand of origin 2 must be a finite number >= 0");
  p = hand_drawn();
  p.total_population = std::nan("");
  expect_usage_error(p, r, "total population must be a finite number >= 0");
}

TEST(Siting, ExactRejectsWhatItCannotSolve) {
  SitingProblem p = hand_drawn();
  p.candidate_capacity = {1, 1, 1, 1};
  EXPECT_THROW(exact_mclp(p, 2), lc::UsageError);
  EXPECT_THROW(exact_mclp(hand_drawn(), 7), lc::UsageError);
  std::mt19937_64 rng(3);
  EXPECT_THROW(exact_mclp(random_problem(rng, 20, 26, 3, false), 2), lc::UsageError);
}

TEST(Siting, NoCandidatesOrNoPeople) {
  SitingProblem empty;
  empty.total_population = 10;
  empty.covered_population = 4;
  expect_usage_error(empty, by_count(1), "--count 1 exceeds the 0 candidates");
  const SitingResult res = greedy_mclp(empty, by_target(0.5));
  EXPECT_TRUE(res.sites.empty());
  EXPECT_FALSE(res.target_reached);
  ASSERT_EQ(res.warnings.size(), 1u);
  EXPECT_NE(res.warnings[0].find("best coverage is 40.0% with 0 sites"), std::string::npos) << res.warnings[0];
  // Already met: no site, target reached.
  SitingProblem met = hand_drawn();
  met.covered_population = 95;
  met.total_population = 100;
  const SitingResult none = greedy_mclp(met, by_target(0.9));
  EXPECT_TRUE(none.sites.empty());
  EXPECT_TRUE(none.target_reached);
}

}  // namespace
