#include "core/context.hpp"

#include <algorithm>
#include <thread>

#include "core/context_impl.hpp"

#ifndef LIFECIRCLE_STD_THREADS
#include <tbb/info.h>
#else
#include <sched.h>
#endif
#include "core/error.hpp"

namespace lifecircle {

namespace {
// 0: every core this process may run on. Not std::thread::hardware_concurrency(), which counts the
// machine's: a process bound to fewer cores (mpirun binds each rank to one by default, as does
// taskset or a Slurm allocation) would make an arena of more threads than oneTBB has workers for,
// and oneTBB would print "The number of workers is currently limited to 0. The request for 1
// workers is ignored" at every start (main's own context is made with 0), though nothing is lost:
// the missing workers could only have run on cores the process may not use. oneTBB's default
// concurrency is the affinity mask's (and the cgroup's CPU quota's) count.
unsigned every_core() {
#ifndef LIFECIRCLE_STD_THREADS
  return static_cast<unsigned>(std::max(1, tbb::info::default_concurrency()));
#else
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  return std::max(1u, std::thread::hardware_concurrency());
#endif
}

unsigned resolve(unsigned requested) { return requested > 0 ? requested : every_core(); }
}  // namespace

Context::Context(unsigned threads) : impl_(std::make_unique<Impl>()) {
  impl_->threads = resolve(threads);
#ifndef LIFECIRCLE_STD_THREADS
  impl_->arena.initialize(static_cast<int>(impl_->threads));
#endif
}

Context::~Context() = default;

unsigned Context::threads() const { return impl_->threads; }

}  // namespace lifecircle

namespace lc {

namespace {
thread_local Context* t_current = nullptr;

Context& default_context() {
  static Context ctx;  // standard error, every core, never cancelled
  return ctx;
}
}  // namespace

Context& current_context() { return t_current ? *t_current : default_context(); }

ContextScope::ContextScope(Context& ctx) : previous_(t_current) { t_current = &ctx; }
ContextScope::~ContextScope() { t_current = previous_; }

void check_cancelled() {
  const Context& ctx = current_context();
  if (ctx.cancelled && ctx.cancelled()) throw Cancelled();
}

}  // namespace lc
