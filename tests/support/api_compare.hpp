// Comparing public API results field by field: the tests that check one way of running coverage
// against another (tiles, shares of a split) compare every field of a category and every cell of
// a table through these, so a field added to the result is compared everywhere at once.
#pragma once

#include <lifecircle/coverage.hpp>

namespace lc::test {

// Equal, or both NaN ("none reachable").
bool same_number(double a, double b);

// Every field of the two categories equal (NaN equal to NaN), with the category's id in messages.
void expect_same_category(const lifecircle::CategoryCoverage& a, const lifecircle::CategoryCoverage& b);

// The same name, description, columns (name, type, nulls, values) and geometries.
void expect_same_table(const lifecircle::Table& a, const lifecircle::Table& b);

}  // namespace lc::test
