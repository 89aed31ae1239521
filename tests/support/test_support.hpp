// tests: shared helpers. Real geodata is read from LIFECIRCLE_GEODATA (default ../shared/geodata
// beside the repository); when it is missing, tests skip with a message, except under CI=true
// where a missing folder is a failure (CI must never silently test less).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#ifndef LIFECIRCLE_SOURCE_DIR
#define LIFECIRCLE_SOURCE_DIR "."
#endif

namespace lc::access {
struct Catalog;
}

namespace lc::test {

inline std::string geodata_dir() {
  if (const char* env = std::getenv("LIFECIRCLE_GEODATA")) return env;
  return std::string(LIFECIRCLE_SOURCE_DIR) + "/../shared/geodata";
}

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// A fresh, empty folder for one test, removed by the caller's TempDir destructor.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("lifecircle-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

void write_file(const std::string& path, const std::string& text);

// The catalog the project ships, as the CLI finds it.
inline const std::string kCatalog = std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml";

// The shipped catalog, loaded once.
const access::Catalog& shipped_catalog();

// The coordinate pairs of a WKT geometry, in order, parsed as doubles.
std::vector<std::pair<double, double>> wkt_coords(const std::string& wkt);

// Whether `text` holds `needle` (for messages and files, where gtest's HasSubstr reads worse).
inline bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// The Earth's mean radius in metres, for the tests' own distance formulas.
inline constexpr double kEarthRadius = 6371008.8;

// Seconds for what the walking profile never walks.
inline constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace lc::test

// Resolves a geodata file into `var`, or skips (fails under CI=true) when it is missing.
#define LC_GEODATA(var, relative)                                                            \
  const std::string var = ::lc::test::geodata_dir() + "/" + (relative);                      \
  if (!std::filesystem::exists(var)) {                                                        \
    if (::lc::test::in_ci()) FAIL() << "geodata missing under CI: " << var;                   \
    GTEST_SKIP() << "geodata not found: " << var << " (set LIFECIRCLE_GEODATA)";              \
  }
