// tools: `lifecircle compare`: the base against a scenario (facilities added or removed, walking
// links added), per category and unit and origin by origin.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

void setup_compare(CLI::App& app);

}  // namespace lc::tools
