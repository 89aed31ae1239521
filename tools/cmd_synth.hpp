// tools: `lifecircle synth wuhai`: writes the synthetic Wuhai (engine/synth) as a GeoPackage with
// a README that says plainly it is made-up data.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_synth(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
