// tools: a job task's fingerprint (jobs/fingerprint.hpp) from its command's options as the job
// file set them: the value of every option, read from the command's own option definitions
// (defaults included: the catalog and checklist a command reads when none is named are its
// options' default values; kRunGroup's left out), and the lifecircle that runs it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

#include "jobs/fingerprint.hpp"

namespace lc::tools {

// The fingerprint of a task whose command is `command` (e.g. "synth wuhai", its options set and
// checked, their defaults captured: job_runner's bind_task), run after tasks whose outputs hash
// to `upstream`; `before`: the task's recorded fingerprint if any (jobs::fingerprint).
jobs::Fingerprint fingerprint_of(const CLI::App& command, std::vector<std::pair<std::string, std::string>> upstream,
                                 const jobs::Fingerprint* before = nullptr);

}  // namespace lc::tools
