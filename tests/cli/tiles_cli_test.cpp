// `coverage --tile-size` as a job's split task under `mpirun -np 2`: the ranks are dealt
// (category, tile) units, and every layer rank 0 writes is the one-process untiled run's, row for
// row, on a small synthetic metropolis (only the command line each file records differs).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

// A layer's text without the command line that made it ("Made by: ..." in its description).
std::string tiles_without_command(const std::string& text) {
  static const std::regex made_by("Made by: [^\"\\n]*");
  return std::regex_replace(text, made_by, "Made by:");
}

TEST(TilesCli, TwoMpiRanksDealtTilesGiveTheUntiledLayers) {
  if (!test::have_mpirun()) {
    if (test::in_ci()) FAIL() << "mpirun missing under CI (scripts/setup.sh installs openmpi-bin)";
    GTEST_SKIP() << "mpirun not installed";
  }
  test::TempDir dir;
  const std::string city = dir.file("city");
  auto r = test::run_cli("-q synth metropolis --cells 900 --out " + city);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string inputs = " --network " + city + "/metropolis.gpkg:streets --facilities " + city +
                             "/metropolis.gpkg:facilities --category-field category --id-field id --origins " + city +
                             "/population.tif --categories hospital,kindergarten,pharmacy,supermarket";
  fs::create_directories(dir.path / "whole");
  r = test::run_cli("-q coverage" + inputs + " --threads 1 --out-dir " + dir.file("whole") + " --summary " +
                    dir.file("whole/summary.csv"));
  ASSERT_EQ(r.code, 0) << r.out;

  std::ostringstream job;
  job << "schema = 1\nname = \"tiles\"\nout = \"out\"\nthreads = 1\n"
      << "[[task]]\nname = \"tiled\"\ncommand = \"coverage\"\nsplit = true\ntile-size = 600\n"
      << "network = \"" << city << "/metropolis.gpkg:streets\"\nfacilities = \"" << city << "/metropolis.gpkg:facilities\"\n"
      << "category-field = \"category\"\nid-field = \"id\"\norigins = \"" << city << "/population.tif\"\n"
      << "categories = [\"hospital\", \"kindergarten\", \"pharmacy\", \"supermarket\"]\n"
      << "out-dir = \"tiled\"\nsummary = \"tiled/summary.csv\"\n";
  fs::create_directories(dir.path / "out" / "tiled");
  test::write_file(dir.file("job.toml"), job.str());
  const auto mpi = test::run_mpi(2, "-q run " + dir.file("job.toml"));
  ASSERT_EQ(mpi.code, 0) << mpi.out;

  std::size_t layers = 0;
  for (const auto& e : fs::directory_iterator(dir.path / "whole")) {
    const fs::path tiled = dir.path / "out" / "tiled" / e.path().filename();
    ASSERT_TRUE(fs::exists(tiled)) << tiled;
    EXPECT_TRUE(tiles_without_command(test::read_file(e.path().string())) == tiles_without_command(test::read_file(tiled.string())))
        << e.path().filename() << " differs";
    ++layers;
  }
  EXPECT_GE(layers, 9u);  // origin_access ... progress and their styles, the summary
}

}  // namespace
}  // namespace lc
