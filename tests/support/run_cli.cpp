#include "support/run_cli.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lc::test {

CliResult run_cli(const std::string& args) { return run_cli_wrapped("", args); }

CliResult run_cli_wrapped(const std::string& wrapper, const std::string& args) {
  const std::string cmd = (wrapper.empty() ? "" : wrapper + " ") + std::string(LIFECIRCLE_BIN) + " " + args + " 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool have_mpirun() { return std::system("mpirun --version > /dev/null 2>&1") == 0; }

CliResult run_mpi(int ranks, const std::string& args) {
  return run_cli_wrapped("ASAN_OPTIONS=detect_leaks=0 OMPI_MCA_plm=isolated OMPI_MCA_btl_vader_single_copy_mechanism=none "
                         "mpirun --oversubscribe --allow-run-as-root -np " + std::to_string(ranks),
                         args);
}

const std::string& synthetic_wuhai() {
  static const struct City {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lifecircle-test-city-" + std::to_string(::getpid()));
    std::string gpkg = (dir / "wuhai.gpkg").string();
    City() {
      std::filesystem::create_directories(dir);
      const auto r = run_cli("-q synth wuhai --seed 5 --out " + dir.string());
      if (r.code != 0) std::fprintf(stderr, "synth wuhai failed: %s\n", r.out.c_str());
    }
    ~City() { std::filesystem::remove_all(dir); }
  } city;
  return city.gpkg;
}

std::string copy_synthetic_wuhai(const std::string& path) {
  std::filesystem::copy_file(synthetic_wuhai(), path, std::filesystem::copy_options::overwrite_existing);
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char ch = line[i];
      if (ch == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') cells.back() += line[++i];  // "" in quotes
      else if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) cells.emplace_back();
      else cells.back() += ch;
    }
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace lc::test
