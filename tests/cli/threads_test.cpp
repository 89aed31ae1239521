// `coverage` gives byte-identical outputs for --threads 1 and 2 (the counts are summed per thread
// in integers, the nearest labels are settled in a fixed order). Small enough to run under
// ThreadSanitizer (the tsan preset), where it also checks the parallel searches for data races.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

// A 12 x 12 street grid (about 85 m blocks), homes and facilities of three categories scattered
// over it by a fixed rule.
void write_grid_inputs(const test::TempDir& dir) {
  std::ostringstream net;
  net << R"({"type":"FeatureCollection","features":[)";
  const double step = 0.001;
  for (int i = 0; i < 12; ++i) {
    const double a = 106.8 + i * step, b = 39.67 + i * step;
    net << (i ? "," : "") << R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[)"
        << a << ",39.67],[" << a << "," << 39.67 + 11 * step << "]]}}";
    net << R"(,{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[106.8,)" << b << "],["
        << 106.8 + 11 * step << "," << b << "]]}}";
  }
  net << "]}";
  test::write_file(dir.file("grid.geojson"), net.str());
  std::ostringstream fac, homes;
  fac << "id,lon,lat,kind\n";
  const char* kinds[] = {"convenience_store", "clinic", "kindergarten"};
  for (int i = 0; i < 18; ++i)
    fac << "f" << i << "," << 106.8 + (i * 7 % 11) * step + 0.0002 << "," << 39.67 + (i * 5 % 11) * step << ","
        << kinds[i % 3] << "\n";
  homes << "id,lon,lat,population\n";
  for (int i = 0; i < 600; ++i)
    homes << "h" << i << "," << 106.8 + (i * 37 % 1100) * step / 100 << "," << 39.67 + (i / 55) * step + 0.0001 << ","
          << 20 + i % 13 << "\n";
  test::write_file(dir.file("fac.csv"), fac.str());
  test::write_file(dir.file("homes.csv"), homes.str());
}

// Layer descriptions end with the command line that made them ("Made by: ..."), which names the
// thread count and the output folder: everything else must be the same.
std::string without_command_line(std::string text) {
  for (std::size_t at; (at = text.find("\\nMade by: ")) != std::string::npos;) {
    const std::size_t end = text.find('"', at);
    text.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return text;
}

TEST(Threads, CoverageIsTheSameForOneAndTwoThreads) {
  test::TempDir dir;
  write_grid_inputs(dir);
  std::string outputs[2];
  for (int threads : {1, 2}) {
    const fs::path out = dir.path / ("t" + std::to_string(threads));
    fs::create_directories(out);
    const auto r = test::run_cli("coverage -q --network " + dir.file("grid.geojson") + " --facilities " + dir.file("fac.csv") +
                                 " --category-field kind --id-field id --origins " + dir.file("homes.csv") +
                                 " --origin-id-field id --population-field population --threads " + std::to_string(threads) +
                                 " --out-dir " + out.string() + " --summary " + (out / "summary.csv").string());
    ASSERT_EQ(r.code, 0) << r.out;
    for (const char* f : {"summary.csv", "origin_access.geojson", "unit_coverage.csv", "gaps.geojson"})
      outputs[threads - 1] += std::string(f) + "\n" + without_command_line(test::read_file((out / f).string()));
  }
  EXPECT_GT(outputs[0].size(), 10000u);
  EXPECT_EQ(outputs[0], outputs[1]);
}

}  // namespace
}  // namespace lc
