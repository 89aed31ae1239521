// lc::Context: what used to be process-wide (threads, logging, progress, cancellation, a file's
// CRS) now belongs to a context; two contexts used at once from two threads never see each other,
// a cancel check stops a loop part way, and the parallel loops carry the context into their
// worker threads.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"

namespace lc {
namespace {

struct Captured {
  std::mutex m;
  std::vector<std::string> lines;
  void attach(Context& ctx) {
    ctx.log = [this](bool warning, const std::string& text) {
      std::lock_guard lock(m);
      lines.push_back((warning ? "W " : "I ") + text);
    };
  }
};

TEST(Context, TwoContextsOnTwoThreadsKeepTheirOwnSettings) {
  Context one(1), two(2);
  Captured a, b;
  a.attach(one), b.attach(two);
  one.input_epsg["x.shp"] = 32650;
  std::atomic<unsigned> seen_one{0}, seen_two{0};
  auto work = [](Context& ctx, std::atomic<unsigned>& seen, const std::string& name) {
    const ContextScope scope(ctx);
    for (int i = 0; i < 50; ++i) {
      seen = parallel::max_threads();
      parallel::for_each_index(2000, [&](std::size_t k) {
        if (k == 1234) log::info(name + " inside a loop");  // on whichever thread ran it
      });
    }
    log::warn(name + " done, epsg " + std::to_string(current_context().input_epsg.count("x.shp")));
  };
  std::thread t1(work, std::ref(one), std::ref(seen_one), "one");
  std::thread t2(work, std::ref(two), std::ref(seen_two), "two");
  t1.join(), t2.join();
  EXPECT_EQ(seen_one.load(), 1u);
  EXPECT_EQ(seen_two.load(), 2u);
  ASSERT_EQ(a.lines.size(), 51u);
  ASSERT_EQ(b.lines.size(), 51u);
  for (const auto& l : a.lines) EXPECT_NE(l.find("one"), std::string::npos) << l;
  for (const auto& l : b.lines) EXPECT_NE(l.find("two"), std::string::npos) << l;
  EXPECT_EQ(a.lines.back(), "W one done, epsg 1");
  EXPECT_EQ(b.lines.back(), "W two done, epsg 0");
}

TEST(Context, QuietLevelDropsInformationButNotWarnings) {
  Context ctx(1);
  Captured c;
  c.attach(ctx);
  ctx.level = LogLevel::quiet;
  const ContextScope scope(ctx);
  log::info("hidden");
  log::warn("shown");
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0], "W shown");
}

TEST(Context, CancelStopsALoopPartWayAndReachesTheCaller) {
  Context ctx(2);
  std::atomic<std::size_t> done{0};
  ctx.cancelled = [&] { return done.load() >= 1000; };
  const ContextScope scope(ctx);
  EXPECT_THROW(parallel::for_range(1'000'000, 10, [&](std::size_t b, std::size_t e) { done += e - b; }), Cancelled);
  EXPECT_LT(done.load(), 1'000'000u);
  try {
    progress::report("stage", 1, 2);
    FAIL() << "progress reports are cancellation points";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::cancelled);
  }
}

TEST(Context, ProgressGoesToTheContextsSink) {
  Context ctx(2);
  std::mutex m;
  std::set<std::size_t> reported;
  ctx.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    std::lock_guard lock(m);
    EXPECT_EQ(stage, "cells");
    EXPECT_EQ(total, 64u);
    reported.insert(done);
  };
  const ContextScope scope(ctx);
  parallel::for_each_index(64, [&](std::size_t i) { progress::report("cells", i + 1, 64); });
  EXPECT_EQ(reported.size(), 64u);
}

TEST(Context, WithoutAScopeTheDefaultContextApplies) {
  std::thread t([] {
    EXPECT_GE(current_context().threads(), 1u);
    EXPECT_FALSE(current_context().cancelled);
  });
  t.join();
}

}  // namespace
}  // namespace lc
