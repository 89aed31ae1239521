// lc::core logging: messages go to the current context's log sink (core/context.hpp), filtered
// by its level; warnings always pass.
#pragma once

#include <string>

#include "core/context.hpp"

namespace lc::log {

using Level = lifecircle::LogLevel;

Level level();  // the current context's
void info(const std::string& message);
void warn(const std::string& message);

}  // namespace lc::log
