#include "core/log.hpp"

#include <atomic>
#include <cstdio>

namespace lc::log {

namespace {
std::atomic<Level> g_level{Level::normal};
}

void set_level(Level l) { g_level = l; }
Level level() { return g_level; }

void info(const std::string& m) {
  if (g_level >= Level::normal) std::fprintf(stderr, "%s\n", m.c_str());
}

// Warnings are shown even when quiet: they say something about the data that the user must see.
void warn(const std::string& m) { std::fprintf(stderr, "warning: %s\n", m.c_str()); }

}  // namespace lc::log
