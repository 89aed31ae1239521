// --max-memory (engine/api/memory_budget.hpp): sizes as people write them, the estimate's arithmetic,
// the CLI refusing a run before the searches with exit code 2 and leaving no output, and a
// fat-fingered grid (--grid-cell 1 over a city) refused at once, with or without --max-memory,
// while the refused process stays small (its peak measured by the kernel, wait4's rusage).
#include <fcntl.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>

#include "access/origins.hpp"
#include "core/error.hpp"
#include "io/crs.hpp"
#include "io/raster_reader.hpp"
#include "io/vector_reader.hpp"
#include "api/memory_budget.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc::api {
namespace {

// AddressSanitizer's shadow memory and quarantine put a run's resident size some 100 MiB above the
// program as shipped (a refused raster run: 182 MiB under ASan), so budgets sized near a release
// build's baseline trip at an earlier stage there. Those tests run in the ci preset only.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizedMemory = true;
#else
constexpr bool kSanitizedMemory = false;
#endif
#define SKIP_UNDER_ASAN() \
  if (kSanitizedMemory) GTEST_SKIP() << "budgets sized for the release build; the ci preset runs this"

TEST(MemoryBudget, ParsesSizesAsWritten) {
  const std::uint64_t M = 1024 * 1024;
  EXPECT_EQ(parse_memory_size("512M"), 512 * M);
  EXPECT_EQ(parse_memory_size("2G"), 2048 * M);
  EXPECT_EQ(parse_memory_size("1.5G"), 1536 * M);
  EXPECT_EQ(parse_memory_size("2GiB"), 2048 * M);
  EXPECT_EQ(parse_memory_size("512mb"), 512 * M);
  EXPECT_EQ(parse_memory_size(" 800K "), 800u * 1024);
  EXPECT_EQ(parse_memory_size("1T"), 1024 * 1024 * M);
  EXPECT_EQ(parse_memory_size("1048576"), M);
  for (const char* bad : {"", "M", "-1G", "0", "0.1", "1X", "1e3G", "2GG", "nan", "infG", "1 G B", "99999999999T"}) {
    try {
      parse_memory_size(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("max_memory: expected a size"), std::string::npos) << e.what();
    }
  }
}

TEST(MemoryBudget, FormatsBytes) {
  EXPECT_EQ(format_bytes(12), "12 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(512ull << 20), "512.0 MiB");
  EXPECT_EQ(format_bytes(3ull << 30), "3.0 GiB");
}

TEST(MemoryBudget, EstimateGrowsWithEachSize) {
  const RunShape base{100000, 250000, 50000, 60000, 2000, 10, 3, 3, 4, true};
  const auto e = estimate_memory(base, 300u << 20);
  EXPECT_EQ(e.resident, 300u << 20);
  EXPECT_EQ(e.total(), e.resident + e.searches + e.results);
  auto bigger = [&](auto change) {
    RunShape s = base;
    change(s);
    return estimate_memory(s, 300u << 20).total() > e.total();
  };
  EXPECT_TRUE(bigger([](RunShape& s) { s.nodes *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.origins *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.categories *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.threads *= 2; }));
  EXPECT_TRUE(bigger([](RunShape& s) { s.k += 2; }));
  // reach writes one category at a time: its results do not grow with the category count.
  RunShape reach = base;
  reach.tables = false;
  const auto r1 = estimate_memory(reach, 0).results;
  reach.categories *= 10;
  EXPECT_EQ(estimate_memory(reach, 0).results, r1);
  // ... unless it writes a GeoPackage: then every row is held until the file is written.
  reach.reach_table = true;
  const auto all = estimate_memory(reach, 0).results;
  EXPECT_GT(all, 10 * r1);
  reach.categories /= 10;
  EXPECT_NEAR(static_cast<double>(estimate_memory(reach, 0).results), static_cast<double>(all) / 10, 10.0);
}

TEST(MemoryBudget, CliRefusesBeforeTheSearchesAndWritesNothing) {
  test::TempDir dir;
  const std::string corpus = std::string(LIFECIRCLE_SOURCE_DIR) + "/tests/bad_input/";
  const std::string reach = "reach --network " + corpus + "lines_ok.geojson --facilities " + corpus +
                            "facilities_ok.geojson --category-field kind --origins " + corpus + "homes_ok.csv --out ";
  auto r = test::run_cli(reach + dir.file("a.csv") + " --max-memory 1M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--max-memory 1M: this run needs about "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("origins x 2 categories"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.csv")));
  r = test::run_cli(reach + dir.file("b.csv") + " --max-memory 64G");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("memory: about "), std::string::npos) << r.out;
  r = test::run_cli(reach + dir.file("c.csv") + " --max-memory lots");
  EXPECT_EQ(r.code, 2) << r.out;
  const std::string coverage = "coverage --network " + corpus + "lines_ok.geojson --facilities " + corpus +
                               "facilities_ok.geojson --category-field kind --origins " + corpus +
                               "homes_ok.csv --population-field population --summary ";
  r = test::run_cli(coverage + dir.file("s.csv") + " --max-memory 1M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.csv")));
}

const std::string kCorpus = std::string(LIFECIRCLE_SOURCE_DIR) + "/tests/bad_input/";

// The grid's size from the boundary's area alone against the grid actually generated (every cell
// kept, empty ones too): the estimate the budget is checked against must not be low.
TEST(MemoryBudget, GridSizeFromTheAreaMatchesTheGridGenerated) {
  const io::Projector utm{32648};
  const access::OriginSet none{"none", {}, {}};
  for (const auto shape : {access::GridShape::square, access::GridShape::hexagon})
    for (const double cell : {1000.0, 2500.0}) {
      const auto size = access::grid_size(kCorpus + "boundary_40km.geojson", shape, cell, utm);
      const auto grid = access::grid_origins(kCorpus + "boundary_40km.geojson", shape, cell, none, utm, true);
      const double made = static_cast<double>(grid.origins.size());
      EXPECT_GT(size.area_m2, 42e3 * 44e3 * 0.95) << size.area_m2;  // 0.5 x 0.4 degrees at 39.7 N
      EXPECT_NEAR(size.cells, made, 0.03 * made) << "cell " << cell;
    }
  EXPECT_THROW(access::grid_size(kCorpus + "boundary_40km.geojson", access::GridShape::square, 0, utm), UsageError);
}

// The real binary, as a user runs it, with the kernel's account of its peak memory and its time.
struct Measured {
  int code = -1;
  std::string out;
  double seconds = 0;
  double peak_mib = 0;
};

Measured run_measured(const std::string& args, const std::string& log) {
  std::vector<std::string> words{LIFECIRCLE_BIN};
  std::istringstream in(args);
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  Measured m;
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) return m;
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
  m.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.out = test::read_file(log);
  return m;
}

// Issue 13: --grid-cell 1 over a city grew to 19 GB in four minutes before the bound was checked.
// Now the grid's size is estimated from the boundary's area before any cell is made. The bounds
// here are generous on purpose (a behaviour test, not a timing test): refused grids took 0.1-0.5 s
// and under 70 MiB when measured (docs/memory.md).
TEST(MemoryBudget, FatFingeredGridIsRefusedAtOnceAndStaysSmall) {
  test::TempDir dir;
  const std::string grid = "coverage --network " + kCorpus + "lines_ok.geojson --facilities " + kCorpus +
                           "facilities_ok.geojson --category-field kind --origins " + kCorpus +
                           "communities_ok.geojson --population-field population --grid-cell 1 --grid-boundary " +
                           kCorpus + "boundary_40km.geojson --summary " + dir.file("s.csv");
  for (const std::string budget : {" --max-memory 2G", ""}) {
    const Measured m = run_measured(grid + budget, dir.file("log.txt"));
    EXPECT_EQ(m.code, 2) << m.out;
    EXPECT_LT(m.seconds, 30.0) << m.out;
    EXPECT_LT(m.peak_mib, 500.0) << m.out;
    EXPECT_NE(m.out.find("estimated before the grid origins are generated"), std::string::npos) << m.out;
    EXPECT_NE(m.out.find("grid of about 1,90"), std::string::npos) << m.out;  // 43 x 44 km at 1 m: 1.9e9 cells
    EXPECT_NE(m.out.find("use a larger --grid-cell"), std::string::npos) << m.out;
    if (budget.empty()) {
      EXPECT_NE(m.out.find("more than 80% of this machine's memory"), std::string::npos) << m.out;
      EXPECT_NE(m.out.find("pass --max-memory SIZE to allow more"), std::string::npos) << m.out;
    } else {
      EXPECT_NE(m.out.find("--max-memory 2G: this run needs about "), std::string::npos) << m.out;
      EXPECT_NE(m.out.find("raise --max-memory to allow more"), std::string::npos) << m.out;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("s.csv")));
    std::printf("refused %s in %.2f s, peak %.1f MiB\n", budget.empty() ? "(machine default)" : budget.c_str(),
                m.seconds, m.peak_mib);
  }
  // A grid that fits runs, and says what it was estimated at.
  const std::string small = "coverage --network " + kCorpus + "lines_ok.geojson --facilities " + kCorpus +
                            "facilities_ok.geojson --category-field kind --origins " + kCorpus +
                            "communities_ok.geojson --population-field population --grid-cell 10 --grid-boundary " +
                            kCorpus + "communities_ok.geojson --max-memory 4G --summary " + dir.file("ok.csv");
  const auto r = test::run_cli(small);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("square cells of 10 m over 3"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("ok.csv")));
}

TEST(MemoryBudget, GridCellMustBePositive) {
  test::TempDir dir;
  const std::string grid = "coverage --network " + kCorpus + "lines_ok.geojson --facilities " + kCorpus +
                           "facilities_ok.geojson --category-field kind --origins " + kCorpus +
                           "communities_ok.geojson --grid-boundary " + kCorpus + "boundary_40km.geojson --summary " +
                           dir.file("s.csv") + " --grid-cell ";
  for (const char* bad : {"0", "-5", "nan", "inf", "10m"}) {
    const auto r = test::run_cli(grid + bad);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--grid-cell"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("positive number of metres"), std::string::npos) << bad << ": " << r.out;
  }
}

// A population raster of n x n cells of 1e-5 degrees over the corpus's streets (106.8 E, 39.67 N),
// WGS84, Byte values: every cell 1 (dense), or all 0 but `populated` cells on the diagonal.
std::string write_population(const test::TempDir& dir, const std::string& name, int n, int populated) {
  io::ensure_gdal();
  const std::string path = dir.file(name);
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  const char* options[] = {"COMPRESS=DEFLATE", nullptr};
  std::unique_ptr<GDALDataset> ds(gtiff->Create(path.c_str(), n, n, 1, GDT_Byte, const_cast<char**>(options)));
  double gt[6] = {106.7995, 1e-5, 0, 39.6715, 0, -1e-5};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  ds->SetSpatialRef(&srs);
  std::vector<GByte> row(static_cast<std::size_t>(n), static_cast<GByte>(populated < 0 ? 1 : 0));
  for (int r = 0; r < n; ++r) {
    if (populated >= 0) row.assign(row.size(), 0);
    if (populated >= 0 && r < populated) row[static_cast<std::size_t>(r)] = 1;
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, r, n, 1, row.data(), n, 1, GDT_Byte, 0, 0, nullptr), CE_None);
  }
  return path;
}

// Raster origins: the raster's size bounds the cells before any is read; when that bound does not
// fit, the populated cells are counted (one row held at a time) and the count decides. A dense
// raster is refused before its cells are read; one as large but nearly empty runs.
TEST(MemoryBudget, RasterOriginsAreCountedBeforeTheyAreRead) {
  SKIP_UNDER_ASAN();
  test::TempDir dir;
  const std::string dense = write_population(dir, "dense.tif", 1500, -1);
  const std::string sparse = write_population(dir, "sparse.tif", 1500, 12);
  EXPECT_EQ(io::count_raster_cells(sparse), 12u);
  EXPECT_EQ(io::count_raster_cells(sparse), io::read_raster_cells(sparse).cells.size());
  EXPECT_EQ(io::count_raster_cells(dense), 1500u * 1500u);
  EXPECT_EQ(io::raster_size(dense).width, 1500);
  const std::string coverage = "coverage --network " + kCorpus + "lines_ok.geojson --facilities " + kCorpus +
                               "facilities_ok.geojson --category-field kind --max-snap 5000 --max-memory 200M --summary ";
  const Measured m = run_measured(coverage + dir.file("d.csv") + " --origins " + dense, dir.file("log.txt"));
  EXPECT_EQ(m.code, 2) << m.out;
  EXPECT_NE(m.out.find("estimated before the raster's cells are read"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("raster origins: 2,250,000 populated cells of 1500 x 1500"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("clip the raster"), std::string::npos) << m.out;
  EXPECT_LT(m.peak_mib, 200.0) << m.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("d.csv")));
  const auto r = test::run_cli(coverage + dir.file("s.csv") + " --origins " + sparse);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("raster origins: 12 populated cells of 1500 x 1500"), std::string::npos) << r.out;
}

// site: the candidates --candidate-spacing would make are counted from the street lengths before
// any is made; their reach sets are estimated from a sample searched in full before all are.
TEST(MemoryBudget, SiteCandidatesAndReachSetsAreBounded) {
  SKIP_UNDER_ASAN();
  test::TempDir dir;
  const std::string site = "site --network " + kCorpus + "lines_ok.geojson --facilities " + kCorpus +
                           "facilities_ok.geojson --category-field kind --category clinic --count 1 --origins " +
                           kCorpus + "communities_ok.geojson --population-field population --out " + dir.file("s.csv");
  // 280 m of streets every micrometre: 2.8e8 candidates, about 140 GiB.
  for (const std::string budget : {" --max-memory 2G", ""}) {
    const Measured m = run_measured(site + " --candidate-spacing 0.000001" + budget, dir.file("log.txt"));
    EXPECT_EQ(m.code, 2) << m.out;
    EXPECT_NE(m.out.find("estimated before the candidate sites are generated"), std::string::npos) << m.out;
    EXPECT_NE(m.out.find("use a larger --candidate-spacing"), std::string::npos) << m.out;
    EXPECT_LT(m.seconds, 30.0) << m.out;
    EXPECT_LT(m.peak_mib, 500.0) << m.out;
  }
  // A 1 m grid (about 3,400 origins) and a candidate every 0.5 m (about 910), each reaching every
  // origin: about 3.1 million pairs, 142 MiB, refused under 120M (every candidate reaches every
  // origin here, so the sample's mean is exact).
  const std::string dense = site + " --grid-cell 1 --grid-boundary " + kCorpus + "communities_ok.geojson --candidate-spacing 0.5";
  auto r = test::run_cli(dense + " --max-memory 120M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("estimated before the candidates' reach sets are built"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(candidate, origin) pairs"), std::string::npos) << r.out;
  r = test::run_cli(dense + " --max-memory 2G");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("s.csv")));
}

// "2SFCA pairs of the largest category (kiosk): about 2,052,600 (facility, ..." -> 2052600.
double logged_fca_pairs(const std::string& out) {
  const std::string key = "2SFCA pairs of the largest category (kiosk): about ";
  const auto at = out.find(key);
  if (at == std::string::npos) return -1;
  std::string digits;
  for (std::size_t i = at + key.size(); i < out.size() && out[i] != ' '; ++i)
    if (out[i] != ',') digits += out[i];
  return std::stod(digits);
}

// Facilities counted within the threshold, summed over origin_access's rows: the category's
// (facility, origin) pairs as the counting search sees them (a second code path to add_fca's).
long long counted_pairs(const std::string& gpkg, const std::string& column) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
  if (!ds) return -1;
  long long sum = 0;
  for (auto& f : *ds->GetLayerByName("origin_access")) sum += f->GetFieldAsInteger64(column.c_str());
  return sum;
}

// coverage's 2SFCA holds one category's (facility, origin) pairs at once: 600 kiosks over a 1 m
// grid of about 3,400 cells, each reaching every cell within the default 15 minutes, make about
// 2 million pairs (125 MiB at 64 B), refused under 100M before the searches start although the
// rest of the run fits, and allowed under 2G. The estimate (from a sample of 67 kiosks; exact
// here, as every kiosk reaches every cell) equals the pairs the counting search finds.
TEST(MemoryBudget, CoverageFcaPairsAreEstimatedBeforeTheSearches) {
  SKIP_UNDER_ASAN();
  test::TempDir dir;
  std::string kiosks = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 30; ++j)
      kiosks += std::string(i + j > 0 ? "," : "") + R"({"type":"Feature","properties":{"fid":"k)" +
                std::to_string(i * 30 + j) + R"(","kind":"kiosk"},"geometry":{"type":"Point","coordinates":[)" +
                std::to_string(106.8002 + 0.0006 * i / 20) + "," + std::to_string(39.6702 + 0.0006 * j / 30) + "]}}";
  test::write_file(dir.file("kiosks.geojson"), kiosks + "]}");
  const std::string run = "coverage --network " + kCorpus + "lines_ok.geojson --facilities " + dir.file("kiosks.geojson") +
                          " --category-field kind --id-field fid --origins " + kCorpus +
                          "communities_ok.geojson --population-field population --grid-cell 1 --grid-boundary " +
                          kCorpus + "communities_ok.geojson --thresholds 15 --out " + dir.file("c.gpkg");
  auto r = test::run_cli(run + " --max-memory 100M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--max-memory 100M: this run needs about "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("estimated before the searches start"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("c.gpkg")));
  const double refused = logged_fca_pairs(r.out);
  r = test::run_cli(run + " --max-memory 2G");
  ASSERT_EQ(r.code, 0) << r.out;
  const double logged = logged_fca_pairs(r.out);
  EXPECT_EQ(logged, refused);
  const long long counted = counted_pairs(dir.file("c.gpkg"), "count_15");
  EXPECT_GT(counted, 1'500'000);
  EXPECT_EQ(logged, static_cast<double>(counted)) << r.out;
}

TEST(MemoryBudget, IsochronesTakeTheSameOption) {
  test::TempDir dir;
  const std::string iso = "isochrones --network " + kCorpus + "lines_ok.geojson --facilities " + kCorpus +
                          "facilities_ok.geojson --category-field kind --out " + dir.file("i.gpkg");
  auto r = test::run_cli(iso + " --max-memory 1M");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--max-memory 1M: this run needs about "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("estimated before the isochrones are drawn"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("i.gpkg")));
  r = test::run_cli(iso + " --max-memory 1X");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--max-memory: expected a size"), std::string::npos) << r.out;
  r = test::run_cli(iso + " --max-memory 2G");
  EXPECT_EQ(r.code, 0) << r.out;
  // A row per facility (2) and per category merged (2), at 5, 10 and 15 minutes.
  EXPECT_NE(r.out.find("isochrones: 12 rows of about"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lc::api
