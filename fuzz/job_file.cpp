// fuzz/job_file: the job file parser of `lifecircle run` (engine/jobs/job_file: TOML structure, tasks,
// variables, paths, the order of `after`). A job it accepts must be well formed: every task named
// and with a command, every `after` naming an earlier task.
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_support.hpp"
#include "jobs/job_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lc::fuzz::expect_only_lc_errors([&] {
    const lc::jobs::Job job = lc::jobs::parse_job(std::string(lc::fuzz::text_of(data, size)), "/fuzz/job.toml");
    std::set<std::string> seen;
    for (const auto& t : job.tasks) {
      if (t.name.empty() || t.command.empty()) std::abort();
      for (const auto& a : t.after)
        if (!seen.count(a)) std::abort();  // the parser let an unknown or later task through
      seen.insert(t.name);
    }
  });
  return 0;
}
