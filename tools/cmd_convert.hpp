// tools: `lifecircle convert`: a whole vector file between WGS84, GCJ-02 (Amap/高德, Tencent) and
// BD-09 (Baidu) coordinates.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

class CommandActions;  // commands.hpp

void setup_convert(CLI::App& app, CommandActions& actions);

}  // namespace lc::tools
