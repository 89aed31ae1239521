// tools: `lifecircle compare`: the base against a scenario (facilities added or removed, walking
// links added), per category and unit and origin by origin.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_compare(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
