// tests: runs the real lifecircle binary, as a user would, and captures exit code and output.
#pragma once

#include <string>

#ifndef LIFECIRCLE_BIN
#define LIFECIRCLE_BIN "lifecircle"
#endif

namespace lc::test {

struct CliResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

CliResult run_cli(const std::string& args);
std::string read_file(const std::string& path);

}  // namespace lc::test
