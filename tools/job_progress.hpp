// tools: what `lifecircle run` shows while it works: on a terminal a bar redrawn in place, in a
// log plain lines (a task starts, every 30 s while it runs, it ends), nothing with --quiet. Also
// the peak memory of each task, read from the kernel (VmHWM, reset before the task).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "core/context.hpp"

namespace lc::tools {

class JobProgress {
 public:
  JobProgress(std::size_t tasks, bool quiet, std::string prefix);
  ~JobProgress();
  JobProgress(const JobProgress&) = delete;
  JobProgress& operator=(const JobProgress&) = delete;

  void start(std::size_t index, const std::string& task, const std::string& command);
  void finish(const std::string& outcome);  // "done in 3.8 s, peak 412 MiB", "kept", ...

  // Makes `ctx` report its progress to this display and print its messages around the bar.
  void listen(Context& ctx);

 private:
  void tick();
  std::string status_line(bool bar) const;

  std::size_t total_;
  bool quiet_, tty_;
  std::string prefix_;
  std::size_t index_ = 0, finished_ = 0;
  std::string task_, command_;
  std::string stage_;  // the running task's progress (core/progress.hpp)
  std::size_t done_ = 0, stage_total_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_line_;
  bool running_ = false, stop_ = false;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
};

// Peak resident memory since the last reset, in MiB. The reset clears the kernel's high-water
// mark for this process (/proc/self/clear_refs); where that is not allowed the figure is the
// peak since the process started, and reset returns false.
bool reset_peak_memory();
double peak_memory_mib();

}  // namespace lc::tools
