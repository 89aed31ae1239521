// lc::parallel: every index is visited exactly once for any size, grain and thread count; the
// first exception comes back to the caller; ThreadLimit nests and restores; PerThread states are
// never shared by two threads at once. Runs under both backends (oneTBB, and std::thread in the
// tsan preset, where ThreadSanitizer watches the same loops).
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/parallel.hpp"

namespace lc {
namespace {

std::vector<int> visits(std::size_t n, std::size_t grain) {
  std::vector<std::atomic<int>> seen(n);
  parallel::for_range(n, grain, [&](std::size_t b, std::size_t e) {
    ASSERT_LE(b, e);
    ASSERT_LE(e, n);
    for (std::size_t i = b; i < e; ++i) seen[i].fetch_add(1);
  });
  std::vector<int> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = seen[i].load();
  return out;
}

TEST(Parallel, EveryIndexOnceForAnySizeGrainAndThreads) {
  std::mt19937 rng(5);
  for (unsigned threads : {1u, 2u, 3u, 7u}) {
    const parallel::ThreadLimit limit(threads);
    for (int round = 0; round < 30; ++round) {
      const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 5000)(rng);
      const std::size_t grain = std::uniform_int_distribution<std::size_t>(0, 64)(rng);
      EXPECT_EQ(visits(n, grain), std::vector<int>(n, 1)) << "n " << n << " grain " << grain << " threads " << threads;
    }
  }
}

TEST(Parallel, ThreadLimitNestsAndRestores) {
  const unsigned before = parallel::max_threads();
  {
    const parallel::ThreadLimit one(1);
    EXPECT_EQ(parallel::max_threads(), 1u);
    {
      const parallel::ThreadLimit none(0);  // 0 leaves the limit in force
      EXPECT_EQ(parallel::max_threads(), 1u);
    }
    EXPECT_EQ(parallel::max_threads(), 1u);
  }
  EXPECT_EQ(parallel::max_threads(), before);
}

TEST(Parallel, OneThreadRunsInTheCaller) {
  const parallel::ThreadLimit one(1);
  const auto caller = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  parallel::for_each_index(1000, [&](std::size_t) { elsewhere += std::this_thread::get_id() != caller; });
  EXPECT_EQ(elsewhere.load(), 0);
}

TEST(Parallel, FirstExceptionReachesTheCaller) {
  const parallel::ThreadLimit two(2);
  std::atomic<int> ran{0};
  try {
    parallel::for_each_index(10000, [&](std::size_t i) {
      ++ran;
      if (i == 4321) throw std::runtime_error("bad item 4321");
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "bad item 4321");
  }
  EXPECT_GE(ran.load(), 1);
}

TEST(Parallel, PerThreadStatesSumToTheSerialAnswer) {
  const parallel::ThreadLimit two(2);
  struct Local {
    std::thread::id owner;
    std::uint64_t sum = 0;
  };
  parallel::PerThread<Local> locals([] { return Local{std::this_thread::get_id(), 0}; });
  std::atomic<int> foreign{0};
  const std::size_t n = 200000;
  parallel::for_range(n, 64, [&](std::size_t b, std::size_t e) {
    Local& l = locals.local();
    foreign += l.owner != std::this_thread::get_id();
    for (std::size_t i = b; i < e; ++i) l.sum += i;  // unsynchronised on purpose: TSan would see a shared state
  });
  std::uint64_t total = 0;
  int states = 0;
  locals.for_each([&](const Local& l) { total += l.sum, ++states; });
  EXPECT_EQ(foreign.load(), 0);
  EXPECT_EQ(total, std::uint64_t{n} * (n - 1) / 2);
  EXPECT_GE(states, 1);
}

TEST(Parallel, LoopInsideALoopBodyVisitsEverything) {
  const parallel::ThreadLimit two(2);
  std::vector<std::atomic<int>> seen(40 * 50);
  parallel::for_each_index(40, [&](std::size_t i) {
    parallel::for_each_index(50, [&](std::size_t j) { seen[i * 50 + j].fetch_add(1); });
  });
  for (const auto& s : seen) EXPECT_EQ(s.load(), 1);
}

}  // namespace
}  // namespace lc
