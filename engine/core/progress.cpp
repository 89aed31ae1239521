#include "core/progress.hpp"

#include <mutex>

namespace lc::progress {

namespace {
std::mutex g_mutex;
Snapshot g_state;
}  // namespace

void report(std::string_view stage, std::size_t done, std::size_t total) {
  std::lock_guard lock(g_mutex);
  g_state.stage.assign(stage);
  g_state.done = done;
  g_state.total = total;
}

Snapshot current() {
  std::lock_guard lock(g_mutex);
  return g_state;
}

void clear() {
  std::lock_guard lock(g_mutex);
  g_state = {};
}

}  // namespace lc::progress
