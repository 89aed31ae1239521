// `lifecircle run JOB.toml` end to end: a job on a synthetic city kept on the second run, a
// changed output run again, a job killed with SIGKILL at random moments finishing identically
// to an uninterrupted one, the same tables with one or two threads, and with two MPI ranks.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

extern char** environ;

namespace lc {
namespace {

namespace fs = std::filesystem;

// A city, coverage by compound (every layer as its own file) and on a grid, and a siting task.
void write_job(const test::TempDir& dir, int threads, bool split = false) {
  std::ostringstream job;
  job << "schema = 1\nname = \"test-job\"\nout = \"out\"\nthreads = " << threads << "\n"
      << "[vars]\ncity = \"{out}/city/wuhai.gpkg\"\n"
      << "[defaults]\nnetwork = \"{city}:streets\"\nfacilities = \"{city}:facilities\"\ncategory-field = \"category\"\n"
      << "id-field = \"id\"\norigins = \"{city}:compounds\"\norigin-id-field = \"id\"\npopulation-field = \"population\"\n"
      << "units = \"{city}:districts\"\n"
      << "categories = [\"convenience_store\", \"health_station\", \"elder_dining\"]\n"
      << "[[task]]\nname = \"city\"\ncommand = \"synth wuhai\"\nout = \"city\"\nseed = 11\n"
      << "[[task]]\nname = \"compounds\"\ncommand = \"coverage\"\nafter = [\"city\"]\nentrances = \"{city}:gates\"\n"
      << "split = " << (split ? "true" : "false") << "\n"
      << "out-dir = \"layers\"\nsummary = \"summary.csv\"\n"
      << "[[task]]\nname = \"grid\"\ncommand = \"coverage\"\nafter = [\"city\"]\ngrid-cell = 250\n"
      << "grid-boundary = \"{city}:districts\"\nsummary = \"grid_summary.csv\"\n"
      << "[[task]]\nname = \"sites\"\ncommand = \"site\"\nafter = [\"city\"]\ncategory = \"convenience_store\"\n"
      << "count = 4\ncandidate-spacing = 200\nout = \"sites.csv\"\n";
  fs::create_directories(dir.path / "out" / "layers");
  test::write_file(dir.file("job.toml"), job.str());
}

// Every result file under out/ (tables as CSV and GeoJSON, not the GeoPackage of the city,
// whose SQLite pages carry timestamps), by path relative to out/.
std::map<std::string, std::string> tables_of(const test::TempDir& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir.path / "out")) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".csv" || ext == ".geojson") && e.path().filename() != "job_timings.csv")
      out[fs::relative(e.path(), dir.path / "out").string()] = test::read_file(e.path().string());
  }
  return out;
}

void expect_same_tables(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, text] : a) {
    ASSERT_TRUE(b.count(name)) << name;
    EXPECT_TRUE(b.at(name) == text) << name << " differs";
  }
}

std::map<std::string, std::string> uninterrupted(int threads) {
  test::TempDir dir;
  write_job(dir, threads);
  const auto r = test::run_cli("-q run " + dir.file("job.toml"));
  EXPECT_EQ(r.code, 0) << r.out;
  return tables_of(dir);
}

TEST(JobRun, SecondRunKeepsEverythingAndAChangedOutputRunsAgain) {
  test::TempDir dir;
  write_job(dir, 0);
  auto r = test::run_cli("run " + dir.file("job.toml"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("compounds"), std::string::npos);
  const auto first = tables_of(dir);
  EXPECT_TRUE(first.count("summary.csv") && first.count("layers/unit_coverage.csv") && first.count("layers/gap_areas.geojson") && first.count("sites.csv"));
  const auto timings = test::read_csv(dir.file("out/job_timings.csv"));
  ASSERT_EQ(timings.size(), 5u);
  EXPECT_EQ(timings[0][0], "task");
  for (std::size_t i = 1; i < timings.size(); ++i) EXPECT_EQ(timings[i][2], "ran") << timings[i][0];

  r = test::run_cli("run " + dir.file("job.toml"));
  ASSERT_EQ(r.code, 0) << r.out;
  for (const auto& row : test::read_csv(dir.file("out/job_timings.csv")))
    if (row[0] != "task") {
      EXPECT_EQ(row[2], "kept") << row[0];
    }

  test::write_file(dir.file("out/sites.csv"), "edited by hand\n");
  r = test::run_cli("run " + dir.file("job.toml"));
  ASSERT_EQ(r.code, 0) << r.out;
  std::map<std::string, std::string> status;
  for (const auto& row : test::read_csv(dir.file("out/job_timings.csv"))) status[row[0]] = row[2];
  EXPECT_EQ(status["sites"], "ran");
  EXPECT_EQ(status["compounds"], "kept");
  expect_same_tables(first, tables_of(dir));
}

TEST(JobRun, KilledAtRandomMomentsThenRerunGivesTheUninterruptedTables) {
  const auto reference = uninterrupted(0);
  std::mt19937 rng(static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed()));
  test::TempDir dir;
  write_job(dir, 0);
  const std::string bin = LIFECIRCLE_BIN, job = dir.file("job.toml");
  for (int attempt = 0; attempt < 4; ++attempt) {
    const int delay_ms = std::uniform_int_distribution<int>(50, 2500)(rng);
    pid_t pid = 0;
    const char* argv[] = {bin.c_str(), "-q", "run", job.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &actions, nullptr, const_cast<char**>(argv), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    SCOPED_TRACE("killed after " + std::to_string(delay_ms) + " ms");
  }
  const auto r = test::run_cli("-q run " + job);
  ASSERT_EQ(r.code, 0) << r.out;
  expect_same_tables(reference, tables_of(dir));
  for (const auto& e : fs::recursive_directory_iterator(dir.path / "out"))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "left behind: " << e.path();
}

TEST(JobRun, OneOrTwoThreadsGiveByteIdenticalTables) {
  expect_same_tables(uninterrupted(1), uninterrupted(2));
}

// Two ranks: the grid and siting tasks are dealt out, and the compounds' category searches are
// split between the ranks (split = true) and gathered on rank 0.
TEST(JobRun, TwoMpiRanksGiveTheSameTablesAsOneProcess) {
  if (!test::have_mpirun()) {
    if (test::in_ci()) FAIL() << "mpirun missing under CI (scripts/setup.sh installs openmpi-bin)";
    GTEST_SKIP() << "mpirun not installed";
  }
  const auto reference = uninterrupted(1);
  test::TempDir dir;
  write_job(dir, 1, true);
  const auto mpi = test::run_mpi(2, "-q run " + dir.file("job.toml"));
  ASSERT_EQ(mpi.code, 0) << mpi.out;
  expect_same_tables(reference, tables_of(dir));
  std::set<std::string> ranks;
  for (const auto& row : test::read_csv(dir.file("out/job_timings.csv")))
    if (row[0] != "task") ranks.insert(row[5]);
  EXPECT_EQ(ranks, (std::set<std::string>{"0", "1"})) << "both ranks should have run tasks";
}

}  // namespace
}  // namespace lc
