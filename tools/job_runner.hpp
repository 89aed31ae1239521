// tools: `lifecircle run JOB.toml`: runs a job's tasks (each one lifecircle command) in the
// order their `after` lists allow, keeps what an earlier run already finished, spreads the
// tasks of each wave across MPI ranks when started by mpirun, and ends with the timings and
// peak memory of every task (docs/jobs.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lc::tools {

struct RunOptions {
  std::string job;
  bool force = false;     // run every task again
  bool dry_run = false;   // check the job and say what would run
  bool verbose = false;   // the tasks' own messages too
  bool quiet = false;     // no progress, no summary
  std::optional<unsigned> threads;  // overrides the job's `threads`
};

void run_job(const RunOptions& options);

}  // namespace lc::tools
