// A job task sets a command's positional arguments by key (docs/jobs.md): `convert`'s IN and OUT
// as `input` and `output`, `checklist validate`'s FILE as `file`. The task writes what the same
// command line writes, --dry-run shows the arguments where a command line has them, and an edit
// of the input runs the task again.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

const std::string kChecklist = std::string(LIFECIRCLE_SOURCE_DIR) + "/data/checklist/wuhai-2023.toml";

std::string shops(double lon) {
  return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},"
         "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + std::to_string(lon) + ",39.67]}}]}";
}

void write_job(const test::TempDir& dir) {
  test::write_file(dir.file("job.toml"), "schema = 1\nname = \"positional\"\nout = \"out\"\n"
                                         "[[task]]\nname = \"conv\"\ncommand = \"convert\"\nfrom = \"gcj02\"\nto = \"wgs84\"\n"
                                         "input = \"shops_gcj02.geojson\"\noutput = \"shops.geojson\"\n"
                                         "[[task]]\nname = \"check\"\ncommand = \"checklist validate\"\nfile = \"" + kChecklist + "\"\n");
}

TEST(JobPositional, ConvertAndValidateTakeTheirArgumentsAsKeys) {
  test::TempDir dir;
  test::write_file(dir.file("shops_gcj02.geojson"), shops(106.82));
  write_job(dir);
  const auto dry = test::run_cli("run " + dir.file("job.toml") + " --dry-run");
  ASSERT_EQ(dry.code, 0) << dry.out;
  EXPECT_NE(dry.out.find("conv: convert --from gcj02 --to wgs84 --overwrite " + dir.file("shops_gcj02.geojson") + " " +
                         dir.file("out/shops.geojson")), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("check: checklist validate " + kChecklist), std::string::npos) << dry.out;

  const auto run = test::run_cli("run " + dir.file("job.toml") + " --verbose");
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find(kChecklist + ": valid:"), std::string::npos) << run.out;
  const auto direct = test::run_cli("convert --from gcj02 --to wgs84 " + dir.file("shops_gcj02.geojson") + " " + dir.file("direct.geojson"));
  ASSERT_EQ(direct.code, 0) << direct.out;
  EXPECT_EQ(test::read_file(dir.file("out/shops.geojson")), test::read_file(dir.file("direct.geojson")));

  const auto kept = test::run_cli("run " + dir.file("job.toml"));
  ASSERT_EQ(kept.code, 0) << kept.out;
  EXPECT_NE(test::read_file(dir.file("out/job_timings.csv")).find("conv,convert,kept"), std::string::npos);
  test::write_file(dir.file("shops_gcj02.geojson"), shops(106.83));  // the input named by `input` changes
  const auto again = test::run_cli("run " + dir.file("job.toml"));
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("shops_gcj02.geojson changed"), std::string::npos) << again.out;
  EXPECT_NE(test::read_file(dir.file("out/shops.geojson")), test::read_file(dir.file("direct.geojson")));
}

}  // namespace
}  // namespace lc
