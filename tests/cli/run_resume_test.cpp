// `lifecircle run` resuming a job never keeps a stale result: after an edit of the catalog, the
// checklist, an input layer, a file read by default, or the lifecircle a task's record names,
// exactly the tasks that read it (and their dependants) run again, say why, and the tables equal
// those of a fresh run of the edited job. `lifecircle --version` names the lifecircle.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

std::string without_dirty(std::string s) {
  const std::string dirty = "-dirty";
  if (s.size() >= dirty.size() && s.compare(s.size() - dirty.size(), dirty.size(), dirty) == 0) s.resize(s.size() - dirty.size());
  return s;
}

// The description git gives of the source tree now (the build took it moments ago).
std::string git_describe_now() {
  FILE* p = popen(("git -C " + std::string(LIFECIRCLE_SOURCE_DIR) + " describe --always --dirty 2>/dev/null").c_str(), "r");
  if (!p) return "";
  char buf[256] = {};
  const std::string out = fgets(buf, sizeof buf, p) ? buf : "";
  pclose(p);
  return out.substr(0, out.find('\n'));
}

TEST(Version, NamesTheProjectVersionTheGitDescriptionAndTheJobFormat) {
  const auto r = test::run_cli("--version");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string head = "lifecircle 0.1.0 (git ";
  ASSERT_EQ(r.out.rfind(head, 0), 0u) << r.out;
  const auto comma = r.out.find(", job format 2)");
  ASSERT_NE(comma, std::string::npos) << r.out;
  const std::string described = r.out.substr(head.size(), comma - head.size());
  const std::string now = git_describe_now();
  if (now.empty()) {
    EXPECT_EQ(described, "unknown");
  } else {
    EXPECT_EQ(without_dirty(described), without_dirty(now));  // edits since the build may add -dirty
  }
}

namespace fs = std::filesystem;

const std::string kSource = LIFECIRCLE_SOURCE_DIR;

// A synthetic city, coverage of three categories by compound with the gap report (checklist),
// a siting task, and a walk over small job-relative layers that nothing else reads. With
// `named_data`, the city, coverage and siting tasks name a catalog and the coverage a checklist
// beside the job file; without, they read the defaults (LIFECIRCLE_DATA).
void write_job(const fs::path& dir, bool named_data) {
  const std::string catalog = named_data ? "catalog = \"catalog.toml\"\n" : "";
  std::string job =
      "schema = 1\nname = \"resume\"\nout = \"out\"\nthreads = 1\n[vars]\ncity = \"{out}/city/wuhai.gpkg\"\n"
      "[defaults]\nnetwork = \"{city}:streets\"\nfacilities = \"{city}:facilities\"\ncategory-field = \"category\"\n"
      "id-field = \"id\"\norigins = \"{city}:compounds\"\norigin-id-field = \"id\"\npopulation-field = \"population\"\n"
      "units = \"{city}:districts\"\ncategories = [\"convenience_store\", \"health_station\", \"elder_dining\"]\n"
      "[[task]]\nname = \"city\"\ncommand = \"synth wuhai\"\nout = \"city\"\nseed = 11\n" + catalog +
      "[[task]]\nname = \"compounds\"\ncommand = \"coverage\"\nafter = [\"city\"]\nentrances = \"{city}:gates\"\n"
      "summary = \"summary.csv\"\ngap-report = \"gaps.md\"\n" + catalog +
      (named_data ? "checklist = \"checklist.toml\"\n" : "") +
      "[[task]]\nname = \"sites\"\ncommand = \"site\"\nafter = [\"city\"]\ncategory = \"convenience_store\"\n"
      "count = 3\ncandidate-spacing = 300\nout = \"sites.csv\"\n" + catalog +
      "[[task]]\nname = \"walk\"\ncommand = \"reach\"\nnetwork = \"lines.geojson\"\nfacilities = \"shops.geojson\"\n"
      "category-field = \"kind\"\nid-field = \"fid\"\norigins = \"homes.csv\"\ncategories = [\"convenience_store\", \"clinic\"]\n"
      "out = \"walk.csv\"\n";
  test::write_file((dir / "job.toml").string(), job);
  const fs::path corpus = kSource + "/tests/bad_input";
  fs::copy_file(corpus / "lines_ok.geojson", dir / "lines.geojson", fs::copy_options::overwrite_existing);
  fs::copy_file(corpus / "facilities_ok.geojson", dir / "shops.geojson", fs::copy_options::overwrite_existing);
  fs::copy_file(corpus / "homes_ok.csv", dir / "homes.csv", fs::copy_options::overwrite_existing);
  if (named_data) {
    fs::copy_file(kSource + "/data/geo/categories.toml", dir / "catalog.toml", fs::copy_options::overwrite_existing);
    fs::copy_file(kSource + "/data/checklist/wuhai-2023.toml", dir / "checklist.toml", fs::copy_options::overwrite_existing);
  }
}

// Replaces the first `from` in a file by `to`.
void edit(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = test::read_file(file.string());
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << file << " lacks " << from;
  test::write_file(file.string(), text.replace(at, from.size(), to));
}

// Every table and text result under out/ (not the city's GeoPackage, not the timings), by path.
std::map<std::string, std::string> tables_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir / "out")) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".csv" || ext == ".md") && e.path().filename() != "job_timings.csv" &&
        e.path().string().find("/.") == std::string::npos)
      out[fs::relative(e.path(), dir / "out").string()] = test::read_file(e.path().string());
  }
  return out;
}

struct JobOutcome {
  std::map<std::string, std::string> status, why;  // by task, from job_timings.csv
};

JobOutcome run_job(const fs::path& dir, const std::string& env = "") {
  const auto r = test::run_cli_wrapped(env.empty() ? "" : "env " + env, "run " + (dir / "job.toml").string());
  EXPECT_EQ(r.code, 0) << r.out;
  JobOutcome run;
  const auto rows = test::read_csv((dir / "out" / "job_timings.csv").string());
  EXPECT_FALSE(rows.empty());
  if (rows.empty()) return run;
  EXPECT_EQ(rows[0].back(), "why") << "the why column comes last: columns are only ever added";
  for (std::size_t i = 1; i < rows.size(); ++i) run.status[rows[i][0]] = rows[i][2], run.why[rows[i][0]] = rows[i].back();
  return run;
}

// The job folder's inputs copied into a new folder beside it and run there from scratch.
std::map<std::string, std::string> fresh_tables(const fs::path& dir, const std::string& env = "") {
  const fs::path fresh = dir.parent_path() / "fresh";
  fs::remove_all(fresh);
  fs::create_directories(fresh);
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) fs::copy_file(e.path(), fresh / e.path().filename());
  run_job(fresh, env);
  auto tables = tables_of(fresh);
  fs::remove_all(fresh);
  return tables;
}

// A test's folder holds the job's folder, "job" (and "fresh" and "data" beside it).
fs::path job_dir(const test::TempDir& dir) {
  fs::create_directories(dir.path / "job");
  return dir.path / "job";
}

void expect_ran_exactly(const JobOutcome& run, const std::set<std::string>& ran, const std::string& because) {
  for (const auto& [task, status] : run.status) {
    SCOPED_TRACE(task);
    EXPECT_EQ(status, ran.count(task) ? "ran" : "kept") << run.why.at(task);
    if (ran.count(task)) EXPECT_NE(run.why.at(task).find(because), std::string::npos) << run.why.at(task);
    else EXPECT_EQ(run.why.at(task), "");
  }
}

TEST(JobResume, EditsOfCatalogChecklistAndInputLayerRerunExactlyTheTasksReadingThem) {
  const test::TempDir base;
  const fs::path dir = job_dir(base);
  write_job(dir, true);
  expect_ran_exactly(run_job(dir), {"city", "compounds", "sites", "walk"}, "not run before");
  expect_ran_exactly(run_job(dir), {}, "");

  // How a run runs (threads, memory limit, the coverage's tiles) never changes what it writes:
  // nothing reruns.
  edit(dir / "job.toml", "threads = 1", "threads = 2");
  edit(dir / "job.toml", "[defaults]\n", "[defaults]\nmax-memory = \"8G\"\n");
  edit(dir / "job.toml", "summary = \"summary.csv\"\n", "summary = \"summary.csv\"\ntile-size = 1500\n");
  expect_ran_exactly(run_job(dir), {}, "");

  edit(dir / "checklist.toml", "(市本级)", "(市本级, 修订)");
  expect_ran_exactly(run_job(dir), {"compounds"}, "checklist " + (dir / "checklist.toml").string() + " changed");
  EXPECT_EQ(tables_of(dir), fresh_tables(dir));

  edit(dir / "catalog.toml", "threshold_m = 300", "threshold_m = 600");  // the convenience store's
  expect_ran_exactly(run_job(dir), {"city", "compounds", "sites"}, "catalog " + (dir / "catalog.toml").string() + " changed");
  EXPECT_EQ(tables_of(dir), fresh_tables(dir));

  edit(dir / "homes.csv", "h1,106.8004,39.6701,120", "h1,106.8014,39.6711,120");
  expect_ran_exactly(run_job(dir), {"walk"}, "origins " + (dir / "homes.csv").string() + " changed");
  EXPECT_EQ(tables_of(dir), fresh_tables(dir));
}

TEST(JobResume, EditsOfDefaultedFilesAndOfTheRecordedVersionRerunTheirTasks) {
  const test::TempDir base;
  const fs::path dir = job_dir(base), data = base.path / "data";
  fs::copy(kSource + "/data", data, fs::copy_options::recursive);
  const std::string env = "LIFECIRCLE_DATA=" + data.string();
  write_job(dir, false);
  expect_ran_exactly(run_job(dir, env), {"city", "compounds", "sites", "walk"}, "not run before");

  const fs::path checklist = data / "checklist" / "wuhai-2023.toml";
  edit(checklist, "(市本级)", "(市本级, 修订)");
  expect_ran_exactly(run_job(dir, env), {"compounds"}, "checklist " + checklist.string() + " changed");
  const auto fresh = fresh_tables(dir, env);
  EXPECT_EQ(tables_of(dir), fresh);

  const fs::path record = dir / "out" / ".lifecircle-job" / "sites.json";
  auto j = nlohmann::json::parse(test::read_file(record.string()));
  j["fingerprint"]["version"] = "v0.0.1-old";
  test::write_file(record.string(), j.dump());
  expect_ran_exactly(run_job(dir, env), {"sites"}, "lifecircle changed (v0.0.1-old -> ");
  EXPECT_EQ(tables_of(dir), fresh);

  // The job's results depend on which data folder the defaults come from, not only on its files.
  const JobOutcome other = run_job(dir);
  for (const std::string task : {"city", "compounds", "sites"}) EXPECT_EQ(other.status.at(task), "ran") << task;
  EXPECT_EQ(other.status.at("walk"), "kept");
}

TEST(JobResume, ADamagedRecordOnlyMeansTheTaskRunsAgain) {
  test::TempDir dir;
  write_job(dir.path, true);
  run_job(dir.path);
  test::write_file((dir.path / "out" / ".lifecircle-job" / "walk.json").string(), "{\"task\": \"walk\", \"seconds\": ");
  expect_ran_exactly(run_job(dir.path), {"walk"}, "is damaged");  // clean rerun, not a crash or a keep
  test::write_file((dir.path / "out" / ".lifecircle-job" / "sites.json").string(),
                   test::read_file((dir.path / "out" / ".lifecircle-job" / "walk.json").string()));
  expect_ran_exactly(run_job(dir.path), {"sites"}, "is of task 'walk'");
}

// A job file given by its bare name, from its own folder (its folder is then the working one).
TEST(JobResume, AJobFileNamedWithoutAFolderRuns) {
  test::TempDir dir;
  write_job(dir.path, true);
  edit(dir.path / "job.toml", "[[task]]\nname = \"city\"", "[[task]]\nname = \"only\"\ncommand = \"checklist show\"\n[[task]]\nname = \"city\"");
  const auto r = test::run_cli_wrapped("cd " + dir.path.string() + " &&", "run --dry-run job.toml");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("--network " + (dir.path / "lines.geojson").string() + " "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lc
