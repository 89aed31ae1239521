// tools: `lifecircle checklist show|validate`: the plan's checklist as data.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

void setup_checklist(CLI::App& app);

}  // namespace lc::tools
