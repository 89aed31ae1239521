// lc::core progress: long stages say how far they are (a category out of 24, a search out of
// many); `lifecircle run` reads it to draw its bar or periodic log lines. Reporting is a cheap
// store, safe from any thread, and does nothing visible on its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lc::progress {

void report(std::string_view stage, std::size_t done, std::size_t total);

struct Snapshot {
  std::string stage;  // "" when nothing has been reported since the last clear()
  std::size_t done = 0, total = 0;
};
Snapshot current();
void clear();

}  // namespace lc::progress
