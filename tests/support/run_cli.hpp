// tests: runs the real lifecircle binary, as a user would, and captures exit code and output.
#pragma once

#include <string>
#include <vector>

#ifndef LIFECIRCLE_BIN
#define LIFECIRCLE_BIN "lifecircle"
#endif

namespace lc::test {

struct CliResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

CliResult run_cli(const std::string& args);
// The same through a shell wrapper that receives the binary as its next word, e.g.
// "bash -c 'ulimit -f 50; exec \"$0\" \"$@\"'".
CliResult run_cli_wrapped(const std::string& wrapper, const std::string& args);
std::string read_file(const std::string& path);

// Whether Open MPI's mpirun is installed; and the binary run on `ranks` ranks of one machine under it
// (leak checking off in the ranks: Open MPI keeps some allocations to the end).
bool have_mpirun();
CliResult run_mpi(int ranks, const std::string& args);

// The synthetic Wuhai GeoPackage (`synth wuhai --seed 5`), written once per test process by the
// real binary into a temporary folder removed at exit. Tests work on copies of it.
const std::string& synthetic_wuhai();
// A copy of it at `path` (replacing what is there), for one test to change; returns `path`.
std::string copy_synthetic_wuhai(const std::string& path);

// Rows of a CSV text as our writers produce it (RFC 4180): quoted fields may hold commas and doubled
// quotes; CRLF tolerated.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);
inline std::vector<std::vector<std::string>> read_csv(const std::string& path) { return parse_csv(read_file(path)); }

}  // namespace lc::test
