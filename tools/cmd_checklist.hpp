// tools: `lifecircle checklist show|validate`: the plan's checklist as data.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_checklist(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
