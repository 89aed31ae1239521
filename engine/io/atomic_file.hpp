// lc::io atomic output: results are written to a temporary file beside the target and renamed
// into place only when complete, so a failed or killed run never leaves a half-written file and
// never destroys the previous result.
#pragma once

#include <cstdio>
#include <string>

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

// Checks, before any work starts, that `path` could be written: its folder exists and, unless
// `overwrite`, it does not exist yet. Throws OutputError.
void check_writable(const std::string& path, bool overwrite);

}  // namespace lc::io
