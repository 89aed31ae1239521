// The bad-input corpus (issue 8): every case in tests/bad_input/cases.tsv runs through the real
// binary and must give its documented exit code and a message fragment naming the file, layer,
// feature or line; failing cases leave no output behind, and nothing is killed by a signal.
// cases.tsv: name<TAB>command template<TAB>expected exit code<TAB>expected message fragment, and
// optionally <TAB>FILE: TEXT, a file the run must write and text it must hold ("\n" for a line
// break): the cases whose input is legal but tricky, checked for the expected result. Where
// {dir} is tests/bad_input, {tmp} a fresh temporary folder for the case, {osm} the folder
// where the OSM-format cases (committed as NAME.in) are materialised, {shp} the folder where
// the shapefile cases are generated from the corpus's GeoJSON and CSV files (ShpCases below), and
// {city} a folder of the case's own holding a project GeoPackage (CityCase below), and {job:NAME}
// a folder of the case's own holding a job whose state record is jobs/NAME (JobRecordCases below).
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/vector_reader.hpp"
#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(LIFECIRCLE_SOURCE_DIR) + "/tests/bad_input";

struct BadInputCase {
  std::string name, command, fragment;
  int code = 0;
  std::string output;  // optional "FILE: TEXT"
};

std::vector<BadInputCase> load_cases() {
  std::vector<BadInputCase> cases;
  std::ifstream in(kCorpus + "/cases.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cols.push_back(line.substr(start, tab - start));
    cols.push_back(line.substr(start));
    if (cols.size() != 4 && cols.size() != 5) {
      ADD_FAILURE() << "cases.tsv: malformed line: " << line;
      continue;
    }
    cases.push_back({cols[0], cols[1], cols[3], std::stoi(cols[2]), cols.size() == 5 ? cols[4] : ""});
  }
  return cases;
}

std::string substitute(std::string s, const std::string& key, const std::string& value) {
  for (std::size_t at; (at = s.find(key)) != std::string::npos;) s.replace(at, key.size(), value);
  return s;
}

// OSM-format cases are committed as NAME.in (OSM data is never tracked as such in this
// repository) and copied to {osm}/NAME once per run, where the reader sees the real extension.
struct OsmCases {
  fs::path dir = fs::temp_directory_path() / ("lifecircle-bad-input-osm-" + std::to_string(::getpid()));
  OsmCases() {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(kCorpus))
      if (e.path().extension() == ".in") fs::copy_file(e.path(), dir / e.path().stem(), fs::copy_options::overwrite_existing);
  }
  ~OsmCases() { fs::remove_all(dir); }
};

std::string materialise_osm_cases() {
  static const OsmCases cases;  // once per run, removed at exit
  return cases.dir.string();
}

// Shapefiles written at test time with GDAL from the corpus's own files (a shapefile is four
// binary files; generating them keeps every case readable in the repository):
//   lines.shp             lines_ok.geojson, WGS84 with its .prj
//   lines_noprj.shp       the same without the .prj (lon/lat: taken as WGS84, with a warning)
//   lines_utm_noprj.shp   reprojected to UTM 48N (EPSG:32648), .prj removed (not lon/lat: refused)
//   lines_utm_wrongprj.shp  UTM coordinates under a WGS84 .prj (a .prj from another file)
//   lines_gk.shp          CGCS2000 / 3-degree Gauss-Kruger CM 108E (EPSG:4545), the CRS of Wuhai's
//                         own plans: reprojected on reading
//   fac_nodbf.shp         facilities_ok.geojson without its .dbf (no attributes: no category field)
//   homes_3857.shp        homes_ok.csv in Web Mercator (EPSG:3857)
struct ShpCases {
  fs::path dir = fs::temp_directory_path() / ("lifecircle-bad-input-shp-" + std::to_string(::getpid()));
  ShpCases() {
    fs::create_directories(dir);
    io::ensure_gdal();
    make("lines_ok.geojson", "lines", {});
    make("lines_ok.geojson", "lines_noprj", {});
    fs::remove(dir / "lines_noprj.prj");
    make("lines_ok.geojson", "lines_utm_noprj", {"-t_srs", "EPSG:32648"});
    fs::remove(dir / "lines_utm_noprj.prj");
    make("lines_ok.geojson", "lines_utm_wrongprj", {"-t_srs", "EPSG:32648"});
    fs::copy_file(dir / "lines.prj", dir / "lines_utm_wrongprj.prj", fs::copy_options::overwrite_existing);
    make("lines_ok.geojson", "lines_gk", {"-t_srs", "EPSG:4545"});
    make("facilities_ok.geojson", "fac_nodbf", {});
    fs::remove(dir / "fac_nodbf.dbf");
    make("homes_ok.csv", "homes_3857", {"-t_srs", "EPSG:3857", "-s_srs", "EPSG:4326"});
  }
  ~ShpCases() { fs::remove_all(dir); }

  void make(const std::string& from, const std::string& name, std::vector<std::string> args) const {
    args.insert(args.begin(), {"-f", "ESRI Shapefile"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    const char* csv_points[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", nullptr};
    const bool csv = from.size() > 4 && from.compare(from.size() - 4, 4, ".csv") == 0;
    GDALDatasetH src = GDALOpenEx((kCorpus + "/" + from).c_str(), GDAL_OF_VECTOR, nullptr, csv ? csv_points : nullptr, nullptr);
    int failed = 0;
    GDALDatasetH out = src ? GDALVectorTranslate((dir / (name + ".shp")).c_str(), nullptr, 1, &src, options, &failed)
                           : nullptr;
    GDALVectorTranslateOptionsFree(options);
    if (out) GDALClose(out);
    if (src) GDALClose(src);
    if (!out || failed) ADD_FAILURE() << "cannot write " << name << ".shp from " << from;
  }
};

std::string materialise_shp_cases() {
  static const ShpCases cases;  // once per run, removed at exit
  return cases.dir.string();
}

// {city}: a folder of its own for each case that names it, holding a planner's project
// GeoPackage city.gpkg (layers streets, facilities, homes and reach, from lines_ok.geojson,
// facilities_ok.geojson and homes_ok.csv: reach as if an earlier run had added it), link.gpkg (a symlink to it), hard.gpkg (a hard link),
// homes.csv and job.toml (guard_job.toml). Cases that write over one of these must be refused
// and leave city.gpkg byte for byte as it was.
struct CityCase {
  fs::path dir = fs::temp_directory_path() / ("lifecircle-bad-input-city-" + std::to_string(::getpid()));
  std::string master;  // the bytes of city.gpkg
  CityCase() {
    fs::create_directories(dir);
    io::ensure_gdal();
    const std::string gpkg = (dir / "master.gpkg").string();
    for (const auto& [from, layer] : {std::pair<const char*, const char*>{"lines_ok.geojson", "streets"},
                                      {"facilities_ok.geojson", "facilities"}, {"homes_ok.csv", "homes"},
                                      {"homes_ok.csv", "reach"}}) {
      std::vector<std::string> args = {"-f", "GPKG", "-nln", layer};
      if (fs::exists(gpkg)) args.push_back("-update");
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
      const char* csv_points[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", nullptr};
      GDALDatasetH src = GDALOpenEx((kCorpus + "/" + from).c_str(), GDAL_OF_VECTOR, nullptr, csv_points, nullptr);
      int failed = 0;
      GDALDatasetH out = src ? GDALVectorTranslate(gpkg.c_str(), nullptr, 1, &src, options, &failed) : nullptr;
      GDALVectorTranslateOptionsFree(options);
      if (out) GDALClose(out);
      if (src) GDALClose(src);
      if (!out || failed) ADD_FAILURE() << "cannot write layer " << layer << " of city.gpkg from " << from;
    }
    master = test::read_file(gpkg);
  }
  ~CityCase() { fs::remove_all(dir); }

  // A fresh folder for one case.
  std::string make(const std::string& name) const {
    const fs::path d = dir / name;
    fs::remove_all(d);
    fs::create_directories(d);
    test::write_file((d / "city.gpkg").string(), master);
    fs::create_symlink(d / "city.gpkg", d / "link.gpkg");
    fs::create_hard_link(d / "city.gpkg", d / "hard.gpkg");
    fs::copy_file(kCorpus + "/homes_ok.csv", d / "homes.csv");
    fs::copy_file(kCorpus + "/guard_job.toml", d / "job.toml");
    return d.string();
  }
};

const CityCase& city_cases() {
  static const CityCase cases;  // once per run, removed at exit
  return cases;
}

// {job:NAME}: a folder of its own for each case, holding jobs/job.toml (one quick task, "show")
// and the state an earlier run would have left: jobs/NAME.json as the task's record
// (out/.lifecircle-job/show.json), or jobs/NAME.state as out/.lifecircle-job itself. A damaged
// record must give a clear error or a clean rerun (checked in job_timings.csv), never a crash or
// a silent keep.
struct JobRecordCases {
  fs::path dir = fs::temp_directory_path() / ("lifecircle-bad-input-job-" + std::to_string(::getpid()));
  ~JobRecordCases() { fs::remove_all(dir); }

  std::string make(const std::string& name) const {
    const fs::path d = dir / name, jobs = kCorpus + "/jobs", state = d / "out" / ".lifecircle-job";
    fs::remove_all(d);
    fs::create_directories(d / "out");
    fs::copy_file(jobs / "job.toml", d / "job.toml");
    if (fs::exists(jobs / (name + ".state"))) {
      fs::copy_file(jobs / (name + ".state"), state);
    } else {
      fs::create_directories(state);
      fs::copy_file(jobs / (name + ".json"), state / "show.json");
    }
    return d.string();
  }
};

const JobRecordCases& job_record_cases() {
  static const JobRecordCases cases;  // removed at exit
  return cases;
}

// Replaces {job:NAME} by the case's job folder; returns the folder ("" when the case has none).
std::string materialise_job_case(std::string& cmd) {
  const auto at = cmd.find("{job:");
  if (at == std::string::npos) return "";
  const auto end = cmd.find('}', at);
  const std::string d = job_record_cases().make(cmd.substr(at + 5, end - at - 5));
  cmd.replace(at, end + 1 - at, d);
  return d;
}

// Written at test time, never committed: the first 200 bytes of a real PBF extract.
const char* kTruncatedPbf = "truncated.osm.pbf";

bool write_truncated_pbf(const test::TempDir& dir) {
  const std::string src = test::geodata_dir() + "/osm/helsinki_micro.osm.pbf";
  std::ifstream in(src, std::ios::binary);
  if (!in) return false;
  std::string bytes(200, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  std::ofstream(dir.file(kTruncatedPbf), std::ios::binary) << bytes;
  return true;
}

// The optional fifth column: FILE (with {tmp}) must exist and hold TEXT.
void expect_output(const BadInputCase& c, const test::TempDir& dir) {
  const auto colon = c.output.find(": ");
  if (colon == std::string::npos) {
    ADD_FAILURE() << c.name << ": output check is not 'FILE: TEXT': " << c.output;
    return;
  }
  const std::string file = substitute(c.output.substr(0, colon), "{tmp}", dir.path.string());
  const std::string text = substitute(c.output.substr(colon + 2), "\\n", "\n");
  if (!fs::exists(file)) {
    ADD_FAILURE() << c.name << ": wrote no " << file;
    return;
  }
  const std::string got = test::read_file(file);
  EXPECT_NE(got.find(text), std::string::npos) << c.name << ": " << file << " lacks\n" << text << "\nit holds\n" << got;
}

TEST(BadInput, CorpusHasAtLeastFortyCases) {
  const auto cases = load_cases();
  EXPECT_GE(cases.size(), 40u) << "tests/bad_input/cases.tsv";
  for (const auto& c : cases) {
    EXPECT_FALSE(c.fragment.empty()) << c.name << ": no message fragment";
  }
}

TEST(BadInput, EveryCaseGivesItsCodeAndMessage) {
  const auto cases = load_cases();
  ASSERT_FALSE(cases.empty()) << "no cases read from " << kCorpus << "/cases.tsv";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    test::TempDir dir;
    fs::remove_all(dir.path);
    fs::create_directories(dir.path);
    const bool needs_pbf = c.command.find(kTruncatedPbf) != std::string::npos;
    if (needs_pbf && !write_truncated_pbf(dir)) {
      if (test::in_ci()) ADD_FAILURE() << c.name << ": geodata missing under CI";
      continue;  // outside CI a missing ../shared/geodata skips only this case
    }
    std::string cmd = substitute(substitute(substitute(c.command, "{dir}", kCorpus), "{tmp}", dir.path.string()),
                                 "{osm}", materialise_osm_cases());
    if (cmd.find("{shp}") != std::string::npos) cmd = substitute(cmd, "{shp}", materialise_shp_cases());
    std::string city;
    if (cmd.find("{city}") != std::string::npos) cmd = substitute(cmd, "{city}", city = city_cases().make(c.name));
    const std::string job = materialise_job_case(cmd);
    const auto r = test::run_cli(cmd);
    ASSERT_NE(r.code, -1) << c.name << ": killed by a signal: " << cmd << "\n" << r.out;
    if (!job.empty() && c.code == 0) {
      const auto timings = test::read_csv(job + "/out/job_timings.csv");
      EXPECT_TRUE(timings.size() == 2 && timings[1][2] == "ran") << c.name << ": the task was not run again\n" << r.out;
    }
    EXPECT_EQ(r.code, c.code) << c.name << ": " << cmd << "\n" << r.out;
    EXPECT_NE(r.out.find(c.fragment), std::string::npos)
        << c.name << ": message lacks '" << c.fragment << "'\n" << r.out;
    if (!city.empty() && c.code != 0) {
      EXPECT_TRUE(test::read_file(city + "/city.gpkg") == city_cases().master) << c.name << ": city.gpkg was changed";
    }
    if (!c.output.empty()) expect_output(c, dir);
    if (c.code != 0) {
      for (const auto& e : fs::directory_iterator(dir.path)) {
        if (e.path().filename() == kTruncatedPbf) continue;
        ADD_FAILURE() << c.name << " (exit " << r.code << ") left " << e.path();
      }
    }
  }
}

}  // namespace
}  // namespace lc
