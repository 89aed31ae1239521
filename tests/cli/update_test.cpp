// --update (issue 13): results added to a planner's existing GeoPackage, the `ogr2ogr -update`
// habit. On a copy of the synthetic city: the new layers are exactly what a fresh file gets, every
// other layer keeps every row byte for byte (read through SQLite: attributes and geometry blobs),
// layers of the same names are replaced with their styles, the file stays a valid GeoPackage
// (PRAGMA integrity_check, every layer opens in GDAL), no layer a run reads is ever replaced, and a
// run killed while it writes leaves the old file or the new one.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "io/vector_reader.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

std::string reach_args(const std::string& city, const std::string& origins = "gates") {
  return "reach --network " + city + ":streets --facilities " + city + ":facilities --category-field category --id-field id"
         " --origins " + city + ":" + origins + " --origin-id-field id --categories library,pharmacy -q";
}

// Runs SQL on a GeoPackage and returns every row, values separated by '|', blobs as their bytes.
std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) out = std::string("error: ") + sqlite3_errmsg(db);
  while (s && sqlite3_step(s) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s, i));
      out.append(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

// Every layer of the file (gpkg_contents) -> all its rows in rowid order, byte for byte.
std::map<std::string, std::string> layers_of(const std::string& path) {
  std::map<std::string, std::string> out;
  const std::string names = query(path, "SELECT table_name FROM gpkg_contents ORDER BY table_name");
  for (std::size_t p = 0, q; (q = names.find("|\n", p)) != std::string::npos; p = q + 2) {
    const std::string name = names.substr(p, q - p);
    out[name] = query(path, "SELECT * FROM \"" + name + "\" ORDER BY rowid");
  }
  return out;
}

// Opens every layer with GDAL and reads every feature: the count each gives.
std::map<std::string, long long> gdal_counts(const std::string& path) {
  io::ensure_gdal();
  std::map<std::string, long long> out;
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  if (!ds) return out;
  for (auto* layer : ds->GetLayers()) {
    long long n = 0;
    for (auto& f : *layer) n += f ? 1 : 0;
    out[layer->GetName()] = n;
  }
  return out;
}

TEST(Update, AddsTheResultsAndKeepsEveryOtherLayer) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  const auto before = layers_of(city);
  ASSERT_EQ(before.size(), 6u) << "districts, river, streets, compounds, gates, facilities";
  // The same results written to a fresh file: the reference for the added layer.
  ASSERT_EQ(test::run_cli(reach_args(city) + " --out " + dir.file("fresh.gpkg")).code, 0);
  // The city is an input and the output: allowed, no layer it reads is replaced.
  const auto r = test::run_cli(reach_args(city) + " --out " + city + " --update");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto after = layers_of(city);
  for (const auto& [name, rows] : before) {
    ASSERT_TRUE(after.count(name)) << name << " is gone";
    EXPECT_TRUE(after.at(name) == rows) << name << " changed";
  }
  ASSERT_TRUE(after.count("reach"));
  EXPECT_TRUE(after.at("reach") == layers_of(dir.file("fresh.gpkg")).at("reach")) << "the added layer differs from a fresh file's";
  EXPECT_EQ(query(city, "PRAGMA integrity_check"), "ok|\n");
  EXPECT_EQ(query(city, "SELECT count(*) FROM layer_styles WHERE f_table_name = 'reach'"),
            query(dir.file("fresh.gpkg"), "SELECT count(*) FROM layer_styles WHERE f_table_name = 'reach'"));
  const auto counts = gdal_counts(city);
  EXPECT_EQ(counts.size(), 8u) << "six layers, reach and layer_styles";
  EXPECT_GT(counts.at("reach"), 0);
  EXPECT_EQ(counts.at("streets"), std::stoll(query(city, "SELECT count(*) FROM streets").substr(0, 6)));
  // No temporary left beside it.
  for (const auto& e : fs::directory_iterator(dir.path))
    EXPECT_NE(e.path().filename().string().front(), '.') << "left behind: " << e.path();
}

// The styles of one layer: how many rows, how many of them the default.
std::string styles_of(const std::string& file, const std::string& layer) {
  return query(file, "SELECT count(*), sum(useAsDefault) FROM layer_styles WHERE f_table_name = '" + layer + "'");
}

TEST(Update, ReplacesOnlyTheLayersOfTheSameNamesAndTheirStyles) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  ASSERT_EQ(test::run_cli(reach_args(city) + " --out " + city + " --update").code, 0);
  // An isochrones result beside it, then reach again from other origins: reach is replaced,
  // isochrones and the city's layers are kept, and no style is doubled.
  ASSERT_EQ(test::run_cli("isochrones --network " + city + ":streets --facilities " + city +
                          ":facilities --category-field category --id-field id --categories library -q --out " + city + " --update")
                .code,
            0);
  const auto middle = layers_of(city);
  const std::string isochrone_styles = styles_of(city, "isochrones");
  EXPECT_EQ(isochrone_styles.substr(isochrone_styles.find('|')), "|1|\n");
  const auto r = test::run_cli(reach_args(city, "compounds") + " --out " + city + " --update");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string fresh = dir.file("fresh.gpkg");
  ASSERT_EQ(test::run_cli(reach_args(city, "compounds") + " --out " + fresh).code, 0);
  const auto after = layers_of(city);
  EXPECT_EQ(after.size(), middle.size());
  for (const auto& [name, rows] : middle) {
    if (name == "reach" || name == "layer_styles") continue;  // replaced; the styles are compared below
    EXPECT_TRUE(after.at(name) == rows) << name << " changed";
  }
  EXPECT_TRUE(after.at("reach") == layers_of(fresh).at("reach"));
  EXPECT_NE(after.at("reach"), middle.at("reach"));
  EXPECT_EQ(styles_of(city, "reach"), styles_of(fresh, "reach"));
  EXPECT_EQ(styles_of(city, "isochrones"), isochrone_styles);
  EXPECT_EQ(query(city, "PRAGMA integrity_check"), "ok|\n");
  EXPECT_EQ(query(city, "SELECT count(*) FROM rtree_reach_geom"), query(city, "SELECT count(*) FROM reach"));
}

TEST(Update, AnInputLayerIsNeverReplaced) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  ASSERT_EQ(test::run_cli(reach_args(city) + " --out " + city + " --update").code, 0);
  const std::string before = test::read_file(city);
  // reach read from the city's own reach layer would replace it.
  auto r = test::run_cli("reach --network " + city + ":streets --facilities " + city + ":facilities --category-field category"
                         " --origins " + city + ":reach --categories library -q --out " + city + " --update");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find(city + ": updating it would replace layer reach, which is the input --origins " + city + ":reach"),
            std::string::npos) << r.out;
  EXPECT_TRUE(test::read_file(city) == before);
  // A file named without a layer is read at its first layer: that is the one kept.
  const std::string only = dir.file("only.gpkg");
  ASSERT_EQ(test::run_cli(reach_args(city) + " --out " + only).code, 0);
  const std::string only_before = test::read_file(only);
  r = test::run_cli("reach --network " + city + ":streets --facilities " + city + ":facilities --category-field category"
                    " --origins " + only + " --categories library -q --out " + only + " --update");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("would replace layer reach, which is the input --origins " + only + ";"), std::string::npos) << r.out;
  EXPECT_TRUE(test::read_file(only) == only_before);
  // Through a symlink the file it points to is updated, and the link stays a link.
  fs::create_symlink(city, dir.file("link.gpkg"));
  r = test::run_cli("isochrones --network " + city + ":streets --facilities " + city +
                    ":facilities --category-field category --categories library -q --out " + dir.file("link.gpkg") + " --update");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(fs::is_symlink(dir.file("link.gpkg"))) << "--update through a symlink replaced the link";
  EXPECT_EQ(gdal_counts(city).count("isochrones"), 1u);
}

TEST(Update, NeedsAGeoPackage) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  for (const std::string out : {"r.csv", "r.geojson"}) {
    const auto r = test::run_cli(reach_args(city) + " --out " + dir.file(out) + " --update");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(dir.file(out) + ": only a GeoPackage (.gpkg) takes results as added layers"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir.file(out)));
  }
  // A missing GeoPackage is created.
  const auto r = test::run_cli(reach_args(city) + " --out " + dir.file("new.gpkg") + " --update");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(gdal_counts(dir.file("new.gpkg")).count("reach"), 1u);
  // Not a GeoPackage: an output error, the file kept.
  test::write_file(dir.file("text.gpkg"), "not a database, just text that is long enough to be read as a header......");
  const auto bad = test::run_cli(reach_args(city) + " --out " + dir.file("text.gpkg") + " --update");
  EXPECT_EQ(bad.code, 4) << bad.out;
  EXPECT_NE(bad.out.find(dir.file("text.gpkg") + ": cannot be updated"), std::string::npos) << bad.out;
  EXPECT_EQ(test::read_file(dir.file("text.gpkg")), "not a database, just text that is long enough to be read as a header......");
}

// coverage's many layers go in together.
TEST(Update, CoverageAddsEveryLayer) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg"));
  const auto before = layers_of(city);
  const auto r = test::run_cli("coverage --network " + city + ":streets --facilities " + city +
                               ":facilities --category-field category --id-field id --origins " + city +
                               ":compounds --origin-id-field id --population-field population --categories library -q --out " +
                               city + " --update");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto after = layers_of(city);
  for (const auto& [name, rows] : before) EXPECT_TRUE(after.at(name) == rows) << name << " changed";
  for (const char* added : {"origin_access", "unit_coverage", "gaps", "gap_areas", "gap_measures", "progress"})
    EXPECT_TRUE(after.count(added)) << added;
  EXPECT_EQ(query(city, "PRAGMA integrity_check"), "ok|\n");
  std::set<std::string> opened, listed;
  for (const auto& [name, n] : gdal_counts(city)) opened.insert(name);
  for (const auto& [name, rows] : after) listed.insert(name);
  EXPECT_EQ(opened, listed) << "every layer opens in GDAL";
}

// The run killed (SIGKILL) while it writes an update: the GeoPackage is the old one or the new
// one, never anything between, and stays valid (integrity_check, every layer opens in GDAL). The
// moments are drawn over the write itself: from when the temporary beside the file appears until
// the run would end (measured on an uninterrupted run).
TEST(Update, KilledMidWriteLeavesTheOldFileOrTheNew) {
  test::TempDir dir;
  const std::string city = test::copy_synthetic_wuhai(dir.file("city.gpkg")), reference = test::copy_synthetic_wuhai(dir.file("reference.gpkg"));
  // Every graph node an origin, every category: some 160,000 rows to write.
  const auto args = [](const std::string& file) {
    return "reach --network " + file + ":streets --facilities " + file + ":facilities --category-field category"
           " --id-field id --origins nodes -q --out " + file + " --update";
  };
  const auto old_layers = layers_of(city);
  // Runs the binary on `file` and returns {ms until its temporary appeared, ms until it ended}; with
  // `kill_at_ms` >= 0 it is killed that long after the temporary appeared.
  const auto run = [&](const std::string& file, long kill_at_ms) -> std::pair<long, long> {
    const auto t0 = std::chrono::steady_clock::now();
    const auto ms = [&] {
      return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
    };
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string cmd = "exec " + std::string(LIFECIRCLE_BIN) + " " + args(file) + " >/dev/null 2>&1";
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    const std::string temp = (fs::path(file).parent_path() / ("." + fs::path(file).stem().string() + ".tmp-" +
                                                                 std::to_string(pid) + ".gpkg")).string();
    long appeared = -1;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (appeared < 0 && fs::exists(temp)) appeared = ms();
      if (appeared >= 0 && kill_at_ms >= 0 && ms() - appeared >= kill_at_ms) {
        ::kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return {appeared, WIFSIGNALED(status) ? -1 : ms()};
  };
  const auto [appeared, ended] = run(reference, -1);
  ASSERT_GE(appeared, 0) << "the temporary of an update was never seen";
  ASSERT_GT(ended, appeared);
  const auto new_layers = layers_of(reference);
  ASSERT_TRUE(new_layers.count("reach"));
  ASSERT_GT(std::stoll(query(reference, "SELECT count(*) FROM reach")), 100000) << "too small a write to kill midway";

  std::mt19937 rng(13);
  std::uniform_int_distribution<long> when(0, (ended - appeared) * 11 / 10);
  int killed = 0, old_seen = 0, new_seen = 0;
  for (int round = 0; round < 8; ++round) {
    const long at = when(rng);
    const auto [seen, done] = run(city, at);
    SCOPED_TRACE("round " + std::to_string(round) + ": killed " + std::to_string(at) + " ms into the write");
    if (seen >= 0 && done < 0) ++killed;
    const auto now = layers_of(city);
    const bool is_old = now == old_layers, is_new = now == new_layers;
    EXPECT_TRUE(is_old || is_new) << "the file is neither the old one nor the new one";
    old_seen += is_old, new_seen += is_new;
    EXPECT_EQ(query(city, "PRAGMA integrity_check"), "ok|\n");
    std::set<std::string> opened, listed;
    for (const auto& [name, n] : gdal_counts(city)) opened.insert(name);
    for (const auto& [name, rows] : now) listed.insert(name);
    EXPECT_EQ(opened, listed) << "every layer opens in GDAL";
    if (is_new) fs::copy_file(test::synthetic_wuhai(), city, fs::copy_options::overwrite_existing);  // old again
  }
  EXPECT_GE(killed, 2) << "too few runs were killed while writing";
  EXPECT_GT(old_seen, 0);
  std::printf("killed %d of 8 runs while writing; %d left the old file, %d the new one\n", killed, old_seen, new_seen);
  // A run that finishes removes what the killed ones left and gives the new file.
  const auto [s, e] = run(city, -1);
  ASSERT_GE(e, 0);
  EXPECT_TRUE(layers_of(city) == new_layers);
  for (const auto& f : fs::directory_iterator(dir.path))
    EXPECT_NE(f.path().filename().string().front(), '.') << "left behind: " << f.path();
  (void)s;
}

}  // namespace
}  // namespace lc
