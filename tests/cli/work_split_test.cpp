// The bytes that carry category results between MPI ranks (engine/api/work_split): a round trip keeps
// every field, and one process puts results back in category order.
#include <gtest/gtest.h>

#include "api/work_split.hpp"

namespace lc {
namespace {

access::CategoryResult sample(const std::string& id, std::uint32_t base) {
  access::CategoryResult c;
  c.id = id;
  c.threshold = Cost{base * 1000};
  c.group = access::Population::all;
  c.level = 10;
  c.nearest = {Cost{base}, Cost::unreachable(), Cost{base + 7}};
  c.nearest_id = {"f1", "", "长者食堂 2"};
  c.counts = {1, 2, 3, 0, 0, 0, 4, 5, 6};
  c.threshold_minutes = {5, 10, 15};
  c.fca = {0.5, 0.0, 1e-9};
  c.fca_gaussian = {};
  return c;
}

TEST(WorkSplit, CategoryResultsSurviveTheRoundTrip) {
  std::vector<std::pair<std::size_t, access::CategoryResult>> in{{2, sample("clinic", 11)}, {0, sample("", 0)}};
  const auto out = api::decode_categories(api::encode_categories(in));
  ASSERT_EQ(out.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(out[i].first, in[i].first);
    const auto &a = in[i].second, &b = out[i].second;
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.threshold, b.threshold);
    EXPECT_EQ(a.level, b.level);
    EXPECT_EQ(a.nearest, b.nearest);
    EXPECT_EQ(a.nearest_id, b.nearest_id);
    EXPECT_EQ(a.counts, b.counts);
    EXPECT_EQ(a.threshold_minutes, b.threshold_minutes);
    EXPECT_EQ(a.fca, b.fca);
    EXPECT_EQ(a.fca_gaussian, b.fca_gaussian);
  }
  std::string bytes = api::encode_categories(in);
  bytes.pop_back();
  EXPECT_THROW(api::decode_categories(bytes), std::runtime_error);
}

TEST(WorkSplit, OneProcessPutsResultsInCategoryOrder) {
  std::vector<std::pair<std::size_t, access::CategoryResult>> in{{1, sample("b", 2)}, {0, sample("a", 1)}};
  const auto out = api::exchange_categories(in, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "a");
  EXPECT_EQ(out[1].id, "b");
  EXPECT_THROW(api::exchange_categories({{0, sample("a", 1)}}, 2), std::logic_error);
}

}  // namespace
}  // namespace lc
