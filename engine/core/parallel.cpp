// lc::parallel backends: oneTBB, or std::threads under LIFECIRCLE_STD_THREADS (see parallel.hpp).
#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#ifndef LIFECIRCLE_STD_THREADS
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#endif

namespace lc::parallel {

#ifdef LIFECIRCLE_STD_THREADS

namespace {
std::atomic<unsigned> g_limit{0};  // 0: the machine's threads
thread_local std::size_t t_slot = 0;
thread_local bool t_in_loop = false;
}  // namespace

std::size_t detail::slot() { return t_slot; }

unsigned max_threads() {
  const unsigned limit = g_limit.load();
  const unsigned n = limit > 0 ? limit : std::max(1u, std::thread::hardware_concurrency());
  return std::min<unsigned>(n, detail::kMaxSlots);
}

ThreadLimit::ThreadLimit(unsigned n) {
  if (n == 0) return;
  state_ = std::make_shared<unsigned>(g_limit.exchange(n));
}

ThreadLimit::~ThreadLimit() {
  if (state_) g_limit.store(*static_cast<unsigned*>(state_.get()));
}

void for_range(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  if (grain == 0) grain = std::max<std::size_t>(1, n / (8 * std::size_t{max_threads()}));
  const std::size_t chunks = (n + grain - 1) / grain;
  // A loop inside a loop body runs in the body's own thread: that thread keeps its slot.
  const std::size_t threads = t_in_loop ? 1 : std::min<std::size_t>(max_threads(), chunks);
  // Relaxed on purpose: the counter only deals out indices and publishes nothing, so TSan sees no
  // ordering between chunks that the bodies do not create themselves.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&](std::size_t slot) {
    const std::size_t outer_slot = t_slot;
    const bool outer_in_loop = t_in_loop;
    if (!outer_in_loop) t_slot = slot;
    t_in_loop = true;
    try {
      for (std::size_t c; !failed.load(std::memory_order_relaxed) &&
                          (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;)
        body(c * grain, std::min(n, (c + 1) * grain));
    } catch (...) {
      const std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      failed.store(true, std::memory_order_relaxed);
    }
    t_slot = outer_slot;
    t_in_loop = outer_in_loop;
  };
  std::vector<std::thread> helpers;
  for (std::size_t s = 1; s < threads; ++s) helpers.emplace_back(work, s);
  work(0);
  for (auto& h : helpers) h.join();
  if (error) std::rethrow_exception(error);
}

#else

unsigned max_threads() {
  return static_cast<unsigned>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

ThreadLimit::ThreadLimit(unsigned n) {
  if (n > 0)
    state_ = std::make_shared<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                   std::size_t{n});
}

ThreadLimit::~ThreadLimit() = default;

void for_range(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, std::max<std::size_t>(grain, 1)),
                    [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); });
}

#endif

}  // namespace lc::parallel
