// tools: `lifecircle coverage`: who is reached and who is not, per category, community and unit.
#pragma once

#include <CLI/CLI.hpp>

#include "work_split.hpp"

namespace lc::tools {

class CommandActions;  // commands.hpp

// `split`: this process's share of a task marked split = true under `lifecircle run` (null: all).
void setup_coverage(CLI::App& app, CommandActions& actions, const WorkSplit* split = nullptr);

}  // namespace lc::tools
