#include "support/api_compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace lc::test {

bool same_number(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

namespace {

void expect_same_numbers(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  std::size_t differ = 0, first = a.size();
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_number(a[i], b[i])) {
      ++differ;
      if (first == a.size()) first = i;
    }
  EXPECT_EQ(differ, 0u) << what << ": " << differ << " values differ, the first at " << first;
}

}  // namespace

void expect_same_category(const lifecircle::CategoryCoverage& a, const lifecircle::CategoryCoverage& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_TRUE(same_number(a.threshold_s, b.threshold_s)) << a.id;
  EXPECT_TRUE(same_number(a.speed_mps, b.speed_mps)) << a.id;
  EXPECT_EQ(a.group, b.group) << a.id;
  EXPECT_EQ(a.level, b.level) << a.id;
  expect_same_numbers(a.nearest_s, b.nearest_s, a.id + ".nearest_s");
  EXPECT_EQ(a.nearest_id, b.nearest_id) << a.id;
  expect_same_numbers(a.thresholds_min, b.thresholds_min, a.id + ".thresholds_min");
  EXPECT_EQ(a.counts, b.counts) << a.id;
  expect_same_numbers(a.fca, b.fca, a.id + ".fca");
  expect_same_numbers(a.fca_gaussian, b.fca_gaussian, a.id + ".fca_gaussian");
}

void expect_same_table(const lifecircle::Table& a, const lifecircle::Table& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description) << a.name;
  ASSERT_EQ(a.columns.size(), b.columns.size()) << a.name;
  ASSERT_EQ(a.rows(), b.rows()) << a.name;
  EXPECT_TRUE(a.wkb == b.wkb) << a.name << ": geometries differ";
  for (std::size_t k = 0; k < a.columns.size(); ++k) {
    const auto &x = a.columns[k], &y = b.columns[k];
    const std::string what = a.name + "." + x.name;
    EXPECT_EQ(x.name, y.name) << a.name;
    EXPECT_EQ(x.type, y.type) << what;
    EXPECT_EQ(x.null, y.null) << what;
    EXPECT_EQ(x.text, y.text) << what;
    EXPECT_EQ(x.integer, y.integer) << what;
    expect_same_numbers(x.real, y.real, what);
  }
}

}  // namespace lc::test
