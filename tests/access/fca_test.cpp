// Tests of lc::access fca: 2SFCA and Gaussian 2SFCA worked out by hand, the conservation property
// sum_i P_i A_i = capacity of the reached facilities, a randomized comparison against a dense
// double loop written here independently, the weighted Gini and quantile, and bad input.
#include "access/fca.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace lc::access {
namespace {

constexpr double kTight = 1e-12;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void expect_all_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], kTight) << "at " << i;
}

// ---- hand-computed cases ------------------------------------------------------------------------

// Three origins, two facilities, 15-minute catchment (d0 = 900 s), step decay.
//   P = (100, 200, 300) people;  S = (10, 6) places.
//   O0-F0 300 s, O1-F0 600 s, O1-F1 800 s, O2-F1 100 s are inside; O2-F0 1000 s is beyond d0
//   and weighs 0.
//   Step 1: F0 serves O0 + O1 = 300 people -> R0 = 10/300 = 1/30
//           F1 serves O1 + O2 = 500 people -> R1 = 6/500 = 0.012
//   Step 2: A0 = R0 = 0.0333...; A1 = R0 + R1 = 0.04533...; A2 = R1 = 0.012
//   Check:  100/30 + 200 (1/30 + 0.012) + 300 (0.012) = 3.333 + 9.067 + 3.6 = 16 = 10 + 6.
TEST(Fca, StepHandCase) {
  const std::vector<ReachPair> pairs = {
      {0, 0, 300.0}, {1, 0, 600.0}, {1, 1, 800.0}, {2, 1, 100.0}, {2, 0, 1000.0}};
  const std::vector<double> demand = {100.0, 200.0, 300.0};
  const std::vector<double> capacity = {10.0, 6.0};
  const FcaResult r = two_step_fca(pairs, demand, capacity, 900.0, Decay::step);
  expect_all_near(r.weighted_demand, {300.0, 500.0});
  expect_all_near(r.ratio, {1.0 / 30.0, 0.012});
  expect_all_near(r.accessibility, {1.0 / 30.0, 1.0 / 30.0 + 0.012, 0.012});
}

// The same case with O0-F0 listed a second time at 1200 s (beyond d0), e.g. from a far entrance,
// and O2-F1 a second time at 50 s: the quickest time of each link counts, once.
TEST(Fca, DuplicatePairsKeepTheQuickest) {
  const std::vector<ReachPair> pairs = {{0, 0, 1200.0}, {0, 0, 300.0}, {1, 0, 600.0},
                                        {1, 1, 800.0},  {2, 1, 100.0}, {2, 1, 50.0},
                                        {2, 0, 1000.0}};
  const std::vector<double> demand = {100.0, 200.0, 300.0};
  const std::vector<double> capacity = {10.0, 6.0};
  const FcaResult r = two_step_fca(pairs, demand, capacity, 900.0, Decay::step);
  expect_all_near(r.weighted_demand, {300.0, 500.0});  // not 400 / 800: nobody counted twice
  expect_all_near(r.accessibility, {1.0 / 30.0, 1.0 / 30.0 + 0.012, 0.012});

  // Under Gaussian decay the kept time sets the weight: O2-F1 weighs G(50), not G(100).
  const FcaResult g = two_step_fca(pairs, demand, capacity, 900.0, Decay::gaussian);
  const double g50 = decay_weight(50.0, 900.0, Decay::gaussian);
  const double g600 = decay_weight(600.0, 900.0, Decay::gaussian);
  const double g800 = decay_weight(800.0, 900.0, Decay::gaussian);
  const double g300 = decay_weight(300.0, 900.0, Decay::gaussian);
  EXPECT_NEAR(g.weighted_demand[1], 200.0 * g800 + 300.0 * g50, kTight);
  EXPECT_NEAR(g.weighted_demand[0], 100.0 * g300 + 200.0 * g600, kTight);
}

// The Gaussian weight itself, by hand: G(d) = (exp(-0.5 (d/d0)^2) - exp(-0.5)) / (1 - exp(-0.5)).
//   exp(-0.5) = 0.6065306597126334
//   d = 0:       1;  d = d0: 0;  beyond d0: 0
//   d = d0/2:    exp(-0.125)  = 0.8824969025845955
//                -> (0.88250 - 0.60653) / 0.39347 = 0.7013665732390044
//   d = d0/4:    exp(-0.03125) = 0.9692332344763441 -> 0.9218064474828315
TEST(Fca, GaussianWeightByHand) {
  EXPECT_DOUBLE_EQ(decay_weight(0.0, 600.0, Decay::gaussian), 1.0);
  EXPECT_DOUBLE_EQ(decay_weight(600.0, 600.0, Decay::gaussian), 0.0);
  EXPECT_DOUBLE_EQ(decay_weight(700.0, 600.0, Decay::gaussian), 0.0);
  EXPECT_NEAR(decay_weight(300.0, 600.0, Decay::gaussian), 0.7013665732390044, kTight);
  EXPECT_NEAR(decay_weight(150.0, 600.0, Decay::gaussian), 0.9218064474828315, kTight);
  EXPECT_DOUBLE_EQ(decay_weight(600.0, 600.0, Decay::step), 1.0);  // step includes the edge
  EXPECT_DOUBLE_EQ(decay_weight(600.5, 600.0, Decay::step), 0.0);
}

// Gaussian 2SFCA, d0 = 600 s (10 min). P = (100, 200, 300); S = (10, 6).
//   O0-F0 0 s    -> w = 1
//   O1-F0 300 s  -> w = g300 = 0.7013665732390044
//   O1-F1 300 s  -> w = g300
//   O2-F1 150 s  -> w = g150 = 0.9218064474828315
//   O0-F1 600 s  -> w = 0 (edge of the catchment);  O2-F0 700 s -> w = 0 (beyond)
//   Step 1: D0 = 100 + 200 g300      = 240.27331464780087 -> R0 = 10/D0 = 0.04161927018261795
//           D1 = 200 g300 + 300 g150 = 416.8152488926503  -> R1 = 6/D1 = 0.014394866828745233
//   Step 2: A0 = R0                      = 0.04161927018261795
//           A1 = g300 (R0 + R1)          = 0.03928644332859988
//           A2 = g150 R1                 = 0.013269281053394096
//   Check:  100 A0 + 200 A1 + 300 A2 = 16 = 10 + 6.
TEST(Fca, GaussianHandCase) {
  const std::vector<ReachPair> pairs = {{0, 0, 0.0},   {1, 0, 300.0}, {1, 1, 300.0},
                                        {2, 1, 150.0}, {0, 1, 600.0}, {2, 0, 700.0}};
  const std::vector<double> demand = {100.0, 200.0, 300.0};
  const std::vector<double> capacity = {10.0, 6.0};
  const FcaResult r = two_step_fca(pairs, demand, capacity, 600.0, Decay::gaussian);
  expect_all_near(r.weighted_demand, {240.27331464780087, 416.8152488926503});
  expect_all_near(r.ratio, {0.04161927018261795, 0.014394866828745233});
  expect_all_near(r.accessibility,
                  {0.04161927018261795, 0.03928644332859988, 0.013269281053394096});
}

// Everyone reaches the one facility inside d0: each origin gets S / sum P. Here 12 / 10 = 1.2.
TEST(Fca, EveryoneReachesOneFacility) {
  const std::vector<ReachPair> pairs = {{0, 0, 10.0}, {1, 0, 200.0}, {2, 0, 899.0}, {3, 0, 900.0}};
  const std::vector<double> demand = {1.0, 2.0, 3.0, 4.0};
  const std::vector<double> capacity = {12.0};
  const FcaResult r = two_step_fca(pairs, demand, capacity, 900.0, Decay::step);
  expect_all_near(r.ratio, {1.2});
  expect_all_near(r.accessibility, {1.2, 1.2, 1.2, 1.2});
}

// A facility nobody reaches, and one reached only by an origin without demand, both get R = 0:
// their capacity serves no one. An origin that reaches nothing has A = 0.
TEST(Fca, UnreachedFacilitiesHaveZeroRatio) {
  const std::vector<ReachPair> pairs = {{0, 0, 100.0}, {1, 1, 100.0}};
  const std::vector<double> demand = {5.0, 0.0, 7.0};
  const std::vector<double> capacity = {10.0, 3.0, 4.0};
  const FcaResult r = two_step_fca(pairs, demand, capacity, 900.0, Decay::step);
  expect_all_near(r.weighted_demand, {5.0, 0.0, 0.0});
  expect_all_near(r.ratio, {2.0, 0.0, 0.0});
  expect_all_near(r.accessibility, {2.0, 0.0, 0.0});
}

TEST(Fca, EmptyInputsGiveEmptyResults) {
  const FcaResult r = two_step_fca({}, {}, {}, 900.0, Decay::gaussian);
  EXPECT_TRUE(r.accessibility.empty());
  EXPECT_TRUE(r.ratio.empty());
  EXPECT_TRUE(r.weighted_demand.empty());
}

// ---- randomized: a dense reference written independently ----------------------------------------

struct RandomCase {
  std::size_t origins = 0;
  std::size_t facilities = 0;
  std::vector<ReachPair> pairs;
  std::vector<double> demand;
  std::vector<double> capacity;
  double d0 = 900.0;
};

RandomCase random_case(std::uint32_t seed) {
  std::mt19937 rng(seed);
  RandomCase c;
  c.origins = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
  c.facilities = std::uniform_int_distribution<std::size_t>(1, 15)(rng);
  std::uniform_real_distribution<double> people(0.0, 500.0);
  std::uniform_real_distribution<double> places(0.0, 50.0);
  std::uniform_real_distribution<double> time(0.0, 1.2 * c.d0);  // some beyond the catchment
  std::bernoulli_distribution sometimes(0.2);
  for (std::size_t i = 0; i < c.origins; ++i) {
    c.demand.push_back(sometimes(rng) ? 0.0 : people(rng));
  }
  for (std::size_t j = 0; j < c.facilities; ++j) {
    c.capacity.push_back(sometimes(rng) ? 1.0 : places(rng));
  }
  const std::size_t n_pairs = std::uniform_int_distribution<std::size_t>(0, 3 * c.origins)(rng);
  using Pick = std::uniform_int_distribution<std::uint32_t>;
  Pick pick_o(0, static_cast<std::uint32_t>(c.origins - 1));
  Pick pick_f(0, static_cast<std::uint32_t>(c.facilities - 1));
  for (std::size_t k = 0; k < n_pairs; ++k) {
    c.pairs.push_back({pick_o(rng), pick_f(rng), time(rng)});
  }
  return c;
}

// Dense reference: d[i][j] = quickest listed time (infinity when not listed), then the two steps
// as nested loops straight from Luo & Wang (2003) / Dai (2010).
struct Dense {
  std::vector<double> a, r, d;
};

double reference_weight(double t, double d0, Decay decay) {
  if (!(t <= d0)) return 0.0;
  if (decay == Decay::step) return 1.0;
  const double g = std::exp(-0.5 * (t / d0) * (t / d0));
  const double floor = std::exp(-0.5);
  return (g - floor) / (1.0 - floor);
}

Dense dense_fca(const RandomCase& c, Decay decay) {
  std::vector<std::vector<double>> t(c.origins, std::vector<double>(c.facilities, kInf));
  for (const ReachPair& p : c.pairs) {
    t[p.origin][p.facility] = std::min(t[p.origin][p.facility], p.seconds);
  }
  Dense out{std::vector<double>(c.origins, 0.0), std::vector<double>(c.facilities, 0.0),
            std::vector<double>(c.facilities, 0.0)};
  for (std::size_t j = 0; j < c.facilities; ++j) {
    for (std::size_t i = 0; i < c.origins; ++i) {
      out.d[j] += c.demand[i] * reference_weight(t[i][j], c.d0, decay);
    }
    out.r[j] = out.d[j] > 0.0 ? c.capacity[j] / out.d[j] : 0.0;
  }
  for (std::size_t i = 0; i < c.origins; ++i) {
    for (std::size_t j = 0; j < c.facilities; ++j) {
      out.a[i] += reference_weight(t[i][j], c.d0, decay) * out.r[j];
    }
  }
  return out;
}

void expect_relatively_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], kTight * std::max(1.0, std::abs(want[i]))) << "at " << i;
  }
}

TEST(Fca, MatchesDenseReferenceOnRandomCases) {
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    const RandomCase c = random_case(seed);
    for (const Decay decay : {Decay::step, Decay::gaussian}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + (decay == Decay::step ? " step" : " gaussian"));
      const FcaResult r = two_step_fca(c.pairs, c.demand, c.capacity, c.d0, decay);
      const Dense want = dense_fca(c, decay);
      expect_relatively_near(r.weighted_demand, want.d);
      expect_relatively_near(r.ratio, want.r);
      expect_relatively_near(r.accessibility, want.a);
    }
  }
}

// sum_i P_i A_i = sum_j R_j sum_i P_i W_ij = sum of S_j over the facilities some demand reaches
// with weight > 0. "Reached" is worked out here from the pairs, not from the result.
TEST(Fca, PeopleTimesAccessEqualsReachedCapacity) {
  for (std::uint32_t seed = 1000; seed < 1100; ++seed) {
    const RandomCase c = random_case(seed);
    for (const Decay decay : {Decay::step, Decay::gaussian}) {
      SCOPED_TRACE("seed " + std::to_string(seed));
      std::vector<bool> reached(c.facilities, false);
      for (const ReachPair& p : c.pairs) {
        const bool inside = decay == Decay::step ? p.seconds <= c.d0 : p.seconds < c.d0;
        if (inside && c.demand[p.origin] > 0.0) reached[p.facility] = true;
      }
      double capacity = 0.0;
      for (std::size_t j = 0; j < c.facilities; ++j) capacity += reached[j] ? c.capacity[j] : 0.0;
      const FcaResult r = two_step_fca(c.pairs, c.demand, c.capacity, c.d0, decay);
      double served = 0.0;
      for (std::size_t i = 0; i < c.origins; ++i) served += c.demand[i] * r.accessibility[i];
      EXPECT_NEAR(served, capacity, 1e-9 * std::max(1.0, capacity));
    }
  }
}

// ---- Gini ---------------------------------------------------------------------------------------

TEST(Gini, AllEqualIsZero) {
  const std::vector<double> v(7, 0.1);
  const std::vector<double> w = {3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0};
  EXPECT_EQ(gini(v, w), 0.0);
  const std::vector<double> zeros(4, 0.0);
  EXPECT_EQ(gini(zeros, std::vector<double>(4, 1.0)), 0.0);  // nobody has anything: equal
}

// n equal groups, one holds everything: sum |x_i - x_k| over ordered pairs = 2 (n - 1),
// 2 n^2 mean = 2 n -> G = (n - 1) / n = 1 - 1/n.
TEST(Gini, OneHasEverything) {
  for (const std::size_t n : {2u, 5u, 100u}) {
    std::vector<double> v(n, 0.0);
    v[n / 2] = 42.0;
    EXPECT_NEAR(gini(v, std::vector<double>(n, 1.0)), 1.0 - 1.0 / static_cast<double>(n), kTight);
  }
}

// (1, 2, 3), equal weights: |1-2| + |1-3| + |2-3| = 4 per direction, 8 over ordered pairs;
// 2 n^2 mean = 2 * 9 * 2 = 36 -> G = 8/36 = 2/9.
TEST(Gini, SmallHandCase) {
  EXPECT_NEAR(gini(std::vector<double>{3.0, 1.0, 2.0}, std::vector<double>{1.0, 1.0, 1.0}),
              2.0 / 9.0, kTight);
  // Scale does not matter; neither does the weight unit.
  EXPECT_NEAR(gini(std::vector<double>{30.0, 10.0, 20.0}, std::vector<double>{7.0, 7.0, 7.0}),
              2.0 / 9.0, kTight);
}

TEST(Gini, WeightsActLikeRepeatedValues) {
  const std::vector<double> values = {1.0, 3.0, 7.0, 0.5};
  const std::vector<double> weights = {2.0, 1.0, 3.0, 0.0};  // the 0.5 belongs to no one
  const std::vector<double> repeated = {1.0, 1.0, 3.0, 7.0, 7.0, 7.0};
  EXPECT_NEAR(gini(values, weights), gini(repeated, std::vector<double>(6, 1.0)), kTight);
}

// ---- weighted quantile --------------------------------------------------------------------------

TEST(WeightedQuantile, EqualWeights) {
  const std::vector<double> v = {40.0, 10.0, 30.0, 20.0};
  const std::vector<double> w(4, 1.0);
  EXPECT_EQ(weighted_quantile(v, w, 0.0), 10.0);
  EXPECT_EQ(weighted_quantile(v, w, 0.25), 10.0);  // 1 of 4 at or below 10
  EXPECT_EQ(weighted_quantile(v, w, 0.5), 20.0);   // lower median: 2 of 4 at or below 20
  EXPECT_EQ(weighted_quantile(v, w, 0.75), 30.0);
  EXPECT_EQ(weighted_quantile(v, w, 0.85), 40.0);  // 3 of 4 = 0.75 < 0.85
  EXPECT_EQ(weighted_quantile(v, w, 1.0), 40.0);
}

// Sorted: 100 s (5 people), 200 s (4), 300 s (1); cumulative 5, 9, 10 of 10.
TEST(WeightedQuantile, UnequalWeights) {
  const std::vector<double> v = {300.0, 100.0, 200.0};
  const std::vector<double> w = {1.0, 5.0, 4.0};
  EXPECT_EQ(weighted_quantile(v, w, 0.5), 100.0);   // 5 >= 5
  EXPECT_EQ(weighted_quantile(v, w, 0.51), 200.0);  // 5 < 5.1 <= 9
  EXPECT_EQ(weighted_quantile(v, w, 0.85), 200.0);  // 9 >= 8.5
  EXPECT_EQ(weighted_quantile(v, w, 0.9), 200.0);   // 9 >= 9
  EXPECT_EQ(weighted_quantile(v, w, 0.91), 300.0);
}

// p85 of 1..20 minutes, one person each: 17 of 20 people are at or below 17. The 1e-12 slack makes
// this hold even though 0.85 * 20 is not computed exactly.
TEST(WeightedQuantile, P85OfTwentyPeople) {
  std::vector<double> v;
  for (int m = 20; m >= 1; --m) v.push_back(m);
  EXPECT_EQ(weighted_quantile(v, std::vector<double>(20, 1.0), 0.85), 17.0);
  EXPECT_EQ(weighted_quantile(v, std::vector<double>(20, 0.1), 0.85), 17.0);
}

TEST(WeightedQuantile, ZeroWeightValuesBelongToNoOne) {
  const std::vector<double> v = {1.0, 50.0, 60.0};
  const std::vector<double> w = {0.0, 1.0, 1.0};
  EXPECT_EQ(weighted_quantile(v, w, 0.0), 50.0);
  EXPECT_EQ(weighted_quantile(v, w, 0.5), 50.0);
}

// ---- bad input ----------------------------------------------------------------------------------

TEST(FcaErrors, BadInputIsRejected) {
  const std::vector<double> demand = {1.0, 2.0};
  const std::vector<double> capacity = {1.0};
  const std::vector<ReachPair> ok = {{0, 0, 10.0}};
  EXPECT_NO_THROW(two_step_fca(ok, demand, capacity, 900.0, Decay::step));

  const auto with_pair = [&](ReachPair p) {
    const std::vector<ReachPair> pairs = {p};
    return two_step_fca(pairs, demand, capacity, 900.0, Decay::step);
  };
  EXPECT_THROW(with_pair({2, 0, 10.0}), UsageError);   // origin out of range
  EXPECT_THROW(with_pair({0, 1, 10.0}), UsageError);   // facility out of range
  EXPECT_THROW(with_pair({0, 0, -1.0}), UsageError);   // negative time
  EXPECT_THROW(with_pair({0, 0, kNaN}), UsageError);
  EXPECT_THROW(with_pair({0, 0, kInf}), UsageError);

  const std::vector<double> bad_demand = {1.0, -2.0};
  const std::vector<double> nan_demand = {kNaN, 2.0};
  const std::vector<double> inf_capacity = {kInf};
  const std::vector<double> negative_capacity = {-1.0};
  EXPECT_THROW(two_step_fca(ok, bad_demand, capacity, 900.0, Decay::step), UsageError);
  EXPECT_THROW(two_step_fca(ok, nan_demand, capacity, 900.0, Decay::step), UsageError);
  EXPECT_THROW(two_step_fca(ok, demand, inf_capacity, 900.0, Decay::step), UsageError);
  EXPECT_THROW(two_step_fca(ok, demand, negative_capacity, 900.0, Decay::gaussian), UsageError);
  for (const double d0 : {0.0, -900.0, kNaN, kInf}) {
    EXPECT_THROW(two_step_fca(ok, demand, capacity, d0, Decay::gaussian), UsageError) << d0;
    EXPECT_THROW(decay_weight(10.0, d0, Decay::step), UsageError) << d0;
  }
}

TEST(FcaErrors, MessageNamesTheCulprit) {
  const std::vector<double> demand = {1.0, -2.0};
  const std::vector<double> capacity = {1.0};
  try {
    two_step_fca({}, demand, capacity, 900.0, Decay::step);
    FAIL() << "expected an error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("origin 1"), std::string::npos) << e.what();
  }
}

TEST(SummaryErrors, BadInputIsRejected) {
  const std::vector<double> v = {1.0, 2.0};
  const std::vector<double> w = {1.0, 1.0};
  const std::vector<double> short_w = {1.0};
  const std::vector<double> zero_w = {0.0, 0.0};
  const std::vector<double> negative_w = {1.0, -1.0};
  const std::vector<double> nan_v = {1.0, kNaN};
  const std::vector<double> negative_v = {1.0, -1.0};

  EXPECT_THROW(gini(v, short_w), UsageError);
  EXPECT_THROW(gini(v, zero_w), UsageError);
  EXPECT_THROW(gini(v, negative_w), UsageError);
  EXPECT_THROW(gini(nan_v, w), UsageError);
  EXPECT_THROW(gini(negative_v, w), UsageError);  // Gini of access: amounts held are >= 0
  EXPECT_THROW(gini({}, {}), UsageError);

  EXPECT_THROW(weighted_quantile(v, short_w, 0.5), UsageError);
  EXPECT_THROW(weighted_quantile(v, zero_w, 0.5), UsageError);
  EXPECT_THROW(weighted_quantile(v, negative_w, 0.5), UsageError);
  EXPECT_THROW(weighted_quantile(nan_v, w, 0.5), UsageError);
  EXPECT_THROW(weighted_quantile({}, {}, 0.5), UsageError);
  for (const double q : {-0.01, 1.01, kNaN}) {
    EXPECT_THROW(weighted_quantile(v, w, q), UsageError) << q;
  }
  EXPECT_EQ(weighted_quantile(negative_v, w, 0.0), -1.0);  // quantiles allow any finite value
}

}  // namespace
}  // namespace lc::access
