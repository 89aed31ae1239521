#include "job_runner.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>
#include <set>

#include "command_context.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/atomic_file.hpp"
#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "job_file.hpp"
#include "job_progress.hpp"
#include "job_state.hpp"
#include "mpi_world.hpp"
#include "outputs.hpp"
#include "work_split.hpp"

namespace lc::tools {

namespace {

namespace fs = std::filesystem;

std::string where(const Job& job, int line) { return job.path + ":" + std::to_string(line); }

// Everything wrong with a job file is bad input (exit 3) naming the file and line, the same as
// for catalogs and checklists.
[[noreturn]] void job_error(const Job& job, int line, const std::string& what) {
  throw InputError({job.path, "", "line " + std::to_string(line)}, what);
}

std::string command_text(const JobTask& t) {
  std::string s;
  for (const auto& w : t.command) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Thrown once the arguments are parsed and checked, before the command runs (check_parses).
struct ParsedOnly {};

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

// The task's command line, checked against the command's own options: the job file can use
// exactly the flags the command line has, and [defaults] go only to commands that take them
// (the others are dropped from the task, so that they count neither as inputs nor outputs).
std::vector<std::string> argv_of(const Job& job, JobTask& t, std::optional<unsigned> threads) {
  CLI::App app;
  add_task_commands(app);
  CLI::App* cmd = command_of(app, job, t);
  std::vector<std::string> argv = t.command;
  std::set<std::string> given;
  std::erase_if(t.args, [&](const JobArg& a) { return a.from_defaults && !cmd->get_option_no_throw("--" + a.key); });
  for (const auto& a : t.args) {
    const CLI::Option* opt = cmd->get_option_no_throw("--" + a.key);
    if (!opt) {
      job_error(job, a.line, "task '" + t.name + "': '" + command_text(t) + "' has no option --" + a.key);
    }
    const bool flag = opt->get_items_expected_max() == 0;
    if (flag != a.is_flag)
      job_error(job, a.line, "task '" + t.name + "': --" + a.key +
                                 (flag ? " is a switch: write true or false" : " takes a value, not true/false"));
    given.insert(a.key);
    if (a.is_flag && !a.values.empty()) continue;  // false: leave the switch off
    argv.push_back("--" + a.key);
    argv.insert(argv.end(), a.values.begin(), a.values.end());
  }
  // The job owns its output folder: a task that runs again replaces what it wrote before.
  if (cmd->get_option_no_throw("--overwrite") && !given.count("overwrite")) argv.push_back("--overwrite");
  if (threads && cmd->get_option_no_throw("--threads") && !given.count("threads"))
    argv.insert(argv.end(), {"--threads", std::to_string(*threads)});
  return argv;
}

void execute(const std::vector<std::string>& argv, bool callbacks) {
  CLI::App app{"lifecircle"};
  app.require_subcommand(1);
  add_task_commands(app);
  // The root's parse-complete callback runs after every option is checked and before any
  // subcommand's callback: the place to refuse an output that is one of the task's inputs, and
  // to stop a parse that must not run anything.
  app.parse_complete_callback([&app, callbacks] {
    guard_inputs(app, callbacks);
    if (!callbacks) throw ParsedOnly{};
  });
  std::vector<const char*> cargv{"lifecircle"};
  for (const auto& a : argv) cargv.push_back(a.c_str());
  app.parse(static_cast<int>(cargv.size()), cargv.data());
}

// The line of the last of the task's keys that `message` names, else the task's own line.
int line_named(const JobTask& t, const std::string& message) {
  int line = t.line;
  for (const auto& a : t.args)
    if (message.find("--" + a.key) != std::string::npos) line = a.line;
  return line;
}

void check_parses(const Job& job, const JobTask& t, const std::vector<std::string>& argv) {
  try {
    execute(argv, false);
  } catch (const ParsedOnly&) {
    return;
  } catch (const CLI::ParseError& e) {
    job_error(job, line_named(t, e.what()), "task '" + t.name + "': " + e.what());
  } catch (const UsageError& e) {  // an output that is one of the task's inputs: exit 2, as on the command line
    throw UsageError(describe({job.path, "", "line " + std::to_string(line_named(t, e.what()))}) + "task '" + t.name +
                     "': " + e.what());
  }
}

// Waves: a task runs in the wave after the last of the tasks it runs after.
std::vector<std::vector<std::size_t>> waves_of(const Job& job) {
  std::map<std::string, std::size_t> wave;
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    std::size_t w = 0;
    for (const auto& a : job.tasks[i].after) w = std::max(w, wave.at(a) + 1);
    wave[job.tasks[i].name] = w;
    if (out.size() <= w) out.resize(w + 1);
    out[w].push_back(i);
  }
  return out;
}

std::vector<DoneRecord> records_after(const Job& job, const JobTask& t) {
  std::vector<DoneRecord> out;
  for (const auto& a : t.after) {
    auto r = read_done(job, a);
    if (!r) throw Error(ErrorKind::output, "task '" + t.name + "': the record of '" + a + "' is missing from " + state_dir(job));
    out.push_back(*r);
  }
  return out;
}

std::string mib_text(double mib) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f MiB", mib);
  return buf;
}

// True when an earlier run finished the task with this fingerprint and its outputs are intact.
bool up_to_date(const Job& job, const JobTask& t, const std::string& fp, const RunOptions& o) {
  const auto done = read_done(job, t.name);
  return done && !o.force && done->fingerprint == fp && outputs_intact(*done);
}

// Runs the task's command in this process. `record` is false on the ranks of a split task that
// do not write (rank 0 records it).
void run_task(const Job& job, const JobTask& t, const std::vector<std::string>& argv, const std::string& fp,
              const RunOptions& o, int rank, bool record) {
  if (record) forget_done(job, t.name), remove_stale_temporaries(t);
  reset_peak_memory();  // where the kernel refuses, the figure below is the peak since start
  const auto t0 = std::chrono::steady_clock::now();
  try {
    // The task's own messages only with --verbose; its warnings always.
    const CommandContext context(0, o.verbose ? log::Level::normal : log::Level::quiet);
    execute(argv, true);
  } catch (const Error& e) {
    throw Error(e.kind(), "task '" + t.name + "' (" + where(job, t.line) + "): " + e.what());
  }
  if (!record) return;
  const double peak = peak_memory_mib();
  write_done(job, {t.name, fp, collect_outputs(t),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), peak, rank});
}

// Every task's record as this run leaves it (none for a task that never finished).
std::vector<std::optional<DoneRecord>> records_of(const Job& job) {
  std::vector<std::optional<DoneRecord>> out;
  for (const auto& t : job.tasks) out.push_back(read_done(job, t.name));
  return out;
}

void write_timings(const Job& job, const std::vector<std::string>& status,
                   const std::vector<std::optional<DoneRecord>>& records) {
  io::Table t{"job_timings", "Tasks of job " + job.name + ": how each ended, seconds and peak memory when it ran",
              {{"task"}, {"command"}, {"status"}, {"seconds", io::FieldType::real}, {"peak_mib", io::FieldType::real},
               {"rank", io::FieldType::integer}, {"outputs", io::FieldType::integer}},
              false, {}, {}};
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    const auto& r = records[i];
    t.add({job.tasks[i].name, command_text(job.tasks[i]), status[i], r ? io::Cell{r->seconds} : io::Cell{},
           r ? io::Cell{r->peak_mib} : io::Cell{}, r ? io::Cell{static_cast<long long>(r->rank)} : io::Cell{},
           r ? io::Cell{static_cast<long long>(r->outputs.size())} : io::Cell{}});
  }
  io::write_csv(job.out_dir + "/job_timings.csv", t, true);
}

void print_summary(const Job& job, const std::vector<std::string>& status,
                   const std::vector<std::optional<DoneRecord>>& records, double seconds, int ranks) {
  std::printf("\njob %s: %zu tasks in %.1f s%s\n", job.name.c_str(), job.tasks.size(), seconds,
              ranks > 1 ? (" on " + std::to_string(ranks) + " ranks").c_str() : "");
  std::printf("  %-22s %-14s %-5s %9s %10s\n", "task", "command", "status", "seconds", "peak");
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    const auto& r = records[i];
    std::printf("  %-22s %-14s %-5s %9.1f %10s\n", job.tasks[i].name.c_str(), command_text(job.tasks[i]).c_str(),
                status[i].c_str(), r ? r->seconds : 0.0, r ? mib_text(r->peak_mib).c_str() : "");
  }
  std::printf("outputs in %s (timings: job_timings.csv)\n", job.out_dir.c_str());
}

}  // namespace

void run_job(const RunOptions& o) {
  const World world;
  Job job = load_job(o.job);
  const std::optional<unsigned> threads = o.threads ? o.threads : job.threads ? std::optional<unsigned>(job.threads) : std::nullopt;
  std::vector<std::vector<std::string>> argv;
  for (auto& t : job.tasks) {
    argv.push_back(argv_of(job, t, threads));
    check_parses(job, t, argv.back());
  }
  const auto waves = waves_of(job);
  if (o.dry_run) {
    if (world.rank() == 0)
      for (std::size_t i = 0; i < job.tasks.size(); ++i) {
        std::string line;
        for (const auto& a : argv[i]) line += " " + a;
        std::printf("%s:%s\n", job.tasks[i].name.c_str(), line.c_str());
      }
    return;
  }
  std::error_code ec;
  fs::create_directories(state_dir(job), ec);
  if (ec) throw OutputError(state_dir(job), "cannot create the job's folder: " + ec.message());

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> status(job.tasks.size(), "");
  JobProgress progress(job.tasks.size(), o.quiet, world.distributed() ? "[rank " + std::to_string(world.rank()) + "] " : "");
  CommandContext context(0);
  progress.listen(context.get());
  std::size_t counter = 0;
  for (const auto& wave : waves) {
    std::exception_ptr failure;
    std::string mine;  // "index:status;" of the tasks this rank ran or kept in the wave
    const auto outcome = [&](std::size_t i, bool ran) {
      mine += std::to_string(i) + (ran ? ":ran;" : ":kept;");
      const auto r = read_done(job, job.tasks[i].name);
      char buf[96];
      std::snprintf(buf, sizeof buf, "done in %.1f s, peak %s", r ? r->seconds : 0.0, mib_text(r ? r->peak_mib : 0).c_str());
      progress.finish(ran ? buf : "kept: finished by an earlier run, outputs intact");
    };
    // Split tasks first, one at a time on every rank together; then the others, dealt out.
    std::vector<std::size_t> dealt;
    for (std::size_t i : wave) {
      if (!job.tasks[i].split || !world.distributed()) {
        dealt.push_back(i);
        continue;
      }
      progress.start(++counter, job.tasks[i].name, command_text(job.tasks[i]) + ", split");
      bool ran = false;
      try {
        const std::string fp = fingerprint(job.tasks[i], argv[i], records_after(job, job.tasks[i]));
        ran = world.any(!up_to_date(job, job.tasks[i], fp, o));
        if (ran) {
          current_split() = {world.rank(), world.size(), [&world](const std::string& b) { return world.gather_all(b); }};
          run_task(job, job.tasks[i], argv[i], fp, o, world.rank(), world.rank() == 0);
          current_split() = {};
        }
      } catch (...) {
        current_split() = {};
        failure = std::current_exception();
      }
      if (world.any(failure != nullptr)) {
        progress.finish("failed");
        if (failure) std::rethrow_exception(failure);
        throw Error(ErrorKind::output, "stopped: a split task failed on another rank (its message is above)");
      }
      if (world.rank() == 0) outcome(i, ran);
      else progress.finish("shared with rank 0");
    }
    for (std::size_t k = 0; k < dealt.size() && !failure; ++k) {
      const std::size_t i = dealt[k];
      ++counter;
      if (static_cast<int>(k % static_cast<std::size_t>(world.size())) != world.rank()) continue;
      progress.start(counter, job.tasks[i].name, command_text(job.tasks[i]));
      try {
        const std::string fp = fingerprint(job.tasks[i], argv[i], records_after(job, job.tasks[i]));
        const bool ran = !up_to_date(job, job.tasks[i], fp, o);
        if (ran) run_task(job, job.tasks[i], argv[i], fp, o, world.rank(), true);
        outcome(i, ran);
      } catch (...) {
        failure = std::current_exception();
        progress.finish("failed");
      }
    }
    const bool any_failed = world.any(failure != nullptr);
    for (const auto& text : world.gather_all(mine))
      for (std::size_t p = 0, q; (q = text.find(';', p)) != std::string::npos; p = q + 1) {
        const auto colon = text.find(':', p);
        status[std::stoul(text.substr(p, colon - p))] = text.substr(colon + 1, q - colon - 1);
      }
    if (failure) std::rethrow_exception(failure);
    if (any_failed) throw Error(ErrorKind::output, "stopped: a task failed on another rank (its message is above); finished tasks are kept");
  }
  if (world.rank() != 0) return;
  const auto records = records_of(job);
  write_timings(job, status, records);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!o.quiet) print_summary(job, status, records, seconds, world.size());
}

}  // namespace lc::tools
