// lc::io adding result layers to an existing GeoPackage (the `ogr2ogr -update` habit) without
// ever leaving it half-changed. Under an SQLite read lock (a crashed writer's hot journal rolled
// back first) the file is copied to a hidden temporary beside it; the layers are replaced and
// added there by the usual writer (GDAL creates them, gpkg_rows fills them); the temporary is
// synced and renamed over the original. A run killed at any moment leaves the old file or the new
// one. The lock is held until the rename, so another program cannot commit a change in between
// that the rename would silently undo; a file open elsewhere in WAL mode (a non-empty -wal beside
// it, whose log the new file would inherit) is refused.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

namespace lc::io {

class GpkgSnapshot {
 public:
  // Copies the GeoPackage `file` to `temp` (with the original's permissions) and keeps `file`
  // read-locked. Errors (not an SQLite database, locked by a writer, open in WAL mode, a full
  // disk) are OutputErrors naming `shown`.
  GpkgSnapshot(const std::string& file, const std::string& temp, const std::string& shown);
  ~GpkgSnapshot();  // releases the lock
  GpkgSnapshot(const GpkgSnapshot&) = delete;
  GpkgSnapshot& operator=(const GpkgSnapshot&) = delete;

  // Renames `temp` over the original, then releases the lock. Refused (OutputError) when the
  // original has a write-ahead log beside it: another program has it open in WAL mode, and its
  // log would be applied to the new file.
  void replace_with(const std::string& temp);

 private:
  void check_no_log() const;
  void release();

  std::string file_, shown_;
  sqlite3* db_ = nullptr;
  int fd_ = -1;  // the copy's descriptor, closed only after SQLite's
};

// The run's inputs (Context::inputs) that are layers of `file`, which is about to get the layers
// `written`: a UsageError names the first input layer that would be replaced.
void check_update_keeps_inputs(const std::string& file, const std::vector<std::string>& written);

}  // namespace lc::io
