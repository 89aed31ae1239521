// Cost arithmetic: finite sums saturate at the largest finite value instead of wrapping round
// (a wrapped sum would read as a short walk, or as "unreachable"), and unreachable absorbs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/units.hpp"

namespace lc {
namespace {

constexpr Cost::rep kMax = Cost::kMaxFinite;

TEST(CostAdd, SmallSumsAreExact) {
  EXPECT_EQ((Cost{0} + Cost{0}).ms, 0u);
  EXPECT_EQ((Cost{1500} + Cost{2500}).ms, 4000u);
  EXPECT_EQ((Cost{kMax - 1} + Cost{1}).ms, kMax);
  EXPECT_EQ(Cost::add(7, 8), 15u);
}

TEST(CostAdd, SumsPastTheLargestFiniteValueStayThere) {
  for (Cost::rep x : {Cost::rep{1}, Cost::rep{1000}, kMax / 2, kMax - 1, kMax}) {
    const Cost s = Cost{kMax} + Cost{x};
    EXPECT_EQ(s.ms, kMax) << x;
    EXPECT_TRUE(s.reachable()) << x;
    EXPECT_EQ(Cost::add(kMax, x), kMax) << x;
    EXPECT_EQ(Cost::add(x, kMax), kMax) << x;
  }
  EXPECT_EQ((Cost{kMax / 2 + 1} + Cost{kMax / 2 + 1}).ms, kMax);
  // Raw values above kMaxFinite (never produced by from_seconds or sums) still do not wrap:
  // a 32-bit sum of these two would be 2, a walk of two milliseconds.
  EXPECT_EQ((Cost{Cost::kUnreachable - 1} + Cost{3}).ms, kMax);
  EXPECT_EQ(Cost::add(Cost::kUnreachable - 1, 3), kMax);
}

// An arc that may not be walked (a gated compound's link, entered from outside) costs kUnreachable:
// the sum stays unreachable, so no search label improves through it (finite sums still saturate).
TEST(CostAdd, AnUnwalkableArcStaysUnreachable) {
  for (Cost::rep x : {Cost::rep{0}, Cost::rep{1000}, kMax - 1, kMax})
    EXPECT_EQ(Cost::add(x, Cost::kUnreachable), Cost::kUnreachable) << x;
  EXPECT_EQ(Cost::add(kMax, kMax), kMax);
}

TEST(CostAdd, SaturationKeepsTheOrder) {
  // A longer path never comes out cheaper than a shorter one: sums are monotone.
  Cost prev{0};
  for (Cost::rep step : {Cost::rep{1}, kMax / 3, kMax / 3, kMax / 3, Cost::rep{5}, kMax}) {
    const Cost next = prev + Cost{step};
    EXPECT_GE(next, prev);
    EXPECT_LE(next.ms, kMax);
    prev = next;
  }
  EXPECT_EQ(prev.ms, kMax);
}

TEST(CostAdd, UnreachableStaysUnreachable) {
  for (Cost::rep x : {Cost::rep{0}, Cost::rep{1}, kMax, Cost::kUnreachable - 1}) {
    EXPECT_FALSE((Cost::unreachable() + Cost{x}).reachable()) << x;
    EXPECT_FALSE((Cost{x} + Cost::unreachable()).reachable()) << x;
  }
  EXPECT_FALSE((Cost::unreachable() + Cost::unreachable()).reachable());
}

TEST(CostFromSeconds, RoundsAndClamps) {
  EXPECT_EQ(Cost::from_seconds({1.2345}).ms, 1235u);  // to the nearest millisecond
  EXPECT_EQ(Cost::from_seconds({0.0}).ms, 0u);
  EXPECT_EQ(Cost::from_seconds({-3.0}).ms, 0u);
  EXPECT_EQ(Cost::from_seconds({kMax / 1000.0 - 1.0}).ms, kMax - 1000);
  EXPECT_EQ(Cost::from_seconds({1e12}).ms, kMax);  // 31,700 years
  EXPECT_EQ(Cost::from_seconds({std::numeric_limits<double>::infinity()}).ms, kMax);
  EXPECT_EQ(Cost::from_seconds({std::nan("")}).ms, kMax);
  EXPECT_TRUE(Cost::from_seconds({1e12}).reachable());
}

}  // namespace
}  // namespace lc
