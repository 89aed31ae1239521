// An output must never destroy an input (issue 13): every command, and every job task, refuses
// with exit code 2 an output that is the same file as one of its inputs, however the two are
// spelled (relative, "./", "..", a symlink, a hard link), naming both; the input is left byte for
// byte. Files a command derives from an output folder (--out-dir) are checked as they are written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

// reach on the city, reading its streets, facilities and gates.
std::string reach_from(const std::string& city) {
  return "reach --network " + city + ":streets --facilities " + city + ":facilities --category-field category --id-field id"
         " --origins " + city + ":gates --categories library -q";
}

// Runs `args`, expects exit 2 with `fragment`, and the file `kept` unchanged.
void expect_refused(const std::string& args, const std::string& fragment, const std::string& kept,
                    const std::string& wrapper = "") {
  const std::string before = test::read_file(kept);
  ASSERT_FALSE(before.empty()) << kept;
  const auto r = test::run_cli_wrapped(wrapper, args);
  EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
  EXPECT_NE(r.out.find(fragment), std::string::npos) << "message lacks '" << fragment << "':\n" << r.out;
  EXPECT_NE(r.out.find("an output never replaces an input"), std::string::npos) << r.out;
  EXPECT_TRUE(test::read_file(kept) == before) << kept << " was changed by: " << args;
}

TEST(OutputGuard, ReachOverTheGeoPackageItReadsIsRefused) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  // The issue's case: the whole GeoPackage would have become one reach layer.
  expect_refused(reach_from(city) + " --out " + city + " --overwrite",
                 "--out " + city + " is the same file as the input --network " + city + ":streets", city);
  // Without --overwrite too: the refusal names the input, not only "exists already".
  expect_refused(reach_from(city) + " --out " + city, "is the same file as the input --network", city);
}

TEST(OutputGuard, IdentityNotSpelling) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  fs::create_directories(dir.path / "sub");
  fs::create_symlink(city, dir.path / "link.gpkg");
  fs::create_hard_link(city, dir.path / "hard.gpkg");
  fs::create_directory_symlink(dir.path, dir.path / "again");
  for (const std::string& out : {dir.file("./city.gpkg"), dir.file("sub/../city.gpkg"), dir.file("link.gpkg"),
                                 dir.file("hard.gpkg"), (dir.path / "again" / "city.gpkg").string()}) {
    SCOPED_TRACE(out);
    expect_refused(reach_from(city) + " --out " + out + " --overwrite", "--out " + out + " is the same file", city);
  }
  // Relative to the working directory, on either side.
  expect_refused(reach_from("city.gpkg") + " --out ./sub/../city.gpkg --overwrite", "is the same file as the input",
                 city, "cd " + dir.path.string() + " &&");
  expect_refused(reach_from(city) + " --out link.gpkg --overwrite", "is the same file as the input", city,
                 "cd " + dir.path.string() + " &&");
}

TEST(OutputGuard, EveryCommandRefuses) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  const std::string fac = " --facilities " + city + ":facilities --category-field category --id-field id";
  const std::string origins = " --origins " + city + ":compounds --origin-id-field id --population-field population";
  const std::string coverage = "coverage --network " + city + ":streets" + fac + origins + " -q";
  expect_refused(coverage + " --out " + city + " --overwrite", "--out " + city + " is the same file as the input --network", city);
  test::write_file(dir.file("removed.txt"), "f1\n");
  expect_refused(coverage + " --summary " + dir.file("removed.txt") + " --overwrite --entrances " + dir.file("removed.txt"),
                 "--summary " + dir.file("removed.txt") + " is the same file as the input --entrances", dir.file("removed.txt"));
  expect_refused(coverage + " --gap-report " + city + " --overwrite", "--gap-report " + city + " is the same file", city);
  expect_refused(coverage + " --report " + city + " --overwrite", "--report " + city + " is the same file", city);
  expect_refused("site --network " + city + ":streets" + fac + origins +
                     " --category library --count 1 --candidates " + city + ":facilities --out " + city + " --overwrite",
                 "--out " + city + " is the same file as the input --network", city);
  expect_refused("compare --network " + city + ":streets" + fac + origins + " --remove-facilities-file " +
                     dir.file("removed.txt") + " --summary " + dir.file("removed.txt") + " --overwrite",
                 "--summary " + dir.file("removed.txt") + " is the same file as the input --remove-facilities-file",
                 dir.file("removed.txt"));
  expect_refused("isochrones --network " + city + ":streets" + fac + " --out " + city + " --overwrite",
                 "--out " + city + " is the same file as the input --network", city);
  expect_refused("convert --from gcj02 --to wgs84 " + city + " " + city + " --overwrite",
                 "OUT " + city + " is the same file as the input IN " + city, city);
}

TEST(OutputGuard, TheDefaultCatalogIsAnInputToo) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  fs::create_directories(dir.path / "data" / "geo");
  fs::create_directories(dir.path / "data" / "checklist");
  fs::copy_file(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml", dir.path / "data/geo/categories.toml");
  fs::copy_file(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/checklist/wuhai-2023.toml", dir.path / "data/checklist/wuhai-2023.toml");
  const std::string env = "LIFECIRCLE_DATA=" + dir.file("data");
  const std::string coverage = "coverage --network " + city + ":streets --facilities " + city +
                               ":facilities --category-field category --origins " + city + ":compounds -q";
  expect_refused(coverage + " --gap-report " + dir.file("data/geo/categories.toml") + " --overwrite",
                 "is the same file as the input --catalog (default)", dir.file("data/geo/categories.toml"), env);
  expect_refused(coverage + " --summary " + dir.file("data/checklist/wuhai-2023.toml") + " --overwrite",
                 "is the same file as the input --checklist (default)", dir.file("data/checklist/wuhai-2023.toml"), env);
}

// An output folder's files are named by the layers: each is checked as it is written.
TEST(OutputGuard, AFileAnOutputFolderWouldReplaceIsRefused) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  fs::create_directories(dir.path / "out");
  const std::string fac = dir.file("out/isochrones.geojson");
  test::write_file(fac, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"f1","category":"library"},)"
                        R"("geometry":{"type":"Point","coordinates":[106.80,39.66]}}]})");
  const std::string before = test::read_file(fac);
  const auto r = test::run_cli("isochrones --network " + city + ":streets --facilities " + fac +
                               " --category-field category --id-field id --out-dir " + dir.file("out") + " --overwrite -q");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find(fac + ": is the same file as the input --facilities " + fac), std::string::npos) << r.out;
  EXPECT_EQ(test::read_file(fac), before);
}

TEST(OutputGuard, AJobTaskWritingOverItsInputIsRefusedBeforeAnythingRuns) {
  test::TempDir dir;
  test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  test::write_file(dir.file("job.toml"),
                   "schema = 1\nname = \"guard\"\nout = \".\"\n"
                   "[[task]]\nname = \"fine\"\ncommand = \"reach\"\nnetwork = \"city.gpkg:streets\"\n"
                   "facilities = \"city.gpkg:facilities\"\ncategory-field = \"category\"\norigins = \"city.gpkg:gates\"\n"
                   "out = \"fine.csv\"\n"
                   "[[task]]\nname = \"bad\"\ncommand = \"reach\"\nnetwork = \"city.gpkg:streets\"\n"
                   "facilities = \"city.gpkg:facilities\"\ncategory-field = \"category\"\norigins = \"city.gpkg:gates\"\n"
                   "out = \"./city.gpkg\"\n");
  expect_refused("run -q " + dir.file("job.toml"), "job.toml, line 19: task 'bad': --out " + dir.file("city.gpkg") +
                 " is the same file as the input --network " + dir.file("city.gpkg") + ":streets", dir.file("city.gpkg"));
  EXPECT_FALSE(fs::exists(dir.file("fine.csv"))) << "a task ran before the job was checked";
}

// Different files that only look alike are not refused: same name in another folder, a fresh name.
TEST(OutputGuard, DifferentFilesAreWritten) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  fs::create_directories(dir.path / "out");
  const auto r = test::run_cli(reach_from(city) + " --out " + dir.file("out/city.gpkg"));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::exists(dir.file("out/city.gpkg")));
}

}  // namespace
}  // namespace lc
