#include "core/context.hpp"

#include <algorithm>
#include <thread>

#include "core/context_impl.hpp"
#include "core/error.hpp"

namespace lifecircle {

namespace {
unsigned resolve(unsigned requested) {
  return requested > 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}
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
