// tools: the list of lifecircle's subcommands, in one place, so that the command line and the
// job runner (`lifecircle run`, whose tasks are these same commands) cannot drift apart: a job
// task's keys are set through the very option definitions the command line parses (names,
// defaults, checks), and the task runs the command's action on the options they fill.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <map>

#include "work_split.hpp"

namespace lc::tools {

// What each command does once its options hold their values: CLI11 calls it after parsing the
// command line; the job runner calls it directly, on options set from a job file's keys.
class CommandActions {
 public:
  // Makes `run` the command's callback and keeps it.
  void on_run(CLI::App& cmd, std::function<void()> run) {
    cmd.callback(run);
    runs_[&cmd] = std::move(run);
  }
  // Null for a command that only groups others (`synth`, `checklist`).
  const std::function<void()>* find(const CLI::App& cmd) const {
    auto it = runs_.find(&cmd);
    return it == runs_.end() ? nullptr : &it->second;
  }

 private:
  std::map<const CLI::App*, std::function<void()>> runs_;
};

// The key a job task sets an option with (docs/jobs.md): its long name, or a positional argument's
// name in lower case, IN and OUT as `input` and `output` (`convert`'s; `checklist validate`'s FILE
// is `file`). task_option finds the option of `cmd` a key sets (null: none); shown_key names it
// in messages as the command line does (--network), a positional with its key (input (IN)).
std::string task_key(const CLI::Option& opt);
CLI::Option* task_option(CLI::App& cmd, const std::string& key);
std::string shown_key(const CLI::Option& opt);

// Every subcommand a job task may use (everything but `run` itself). `split`: this process's share
// of a split task of `lifecircle run` (null: all of it); it must outlive the commands' callbacks.
CommandActions add_task_commands(CLI::App& app, const WorkSplit* split = nullptr);

}  // namespace lc::tools
