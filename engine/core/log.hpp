// lc::core logging: one place that decides where messages go (stderr) and how quiet runs are.
#pragma once

#include <string>

namespace lc::log {

enum class Level { quiet = 0, normal = 1, verbose = 2 };

void set_level(Level level);
Level level();
void info(const std::string& message);
void warn(const std::string& message);

// Called (under the log's lock) before a message is printed: a progress bar on the terminal
// uses it to clear its line so messages never land in the middle of the bar.
void set_before_print(void (*hook)());

}  // namespace lc::log
