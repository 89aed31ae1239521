// tools: the context (core/context.hpp) one command runs in: the threads it asks for, and the log
// level and sinks of whoever runs it (main's terminal, or the job runner's log and bar).
#pragma once

#include <optional>

#include "core/context.hpp"

namespace lc::tools {

class CommandContext {
 public:
  // threads: 0 for every core; level: the outer context's unless given.
  explicit CommandContext(unsigned threads, std::optional<LogLevel> level = std::nullopt) : ctx_(threads) {
    const Context& outer = current_context();
    ctx_.level = level.value_or(outer.level);
    ctx_.log = outer.log;
    ctx_.progress = outer.progress;
    ctx_.cancelled = outer.cancelled;
    ctx_.input_epsg = outer.input_epsg;
    ctx_.inputs = outer.inputs;
    scope_.emplace(ctx_);
  }
  Context& get() { return ctx_; }

 private:
  Context ctx_;
  std::optional<ContextScope> scope_;
};

}  // namespace lc::tools
