// tools: a job task's fingerprint (jobs/fingerprint.hpp) from its command line: the value of
// every option of its command, read from the command's own option definitions (defaults
// included: the catalog and checklist a command reads when none is named are its options'
// default values; kRunGroup's left out), and the lifecircle that runs it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "jobs/fingerprint.hpp"

namespace lc::tools {

// The fingerprint of a task whose full command line is `argv` (its first `command_words` words
// name the command, e.g. "synth wuhai"), run after tasks whose outputs hash to `upstream`;
// `before`: the task's recorded fingerprint if any (jobs::fingerprint).
jobs::Fingerprint fingerprint_of(const std::vector<std::string>& argv, std::size_t command_words,
                                 std::vector<std::pair<std::string, std::string>> upstream,
                                 const jobs::Fingerprint* before = nullptr);

}  // namespace lc::tools
