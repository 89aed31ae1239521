#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace lc::log {

namespace {
std::atomic<Level> g_level{Level::normal};
std::mutex g_mutex;
void (*g_before)() = nullptr;

void print(const char* prefix, const std::string& m) {
  std::lock_guard lock(g_mutex);
  if (g_before) g_before();
  std::fprintf(stderr, "%s%s\n", prefix, m.c_str());
}
}  // namespace

void set_level(Level l) { g_level = l; }
Level level() { return g_level; }

void set_before_print(void (*hook)()) {
  std::lock_guard lock(g_mutex);
  g_before = hook;
}

void info(const std::string& m) {
  if (g_level >= Level::normal) print("", m);
}

// Warnings are shown even when quiet: they say something about the data that the user must see.
void warn(const std::string& m) { print("warning: ", m); }

}  // namespace lc::log
