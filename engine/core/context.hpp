// lc::core context: the engine's side of lifecircle::Context (include/lifecircle/context.hpp).
// An API entry point installs the caller's context for the calling thread (ContextScope); the
// engine's logging, progress, cancellation and parallel loops read it from there, and the
// parallel loops carry it into their worker threads. Outside any scope a default context applies
// (standard error, every core, never cancelled), so tests and tools can call the engine directly.
#pragma once

#include <lifecircle/context.hpp>

namespace lc {

using lifecircle::Context;
using lifecircle::LogLevel;

// The context the calling thread works for.
Context& current_context();

// Installs `ctx` for the calling thread while it lives; scopes nest.
class ContextScope {
 public:
  explicit ContextScope(Context& ctx);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  Context* previous_;
};

// Throws Cancelled when the current context's cancel check says so: the engine calls it between
// stages and between the chunks of every parallel loop.
void check_cancelled();

}  // namespace lc
