// tools: the list of lifecircle's subcommands, in one place, so that the command line and the
// job runner (`lifecircle run`, whose tasks are these same commands) cannot drift apart.
#pragma once

#include <CLI/CLI.hpp>

#include "work_split.hpp"

namespace lc::tools {

// Every subcommand a job task may use (everything but `run` itself). `split`: this process's share
// of a split task of `lifecircle run` (null: all of it); it must outlive the commands' callbacks.
void add_task_commands(CLI::App& app, const WorkSplit* split = nullptr);

}  // namespace lc::tools
