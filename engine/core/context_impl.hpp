// lc::core: what a Context holds that only the engine sees (its thread pool).
#pragma once

#include <memory>

#include "core/context.hpp"

#ifndef LIFECIRCLE_STD_THREADS
#include <tbb/task_arena.h>
#endif

struct lifecircle::Context::Impl {
  unsigned threads = 1;
#ifndef LIFECIRCLE_STD_THREADS
  tbb::task_arena arena;  // this context's loops run here, on at most `threads` threads
#endif
};
