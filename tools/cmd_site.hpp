// tools: `lifecircle site`: where to build the next facilities of one category.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_site(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
