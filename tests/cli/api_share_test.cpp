// CoverageRequest::share: a run split among processes as a field of the request (no process-wide
// state). The shares of a split, each run alone, are together the whole run's categories, each
// exactly as the whole run searched it; a share alone returns no tables.
#include <gtest/gtest.h>

#include <lifecircle/coverage.hpp>
#include <lifecircle/error.hpp>

#include <string>

#include "support/api_compare.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

TEST(ApiShare, TheSharesOfASplitAreTheWholeRun) {
  const std::string city = test::synthetic_wuhai();
  lifecircle::CoverageRequest r;
  r.network.path = city + ":streets";
  r.facilities = {city + ":facilities", {}, "category", "id", "capacity", lifecircle::Datum::wgs84};
  r.origins.path = city + ":compounds";
  r.origins.fields.id = "id";
  r.origins.fields.population = "population";
  r.catalog = std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml";
  r.categories = {"convenience_store", "elder_day_care", "fitness", "health_station", "kindergarten"};
  lifecircle::Context ctx(2);
  ctx.level = lifecircle::LogLevel::quiet;
  r.built = lifecircle::Network::build(ctx, r.network);  // once for the whole run and its shares
  const lifecircle::CoverageResult whole = lifecircle::coverage(ctx, r);
  ASSERT_EQ(whole.categories.size(), 5u);
  std::size_t seen = 0;
  for (unsigned part = 0; part < 3; ++part) {
    r.share = {part, 3};
    const lifecircle::CoverageResult share = lifecircle::coverage(ctx, r);
    EXPECT_TRUE(share.tables.empty());
    EXPECT_EQ(share.summary.rows(), 0u);
    EXPECT_EQ(share.origin_ids, whole.origin_ids);
    for (std::size_t k = 0; k < share.categories.size(); ++k) {
      const std::size_t i = part + 3 * k;  // every third category in id order
      ASSERT_LT(i, whole.categories.size());
      test::expect_same_category(share.categories[k], whole.categories[i]);
      ++seen;
    }
  }
  EXPECT_EQ(seen, whole.categories.size());
  r.share = {3, 3};
  EXPECT_THROW(lifecircle::coverage(ctx, r), lifecircle::UsageError);
}

}  // namespace
}  // namespace lc
