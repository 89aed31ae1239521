#include "job_runner.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "cli_errors.hpp"
#include "command_context.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"
#include "io/atomic_file.hpp"
#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "jobs/job_file.hpp"
#include "jobs/records.hpp"
#include "job_fingerprint.hpp"
#include "job_progress.hpp"
#include "mpi_world.hpp"
#include "outputs.hpp"
#include "work_split.hpp"

namespace lc::tools {

namespace {

namespace fs = std::filesystem;
using Outcome = jobs::TaskOutcome;
using jobs::DoneRecord, jobs::Fingerprint, jobs::Job, jobs::JobTask, jobs::JobArg, jobs::RecordRead;

std::string where(const Job& job, int line) { return job.path + ":" + std::to_string(line); }

// Everything wrong with a job file is bad input (exit 3) naming the file and line, the same as
// for catalogs and checklists.
[[noreturn]] void job_error(const Job& job, int line, const std::string& what) {
  throw InputError({job.path, "", "line " + std::to_string(line)}, what);
}

// The subcommand a task names, e.g. {"synth", "wuhai"}.
CLI::App* command_of(CLI::App& app, const Job& job, const JobTask& t) {
  CLI::App* cmd = &app;
  for (const auto& w : t.command) {
    CLI::App* next = nullptr;
    try {
      next = cmd->get_subcommand(w);
    } catch (const CLI::OptionNotFound&) {
    }
    if (!next) job_error(job, t.line, "task '" + t.name + "': no command '" + command_text(t) + "'");
    cmd = next;
  }
  return cmd;
}

// As many words as CLI11 gives an option on a command line, the rest left over (CLI11 2.1's
// App::_parse_arg): an option that takes no extra arguments and up to "unlimited" items (CLI11's
// 1 << 29; it tests a sixteenth of that) takes its minimum count of whole items at one occurrence.
std::size_t words_taken(const CLI::Option& opt) {
  constexpr int kUnlimited = 1 << 29;
  if (opt.get_allow_extra_args()) return std::numeric_limits<std::size_t>::max();
  const int max = opt.get_items_expected_max();
  if (max < kUnlimited / 16) return static_cast<std::size_t>(std::max(max, 0));
  const long long items = static_cast<long long>(opt.get_type_size_max()) * opt.get_expected_min();
  if (items > std::numeric_limits<int>::max()) return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(std::max(items, 0LL));
}

// A task's command with its options set from the job file's keys through the command's own
// definitions (commands.cpp: the same names, defaults and checks as on the command line), and
// the action that runs it in this process on the options they fill. No command line is built
// or parsed; `words` is only what --dry-run shows.
struct BoundTask {
  WorkSplit split;  // this rank's share, set just before a split task runs (a plain run: all of it)
  CLI::App app;
  CommandActions actions;
  CLI::App* cmd = nullptr;
  std::vector<std::pair<CLI::Option*, const JobArg*>> given;  // in the job file's order
  std::vector<std::string> words;
};

// The task's keys, checked against the command's own options: the job file can use exactly the
// flags the command line has, and [defaults] go only to commands that take them (the others are
// dropped from the task, so that they count neither as inputs nor outputs).
std::unique_ptr<BoundTask> bind_task(const Job& job, JobTask& t, std::optional<unsigned> threads) {
  auto b = std::make_unique<BoundTask>();
  b->actions = add_task_commands(b->app, &b->split);
  CLI::App* cmd = b->cmd = command_of(b->app, job, t);
  // An option's default is the one its definition names (->default_str: the catalog, the
  // checklist), else the initial value of the variable it is bound to (job_fingerprint).
  for (CLI::Option* opt : cmd->get_options())
    if (opt->get_default_str().empty()) opt->capture_default_str();
  b->words = t.command;
  std::vector<std::string> positionals;  // shown after the options, as a command line has them
  std::set<std::string> given;
  std::erase_if(t.args, [&](const JobArg& a) { return a.from_defaults && !task_option(*cmd, a.key); });
  for (const auto& a : t.args) {
    CLI::Option* opt = task_option(*cmd, a.key);
    if (!opt) job_error(job, a.line, "task '" + t.name + "': '" + command_text(t) + "' has no option --" + a.key);
    const bool flag = opt->get_items_expected_max() == 0;
    if (flag != a.is_flag)
      job_error(job, a.line, "task '" + t.name + "': " + shown_key(*opt) +
                                 (flag ? " is a switch: write true or false" : " takes a value, not true/false"));
    if (opt->get_positional() && a.values.size() > words_taken(*opt))  // a command line would take the rest as extras
      job_error(job, a.line, "task '" + t.name + "': " + shown_key(*opt) + " takes " + std::to_string(words_taken(*opt)) +
                                 " value" + (words_taken(*opt) == 1 ? "" : "s") + ", got " + std::to_string(a.values.size()));
    given.insert(a.key);
    if (a.is_flag && !a.values.empty()) continue;  // false: leave the switch off
    b->given.emplace_back(opt, &a);
    std::vector<std::string>& shown = opt->get_positional() ? positionals : b->words;
    if (!opt->get_positional()) shown.push_back("--" + a.key);
    shown.insert(shown.end(), a.values.begin(), a.values.end());
  }
  // The job owns its output folder: a task that runs again replaces what it wrote before.
  static const JobArg overwrite{"overwrite", {}, true, false, 0};
  if (CLI::Option* opt = cmd->get_option_no_throw("--overwrite"); opt && !given.count("overwrite")) {
    b->given.emplace_back(opt, &overwrite);
    b->words.push_back("--overwrite");
  }
  if (CLI::Option* opt = cmd->get_option_no_throw("--threads"); threads && opt && !given.count("threads")) {
    b->words.insert(b->words.end(), {"--threads", std::to_string(*threads)});
    opt->add_result(b->words.back());
  }
  b->words.insert(b->words.end(), positionals.begin(), positionals.end());
  return b;
}

// The values of the task's keys go to its options as CLI11 gives a parsed command line's words
// to them, and are then checked, converted and required in CLI11's order: the same messages.
void set_options(BoundTask& b) {
  std::vector<std::string> extra;
  for (const auto& [opt, a] : b.given) {
    if (a->is_flag) {
      opt->add_result(opt->get_flag_value(a->key, ""));
      continue;
    }
    const int min = std::min(opt->get_type_size_min(), opt->get_items_expected_min());
    if (static_cast<int>(a->values.size()) < min)
      throw CLI::ArgumentMismatch::TypedAtLeast(opt->get_name(), min, opt->get_type_name());
    const std::size_t take = std::min(a->values.size(), words_taken(*opt));
    opt->add_result(std::vector<std::string>(a->values.begin(), a->values.begin() + static_cast<std::ptrdiff_t>(take)));
    extra.insert(extra.end(), a->values.begin() + static_cast<std::ptrdiff_t>(take), a->values.end());
  }
  for (CLI::Option* opt : b.cmd->get_options())
    if (opt->count() > 0) opt->run_callback();
  for (const CLI::Option* opt : b.cmd->get_options())
    if (opt->get_required() && opt->count() == 0) throw CLI::RequiredError(shown_key(*opt));
  if (b.cmd->get_require_subcommand_min() > 0) throw CLI::RequiredError::Subcommand(b.cmd->get_require_subcommand_min());
  if (!extra.empty()) throw CLI::ExtrasError(extra);
}

// The line of the last of the task's keys that `message` names, else the task's own line.
int line_named(const JobTask& t, const std::string& message) {
  int line = t.line;
  for (const auto& a : t.args)
    if (message.find("--" + a.key) != std::string::npos || message.find(a.key + " (") != std::string::npos) line = a.line;
  return line;
}

void check_task(const Job& job, const JobTask& t, BoundTask& b) {
  try {
    set_options(b);
    guard_command_inputs(*b.cmd, false);
  } catch (const CLI::ParseError& e) {
    job_error(job, line_named(t, e.what()), "task '" + t.name + "': " + e.what());
  } catch (const UsageError& e) {  // an output that is one of the task's inputs: exit 2, as on the command line
    const std::string message = cli_message(e);
    throw UsageError(describe({job.path, "", "line " + std::to_string(line_named(t, message))}) + "task '" + t.name +
                     "': " + message);
  }
}

Fingerprint fingerprint_task(const Job& job, const JobTask& t, const BoundTask& b) {
  const RecordRead done = read_record(job, t.name);
  return fingerprint_of(*b.cmd, upstream_hashes(job, t), done.record ? &done.record->fingerprint : nullptr);
}

std::string mib_text(double mib) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f MiB", mib);
  return buf;
}

// Runs the task's command in this process. `record` is false on the ranks of a split task that
// do not write (rank 0 records it).
void run_task(const Job& job, const JobTask& t, const BoundTask& b, const Fingerprint& fp, const RunOptions& o,
              int rank, bool record) {
  if (record) forget_done(job, t.name), remove_stale_temporaries(t);
  reset_peak_memory();  // where the kernel refuses, the figure below is the peak since start
  const auto t0 = std::chrono::steady_clock::now();
  try {
    // The task's own messages only with --verbose; its warnings always.
    const CommandContext context(0, o.verbose ? log::Level::normal : log::Level::quiet);
    guard_command_inputs(*b.cmd, true);
    (*b.actions.find(*b.cmd))();
  } catch (const Error& e) {
    throw Error(e.kind(), "task '" + t.name + "' (" + where(job, t.line) + "): " + cli_message(e));
  }
  if (!record) return;
  const double peak = peak_memory_mib();
  write_done(job, {t.name, fp, collect_outputs(t),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), peak, rank});
}

// Outcomes travel between ranks as "index US status US why RS" (a why may hold any punctuation).
std::string encode(std::size_t i, const Outcome& o) {
  return std::to_string(i) + '\x1f' + o.status + '\x1f' + o.why + '\x1e';
}

void decode_into(const std::string& text, std::vector<Outcome>& out) {
  for (std::size_t p = 0, q; (q = text.find('\x1e', p)) != std::string::npos; p = q + 1) {
    const auto a = text.find('\x1f', p), b = text.find('\x1f', a + 1);
    out[std::stoul(text.substr(p, a - p))] = {text.substr(a + 1, b - a - 1), text.substr(b + 1, q - b - 1)};
  }
}

void print_summary(const Job& job, const std::vector<Outcome>& outcomes,
                   const std::vector<std::optional<DoneRecord>>& records, double seconds, int ranks) {
  std::printf("\njob %s: %zu tasks in %.1f s%s\n", job.name.c_str(), job.tasks.size(), seconds,
              ranks > 1 ? (" on " + std::to_string(ranks) + " ranks").c_str() : "");
  std::printf("  %-22s %-14s %-5s %9s %10s  %s\n", "task", "command", "status", "seconds", "peak", "why");
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    const auto& r = records[i];
    std::printf("  %-22s %-14s %-5s %9.1f %10s  %s\n", job.tasks[i].name.c_str(), command_text(job.tasks[i]).c_str(),
                outcomes[i].status.c_str(), r ? r->seconds : 0.0, r ? mib_text(r->peak_mib).c_str() : "",
                outcomes[i].why.c_str());
  }
  std::printf("outputs in %s (timings: job_timings.csv)\n", job.out_dir.c_str());
}

// One run of a job's waves on this rank.
class JobRun {
 public:
  JobRun(const Job& job, const std::vector<std::unique_ptr<BoundTask>>& bound, const RunOptions& o, const World& world)
      : job_(job), bound_(bound), o_(o), world_(world), outcomes_(job.tasks.size()),
        progress_(job.tasks.size(), o.quiet, world.distributed() ? "[rank " + std::to_string(world.rank()) + "] " : "") {
    progress_.listen(context_.get());
  }

  // Runs or keeps every task of the wave; throws the first failure (after every rank has heard of it).
  void wave(const std::vector<std::size_t>& tasks) {
    mine_.clear();
    std::vector<std::size_t> dealt;
    // Split tasks first, one at a time on every rank together; then the others, dealt out.
    for (std::size_t i : tasks) {
      if (job_.tasks[i].split && world_.distributed()) split_task(i);
      else dealt.push_back(i);
    }
    std::exception_ptr failure;
    for (std::size_t k = 0; k < dealt.size() && !failure; ++k) {
      ++counter_;
      if (static_cast<int>(k % static_cast<std::size_t>(world_.size())) == world_.rank()) failure = dealt_task(dealt[k]);
    }
    const bool any_failed = world_.any(failure != nullptr);
    for (const auto& text : world_.gather_all(mine_)) decode_into(text, outcomes_);
    if (failure) std::rethrow_exception(failure);
    if (any_failed) throw Error(ErrorKind::output, "stopped: a task failed on another rank (its message is above); finished tasks are kept");
  }

  const std::vector<Outcome>& outcomes() const { return outcomes_; }

 private:
  void finished(std::size_t i, const std::string& why) {
    const Outcome out{why.empty() ? "kept" : "ran", why};
    mine_ += encode(i, out);
    if (why.empty()) return progress_.finish("kept: finished by an earlier run, nothing it depends on changed");
    const auto r = read_done(job_, job_.tasks[i].name);
    char buf[96];
    std::snprintf(buf, sizeof buf, "done in %.1f s, peak %s", r ? r->seconds : 0.0, mib_text(r ? r->peak_mib : 0).c_str());
    progress_.finish(buf + std::string("; ran because ") + why);
  }

  std::exception_ptr dealt_task(std::size_t i) {
    const JobTask& t = job_.tasks[i];
    progress_.start(counter_, t.name, command_text(t));
    try {
      const Fingerprint fp = fingerprint_task(job_, t, *bound_[i]);
      const std::string why = reason_to_run(job_, t, fp, o_.force);
      if (!why.empty()) run_task(job_, t, *bound_[i], fp, o_, world_.rank(), true);
      finished(i, why);
      return nullptr;
    } catch (...) {
      progress_.finish("failed");
      return std::current_exception();
    }
  }

  void split_task(std::size_t i) {
    const JobTask& t = job_.tasks[i];
    progress_.start(++counter_, t.name, command_text(t) + ", split");
    std::exception_ptr failure;
    std::string why;
    try {
      const Fingerprint fp = fingerprint_task(job_, t, *bound_[i]);
      why = reason_to_run(job_, t, fp, o_.force);
      if (world_.any(!why.empty())) {
        if (why.empty()) why = "another rank found it out of date";
        bound_[i]->split = {world_.rank(), world_.size(), [this](const std::string& b) { return world_.gather_all(b); }};
        run_task(job_, t, *bound_[i], fp, o_, world_.rank(), world_.rank() == 0);
      }
    } catch (...) {
      failure = std::current_exception();
    }
    if (world_.any(failure != nullptr)) {
      progress_.finish("failed");
      if (failure) std::rethrow_exception(failure);
      throw Error(ErrorKind::output, "stopped: a split task failed on another rank (its message is above)");
    }
    if (world_.rank() == 0) finished(i, why);
    else progress_.finish("shared with rank 0");
  }

  const Job& job_;
  const std::vector<std::unique_ptr<BoundTask>>& bound_;
  const RunOptions& o_;
  const World& world_;
  std::vector<Outcome> outcomes_;
  JobProgress progress_;
  CommandContext context_{0};
  std::size_t counter_ = 0;
  std::string mine_;  // the outcomes of the tasks this rank ran or kept in the wave, encoded
};

void print_dry_run(const Job& job, const std::vector<std::unique_ptr<BoundTask>>& bound) {
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    std::string line;
    for (const auto& a : bound[i]->words) line += " " + a;
    std::printf("%s:%s\n", job.tasks[i].name.c_str(), redacted(line).c_str());
  }
}

}  // namespace

void run_job(const RunOptions& o) {
  const World world;
  jobs::Job job = jobs::load_job(o.job);
  const std::optional<unsigned> threads = o.threads ? o.threads : job.threads ? std::optional<unsigned>(job.threads) : std::nullopt;
  std::vector<std::unique_ptr<BoundTask>> bound;
  for (auto& t : job.tasks) {
    bound.push_back(bind_task(job, t, threads));
    check_task(job, t, *bound.back());
  }
  if (o.dry_run) {
    if (world.rank() == 0) print_dry_run(job, bound);
    return;
  }
  std::error_code ec;
  fs::create_directories(state_dir(job), ec);
  if (ec) throw OutputError(state_dir(job), "cannot create the job's folder: " + ec.message());

  const auto t0 = std::chrono::steady_clock::now();
  JobRun run(job, bound, o, world);
  for (const auto& wave : waves(job)) run.wave(wave);
  if (world.rank() != 0) return;
  const auto records = records_of(job);
  io::write_csv(job.out_dir + "/job_timings.csv", jobs::timings_table(job, run.outcomes(), records), true);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!o.quiet) print_summary(job, run.outcomes(), records, seconds, world.size());
}

}  // namespace lc::tools
