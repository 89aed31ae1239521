// --max-memory (tools/memory_budget.hpp): sizes as people write them, the estimate's arithmetic,
// and the CLI refusing a run before the searches with exit code 2 and leaving no output.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"
#include "memory_budget.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc::tools {
namespace {

TEST(MemoryBudget, ParsesSizesAsWritten) {
  const std::uint64_t M = 1024 * 1024;
  EXPECT_EQ(parse_memory_size("512M", "--max-memory"), 512 * M);
  EXPECT_EQ(parse_memory_size("2G", "--max-memory"), 2048 * M);
  EXPECT_EQ(parse_memory_size("1.5G", "--max-memory"), 1536 * M);
  EXPECT_EQ(parse_memory_size("2GiB", "--max-memory"), 2048 * M);
  EXPECT_EQ(parse_memory_size("512mb", "--max-memory"), 512 * M);
  EXPECT_EQ(parse_memory_size(" 800K ", "--max-memory"), 800u * 1024);
  EXPECT_EQ(parse_memory_size("1T", "--max-memory"), 1024 * 1024 * M);
  EXPECT_EQ(parse_memory_size("1048576", "--max-memory"), M);
  for (const char* bad : {"", "M", "-1G", "0", "0.1", "1X", "1e3G", "2GG", "nan", "infG", "1 G B", "99999999999T"}) {
    try {
      parse_memory_size(bad, "--max-memory");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--max-memory: expected a size"), std::string::npos) << e.what();
    }
  }
}

TEST(MemoryBudget, FormatsBytes) {
  EXPECT_EQ(format_bytes(12), "12 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(512ull << 20), "512.0 MiB");
  EXPECT_EQ(format_bytes(3ull << 30), "3.0 GiB");
}

TEST(MemoryBudget, EstimateGrowsWithEachSize) {
  const RunShape base{100000, 250000, 50000, 60000, 2000, 10, 3, 3, 4, true};
  const auto e = estimate_memory(base, 300u << 20);
  EXPECT_EQ(e.resident, 300u << 20);
  EXPECT_EQ(e.total(), e.resident + e.searches + e.results);
  auto bigger = [&](auto change) {
    RunShape s = base;
    change(s);
    return estimate_memory(s, 300u << 20).total() > e.total();
  };
  EXPECT_TRUE(bigger([](RunShape& s) { s.nodes *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.origins *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.categories *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.threads *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.k += 2; }));
  // reach writes one category at a time: its results do not grow with the category count.
  RunShape reach = base;
  reach.tables = false;
  const auto r1 = estimate_memory(reach, 0).results;
  reach.categories *= 10;
  EXPECT_EQ(estimate_memory(reach, 0).results, r1);
  // ... unless it writes a GeoPackage: then every row is held until the file is written.
  reach.reach_table = true;
  const auto all = estimate_memory(reach, 0).results;
  EXPECT_GT(all, 10 * r1);
  reach.categories /= 10;
  EXPECT_NEAR(static_cast<double>(estimate_memory(reach, 0).results), static_cast<double>(all) / 10, 10.0);
}

TEST(MemoryBudget, CliRefusesBeforeTheSearchesAndWritesNothing) {
  test::TempDir dir;
  const std::string corpus = std::string(LIFECIRCLE_SOURCE_DIR) + "/tests/bad_input/";
  const std::string reach = "reach --network " + corpus + "lines_ok.geojson --facilities " + corpus +
                            "facilities_ok.geojson --category-field kind --origins " + corpus + "homes_ok.csv --out ";
  auto r = test::run_cli(reach + dir.file("a.csv") + " --max-memory 1M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--max-memory 1M: this run needs about "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("origins x 2 categories"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.csv")));
  r = test::run_cli(reach + dir.file("b.csv") + " --max-memory 64G");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("memory: about "), std::string::npos) << r.out;
  r = test::run_cli(reach + dir.file("c.csv") + " --max-memory lots");
  EXPECT_EQ(r.code, 2) << r.out;
  const std::string coverage = "coverage --network " + corpus + "lines_ok.geojson --facilities " + corpus +
                               "facilities_ok.geojson --category-field kind --origins " + corpus +
                               "homes_ok.csv --population-field population --summary ";
  r = test::run_cli(coverage + dir.file("s.csv") + " --max-memory 1M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.csv")));
}

}  // namespace
}  // namespace lc::tools
