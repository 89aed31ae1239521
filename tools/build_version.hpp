// tools: which lifecircle this is, for `lifecircle --version` and for the job records, whose
// fingerprints carry it so that results of another build are never kept (docs/jobs.md).
#pragma once

#include <string>

namespace lc::tools {

// `git describe --always --dirty` of the source tree this binary was built from (taken at build
// time by cmake/version.cmake), or "unknown" outside a git checkout.
std::string git_describe();

// "lifecircle 0.1.0 (git 1a2b3c4-dirty, job format 2)"
std::string version_text();

}  // namespace lc::tools
