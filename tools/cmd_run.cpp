// tools: `lifecircle run JOB.toml` on the command line; the work is in job_runner.
#include "cmd_run.hpp"

#include <memory>

#include "core/log.hpp"
#include "job_runner.hpp"

namespace lc::tools {

void setup_run(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto threads = std::make_shared<unsigned>(0);
  CLI::App* cmd = app.add_subcommand("run", "Run a job file: many tasks, scenarios or cities; resumable; mpirun-aware");
  cmd->add_option("job", o->job, "Job file (TOML, docs/jobs.md)")->required();
  cmd->add_flag("--force", o->force, "Run every task again, even those an earlier run finished");
  cmd->add_flag("--dry-run", o->dry_run, "Check the job file and print each task's command line");
  cmd->add_flag("--verbose", o->verbose, "Show the tasks' own messages too");
  CLI::Option* t = cmd->add_option("--threads", *threads, "Worker threads per process (overrides the job's threads)");
  cmd->callback([o, threads, t] {
    if (t->count() > 0) o->threads = *threads;
    o->quiet = log::level() == log::Level::quiet;  // the root's -q
    run_job(*o);
  });
}

}  // namespace lc::tools
