// lc::core progress: long stages say how far they are (a category out of 24, a search out of
// many) to the current context's progress sink (core/context.hpp). Every report is also a
// cancellation point.
#pragma once

#include <cstddef>
#include <string_view>

namespace lc::progress {

void report(std::string_view stage, std::size_t done, std::size_t total);

}  // namespace lc::progress
