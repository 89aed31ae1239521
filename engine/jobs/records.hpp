// jobs: what `lifecircle run` remembers between runs, so that a job killed midway restarts
// with only what is left. Each finished task leaves a record in OUT/.lifecircle-job/TASK.json:
// its fingerprint (fingerprint.hpp: the lifecircle, options, input files and upstream outputs it
// ran with) and the size and hash of every file it wrote. A task is kept when its fingerprint is
// unchanged and its outputs are still the files it wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/table.hpp"
#include "jobs/fingerprint.hpp"
#include "jobs/job_file.hpp"

namespace lc::jobs {

struct OutputRecord {
  std::string path;
  std::uintmax_t size = 0;
  std::string hash;
};

struct DoneRecord {
  std::string task;
  Fingerprint fingerprint;
  std::vector<OutputRecord> outputs;
  double seconds = 0;
  double peak_mib = 0;  // peak resident memory while the task ran
  int rank = 0;         // the MPI rank that ran it
};

std::string state_dir(const Job& job);

// XXH3-128 of the file's bytes, as 32 hex digits. Throws OutputError if unreadable.
std::string content_hash(const std::string& path);

// What the task writes: the files named by its output keys; a folder stands for every file in it; a
// PostGIS --out the tables the task wrote there (io::tables_written), each recorded by its rows and
// the hash of its state (io::table_states: oid, rows, xmin), named without the password.
std::vector<OutputRecord> collect_outputs(const JobTask& task);

// Removes what a killed earlier run of the task left half-written beside its outputs.
void remove_stale_temporaries(const JobTask& task);

// One hash of everything a finished task wrote: what its dependants' fingerprints hold of it.
std::string outputs_hash(const DoneRecord& record);

// A task's record as read back: none when it never finished, or when `problem` says why the
// record cannot be trusted (damaged, of another task); either way the task runs again.
struct RecordRead {
  std::optional<DoneRecord> record;
  std::string problem;
};
RecordRead read_record(const Job& job, const std::string& task);
std::optional<DoneRecord> read_done(const Job& job, const std::string& task);
void write_done(const Job& job, const DoneRecord& record);
void forget_done(const Job& job, const std::string& task);

// What happened to the first recorded output that is no longer the file the task wrote ("output
// out/sites.csv changed"); empty when every one still exists with its size and hash. A result table
// is read through the task's own output connection string (`task`: the record holds no password).
std::string output_problem(const DoneRecord& record, const JobTask& task);

// The tasks `task` runs after, each with the hash of what it wrote (its fingerprint's upstream).
// Throws Error (output) when one has no record.
std::vector<std::pair<std::string, std::string>> upstream_hashes(const Job& job, const JobTask& task);

// Why the task runs ("catalog data/geo/categories.toml changed", "--force" with `force`); empty
// when an earlier run finished it with fingerprint `fp` and its outputs are still the files it wrote.
std::string reason_to_run(const Job& job, const JobTask& task, const Fingerprint& fp, bool force);

// Every task's record as this run leaves it (none for a task that never finished).
std::vector<std::optional<DoneRecord>> records_of(const Job& job);

// How a task ended in a run: "ran" or "kept" ("" for one never reached), and why it ran.
struct TaskOutcome {
  std::string status, why;
};

// job_timings: each task's command, how it ended, seconds, peak memory, rank and outputs when it
// ran (from `records`), why it ran.
io::Table timings_table(const Job& job, const std::vector<TaskOutcome>& outcomes,
                        const std::vector<std::optional<DoneRecord>>& records);

}  // namespace lc::jobs
