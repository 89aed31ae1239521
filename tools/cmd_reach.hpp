// tools: `lifecircle reach`: walking times from every origin to every facility category.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

void setup_reach(CLI::App& app);

}  // namespace lc::tools
