// tools: the list of lifecircle's subcommands, in one place, so that the command line and the
// job runner (`lifecircle run`, whose tasks are these same commands) cannot drift apart.
#pragma once

#include <CLI/CLI.hpp>

namespace lc::tools {

// Every subcommand a job task may use (everything but `run` itself).
void add_task_commands(CLI::App& app);

}  // namespace lc::tools
