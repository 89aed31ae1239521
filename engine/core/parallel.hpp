// lc::parallel: the one place that decides how the engine spreads a loop over threads: as many as
// the current context allows (core/context.hpp), in that context's own oneTBB arena.
// Normal builds use oneTBB. With LIFECIRCLE_STD_THREADS (the tsan preset) the same loops run on
// plain std::threads instead, because Debian's libtbb is not built with ThreadSanitizer: TSan
// cannot see its scheduler's synchronisation and reports races inside TBB on every loop. Both
// backends hand out chunks dynamically, so callers must give the same result whichever thread
// ran what (integer sums, results by index, sorting afterwards).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "core/context.hpp"

#ifndef LIFECIRCLE_STD_THREADS
#include <tbb/enumerable_thread_specific.h>
#endif

namespace lc::parallel {

// Threads a loop may use: the current context's (core/context.hpp).
unsigned max_threads();

// While it lives, loops on this thread use `n` threads: a context like the current one but for
// its thread count is installed (tests, benchmarks). 0 leaves the current context in force.
class ThreadLimit {
 public:
  explicit ThreadLimit(unsigned n);
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

 private:
  std::unique_ptr<Context> ctx_;
  std::unique_ptr<ContextScope> scope_;
};

// Calls body(begin, end) on disjoint chunks that together cover [0, n), on the current context's
// threads (its oneTBB arena), with that context installed in every thread that runs a chunk.
// `grain` is the smallest chunk worth handing to another thread (0: the backend chooses). The
// context's cancel check runs before every chunk. The first exception a body throws (Cancelled
// included) is rethrown here once every thread has stopped; chunks not yet started are skipped.
void for_range(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)>& body);

// for_range one index at a time.
template <class Body>
void for_each_index(std::size_t n, Body&& body) {
  for_range(n, 0, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) body(i);
  });
}

#ifdef LIFECIRCLE_STD_THREADS
namespace detail {
// The calling thread's slot in the running loop: 0 for the caller, 1.. for the helpers.
std::size_t slot();
inline constexpr std::size_t kMaxSlots = 256;
}  // namespace detail
#endif

// State owned by one thread at a time, made by make() the first time a thread asks for it.
// for_each visits every state made, in no particular order.
template <class T>
class PerThread {
 public:
  template <class Make>
  explicit PerThread(Make make)
#ifdef LIFECIRCLE_STD_THREADS
      : make_(std::move(make)), slots_(detail::kMaxSlots) {}
  T& local() {
    std::unique_ptr<T>& s = slots_[detail::slot()];
    if (!s) s = std::make_unique<T>(make_());
    return *s;
  }
  template <class F>
  void for_each(F f) {
    for (auto& s : slots_)
      if (s) f(*s);
  }

 private:
  std::function<T()> make_;
  std::vector<std::unique_ptr<T>> slots_;
#else
      : ets_(std::move(make)) {}
  T& local() { return ets_.local(); }
  template <class F>
  void for_each(F f) {
    for (T& t : ets_) f(t);
  }

 private:
  tbb::enumerable_thread_specific<T> ets_;
#endif
};

}  // namespace lc::parallel
