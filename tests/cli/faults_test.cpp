// Faults (issue 8): a full disk or a file size limit, an unwritable folder, and kill -9 part way.
// Each runs the real binary. Whatever happens, an earlier output is either kept byte for byte or
// replaced by a complete one, the error names the output file with exit code 4, and no temporary
// file is left beside the outputs once a run has finished.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "io/atomic_file.hpp"
#include "io/vector_reader.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

// A street 0.02 degrees long with `homes` homes along it and two facilities: enough rows that the
// outputs pass a 50 KiB limit.
void write_street_inputs(const test::TempDir& dir, int homes) {
  test::write_file(dir.file("streets.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.820,39.670]]}}]})");
  test::write_file(dir.file("fac.csv"),
                   "id,lon,lat,kind\ns1,106.8050,39.6701,convenience_store\nc1,106.8150,39.6701,clinic\n");
  std::ostringstream h;
  h << "id,lon,lat,population\n";
  for (int i = 0; i < homes; ++i) h << "h" << i << "," << 106.8 + 0.02 * i / homes << ",39.6702," << 10 + i % 7 << "\n";
  test::write_file(dir.file("homes.csv"), h.str());
}

std::string reach_args(const test::TempDir& dir, const std::string& out) {
  return "reach --network " + dir.file("streets.geojson") + " --facilities " + dir.file("fac.csv") +
         " --category-field kind --id-field id --origins " + dir.file("homes.csv") + " --origin-id-field id --out " + out;
}

std::string coverage_args(const test::TempDir& dir, const std::string& out) {
  return "coverage --network " + dir.file("streets.geojson") + " --facilities " + dir.file("fac.csv") +
         " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
         " --origin-id-field id --population-field population --out " + out;
}

// Runs the binary under a file size limit of `kib` KiB, as `ulimit -f` sets it.
test::CliResult run_limited(int kib, const std::string& args) {
  return test::run_cli_wrapped("bash -c 'ulimit -f " + std::to_string(kib) + "; exec \"$0\" \"$@\"'", args);
}

std::vector<std::string> hidden_files(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(".", 0) == 0) found.push_back(e.path().filename().string());
  return found;
}

TEST(Faults, FileSizeLimitKeepsTheEarlierCsvAndSaysWhy) {
  test::TempDir dir;
  write_street_inputs(dir, 3000);
  const std::string out = dir.file("reach.csv");
  ASSERT_EQ(test::run_cli(reach_args(dir, out)).code, 0);
  const std::string before = test::read_file(out);
  ASSERT_GT(before.size(), 100u * 1024) << "the output must pass the limit for the test to mean anything";
  const auto r = run_limited(50, reach_args(dir, out) + " --overwrite");
  EXPECT_EQ(r.code, 4) << r.out;
  EXPECT_NE(r.out.find(out + ": write failed: File too large"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing was replaced"), std::string::npos) << r.out;
  EXPECT_EQ(test::read_file(out), before) << "the earlier output was changed";
  EXPECT_TRUE(hidden_files(dir.path).empty()) << hidden_files(dir.path).front();
}

TEST(Faults, FileSizeLimitKeepsTheEarlierGeoPackage) {
  test::TempDir dir;
  write_street_inputs(dir, 3000);
  const std::string out = dir.file("result.gpkg");
  ASSERT_EQ(test::run_cli(coverage_args(dir, out)).code, 0);
  const std::string before = test::read_file(out);
  ASSERT_GT(before.size(), 100u * 1024);
  const auto r = run_limited(50, coverage_args(dir, out) + " --overwrite");
  EXPECT_EQ(r.code, 4) << r.out;
  EXPECT_NE(r.out.find(out + ": "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a file size limit of 50 KiB is set (ulimit -f); nothing was replaced"), std::string::npos) << r.out;
  EXPECT_EQ(test::read_file(out), before) << "the earlier output was changed";
  EXPECT_TRUE(hidden_files(dir.path).empty()) << hidden_files(dir.path).front();
}

TEST(Faults, UnwritableFolderIsRefusedBeforeTheWork) {
  test::TempDir dir;
  write_street_inputs(dir, 10);
  // /proc/self takes no new files, not even from root.
  const auto r = test::run_cli(reach_args(dir, "/proc/self/reach.csv"));
  EXPECT_EQ(r.code, 4) << r.out;
  EXPECT_NE(r.out.find("/proc/self/reach.csv"), std::string::npos) << r.out;
  if (geteuid() == 0) return;  // root writes into a folder whatever its mode
  const fs::path ro = dir.path / "ro";
  fs::create_directories(ro);
  test::write_file((ro / "reach.csv").string(), "earlier\n");
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  const auto r2 = test::run_cli(reach_args(dir, (ro / "reach.csv").string()) + " --overwrite");
  fs::permissions(ro, fs::perms::owner_all);
  EXPECT_EQ(r2.code, 4) << r2.out;
  EXPECT_NE(r2.out.find("not writable"), std::string::npos) << r2.out;
  EXPECT_EQ(test::read_file((ro / "reach.csv").string()), "earlier\n");
}

// What a killed run leaves (its process gone) is removed; a running process's temporary is not,
// nor anything that only looks similar.
TEST(Faults, StaleTemporariesOfKilledRunsAreRemoved) {
  test::TempDir dir;
  const pid_t gone = [] {  // a child that has exited and been reaped: its id names no process
    const pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, nullptr, 0);
    return pid;
  }();
  const std::string dead = std::to_string(gone);
  for (const std::string& name : std::vector<std::string>{".result.tmp-" + dead + ".gpkg", ".result.tmp-" + dead + ".gpkg-journal",
                                 ".result.gpkg.tmp-" + dead, ".result.tmp-1.gpkg", ".other.tmp-" + dead + ".gpkg",
                                 "result.tmp-" + dead + ".gpkg"})
    test::write_file(dir.file(name), "x");
  io::remove_stale_temps(dir.file("result.gpkg"));
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir.path)) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{".other.tmp-" + dead + ".gpkg", ".result.tmp-1.gpkg", "result.tmp-" + dead + ".gpkg"}));
}

// Every layer, field and geometry of a GeoPackage as text, in order: two runs that wrote the same
// results compare equal even though SQLite pages and timestamps differ.
std::string dump_gpkg(const std::string& path) {
  io::ensure_gdal();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  if (!ds) return "cannot open " + path;
  std::ostringstream s;
  for (auto* layer : ds->GetLayers()) {
    s << "layer " << layer->GetName() << "\n";
    for (auto& f : *layer) {
      for (int i = 0; i < f->GetFieldCount(); ++i) s << f->GetFieldAsString(i) << "|";
      if (const OGRGeometry* g = f->GetGeometryRef()) s << g->exportToWkt();
      s << "\n";
    }
  }
  return s.str();
}

// kill -9 at random moments of `coverage --out X.gpkg`, then a rerun: X is absent, or complete and
// identical to an uninterrupted run; the rerun completes and no temporary is left.
TEST(Faults, KillNineDuringCoverageLeavesNothingHalfWritten) {
  LC_GEODATA(grid, "population/porto_alegre/poa_hexgrid.csv");
  LC_GEODATA(pbf, "population/porto_alegre/poa_osm.pbf");
  test::TempDir dir;
  {
    std::ofstream fac(dir.file("health.csv"));
    fac << "id,lon,lat,kind\n";
    const auto rows = test::read_csv(grid);  // id,lon,lat,population,schools,jobs,healthcare
    for (std::size_t i = 1; i < rows.size(); ++i)
      if (!rows[i][6].empty() && rows[i][6] != "0") fac << rows[i][0] << "," << rows[i][1] << "," << rows[i][2] << ",health\n";
  }
  const std::string args = "coverage --network " + pbf + " --facilities " + dir.file("health.csv") +
                           " --category-field kind --id-field id --origins " + grid +
                           " --population-field population --origin-id-field id --overwrite -q --out ";
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(test::run_cli(args + dir.file("reference.gpkg")).code, 0);
  const auto full_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  const std::string reference = dump_gpkg(dir.file("reference.gpkg"));
  ASSERT_NE(reference.find("layer origin_access"), std::string::npos);

  const fs::path out_dir = dir.path / "out";
  fs::create_directories(out_dir);
  const std::string out = (out_dir / "result.gpkg").string();
  std::mt19937 rng(8);
  std::uniform_int_distribution<long> when(0, static_cast<long>(full_ms * 11 / 10));
  int killed = 0;
  for (int round = 0; round < 6; ++round) {
    const long delay = when(rng);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const std::string cmd = "exec " + std::string(LIFECIRCLE_BIN) + " " + args + out + " >/dev/null 2>&1";
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed;
    SCOPED_TRACE("round " + std::to_string(round) + ", killed after " + std::to_string(delay) + " ms");
    if (fs::exists(out)) {
      EXPECT_EQ(dump_gpkg(out), reference);
    }
  }
  EXPECT_GT(killed, 0);
  const auto r = test::run_cli(args + out);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(dump_gpkg(out), reference);
  EXPECT_TRUE(hidden_files(out_dir).empty()) << "left behind: " << hidden_files(out_dir).front();
}

}  // namespace
}  // namespace lc
