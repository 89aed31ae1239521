#include "jobs/records.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/postgis.hpp"
#include "io/table.hpp"

namespace lc::jobs {

namespace {

namespace fs = std::filesystem;

std::string record_path(const Job& job, const std::string& task) { return state_dir(job) + "/" + task + ".json"; }

// Writers put unfinished files beside the target as hidden ".NAME.tmp-PID..." (io/atomic_file);
// hidden files are never results.
bool is_hidden(const fs::path& p) { return !p.filename().empty() && p.filename().string()[0] == '.'; }

bool is_temporary_of(const fs::path& entry, const fs::path& target) {
  const std::string name = entry.filename().string();
  return name.rfind("." + target.stem().string(), 0) == 0 && name.find(".tmp-") != std::string::npos;
}

}  // namespace

std::string content_hash(const std::string& path) {
  auto h = file_hash(path);
  if (!h) throw OutputError(path, "cannot read back an output to record it");
  return *h;
}

std::string state_dir(const Job& job) { return job.out_dir + "/.lifecircle-job"; }

void remove_stale_temporaries(const JobTask& task) {
  for (const auto& a : task.args) {
    if (!is_output_path_key(a.key)) continue;
    for (const auto& v : a.values) {
      if (io::is_postgis(v)) continue;  // a database: its transaction leaves nothing half-written
      std::error_code ec;
      const bool dir = fs::is_directory(v, ec);
      const fs::path folder = dir ? fs::path(v) : fs::path(v).parent_path();
      if (!fs::is_directory(folder, ec)) continue;
      for (const auto& e : fs::directory_iterator(folder, ec)) {
        const std::string name = e.path().filename().string();
        const bool stale = dir ? is_hidden(e.path()) && name.find(".tmp-") != std::string::npos
                               : is_temporary_of(e.path(), fs::path(v));
        if (stale && e.is_regular_file()) fs::remove(e.path(), ec);
      }
    }
  }
}

namespace {

bool is_result_file(const fs::directory_entry& e) {
  if (!e.is_regular_file()) return false;
  for (const auto& part : e.path()) if (is_hidden(part)) return false;
  return true;
}

}  // namespace

namespace {

// A result table as a record names it: its database's connection string without the password and
// tables=SCHEMA.TABLE.
std::string table_name(const std::string& spec, const std::string& table) { return io::redacted(io::table_spec(spec, table)); }

// The table a record names, from its "... tables=SCHEMA.TABLE".
std::string table_of(const std::string& record_path) {
  const auto at = record_path.rfind(" tables=");
  return at == std::string::npos ? "" : record_path.substr(at + 8);
}

// Size and hash of a result table: its rows, and a hash of its state (io::table_states).
OutputRecord table_record(const std::string& name, const std::string& state) {
  const auto colon = state.find(':');
  return {name, std::stoull(state.substr(colon + 1, state.find(':', colon + 1) - colon - 1)), strings_hash({state})};
}

}  // namespace

std::vector<OutputRecord> collect_outputs(const JobTask& task) {
  std::vector<std::string> files;
  std::vector<OutputRecord> tables;
  for (const auto& a : task.args) {
    if (!is_output_path_key(a.key)) continue;
    for (const auto& v : a.values) {
      if (io::is_postgis(v)) {  // the tables the task wrote there, each with its state now
        const std::vector<std::string> written = io::tables_written(v);
        const auto states = io::table_states(v, written);
        for (std::size_t i = 0; i < written.size(); ++i)
          if (states[i]) tables.push_back(table_record(table_name(v, written[i]), *states[i]));
      } else if (fs::is_directory(v)) {
        for (const auto& e : fs::recursive_directory_iterator(v))
          if (is_result_file(e)) files.push_back(e.path().string());
      } else if (fs::is_regular_file(v)) {
        files.push_back(v);
      }
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<OutputRecord> out;
  for (const auto& f : files) out.push_back({f, fs::file_size(f), content_hash(f)});
  out.insert(out.end(), tables.begin(), tables.end());
  return out;
}

std::string outputs_hash(const DoneRecord& r) {
  std::vector<std::string> parts;
  for (const auto& o : r.outputs) parts.insert(parts.end(), {o.path, o.hash});
  return strings_hash(parts);
}

namespace {

DoneRecord record_from_json(const nlohmann::json& j) {
  DoneRecord r{j.at("task"), {}, {}, j.at("seconds"), j.at("peak_mib"), static_cast<int>(json_integer(j.at("rank")))};
  // Records before job format 2 carried no number.
  r.fingerprint.format = j.contains("format") ? static_cast<int>(json_integer(j.at("format"))) : 1;
  if (r.fingerprint.format != kJobFormat) return r;  // nothing else of it is trusted
  r.fingerprint = fingerprint_from_json(j.at("fingerprint"));
  for (const auto& o : j.at("outputs")) r.outputs.push_back({o.at("path"), json_unsigned(o.at("size")), o.at("hash")});
  return r;
}

}  // namespace

RecordRead read_record(const Job& job, const std::string& task) {
  const std::string path = record_path(job, task);
  std::ifstream in(path);
  if (!in) return {};
  try {
    DoneRecord r = record_from_json(nlohmann::json::parse(in));
    if (r.task != task) return {std::nullopt, "its record " + path + " is of task '" + r.task + "'"};
    return {std::move(r), ""};
  } catch (const nlohmann::json::exception& e) {
    return {std::nullopt, "its record " + path + " is damaged (" + e.what() + ")"};
  }
}

std::optional<DoneRecord> read_done(const Job& job, const std::string& task) { return read_record(job, task).record; }

void write_done(const Job& job, const DoneRecord& r) {
  nlohmann::json j{{"format", kJobFormat}, {"task", r.task}, {"fingerprint", to_json(r.fingerprint)},
                   {"seconds", r.seconds}, {"peak_mib", r.peak_mib}, {"rank", r.rank},
                   {"outputs", nlohmann::json::array()}};
  for (const auto& o : r.outputs) j["outputs"].push_back({{"path", o.path}, {"size", o.size}, {"hash", o.hash}});
  io::AtomicFile f(record_path(job, r.task), true);
  f.write(j.dump(1) + "\n");
  f.commit();
}

void forget_done(const Job& job, const std::string& task) {
  std::error_code ec;
  fs::remove(record_path(job, task), ec);
}

std::string output_problem(const DoneRecord& r, const JobTask& task) {
  for (const auto& o : r.outputs) {
    if (io::is_postgis(o.path)) {  // a result table: read again through the task's own --out (its password)
      const std::string table = table_of(o.path);
      std::string spec;
      for (const auto& a : task.args)
        if (is_output_path_key(a.key))
          for (const auto& v : a.values)
            if (io::is_postgis(v) && table_name(v, table) == o.path) spec = v;
      if (spec.empty()) return "output " + o.path + " is no longer written";
      std::optional<std::string> state;
      try {
        state = io::table_states(spec, {table}).at(0);
      } catch (const Error& e) {
        return "output " + o.path + " cannot be read (" + io::redacted(e.what()) + ")";
      }
      if (!state) return "output " + o.path + " is missing";
      const OutputRecord now = table_record(o.path, *state);
      if (now.size != o.size || now.hash != o.hash) return "output " + o.path + " changed";
      continue;
    }
    std::error_code ec;
    if (!fs::is_regular_file(o.path, ec)) return "output " + o.path + " is missing";
    if (fs::file_size(o.path, ec) != o.size || file_hash(o.path) != o.hash) return "output " + o.path + " changed";
  }
  return "";
}

// The tasks a task runs after, each with the hash of what it wrote.
std::vector<std::pair<std::string, std::string>> upstream_hashes(const Job& job, const JobTask& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : t.after) {
    auto r = read_done(job, a);
    if (!r) throw Error(ErrorKind::output, "task '" + t.name + "': the record of '" + a + "' is missing from " + state_dir(job));
    out.emplace_back(a, outputs_hash(*r));
  }
  return out;
}

// Why the task runs ("catalog data/geo/categories.toml changed"); empty when an earlier run
// finished it with this fingerprint and its outputs are still the files it wrote.
std::string reason_to_run(const Job& job, const JobTask& t, const Fingerprint& fp, bool force) {
  if (force) return "--force";
  const RecordRead done = read_record(job, t.name);
  if (!done.record) return done.problem.empty() ? "not run before" : done.problem;
  if (std::string why = why_changed(fp, done.record->fingerprint); !why.empty()) return why;
  return output_problem(*done.record, t);
}

// Every task's record as this run leaves it (none for a task that never finished).
std::vector<std::optional<DoneRecord>> records_of(const Job& job) {
  std::vector<std::optional<DoneRecord>> out;
  for (const auto& t : job.tasks) out.push_back(read_done(job, t.name));
  return out;
}

io::Table timings_table(const Job& job, const std::vector<TaskOutcome>& outcomes,
                        const std::vector<std::optional<DoneRecord>>& records) {
  io::Table t{"job_timings", "Tasks of job " + job.name + ": how each ended, seconds and peak memory when it ran, why it ran",
              {{"task"}, {"command"}, {"status"}, {"seconds", io::FieldType::real}, {"peak_mib", io::FieldType::real},
               {"rank", io::FieldType::integer}, {"outputs", io::FieldType::integer}, {"why"}},
              false, {}, {}};
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    const auto& r = records[i];
    t.add({job.tasks[i].name, command_text(job.tasks[i]), outcomes[i].status, r ? io::Cell{r->seconds} : io::Cell{},
           r ? io::Cell{r->peak_mib} : io::Cell{}, r ? io::Cell{static_cast<long long>(r->rank)} : io::Cell{},
           r ? io::Cell{static_cast<long long>(r->outputs.size())} : io::Cell{}, outcomes[i].why});
  }
  return t;
}

}  // namespace lc::jobs
