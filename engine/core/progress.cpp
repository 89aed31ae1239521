#include "core/progress.hpp"

#include "core/context.hpp"

namespace lc::progress {

void report(std::string_view stage, std::size_t done, std::size_t total) {
  check_cancelled();
  const Context& ctx = current_context();
  if (ctx.progress) ctx.progress(stage, done, total);
}

}  // namespace lc::progress
