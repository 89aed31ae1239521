#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

void setup_run(CLI::App& app);

}  // namespace lc::tools
