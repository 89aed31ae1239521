// lc::parallel backends: oneTBB, or std::threads under LIFECIRCLE_STD_THREADS (see parallel.hpp).
#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "core/context.hpp"
#include "core/context_impl.hpp"

#ifndef LIFECIRCLE_STD_THREADS
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#endif

namespace lc::parallel {

ThreadLimit::ThreadLimit(unsigned n) {
  if (n == 0) return;
  const Context& outer = current_context();
  ctx_ = std::make_unique<Context>(n);
  ctx_->level = outer.level;
  ctx_->log = outer.log;
  ctx_->progress = outer.progress;
  ctx_->cancelled = outer.cancelled;
  ctx_->input_epsg = outer.input_epsg;
  ctx_->inputs = outer.inputs;
  scope_ = std::make_unique<ContextScope>(*ctx_);
}

ThreadLimit::~ThreadLimit() = default;

#ifdef LIFECIRCLE_STD_THREADS

namespace {
thread_local std::size_t t_slot = 0;
thread_local bool t_in_loop = false;
}  // namespace

std::size_t detail::slot() { return t_slot; }

unsigned max_threads() { return std::min<unsigned>(current_context().threads(), detail::kMaxSlots); }

void for_range(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  check_cancelled();
  Context& ctx = current_context();
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
    const ContextScope scope(ctx);
    const std::size_t outer_slot = t_slot;
    const bool outer_in_loop = t_in_loop;
    if (!outer_in_loop) t_slot = slot;
    t_in_loop = true;
    try {
      for (std::size_t c; !failed.load(std::memory_order_relaxed) &&
                          (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        check_cancelled();
        body(c * grain, std::min(n, (c + 1) * grain));
      }
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

unsigned max_threads() { return current_context().threads(); }

void for_range(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  check_cancelled();
  Context& ctx = current_context();
  // Inside the context's own arena (a loop in a loop body is already there and runs in place).
  ctx.impl().arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, std::max<std::size_t>(grain, 1)),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        const ContextScope scope(ctx);
                        check_cancelled();
                        body(r.begin(), r.end());
                      });
  });
}

#endif

}  // namespace lc::parallel
