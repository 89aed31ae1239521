#include "job_progress.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>


namespace lc::tools {

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);
constexpr auto kLogEvery = std::chrono::seconds(30);

void clear_bar() { std::fputs("\r\033[K", stderr); }

bool is_terminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) && !(term && std::strcmp(term, "dumb") == 0);
}

std::string seconds_text(std::chrono::steady_clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(d).count());
  return buf;
}

}  // namespace

JobProgress::JobProgress(std::size_t tasks, bool quiet, std::string prefix)
    : total_(tasks), quiet_(quiet), tty_(!quiet && is_terminal()), prefix_(std::move(prefix)) {
  if (quiet_) return;
  ticker_ = std::thread([this] { tick(); });
}

JobProgress::~JobProgress() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (tty_) clear_bar();
}

std::string JobProgress::status_line(bool bar) const {
  std::string s = prefix_;
  if (bar) {
    constexpr std::size_t width = 20;
    const std::size_t filled = total_ ? finished_ * width / total_ : width;
    s += "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] ";
  }
  s += "[" + std::to_string(index_) + "/" + std::to_string(total_) + "] " + task_ + " (" + command_ + ") " +
       seconds_text(std::chrono::steady_clock::now() - started_);
  if (!stage_.empty()) s += ", " + stage_ + " " + std::to_string(done_) + "/" + std::to_string(stage_total_);
  return s;
}

void JobProgress::tick() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kTick);
    if (stop_ || !running_) continue;
    const auto now = std::chrono::steady_clock::now();
    if (tty_) {
      std::fprintf(stderr, "\r\033[K%s", status_line(true).c_str());
      std::fflush(stderr);
    } else if (now - last_line_ >= kLogEvery) {
      last_line_ = now;
      std::fprintf(stderr, "%s\n", status_line(false).c_str());
    }
  }
}

void JobProgress::start(std::size_t index, const std::string& task, const std::string& command) {
  std::lock_guard lock(mutex_);
  stage_.clear();
  index_ = index, task_ = task, command_ = command;
  started_ = last_line_ = std::chrono::steady_clock::now();
  running_ = true;
  if (!quiet_ && !tty_)
    std::fprintf(stderr, "%s[%zu/%zu] %s (%s) started\n", prefix_.c_str(), index, total_, task.c_str(), command.c_str());
}

void JobProgress::finish(const std::string& outcome) {
  std::lock_guard lock(mutex_);
  running_ = false;
  ++finished_;
  if (quiet_) return;
  if (tty_) clear_bar();
  std::fprintf(stderr, "%s[%zu/%zu] %s (%s) %s\n", prefix_.c_str(), index_, total_, task_.c_str(), command_.c_str(),
               outcome.c_str());
}

void JobProgress::listen(Context& ctx) {
  ctx.progress = [this](std::string_view stage, std::size_t done, std::size_t total) {
    std::lock_guard lock(mutex_);
    stage_.assign(stage), done_ = done, stage_total_ = total;
  };
  // On a terminal a message first clears the bar, so it never lands in the middle of it.
  ctx.log = [this](bool warning, const std::string& message) {
    std::lock_guard lock(mutex_);
    if (tty_) clear_bar();
    std::fprintf(stderr, "%s%s\n", warning ? "warning: " : "", message.c_str());
  };
}

bool reset_peak_memory() {
  malloc_trim(0);  // hand back what the last task freed, or its memory would count for the next
  const int fd = ::open("/proc/self/clear_refs", O_WRONLY);
  if (fd < 0) return false;
  // "5" resets the peak resident set size (the kernel's Documentation/filesystems/proc.rst).
  const bool ok = ::write(fd, "5", 1) == 1;
  ::close(fd);
  return ok;
}

double peak_memory_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return 0;
}

}  // namespace lc::tools
