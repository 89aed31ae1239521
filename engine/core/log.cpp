#include "core/log.hpp"

#include <cstdio>
#include <mutex>

#include "core/redact.hpp"

namespace lc::log {

namespace {

// Lines from several threads must not interleave on standard error.
std::mutex& stderr_mutex() {
  static std::mutex m;
  return m;
}

void emit(bool warning, const std::string& text) {
  const std::string m = redacted(text);  // a PostgreSQL password never reaches a log
  const Context& ctx = current_context();
  if (ctx.log) return ctx.log(warning, m);
  std::lock_guard lock(stderr_mutex());
  std::fprintf(stderr, "%s%s\n", warning ? "warning: " : "", m.c_str());
}

}  // namespace

Level level() { return current_context().level; }

void info(const std::string& m) {
  if (level() >= Level::normal) emit(false, m);
}

void warn(const std::string& m) { emit(true, m); }

}  // namespace lc::log
