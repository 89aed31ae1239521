// `lifecircle run` resuming a job: which lifecircle ran a task is part of its fingerprint
// (`lifecircle --version` shows it).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "support/run_cli.hpp"

namespace lc {
namespace {

std::string without_dirty(std::string s) {
  const std::string dirty = "-dirty";
  if (s.size() >= dirty.size() && s.compare(s.size() - dirty.size(), dirty.size(), dirty) == 0) s.resize(s.size() - dirty.size());
  return s;
}

// The description git gives of the source tree now (the build took it moments ago).
std::string git_describe_now() {
  FILE* p = popen(("git -C " + std::string(LIFECIRCLE_SOURCE_DIR) + " describe --always --dirty 2>/dev/null").c_str(), "r");
  if (!p) return "";
  char buf[256] = {};
  const std::string out = fgets(buf, sizeof buf, p) ? buf : "";
  pclose(p);
  return out.substr(0, out.find('\n'));
}

TEST(Version, NamesTheProjectVersionTheGitDescriptionAndTheJobFormat) {
  const auto r = test::run_cli("--version");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string head = "lifecircle 0.1.0 (git ";
  ASSERT_EQ(r.out.rfind(head, 0), 0u) << r.out;
  const auto comma = r.out.find(", job format 2)");
  ASSERT_NE(comma, std::string::npos) << r.out;
  const std::string described = r.out.substr(head.size(), comma - head.size());
  const std::string now = git_describe_now();
  if (now.empty()) {
    EXPECT_EQ(described, "unknown");
  } else {
    EXPECT_EQ(without_dirty(described), without_dirty(now));  // edits since the build may add -dirty
  }
}

}  // namespace
}  // namespace lc
