// tools: what `lifecircle run` remembers between runs, so that a job killed midway restarts
// with only what is left. Each finished task leaves a record in OUT/.lifecircle-job/TASK.json:
// a fingerprint of what it was asked to do (its arguments, its input files, the outputs of the
// tasks it runs after) and the size and hash of every file it wrote. A task is kept when its
// fingerprint is unchanged and its outputs are still the files it wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "job_file.hpp"

namespace lc::tools {

struct OutputRecord {
  std::string path;
  std::uintmax_t size = 0;
  std::string hash;
};

struct DoneRecord {
  std::string task, fingerprint;
  std::vector<OutputRecord> outputs;
  double seconds = 0;
  double peak_mib = 0;  // peak resident memory while the task ran
  int rank = 0;         // the MPI rank that ran it
};

std::string state_dir(const Job& job);

// FNV-1a 64 of the file's bytes, as 16 hex digits. Throws OutputError if unreadable.
std::string content_hash(const std::string& path);

// What the task writes: the files named by its output keys; a folder stands for every file in it.
std::vector<OutputRecord> collect_outputs(const JobTask& task);

// Removes what a killed earlier run of the task left half-written beside its outputs.
void remove_stale_temporaries(const JobTask& task);

std::string fingerprint(const JobTask& task, const std::vector<std::string>& argv,
                        const std::vector<DoneRecord>& after);

std::optional<DoneRecord> read_done(const Job& job, const std::string& task);
void write_done(const Job& job, const DoneRecord& record);
void forget_done(const Job& job, const std::string& task);

// True when every recorded output still exists with its size and hash.
bool outputs_intact(const DoneRecord& record);

}  // namespace lc::tools
