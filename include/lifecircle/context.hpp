// lifecircle::Context: everything a run needs from its host that would otherwise be process-wide
// state: how many threads its loops may use (a oneTBB task arena of its own), where log messages
// and progress go, when to stop (a cancel check, read between stages and between chunks of every
// parallel loop), and how chatty to be. Every API call takes one; two contexts in one process,
// with different settings, never see each other. A context may serve one call at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace lifecircle {

enum class LogLevel { quiet = 0, normal = 1, verbose = 2 };

class Context {
 public:
  // Messages: warnings always (they say something about the data), information from `normal` up.
  using LogSink = std::function<void(bool warning, const std::string& message)>;
  // How far a long stage is ("category", 3, 24). Called from any of the run's threads.
  using ProgressSink = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;
  // True once the host wants the run to stop; the run then throws lifecircle::Cancelled.
  using CancelCheck = std::function<bool()>;

  // threads: 0 for every core the process may run on (its CPU affinity: all of the machine's unless
  // bound, as mpirun binds each rank to one core).
  explicit Context(unsigned threads = 0);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  unsigned threads() const;  // the threads its loops use (>= 1)

  LogLevel level = LogLevel::normal;
  LogSink log;            // empty: standard error, warnings prefixed "warning: "
  ProgressSink progress;  // empty: progress is not reported
  CancelCheck cancelled;  // empty: never cancelled

  // Files whose coordinates are in this EPSG CRS whatever (or whether) their layers say so
  // (a shapefile without .prj, a CSV of projected x/y): file path -> EPSG code.
  std::map<std::string, int> input_epsg;

  // The files the run reads, as the host names them (FILE or FILE:LAYER) -> what they are, for
  // messages ("--network"). No output may replace one: writing to the same file (the same device
  // and inode, or the same canonical path) is refused, and an update in place of a GeoPackage may
  // add layers to it but never replace a layer that is read.
  std::map<std::string, std::string> inputs;

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifecircle
