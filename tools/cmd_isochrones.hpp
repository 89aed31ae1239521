// tools: `lifecircle isochrones`: walking isochrones per facility and merged per category, drawn
// from the reached streets (engine/access/isochrones), and optionally the nearest-facility
// service areas, written as GIS layers with their QGIS styles.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_isochrones(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
