// tools: `lifecircle coverage`: who is reached and who is not, per category, community and unit.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

void setup_coverage(CLI::App& app);

}  // namespace lc::tools
