// lc::io atomic output: results are written to a temporary file beside the target and renamed
// into place only when complete, so a failed or killed run never leaves a half-written file and
// never destroys the previous result. A write that fails (full disk, or a file size limit: the CLI
// ignores SIGXFSZ so that such a write returns EFBIG instead of killing the process) is an
// OutputError naming the target, and the temporary file is removed. Temporaries that a killed run
// left behind are removed by the next run that writes the same target (remove_stale_temps).
#pragma once

#include <cstdio>
#include <string>
#include <utility>

namespace lc::io {

class AtomicFile {
 public:
  // Throws OutputError when the directory is missing or not writable, or when `path` exists and
  // `overwrite` is false.
  AtomicFile(std::string path, bool overwrite);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& temp_path() const { return temp_; }
  const std::string& path() const { return path_; }
  std::FILE* stream();  // opened on first use
  void write(const std::string& text);
  void commit();  // flush, fsync, rename; throws OutputError

 private:
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Checks, before any work starts, that `path` could be written: it is none of the run's inputs
// (Context::inputs; UsageError naming both), its folder exists and, unless `overwrite`, it does
// not exist yet (OutputError). With `update` (layers added to a GeoPackage in place) it may exist
// and be an input: which layers it keeps is checked when they are known (gpkg_update.hpp).
void check_writable(const std::string& path, bool overwrite, bool update = false);

// True when `a` and `b` name one file however they are spelled (relative, "./", "..", symlinks,
// hard links): the same device and inode when both exist, else the same canonical path (the
// folder resolved, then the name), which is where a write to either would land.
bool same_file(const std::string& a, const std::string& b);

// The run's input (Context::inputs) that `path` is the same file as: {spec, what}; empty when none.
std::pair<std::string, std::string> input_at(const std::string& path);

// Throws UsageError when `path` is the same file as one of the run's inputs, naming both.
void check_not_an_input(const std::string& path);

// Removes the hidden temporaries of `path` that runs killed part way left beside it: every entry
// of its folder named ".NAME.tmp-PID..." or ".STEM.tmp-PID..." (NAME = file name, STEM = without
// extension; sidecars and journals included) whose process PID no longer exists. A temporary of a
// running process is left alone. Called before a writer makes its own temporary.
void remove_stale_temps(const std::string& path);

// "write failed: <reason>", saying that nothing was replaced when the disk or a size limit is full.
std::string write_failure(int err);

// Why a write beside `path` may have failed when the library that wrote it (GDAL, SQLite) does not
// say: "; a file size limit of N KiB is set (ulimit -f)" or "; only N KiB are free on its disk",
// then "; nothing was replaced". Empty when neither holds.
std::string space_hint(const std::string& path);

// Forces a written file to disk (fsync), so that a rename after it cannot expose an empty file
// after a crash. Throws OutputError naming `target`.
void sync_file(const std::string& file, const std::string& target);

}  // namespace lc::io
