// The one file that includes the generated header: a new git description recompiles only this.
#include "build_version.hpp"

#include <lifecircle_git_version.hpp>

#include "jobs/fingerprint.hpp"

namespace lc::tools {

std::string git_describe() { return LIFECIRCLE_GIT_DESCRIBE; }

std::string version_text() {
  return "lifecircle " + std::string(LIFECIRCLE_PROJECT_VERSION) + " (git " + git_describe() + ", job format " +
         std::to_string(jobs::kJobFormat) + ")";
}

}  // namespace lc::tools
