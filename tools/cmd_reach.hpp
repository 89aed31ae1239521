// tools: `lifecircle reach`: walking times from every origin to every facility category.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_reach(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
