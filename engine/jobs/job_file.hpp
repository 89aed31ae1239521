// jobs: the job file of `lifecircle run` (docs/jobs.md): TOML naming an output folder, defaults
// and tasks, each task one lifecircle command with its flags as keys. This file only reads and
// checks the file's own structure; whether a command takes a flag is checked by the runner
// against the command line definitions themselves (one source of truth for options).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lc::jobs {

// One flag of a task: `key` is the long option name without "--"; `values` are its arguments
// (empty for a flag set to true). `line` is where it was written, for error messages.
struct JobArg {
  std::string key;
  std::vector<std::string> values;
  bool is_flag = false;        // a TOML boolean
  bool from_defaults = false;  // [defaults]: given only to commands that take it
  int line = 0;
};

struct JobTask {
  std::string name;
  std::vector<std::string> command;  // e.g. {"coverage"} or {"synth", "wuhai"}
  std::vector<std::string> after;    // tasks whose outputs this one reads
  std::vector<JobArg> args;          // defaults first, then the task's own keys (task wins)
  bool split = false;                // under mpirun: all ranks share this task's category searches
  int line = 0;
};

struct Job {
  std::string path;     // the job file
  std::string dir;      // its folder: relative input paths are read from here
  std::string name;
  std::string out_dir;  // absolute or relative to the working directory, resolved from `out`
  unsigned threads = 0;
  std::vector<JobTask> tasks;  // in file order
};

// Parses and checks a job file's text (`path` only names it in messages and anchors relative
// paths). Throws InputError naming the file and line.
Job parse_job(const std::string& text, const std::string& path);
Job load_job(const std::string& path);

// A task's command as written ("synth wuhai").
std::string command_text(const JobTask& task);

// The order tasks run in: a task runs in the wave after the last of the tasks it runs after
// (indexes into job.tasks, in file order within a wave).
std::vector<std::vector<std::size_t>> waves(const Job& job);

// The keys whose values are paths: inputs are read relative to the job file's folder, outputs
// are written relative to the job's output folder.
bool is_input_path_key(const std::string& key);
bool is_output_path_key(const std::string& key);

}  // namespace lc::jobs
