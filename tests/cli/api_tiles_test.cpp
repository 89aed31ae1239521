// CoverageRequest::tile_size_m: coverage searched tile by tile gives the untiled run's results,
// every category's per-origin vectors and every table cell by cell, on the synthetic Wuhai
// (compounds with several gates each, districts, an irregular street network), with tiles small
// enough that most buffers cross tiles and with nearest facilities both within the cap (from the
// tiles) and beyond it (from the whole network).
#include <gtest/gtest.h>

#include <lifecircle/coverage.hpp>
#include <lifecircle/error.hpp>

#include <algorithm>
#include <string>

#include "support/api_compare.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

TEST(ApiTiles, TiledCoverageIsTheUntiledRun) {
  const std::string city = test::synthetic_wuhai();
  lifecircle::CoverageRequest r;
  r.network.path = city + ":streets";
  r.facilities = {city + ":facilities", {}, "category", "id", "capacity", lifecircle::Datum::wgs84};
  r.origins.path = city + ":compounds";
  r.origins.entrances = city + ":gates";
  r.origins.fields.id = "id";
  r.origins.fields.population = "population";
  r.units.path = city + ":districts";
  r.catalog = std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml";
  r.categories = {"convenience_store", "elder_day_care", "health_station", "hospital", "kindergarten", "middle_school"};
  lifecircle::Context ctx(2);
  ctx.level = lifecircle::LogLevel::quiet;
  r.built = lifecircle::Network::build(ctx, r.network);
  const lifecircle::CoverageResult whole = lifecircle::coverage(ctx, r);
  ASSERT_EQ(whole.categories.size(), 6u);

  // Both ways of finding the nearest facility are exercised: within the cap (twice the largest
  // threshold or the largest count threshold) and beyond it.
  double cap_s = 15 * 60;
  for (const auto& c : whole.categories) cap_s = std::max(cap_s, 2 * c.threshold_s);
  std::size_t within = 0, beyond = 0;
  for (const auto& c : whole.categories)
    for (double t : c.nearest_s) (t <= cap_s ? within : beyond) += 1;
  EXPECT_GT(within, 0u);
  EXPECT_GT(beyond, 0u) << "no nearest facility beyond the cap of " << cap_s << " s";

  r.tile_size_m = 2000;
  const lifecircle::CoverageResult tiled = lifecircle::coverage(ctx, r);
  EXPECT_EQ(tiled.origin_ids, whole.origin_ids);
  ASSERT_EQ(tiled.categories.size(), whole.categories.size());
  for (std::size_t i = 0; i < whole.categories.size(); ++i) test::expect_same_category(tiled.categories[i], whole.categories[i]);
  ASSERT_EQ(tiled.tables.size(), whole.tables.size());
  for (std::size_t t = 0; t < whole.tables.size(); ++t) test::expect_same_table(tiled.tables[t], whole.tables[t]);
  test::expect_same_table(tiled.summary, whole.summary);
  EXPECT_EQ(tiled.gap_report, whole.gap_report);

  // A tile's results are partial: a share of a tiled run needs the exchange among processes,
  // which only the job runner gives.
  r.share = {0, 2};
  EXPECT_THROW(lifecircle::coverage(ctx, r), lifecircle::UsageError);
  r.share = {};
  r.tile_size_m = -1;
  EXPECT_THROW(lifecircle::coverage(ctx, r), lifecircle::UsageError);
}

}  // namespace
}  // namespace lc
