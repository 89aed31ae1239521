// tools: `lifecircle site`: where to build the next facilities of one category.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

void setup_site(CLI::App& app);

}  // namespace lc::tools
